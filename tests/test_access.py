"""Every page of ours, once: signed-out visitors, outsiders and wrong methods.

The table below names each URL of the project (allauth's and the admin's
aside) with the methods it answers and the object it is about. A new URL
that is not in the table fails ``test_every_url_is_in_the_table``, so no
page escapes these checks:

- signed out: a page asks to sign in (a redirect to the login page), never
  shows anything, and a POST changes nothing;
- an outsider (every officer role in the neighbouring commune, and a member
  of its team) gets 403 or 404 on commune A's objects, and changes nothing;
- a method the page does not take is a 405, even for a superuser.

The pages' own tests check what an allowed person sees and does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from competitions import attempts
from competitions.live.models import LiveEntry, LivePlayer, LiveQuestion, LiveRound
from competitions.models import AttemptFlag, BlueprintItem, Competition, Qualification, QualifiedTeam, Round, Stage
from competitions.organise import live_services
from leaderboards.awards.models import AwardingBody, AwardList, AwardRow
from leaderboards.periods import WEEK, Period
from questionbank import services as qb
from quizsite.accounts import services as accounts
from quizsite.accounts.models import Membership, RoleAssignment, Team

Role = RoleAssignment.Role
PUBLIC = {
    "home",
    "healthz",
    "set_language",
    "accounts:join",
    "accounts:sign_in_link",
    "accounts:roster_template",  # the roster template, for a Sở's IT staff and other programs
    "admin_login",
    "live:join",
    "leaderboards:award_public",
    "leaderboards:award_annex",
    "account_logout",  # allauth's sign-out, wrapped to clear the phone (quizsite/pwa/sign_out.py)
    # The installable app: what a browser fetches before anyone signs in (quizsite/pwa/).
    "pwa:manifest",
    "pwa:offline",
    "pwa:service_worker",
    # What a shared link shows: the images are signed addresses, the result page a member's own share token.
    "cards:image",
    "cards:site",
    "competitions:result_share",
    "live:qr_png",  # found through the join page's wrong-code limit
}


@dataclass(frozen=True)
class Page:
    args: tuple[str, ...] = ()  # names of objects in the world, in URL order
    methods: frozenset[str] = field(default_factory=lambda: frozenset({"GET"}))


GET, POST, BOTH = frozenset({"GET"}), frozenset({"POST"}), frozenset({"GET", "POST"})
PAGES = {
    "accounts:profile": Page(methods=BOTH),
    "accounts:unit_list": Page(),
    "accounts:unit_detail": Page(("hamlet",)),
    "accounts:unit_add_child": Page(("commune",), POST),
    "accounts:unit_rename": Page(("hamlet",), POST),
    "accounts:team_create": Page(("hamlet",), POST),
    "accounts:role_grant": Page(("hamlet",), POST),
    "accounts:role_revoke": Page(("role",), POST),
    "accounts:team_detail": Page(("team",)),
    "accounts:team_qr": Page(("team",)),
    "accounts:team_rotate_invite": Page(("team",), POST),
    "accounts:team_size_limit": Page(("team",), POST),
    "accounts:member_role": Page(("team", "membership"), POST),
    "accounts:member_affiliation": Page(("team", "membership"), POST),
    "accounts:member_remove": Page(("team", "membership"), BOTH),
    "accounts:member_password": Page(("team", "membership"), BOTH),
    "accounts:team_sign_in_links": Page(("team",), BOTH),
    "accounts:link_password": Page(methods=BOTH),
    "accounts:roster_import": Page(("commune",), BOTH),
    "accounts:roster_import_confirm": Page(("commune",), POST),
    "accounts:roster_export": Page(("commune",)),
    "questionbank:list": Page(),
    "questionbank:create": Page(methods=BOTH),
    "questionbank:review_queue": Page(),
    "questionbank:subtopic_create": Page(methods=POST),
    "questionbank:detail": Page(("question",)),
    "questionbank:edit": Page(("question",), BOTH),
    "questionbank:preview": Page(("question",)),
    "questionbank:submit": Page(("question",), POST),
    "questionbank:approve": Page(("question",), POST),
    "questionbank:reject": Page(("question",), POST),
    "questionbank:retire": Page(("question",), POST),
    "questionbank:excel_template": Page(),
    "questionbank:excel_import": Page(methods=BOTH),
    "questionbank:excel_export": Page(),
    "competitions:round_detail": Page(("round",)),
    "competitions:round_start": Page(("round",), POST),
    "competitions:round_team": Page(("round",)),
    "competitions:attempt": Page(("attempt",), BOTH),
    "competitions:attempt_save": Page(("attempt",), POST),
    "competitions:attempt_submit": Page(("attempt",), POST),
    "competitions:attempt_result": Page(("attempt",)),
    "competitions:attempt_share": Page(("attempt",), POST),
    "competitions:attempt_share_withdraw": Page(("attempt",), POST),
    "accounts:push_subscribe": Page(methods=POST),
    "accounts:push_unsubscribe": Page(methods=POST),
    "organise:competitions": Page(),
    "organise:competition_create": Page(methods=BOTH),
    "organise:competition": Page(("competition",)),
    "organise:competition_edit": Page(("competition",), BOTH),
    "organise:jury_add": Page(("competition",), POST),
    "organise:jury_add_list": Page(("competition",), POST),
    "organise:jury_remove": Page(("competition", "person"), POST),
    "organise:stage_create": Page(("competition",), BOTH),
    "organise:stage_edit": Page(("stage",), BOTH),
    "organise:stage_move": Page(("stage",), POST),
    "organise:round_create": Page(("stage",), BOTH),
    "organise:round": Page(("round",)),
    "organise:round_edit": Page(("round",), BOTH),
    "organise:round_publish": Page(("round",), POST),
    "organise:round_counts": Page(("round",)),
    "organise:round_preview": Page(("round",)),
    "organise:flag_review": Page(("flag",), POST),
    # Live rounds are named by their join code, not a pk (see url_of).
    "live:play": Page(("live",), BOTH),
    "live:host": Page(("live",)),
    "live:screen": Page(("live",)),
    "organise:live_create": Page(("stage",), BOTH),
    "organise:live_round": Page(("live",)),
    "organise:live_edit": Page(("live",), BOTH),
    "leaderboards:monthly": Page(),
    "leaderboards:monthly_report": Page(("commune",)),
    "leaderboards:monthly_print": Page(("commune",)),
    "leaderboards:monthly_xlsx": Page(("commune",)),
    "leaderboards:standings": Page(),
    "leaderboards:standings_competitions": Page(),
    "leaderboards:standings_officer": Page(("competition",)),
    "leaderboards:standings_people_excel": Page(("competition",)),
    "leaderboards:standings_teams_excel": Page(("competition",)),
    "leaderboards:standings_units_excel": Page(("competition",)),
    "leaderboards:qualify_stage": Page(("stage",), BOTH),
    "leaderboards:qualify_detail": Page(("qualification",)),
    "leaderboards:qualify_publish": Page(("qualification",), POST),
    "leaderboards:qualify_correct": Page(("published_qualification",), POST),
    "leaderboards:qualify_discard": Page(("qualification",), POST),
    "leaderboards:award_lists": Page(("competition",)),
    "leaderboards:award_list_create": Page(("competition",), BOTH),
    "leaderboards:award_body_create": Page(("competition",), BOTH),
    "leaderboards:award_list": Page(("award_list",)),
    "leaderboards:award_list_edit": Page(("award_list",), BOTH),
    "leaderboards:award_list_review": Page(("award_list",), POST),
    "leaderboards:award_list_return": Page(("award_list",), POST),
    "leaderboards:award_list_publish": Page(("award_list",), POST),
    "leaderboards:award_list_correct": Page(("award_list",), BOTH),
    "leaderboards:award_list_excel": Page(("award_list",)),
}


def our_url_names() -> set[str]:
    names = set()

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                walk(pattern, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                if not pattern.callback.__module__.startswith("allauth"):
                    names.add(name)

    walk(get_resolver(), None)
    return names


@pytest.fixture
def world(db, province, commune_a, commune_b, hamlet_a, hamlet_b, team_a, team_b, member_a, make_officer, topic):
    """Commune A's objects, and the outsider: every role in commune B and a member of its team."""
    author = make_officer(Role.AUTHOR, commune_a)
    reviewer = make_officer(Role.REVIEWER, commune_a)
    organiser = make_officer(Role.ORGANISER, commune_a)
    viewer = make_officer(Role.VIEWER, commune_a)
    question = qb.create_question(
        author=author,
        unit=commune_a,
        data=qb.QuestionData(
            topic=topic,
            kind="single",
            text="Không nên chia sẻ mã OTP cho ai?",
            choices=[qb.ChoiceData("Không ai cả", True), qb.ChoiceData("Người thân", False)],
        ),
    )
    qb.submit_for_review(question=question, actor=author)
    qb.approve(question=question, reviewer=reviewer)
    competition = Competition.objects.create(title="Thi xã An Bình", unit=commune_a, created_by=organiser)
    stage = Stage.objects.create(competition=competition, title="Tuần 1")
    now = timezone.now()
    round = Round.objects.create(
        stage=stage,
        title="Tuần 1",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
        published_at=now - timedelta(hours=2),
    )
    BlueprintItem.objects.create(round=round, topic=topic, count=1)
    attempt = attempts.start_attempt(round=round, user=member_a, device_id="phone-1")
    flag = AttemptFlag.objects.create(attempt=attempt, kind=AttemptFlag.Kind.TOO_FAST, details={})
    live = live_services.create_live_round(
        actor=organiser,
        stage=stage,
        data=live_services.LiveRoundData(
            title="Giao lưu trực tiếp",
            opens_at=now,
            questions=[live_services.QuestionSlot(question)],
            teams=[team_a],
        ),
    )
    # A final taking the first stage's teams: a draft (publishing it would change it) and a published list.
    final = Stage.objects.create(competition=competition, title="Chung kết", position=1)
    qualification = Qualification.objects.create(into_stage=final, from_stage=stage, top_k=3, created_by=organiser)
    published_qualification = Qualification.objects.create(
        into_stage=Stage.objects.create(competition=competition, title="Giao lưu", position=2),
        from_stage=stage,
        top_k=1,
        created_by=organiser,
    )
    QualifiedTeam.objects.create(
        qualification=published_qualification,
        team=team_a,
        position=1,
        rank=1,
        total=1,
        team_name="a",
        team_unit_name="b",
    )
    Qualification.objects.filter(pk=published_qualification.pk).update(
        status=Qualification.Status.PUBLISHED, published_at=now, published_by=organiser, digest="0" * 64
    )

    body = AwardingBody.objects.create(name="UBND xã An Bình", unit=commune_a)
    week = Period.current(WEEK).previous()
    award_list = AwardList.objects.create(
        competition=competition,
        body=body,
        title="Danh sách cá nhân đạt giải",
        period_kind=week.kind,
        period_slug=week.slug,
        period_label=week.label,
        tiers=[{"name": "Giải Nhất", "count": 1}],
        scope=commune_a,
        created_by=organiser,
    )

    outsider = make_officer(Role.ORGANISER, commune_b, "Người Xã Bên")
    for role in (Role.AUTHOR, Role.REVIEWER, Role.VIEWER):
        accounts.grant_role(user=outsider, role=role, unit=commune_b)
    accounts.add_member(team=team_b, user=outsider, role=Membership.Role.LEADER)
    return {
        "commune": commune_a,
        "hamlet": hamlet_a,
        "team": team_a,
        "membership": Membership.objects.get(user=member_a),
        "person": member_a,
        "role": RoleAssignment.objects.get(user=viewer),
        "question": question,
        "competition": competition,
        "stage": stage,
        "round": round,
        "attempt": attempt,
        "flag": flag,
        "live": live,
        "qualification": qualification,
        "published_qualification": published_qualification,
        "award_list": award_list,
        "outsider": outsider,
    }


