"""The leaderboards' models live in their areas' modules; Django finds them through these imports."""

from leaderboards.awards.models import AwardAudit, AwardingBody, AwardList, AwardRow  # noqa: F401
