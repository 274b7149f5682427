"""Stage qualification: the top K teams of an earlier stage entered into a later one, frozen once published.

A province competition. Its first stage, “Vòng sơ khảo”, has two closed
rounds; every attempt takes 60 s, so a team's time is 60 s per counted
attempt. Hand-computed (best attempt per member per round, summed):

    commune A (Ấp 1)                      commune B (Ấp 2)
    Tổ Một  (3) An 8+5, Bình 6  = 19, 2/3    Tổ Ba  (2) Em 7+5, Giang 7    = 19, 2/2
    Tổ Hai  (1) Dũng 9+6        = 15, 1/1    Tổ Năm (4) Lan 3+4, Mai 5      = 12, 2/4
    Tổ Bốn  (2) Hà 5+2, Khánh 5 = 12, 2/2    Tổ Sáu (2) Phúc 6+2, Quang 4  = 12, 2/2
    Tổ Vắng (1) nobody played

Standings (total, then participation, then time): 1 Tổ Ba (19, 100 %),
2 Tổ Một (19, 67 %), 3 Tổ Hai, 4 Tổ Bốn and 4 Tổ Sáu (12, 100 %, 180 s
each: truly equal), 6 Tổ Năm (12, 50 %); Tổ Vắng did not play.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from competitions.live.models import LiveEntry
from competitions.models import Attempt, Competition, Qualification, QualifiedTeam, Round, Stage
from competitions.organise import live_services as live
from leaderboards.qualify import services
from questionbank import services as qb
from quizsite.accounts import services as accounts
from quizsite.accounts.models import Membership, RoleAssignment, Unit

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role

TEAMS = {
    # team: (hamlet, members, {member: (round 1 score, round 2 score)})
    "Tổ Một": ("a", ["An", "Bình", "Cường"], {"An": (8, 5), "Bình": (6, None)}),
    "Tổ Hai": ("a", ["Dũng"], {"Dũng": (9, 6)}),
    "Tổ Bốn": ("a", ["Hà", "Khánh"], {"Hà": (5, 2), "Khánh": (5, None)}),
    "Tổ Vắng": ("a", ["Vũ"], {}),
    "Tổ Ba": ("b", ["Em", "Giang"], {"Em": (7, 5), "Giang": (7, None)}),
    "Tổ Năm": ("b", ["Lan", "Mai", "Nga", "Oanh"], {"Lan": (3, 4), "Mai": (None, 5)}),
    "Tổ Sáu": ("b", ["Phúc", "Quang"], {"Phúc": (6, 2), "Quang": (4, None)}),
}


# --- Fixtures -----------------------------------------------------------------


@pytest.fixture
def organiser(make_officer, province):
    return make_officer(Role.ORGANISER, province, "Sở Tổ Chức")


@pytest.fixture
def competition(province, organiser) -> Competition:
    return Competition.objects.create(title="Hội thi tổ công nghệ số", unit=province, created_by=organiser)


@pytest.fixture
def weekly(competition) -> Stage:
    return Stage.objects.create(competition=competition, kind=Stage.Kind.WEEKLY, title="Vòng sơ khảo", position=0)


@pytest.fixture
def final(competition) -> Stage:
    return Stage.objects.create(competition=competition, kind=Stage.Kind.FINAL, title="Chung kết", position=1)


@pytest.fixture
def teams(hamlet_a, hamlet_b, make_user) -> dict:
    hamlets = {"a": hamlet_a, "b": hamlet_b}
    found = {}
    for name, (hamlet, members, _scores) in TEAMS.items():
        team = accounts.create_team(unit=hamlets[hamlet], name=name)
        found[name] = team
        for member in members:
            user = make_user(name=member)
            accounts.add_member(team=team, user=user, role=Membership.Role.MEMBER)
            found[member] = user
    return found


@pytest.fixture
def played(weekly, teams) -> dict:
    """The two closed rounds of the first stage, played as in the module's table."""
    now = timezone.now()
    rounds = [
        Round.objects.create(
            stage=weekly,
            title=f"Tuần {i}",
            opens_at=now - timedelta(days=14 - 7 * i),
            closes_at=now - timedelta(days=9 - 7 * i),
            published_at=now - timedelta(days=20),
        )
        for i in (0, 1)
    ]
    minute = 0
    for name, (_hamlet, _members, scores) in TEAMS.items():
        for member, by_round in scores.items():
            for r, score in zip(rounds, by_round, strict=True):
                if score is None:
                    continue
                minute += 1
                submitted = r.opens_at + timedelta(minutes=minute)
                Attempt.objects.create(
                    round=r,
                    user=teams[member],
                    team=teams[name],
                    started_at=submitted - timedelta(seconds=60),
                    deadline=submitted + timedelta(minutes=10),
                    submitted_at=submitted,
                    finished_reason=Attempt.FinishedReason.SUBMITTED,
                    score=score,
                    duration=timedelta(seconds=60),
                )
    return teams


