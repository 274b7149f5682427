"""Fixtures of the leaderboards tests."""

from tests.leaderboards.awards_fixtures import (  # noqa: F401
    body,
    closed_round,
    contest,
    make_list,
    make_week_round,
    organiser_a2,
    players,
    published,
    teams,
    weekly,
)
