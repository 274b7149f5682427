"""Stage qualification: the top K teams of an earlier stage entered into a later one, frozen once published."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from competitions.models import Competition, Qualification, QualifiedTeam, Stage
from quizsite.accounts import services as accounts

pytestmark = pytest.mark.django_db


# --- Fixtures -----------------------------------------------------------------


@pytest.fixture
def competition(commune_a, organiser_a) -> Competition:
    return Competition.objects.create(title="Hội thi tổ công nghệ số", unit=commune_a.parent, created_by=organiser_a)


@pytest.fixture
def weekly(competition) -> Stage:
    return Stage.objects.create(competition=competition, kind=Stage.Kind.WEEKLY, title="Vòng sơ khảo", position=0)


@pytest.fixture
def final(competition) -> Stage:
    return Stage.objects.create(competition=competition, kind=Stage.Kind.FINAL, title="Chung kết", position=1)


def published_by_hand(*, into: Stage, source: Stage, teams, actor) -> Qualification:
    """A published list made row by row, the way a publish would, for tests of the database's freeze alone."""
    qualification = Qualification.objects.create(into_stage=into, from_stage=source, top_k=len(teams), created_by=actor)
    for position, team in enumerate(teams, start=1):
        QualifiedTeam.objects.create(
            qualification=qualification,
            team=team,
            position=position,
            rank=position,
            total=10 - position,
            team_name=team.name,
            team_unit_name=team.unit.name,
        )
    Qualification.objects.filter(pk=qualification.pk).update(
        status=Qualification.Status.PUBLISHED, published_at=timezone.now(), published_by=actor, digest="0" * 64
    )
    qualification.refresh_from_db()
    return qualification


def frozen_state(qualification: Qualification) -> tuple:
    q = Qualification.objects.filter(pk=qualification.pk).values_list("status", "top_k", "digest", "how").first()
    rows = sorted(QualifiedTeam.objects.filter(qualification=qualification).values_list("pk", "team_id", "rank", "total"))
    return q, rows


def refused(action) -> None:
    """``action`` fails at the database (inside a savepoint, so the test's transaction goes on)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


# --- Frozen in the database ----------------------------------------------------


@pytest.fixture
def published(final, weekly, team_a, team_b, organiser_a) -> Qualification:
    return published_by_hand(into=final, source=weekly, teams=[team_a, team_b], actor=organiser_a)


def test_a_published_lists_rows_cannot_be_updated(published):
    before = frozen_state(published)

    refused(lambda: QualifiedTeam.objects.filter(qualification=published).update(total=99))
    refused(lambda: QualifiedTeam.objects.filter(qualification=published).update(team_name="Tổ khác"))

    assert frozen_state(published) == before


def test_a_published_lists_rows_cannot_be_deleted(published):
    before = frozen_state(published)

    refused(lambda: QualifiedTeam.objects.filter(qualification=published).delete())
    refused(lambda: published.teams.first().delete())

    assert frozen_state(published) == before


def test_no_row_can_be_added_to_a_published_list(published, hamlet_a):
    team = accounts.create_team(unit=hamlet_a, name="Tổ đến muộn")
    before = frozen_state(published)

    refused(
        lambda: QualifiedTeam.objects.create(
            qualification=published, team=team, position=3, rank=3, total=1, team_name="x", team_unit_name="y"
        )
    )

    assert frozen_state(published) == before


def test_a_published_list_cannot_be_changed_or_deleted(published):
    before = frozen_state(published)

    refused(lambda: Qualification.objects.filter(pk=published.pk).update(top_k=5))
    refused(lambda: Qualification.objects.filter(pk=published.pk).update(digest="f" * 64))
    refused(lambda: Qualification.objects.filter(pk=published.pk).update(status=Qualification.Status.DRAFT))
    refused(lambda: Qualification.objects.filter(pk=published.pk).delete())

    assert frozen_state(published) == before


def test_raw_sql_cannot_change_a_published_list_either(published):
    before = frozen_state(published)

    def raw(sql: str):
        return lambda: connection.cursor().execute(sql, [published.pk])

    refused(raw("UPDATE competitions_qualifiedteam SET total = 99 WHERE qualification_id = %s"))
    refused(raw("DELETE FROM competitions_qualifiedteam WHERE qualification_id = %s"))
    refused(raw("UPDATE competitions_qualification SET top_k = 9 WHERE id = %s"))
    refused(raw("DELETE FROM competitions_qualification WHERE id = %s"))

    assert frozen_state(published) == before


def test_a_published_list_becomes_replaced_only_once_a_correction_names_it(published, organiser_a):
    refused(lambda: Qualification.objects.filter(pk=published.pk).update(status=Qualification.Status.REPLACED))

    Qualification.objects.create(
        into_stage=published.into_stage,
        from_stage=published.from_stage,
        top_k=1,
        replaces=published,
        reason="Nhầm số tổ",
        created_by=organiser_a,
    )
    # Even then nothing else may change on the way.
    refused(
        lambda: Qualification.objects.filter(pk=published.pk).update(status=Qualification.Status.REPLACED, top_k=1)
    )
    Qualification.objects.filter(pk=published.pk).update(status=Qualification.Status.REPLACED)

    published.refresh_from_db()
    assert published.status == Qualification.Status.REPLACED
    refused(lambda: Qualification.objects.filter(pk=published.pk).update(status=Qualification.Status.PUBLISHED))
    refused(lambda: QualifiedTeam.objects.filter(qualification=published).update(total=0))


def test_a_draft_and_its_rows_change_freely(final, weekly, team_a, organiser_a):
    draft = Qualification.objects.create(into_stage=final, from_stage=weekly, top_k=2, created_by=organiser_a)
    row = QualifiedTeam.objects.create(
        qualification=draft, team=team_a, position=1, rank=1, total=5, team_name="a", team_unit_name="b"
    )

    QualifiedTeam.objects.filter(pk=row.pk).update(total=6)
    Qualification.objects.filter(pk=draft.pk).update(top_k=3)
    draft.delete()

    assert not Qualification.objects.filter(pk=draft.pk).exists()
    assert not QualifiedTeam.objects.exists()