def draft(into: Stage, source: Stage, actor, *, k: int, kind: str = "") -> Qualification:
    return services.create_draft(actor=actor, into_stage=into, from_stage=source, top_k=k, per_unit_kind=kind)


def drawn(qualification: Qualification) -> list[tuple]:
    return [(r.position, r.rank, r.team_name, r.total, r.unit_name) for r in services.draw(qualification).rows]


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
    rows = sorted(
        QualifiedTeam.objects.filter(qualification=qualification).values_list("pk", "team_id", "rank", "total")
    )
    return q, rows


def refused(action) -> None:
    """``action`` fails at the database (inside a savepoint, so the test's transaction goes on)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


# --- Who goes through ----------------------------------------------------------


def test_the_overall_top_3_follows_the_stages_standings(final, weekly, played, organiser):
    qualification = draft(final, weekly, organiser, k=3)

    # Tổ Ba before Tổ Một on equal points: 2 of 2 members played against 2 of 3.
    assert drawn(qualification) == [(1, 1, "Tổ Ba", 19, ""), (2, 2, "Tổ Một", 19, ""), (3, 3, "Tổ Hai", 15, "")]
    assert services.draw(qualification).tied_extra == 0


def test_the_top_1_per_commune_takes_each_communes_best_team(final, weekly, played, organiser, commune_a, commune_b):
    qualification = draft(final, weekly, organiser, k=1, kind=Unit.Kind.COMMUNE)

    assert drawn(qualification) == [(1, 1, "Tổ Một", 19, "Xã An Bình"), (2, 1, "Tổ Ba", 19, "Xã Tân Phú")]


def test_per_commune_ranks_are_counted_inside_the_commune(final, weekly, played, organiser):
    qualification = draft(final, weekly, organiser, k=2, kind=Unit.Kind.COMMUNE)

    # Commune B: Tổ Ba 1st, Tổ Sáu (4th overall) 2nd; Tổ Năm stays out.
    assert drawn(qualification) == [
        (1, 1, "Tổ Một", 19, "Xã An Bình"),
        (2, 2, "Tổ Hai", 15, "Xã An Bình"),
        (3, 1, "Tổ Ba", 19, "Xã Tân Phú"),
        (4, 2, "Tổ Sáu", 12, "Xã Tân Phú"),
    ]


def test_teams_tied_at_the_kth_place_both_go_through(final, weekly, played, organiser):
    qualification = draft(final, weekly, organiser, k=4)

    result = services.draw(qualification)

    assert [(r.rank, r.team_name) for r in result.rows] == [
        (1, "Tổ Ba"),
        (2, "Tổ Một"),
        (3, "Tổ Hai"),
        (4, "Tổ Bốn"),
        (4, "Tổ Sáu"),
    ]
    assert result.tied_extra == 1


def test_a_team_that_did_not_play_never_qualifies(final, weekly, played, organiser):
    qualification = draft(final, weekly, organiser, k=50)

    names = [r.team_name for r in services.draw(qualification).rows]
    assert len(names) == 6 and "Tổ Vắng" not in names


def test_per_commune_counts_wards_as_communes(final, weekly, played, organiser, province, make_user):
    ward = accounts.create_unit(name="Phường Trung Tâm", kind=Unit.Kind.WARD, parent=province)
    team = accounts.create_team(unit=ward, name="Tổ Phường")
    user = make_user(name="Yến")
    accounts.add_member(team=team, user=user)
    r = Round.objects.filter(stage=weekly).first()
    Attempt.objects.create(
        round=r,
        user=user,
        team=team,
        started_at=r.opens_at,
        deadline=r.opens_at + timedelta(minutes=10),
        submitted_at=r.opens_at + timedelta(minutes=1),
        finished_reason=Attempt.FinishedReason.SUBMITTED,
        score=2,
        duration=timedelta(seconds=60),
    )

    qualification = draft(final, weekly, organiser, k=1, kind=Unit.Kind.COMMUNE)

    assert [(r.team_name, r.unit_name) for r in services.draw(qualification).rows] == [
        ("Tổ Phường", "Phường Trung Tâm"),
        ("Tổ Một", "Xã An Bình"),
        ("Tổ Ba", "Xã Tân Phú"),
    ]


def test_a_team_under_no_unit_of_the_kind_is_named_and_left_out(final, weekly, played, organiser, province, make_user):
    firm = accounts.create_unit(name="Bưu điện tỉnh", kind=Unit.Kind.ENTERPRISE, parent=province)
    team = accounts.create_team(unit=firm, name="Tổ Bưu điện")
    user = make_user(name="Xuân")
    accounts.add_member(team=team, user=user)
    r = Round.objects.filter(stage=weekly).first()
    Attempt.objects.create(
        round=r,
        user=user,
        team=team,
        started_at=r.opens_at,
        deadline=r.opens_at + timedelta(minutes=10),
        submitted_at=r.opens_at + timedelta(minutes=1),
        finished_reason=Attempt.FinishedReason.SUBMITTED,
        score=30,
        duration=timedelta(seconds=60),
    )

    result = services.draw(draft(final, weekly, organiser, k=1, kind=Unit.Kind.COMMUNE))

    assert [r.team_name for r in result.rows] == ["Tổ Một", "Tổ Ba"]
    assert result.outside == ["Tổ Bưu điện"]


# --- Publishing ------------------------------------------------------------------


def test_publishing_stores_the_rows_the_how_line_and_the_hash(final, weekly, played, organiser):
    qualification = draft(final, weekly, organiser, k=3)

    published = services.publish(actor=organiser, qualification=qualification)

    rows = list(published.teams.order_by("position").values_list("position", "rank", "team_name", "total"))
    assert rows == [(1, 1, "Tổ Ba", 19), (2, 2, "Tổ Một", 19), (3, 3, "Tổ Hai", 15)]
    assert published.status == Qualification.Status.PUBLISHED
    assert published.published_by == organiser and published.published_at is not None
    assert re.fullmatch(r"[0-9a-f]{64}", published.digest)
    assert published.digest == services.digest(published, services.stored_rows(published))
    assert "2 vòng" in published.how


def test_a_published_list_keeps_its_teams_when_the_standings_change_later(final, weekly, played, organiser):
    published = services.publish(actor=organiser, qualification=draft(final, weekly, organiser, k=1))
    played["Tổ Năm"].name = "Tổ Năm đổi tên"
    played["Tổ Năm"].save()
    r = Round.objects.filter(stage=weekly).last()
    Attempt.objects.create(
        round=r,
        user=played["Nga"],
        team=played["Tổ Năm"],
        started_at=r.opens_at,
        deadline=r.opens_at + timedelta(minutes=10),
        submitted_at=r.opens_at + timedelta(minutes=2),
        finished_reason=Attempt.FinishedReason.SUBMITTED,
        score=40,
        duration=timedelta(seconds=60),
    )

    assert list(published.teams.values_list("team_name", "total")) == [("Tổ Ba", 19)]
    assert services.intact(published, services.stored_rows(published))


def test_publishing_is_refused_while_a_round_of_the_stage_is_still_open(final, weekly, played, organiser):
    now = timezone.now()
    Round.objects.create(
        stage=weekly,
        title="Tuần 3",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
        published_at=now,
    )
    qualification = draft(final, weekly, organiser, k=3)

    with pytest.raises(ValidationError, match="chưa kết thúc"):
        services.publish(actor=organiser, qualification=qualification)

    qualification.refresh_from_db()
    assert qualification.is_draft and not QualifiedTeam.objects.exists()


def test_publishing_a_stage_nobody_played_is_refused(final, weekly, teams, organiser):
    qualification = draft(final, weekly, organiser, k=3)

    with pytest.raises(ValidationError, match="Chưa có tổ nào đủ điều kiện"):
        services.publish(actor=organiser, qualification=qualification)


def test_a_correction_replaces_the_list_with_a_reason(final, weekly, played, organiser):
    first = services.publish(actor=organiser, qualification=draft(final, weekly, organiser, k=2))

    with pytest.raises(ValidationError) as no_reason:
        services.create_draft(actor=organiser, into_stage=final, from_stage=weekly, top_k=3, replaces=first)
    assert no_reason.value.message_dict["reason"] == ["Hãy nêu lý do đính chính."]
    correction = services.create_draft(
        actor=organiser, into_stage=final, from_stage=weekly, top_k=3, replaces=first, reason="Ban tổ chức lấy 3 tổ"
    )
    services.publish(actor=organiser, qualification=correction)

    first.refresh_from_db()
    assert first.status == Qualification.Status.REPLACED
    assert list(first.teams.values_list("team_name", flat=True)) == ["Tổ Ba", "Tổ Một"]
    assert [q.pk for q in Qualification.objects.published()] == [correction.pk]
    assert correction.teams.count() == 3


def test_a_second_list_from_the_same_stage_must_be_a_correction(final, weekly, played, organiser):
    services.publish(actor=organiser, qualification=draft(final, weekly, organiser, k=2))

    with pytest.raises(ValidationError) as error:
        draft(final, weekly, organiser, k=3)

    assert "hãy đính chính" in error.value.message_dict["from_stage"][0]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"top_k": 0}, "top_k", "Số tổ được chọn phải từ 1 trở lên."),
        ({"per_unit_kind": "galaxy"}, "per_unit_kind", "Loại đơn vị không hợp lệ."),
        ({"from_stage": "later"}, "from_stage", "Giai đoạn lấy tổ phải đứng trước giai đoạn này."),
        ({"from_stage": "other"}, "from_stage", "Giai đoạn lấy tổ phải thuộc cùng cuộc thi với giai đoạn này."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(final, weekly, organiser, province, change, field, message):
    later = Stage.objects.create(competition=final.competition, title="Sau chung kết", position=2)
    other = Competition.objects.create(title="Cuộc thi khác", unit=province, created_by=organiser)
    stages = {"later": later, "other": Stage.objects.create(competition=other, title="Tuần 1")}
    arguments = {"top_k": 3, "per_unit_kind": "", "from_stage": weekly, **change}
    arguments["from_stage"] = stages.get(arguments["from_stage"], arguments["from_stage"])

    with pytest.raises(ValidationError) as error:
        services.create_draft(actor=organiser, into_stage=final, **arguments)

    assert error.value.message_dict[field] == [message]
    assert not Qualification.objects.exists()


def test_only_an_organiser_of_the_competition_makes_and_publishes_lists(final, weekly, played, organiser, organiser_a):
    with pytest.raises(PermissionDenied):
        draft(final, weekly, organiser_a, k=3)
    qualification = draft(final, weekly, organiser, k=3)
    with pytest.raises(PermissionDenied):
        services.publish(actor=organiser_a, qualification=qualification)

    qualification.refresh_from_db()
    assert qualification.is_draft


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
    refused(lambda: Qualification.objects.filter(pk=published.pk).update(status=Qualification.Status.REPLACED, top_k=1))
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


# --- The live round of the stage ---------------------------------------------------


@pytest.fixture
def question(make_question, make_officer, province):
    author = make_officer(Role.AUTHOR, province, "Soạn Đề Tỉnh")
    reviewer = make_officer(Role.REVIEWER, province, "Duyệt Đề Tỉnh")
    q = make_question(author=author, unit=province)
    qb.submit_for_review(question=q, actor=author)
    return qb.approve(question=q, reviewer=reviewer)


@pytest.fixture
def top3(final, weekly, played, organiser) -> Qualification:
    return services.publish(actor=organiser, qualification=draft(final, weekly, organiser, k=3))


def live_data(question, **overrides) -> live.LiveRoundData:
    fields = {
        "title": "Chung kết trực tiếp",
        "opens_at": timezone.now() + timedelta(hours=2),
        "questions": [live.QuestionSlot(question)],
    }
    return live.LiveRoundData(**(fields | overrides))


def entered(live_round) -> set[str]:
    return set(LiveEntry.objects.filter(live_round=live_round).values_list("team__name", flat=True))


def test_a_live_round_takes_exactly_the_qualified_teams(final, top3, question, organiser):
    live_round = live.create_live_round(actor=organiser, stage=final, data=live_data(question, qualifications=[top3]))

    assert entered(live_round) == {"Tổ Ba", "Tổ Một", "Tổ Hai"}


def test_a_live_round_takes_the_qualified_teams_with_picked_ones(final, top3, question, organiser, played):
    live_round = live.create_live_round(
        actor=organiser, stage=final, data=live_data(question, qualifications=[top3], teams=[played["Tổ Năm"]])
    )

    assert entered(live_round) == {"Tổ Ba", "Tổ Một", "Tổ Hai", "Tổ Năm"}
    # The edit form's first values: the list again, and the one team picked beside it.
    again = live.live_round_data(live_round)
    assert again.qualifications == [top3]
    assert [t.name for t in again.teams] == ["Tổ Năm"]


def test_a_draft_a_replaced_list_or_another_stages_list_enters_nobody(
    final, weekly, top3, question, organiser, competition
):
    a_draft = Qualification.objects.create(into_stage=final, from_stage=weekly, top_k=1, created_by=organiser)
    later = Stage.objects.create(competition=competition, title="Siêu chung kết", position=2)
    elsewhere = services.publish(actor=organiser, qualification=draft(later, weekly, organiser, k=1))

    for wrong in (a_draft, elsewhere):
        with pytest.raises(ValidationError) as error:
            live.create_live_round(actor=organiser, stage=final, data=live_data(question, qualifications=[wrong]))
        assert "Danh sách vào vòng không dùng được" in error.value.message_dict["qualifications"][0]
    assert not LiveEntry.objects.exists()


def test_the_live_form_offers_the_published_list_and_enters_its_teams(client, final, top3, question, organiser):
    client.force_login(organiser)
    page = client.get(reverse("organise:live_create", args=[final.pk])).content.decode()
    assert "Các tổ đã vào vòng này từ Vòng sơ khảo (3 tổ)" in page

    response = client.post(
        reverse("organise:live_create", args=[final.pk]),
        {
            "title": "Chung kết trực tiếp",
            "opens_at": timezone.localtime(timezone.now() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "team_mode": "sum",
            "source": "pick",
            "duration_seconds": "20",
            "points": "1000",
            "questions": [str(question.pk)],
            "qualifications": [str(top3.pk)],
            "q-TOTAL_FORMS": "0",
            "q-INITIAL_FORMS": "0",
            "bp-TOTAL_FORMS": "0",
            "bp-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    live_round = LiveEntry.objects.first().live_round
    assert entered(live_round) == {"Tổ Ba", "Tổ Một", "Tổ Hai"}
    edit = client.get(reverse("organise:live_edit", args=[live_round.pk])).content.decode()
    # The edit page keeps the list as chosen whole, and says so.
    assert f'<input type="hidden" name="qualifications" value="{top3.pk}">' in edit
    assert re.search(r"Vòng sơ khảo \(3 tổ\)</span><span class=\"badge ok\">đã thêm</span>", edit)


# --- The pages --------------------------------------------------------------------


def page_url(name: str, *args) -> str:
    return reverse(f"leaderboards:qualify_{name}", args=args)


@pytest.fixture
def viewer(make_officer, province):
    return make_officer(Role.VIEWER, province, "Lãnh Đạo Xem")


def test_the_competition_page_links_each_stage_to_its_qualification_page(client, final, organiser):
    client.force_login(organiser)

    page = client.get(reverse("organise:competition", args=[final.competition_id])).content.decode()

    assert page_url("stage", final.pk) in page


def test_an_organiser_drafts_sees_the_rows_and_publishes(client, final, weekly, played, organiser):
    client.force_login(organiser)

    response = client.post(page_url("stage", final.pk), {"from_stage": weekly.pk, "top_k": "4", "per_unit_kind": ""})

    qualification = Qualification.objects.get()
    assert response.status_code == 302 and response["Location"] == page_url("detail", qualification.pk)
    page = client.get(page_url("detail", qualification.pk)).content.decode()
    assert all(name in page for name in ["Tổ Ba", "Tổ Một", "Tổ Hai", "Tổ Bốn", "Tổ Sáu"])
    assert "Tổ Năm" not in page and "Bản nháp" in page
    assert "Thêm 1 tổ vì bằng hạng với tổ thứ K." in page
    assert "2/3 (67%)" in page  # Tổ Một's participation

    client.post(page_url("publish", qualification.pk))

    qualification.refresh_from_db()
    page = client.get(page_url("detail", qualification.pk)).content.decode()
    assert qualification.status == Qualification.Status.PUBLISHED
    assert qualification.digest in page and "Sở Tổ Chức" in page and "khớp với các dòng đã lưu" in page
    assert "Thêm 1 tổ vì bằng hạng với tổ thứ K." in page  # the stored list says it too


def test_the_per_commune_draft_shows_each_teams_commune(client, final, weekly, played, organiser):
    client.force_login(organiser)
    client.post(page_url("stage", final.pk), {"from_stage": weekly.pk, "top_k": "1", "per_unit_kind": "commune"})

    page = client.get(page_url("detail", Qualification.objects.get().pk)).content.decode()

    assert "Xã An Bình" in page and "Xã Tân Phú" in page and "Hạng trong đơn vị" in page


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"top_k": "0"}, "Số tổ được chọn phải từ 1 trở lên."),
        ({"per_unit_kind": "galaxy"}, "Loại đơn vị không hợp lệ."),
        ({"from_stage": "later"}, "Giai đoạn lấy tổ phải đứng trước giai đoạn này."),
        ({"from_stage": "other"}, "Giai đoạn lấy tổ phải thuộc cùng cuộc thi với giai đoạn này."),
    ],
)
def test_the_form_refuses_bad_input_with_a_clear_message(client, final, weekly, organiser, province, posted, message):
    later = Stage.objects.create(competition=final.competition, title="Sau chung kết", position=2)
    other = Competition.objects.create(title="Cuộc thi khác", unit=province, created_by=organiser)
    stages = {"later": later.pk, "other": Stage.objects.create(competition=other, title="Tuần 1").pk}
    data = {"from_stage": weekly.pk, "top_k": "3", "per_unit_kind": "", **posted}
    data["from_stage"] = stages.get(data["from_stage"], data["from_stage"])
    client.force_login(organiser)

    response = client.post(page_url("stage", final.pk), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Qualification.objects.exists()


def test_a_correction_from_the_page_needs_a_reason_and_replaces_on_publish(client, final, weekly, top3, organiser):
    client.force_login(organiser)
    fields = {"from_stage": weekly.pk, "top_k": "2", "per_unit_kind": ""}

    refused_page = client.post(page_url("correct", top3.pk), fields)
    assert "Hãy nêu lý do đính chính." in refused_page.content.decode()
    response = client.post(page_url("correct", top3.pk), fields | {"reason": "Chỉ 2 suất chung kết"})
    correction = Qualification.objects.get(replaces=top3)
    assert response["Location"] == page_url("detail", correction.pk)
    second = client.post(page_url("correct", top3.pk), fields | {"reason": "Lần nữa"})
    assert "Danh sách này đã có một bản đính chính" in second.content.decode()
    assert Qualification.objects.filter(replaces=top3).count() == 1
    client.post(page_url("publish", correction.pk))

    top3.refresh_from_db()
    assert top3.status == Qualification.Status.REPLACED
    old_page = client.get(page_url("detail", top3.pk)).content.decode()
    assert "Đã được thay thế" in old_page and page_url("detail", correction.pk) in old_page
    assert "Chỉ 2 suất chung kết" in client.get(page_url("detail", correction.pk)).content.decode()


def test_a_draft_can_be_discarded_but_a_published_list_cannot(client, final, weekly, top3, organiser):
    later = Stage.objects.create(competition=final.competition, title="Siêu chung kết", position=2)
    a_draft = draft(later, weekly, organiser, k=2)
    client.force_login(organiser)

    client.post(page_url("discard", a_draft.pk))
    client.post(page_url("discard", top3.pk))

    assert not Qualification.objects.filter(pk=a_draft.pk).exists()
    assert Qualification.objects.get(pk=top3.pk).status == Qualification.Status.PUBLISHED


def test_a_viewer_reads_but_cannot_change(client, final, weekly, top3, viewer):
    a_draft = Qualification.objects.create(
        into_stage=Stage.objects.create(competition=final.competition, title="Sau", position=2),
        from_stage=weekly,
        top_k=1,
        created_by=top3.published_by,
    )
    client.force_login(viewer)

    page = client.get(page_url("stage", final.pk)).content.decode()
    assert "Top 3 từ Vòng sơ khảo" in page and "Lập bản nháp" not in page
    detail = client.get(page_url("detail", top3.pk)).content.decode()
    assert "Tổ Ba" in detail and "Đính chính" not in detail
    assert client.post(page_url("stage", final.pk), {"from_stage": weekly.pk, "top_k": "3"}).status_code == 403
    assert client.post(page_url("publish", a_draft.pk)).status_code == 403
    assert client.post(page_url("discard", a_draft.pk)).status_code == 403
    assert client.post(page_url("correct", top3.pk), {"reason": "x"}).status_code == 403
    assert Qualification.objects.count() == 2 and Qualification.objects.get(pk=a_draft.pk).is_draft


def test_officers_of_another_unit_get_a_404_and_members_a_403(client, final, top3, organiser_b, played):
    client.force_login(organiser_b)
    assert client.get(page_url("stage", final.pk)).status_code == 404
    assert client.get(page_url("detail", top3.pk)).status_code == 404
    assert client.post(page_url("publish", top3.pk)).status_code == 404

    client.force_login(played["An"])
    assert client.get(page_url("stage", final.pk)).status_code == 403
    assert client.get(page_url("detail", top3.pk)).status_code == 403


def test_the_draft_page_does_not_grow_queries_with_the_teams(
    client, final, weekly, played, organiser, hamlet_b, make_user, django_assert_max_num_queries
):
    qualification = draft(final, weekly, organiser, k=50, kind=Unit.Kind.COMMUNE)
    client.force_login(organiser)
    with django_assert_max_num_queries(30) as small:
        client.get(page_url("detail", qualification.pk))
    r = Round.objects.filter(stage=weekly).first()
    for i in range(8):
        team = accounts.create_team(unit=hamlet_b, name=f"Tổ thêm {i}")
        user = make_user(name=f"Người {i}")
        accounts.add_member(team=team, user=user)
        Attempt.objects.create(
            round=r,
            user=user,
            team=team,
            started_at=r.opens_at,
            deadline=r.opens_at + timedelta(minutes=10),
            submitted_at=r.opens_at + timedelta(minutes=1),
            finished_reason=Attempt.FinishedReason.SUBMITTED,
            score=i,
            duration=timedelta(seconds=60),
        )

    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(page_url("detail", qualification.pk)).content.decode()

    assert "Tổ thêm 7" in page