def snapshot() -> dict:
    """What any of these pages could change."""
    from questionbank.models import Question

    return {
        "teams": sorted(Team.objects.values_list("pk", "name", "size_limit", "invite_token")),
        "members": sorted(Membership.objects.values_list("pk", "team_id", "role", "affiliation")),
        "roles": sorted(RoleAssignment.objects.values_list("pk", "role", "unit_id")),
        "questions": sorted(Question.objects.values_list("pk", "status", "text")),
        "rounds": sorted(Round.objects.values_list("pk", "title", "closes_at")),
        "stages": sorted(Stage.objects.values_list("pk", "title", "position")),
        "flags": sorted(AttemptFlag.objects.values_list("pk", "reviewed_at")),
        "live_players": sorted(LivePlayer.objects.values_list("pk", "team_id", "user_id", "guest_key")),
        "live": sorted(LiveRound.objects.values_list("pk", "code", "status", "team_mode", "guests_allowed")),
        "live_questions": sorted(LiveQuestion.objects.values_list("pk", "question_id", "duration_seconds", "points")),
        "live_entries": sorted(LiveEntry.objects.values_list("pk", "team_id", "captain_id")),
        "qualifications": sorted(Qualification.objects.values_list("pk", "status", "top_k", "digest")),
        "qualified_teams": sorted(QualifiedTeam.objects.values_list("pk", "qualification_id", "team_id")),
        "award_bodies": sorted(AwardingBody.objects.values_list("pk", "name", "unit_id")),
        "award_lists": sorted(
            AwardList.objects.values_list("pk", "status", "title", "tiers", "sent_for_review_by", "replaces")
        ),
        "award_rows": AwardRow.objects.count(),
        "attempts": sorted(
            (a.pk, a.submitted_at, sorted(a.answers.values_list("question_id", "choices")))
            for a in attempts.Attempt.objects.all()
        ),
    }


def url_of(name: str, world: dict) -> str:
    # The players' pages name a live round by its join code, the organiser's by its pk.
    by_code = name.startswith("live:")
    return reverse(
        name, args=[world[arg].code if by_code and arg == "live" else world[arg].pk for arg in PAGES[name].args]
    )


def test_every_url_is_in_the_table():
    assert our_url_names() - PUBLIC == set(PAGES), "classify each new URL in PAGES (or PUBLIC)"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_signed_out_visitor_is_asked_to_sign_in_and_changes_nothing(client, world, name):
    url = url_of(name, world)
    before = snapshot()

    for method in PAGES[name].methods:
        response = getattr(client, method.lower())(url)

        assert response.status_code == 302, method
        assert response["Location"].startswith(reverse("account_login")), method
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(name for name, page in PAGES.items() if page.args))
def test_an_outsider_gets_403_or_404_and_changes_nothing(client, world, name):
    client.force_login(world["outsider"])
    url = url_of(name, world)
    before = snapshot()

    for method in PAGES[name].methods:
        response = getattr(client, method.lower())(url)

        assert response.status_code in (403, 404), method
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(name for name, page in PAGES.items() if page.methods != BOTH))
def test_a_method_the_page_does_not_take_is_refused(client, world, make_user, name):
    client.force_login(make_user(name="Quản Trị", is_superuser=True, is_staff=True))
    wrong = "post" if PAGES[name].methods == GET else "get"
    before = snapshot()

    response = getattr(client, wrong)(url_of(name, world))

    assert response.status_code == 405
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(name for name, page in PAGES.items() if page.methods == BOTH))
def test_a_put_is_refused_where_get_and_post_are_taken(client, world, make_user, name):
    client.force_login(make_user(name="Quản Trị", is_superuser=True, is_staff=True))

    assert client.put(url_of(name, world)).status_code == 405
