"""Organiser writes for live rounds: create one inside a stage, change it while it waits in the lobby.

A live round is a ``Round`` whose mode is live plus its ``LiveRound``: the
join code, how a team scores, whether guests may play, the questions (each
the exact version picked or drawn, with its time, points and one choice
order) and the teams entered (each with a captain).

Decisions:
- ``Round.opens_at`` is the scheduled start; ``closes_at`` is a day later:
  the day the round can be played (the host starts it when the hall is
  ready, not at a stroke of the clock). The round is published when saved,
  so its code works at once.
- Questions are picked one by one from the approved questions of the bank
  the competition may use (drawing.question_pool), or drawn once by a
  blueprint when the organiser saves; the draw is kept as the round's
  questions and never drawn again. Editing a question in the bank later
  makes a new version; the round keeps the version it was given.
- Entered teams are the teams picked, plus every team of the units chosen,
  plus the teams of the published qualification lists chosen (the top K of
  an earlier stage, ``competitions.qualification``: only a list in force
  into the round's own stage), read when the round is saved (a team formed
  later is entered by saving again). The units are kept in
  ``Round.eligible_units`` so the form shows them again; a list counts as
  chosen again when all its teams are entered (nothing else is stored: the
  entries are the truth). Every team must lie in the competition unit's
  subtree.
- A captain defaults to the team's leader; one chosen must be a member of
  the team. Captains are kept whatever the team mode (they count only in
  "captain" mode), so switching modes loses nobody's choice.
- Nothing changes once the host has started the round.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions import drawing
from competitions.live.models import (
    CODE_DIGITS,
    DEFAULT_GUEST_LIMIT,
    MAX_GUEST_LIMIT,
    LiveEntry,
    LiveQuestion,
    LiveRound,
)
from competitions.models import Round, Stage
from competitions.qualification import Qualification, QualifiedTeam
from questionbank import marking
from questionbank.models import Choice, Question
from quizsite.accounts.models import Membership, Team, Unit, User
from quizsite.accounts.permissions import scope_q

from .services import BlueprintRow, _check_organiser, shortfall_errors

# The day a live round can be played, from its scheduled start.
PLAYABLE_FOR = timedelta(days=1)
MIN_DURATION, MAX_DURATION = 5, 300
DEFAULT_DURATION, DEFAULT_POINTS = 20, 1000
MAX_POINTS = 10_000
MAX_QUESTIONS = 100
# Tries for a free join code: with a million codes and a few hundred rounds waiting, one nearly always does.
CODE_TRIES = 20

_system_random = random.SystemRandom()


@dataclass(frozen=True)
class QuestionSlot:
    """A question picked for the round, with its own time and points."""

    question: Question
    duration_seconds: int = DEFAULT_DURATION
    points: int = DEFAULT_POINTS


@dataclass
class LiveRoundData:
    title: str
    opens_at: datetime
    team_mode: str = LiveRound.TeamMode.SUM
    guests_allowed: bool = False
    # How many guests the round takes (when it takes any): a script must not fill it. None: the
    # round's default (DEFAULT_GUEST_LIMIT), whoever saves it: a form left empty, a program, a test.
    guest_limit: int | None = None
    # Either questions picked one by one, in order…
    questions: Sequence[QuestionSlot] = field(default_factory=list)
    # …or a blueprint, drawn once when saved; its questions get these time and points.
    blueprint: Sequence[BlueprintRow] = field(default_factory=list)
    unseen_only: bool = False
    duration_seconds: int = DEFAULT_DURATION
    points: int = DEFAULT_POINTS
    # Teams picked one by one, and units whose every team is entered.
    teams: Sequence[Team] = field(default_factory=list)
    team_units: Sequence[Unit] = field(default_factory=list)
    # Published qualification lists into the round's stage, whose every team is entered.
    qualifications: Sequence[Qualification] = field(default_factory=list)
    # A team's id → its captain; a team not named here gets its leader.
    captains: Mapping[int, User | None] = field(default_factory=dict)


def random_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def closes_at_for(opens_at: datetime) -> datetime:
    return opens_at + PLAYABLE_FOR


# --- Checks -----------------------------------------------------------------


def _pool_round(stage: Stage, unseen_only: bool) -> Round:
    """An unsaved round that asks drawing.question_pool for this stage's bank."""
    return Round(stage=stage, mode=Round.Mode.LIVE, unseen_only=unseen_only)


def _check_slot_numbers(errors: dict[str, list[str]], durations: list[int], points: list[int]) -> None:
    if any(not MIN_DURATION <= d <= MAX_DURATION for d in durations):
        errors.setdefault("duration_seconds", []).append(
            _("Thời gian mỗi câu từ %(min)d đến %(max)d giây.") % {"min": MIN_DURATION, "max": MAX_DURATION}
        )
    if any(not 0 <= p <= MAX_POINTS for p in points):
        errors.setdefault("points", []).append(_("Điểm mỗi câu từ 0 đến %(max)d.") % {"max": MAX_POINTS})


def _check_picked(errors: dict[str, list[str]], data: LiveRoundData, stage: Stage, kept: set[int]) -> None:
    """Picked questions: approved ones of the bank (the latest version), or versions the round already has."""
    ids = [slot.question.pk for slot in data.questions]
    if len(set(ids)) != len(ids):
        errors.setdefault("questions", []).append(_("Một câu hỏi được chọn hai lần."))
    families = [slot.question.family for slot in data.questions]
    if len(set(families)) != len(families) and len(set(ids)) == len(ids):
        errors.setdefault("questions", []).append(_("Hai phiên bản của cùng một câu hỏi không ra chung một vòng."))
    pool = set(
        drawing.question_pool(_pool_round(stage, False), unseen_only=False)
        .filter(pk__in=set(ids) - kept)
        .values_list("pk", flat=True)
    )
    strangers = [slot.question for slot in data.questions if slot.question.pk not in pool | kept]
    if strangers:
        errors.setdefault("questions", []).append(
            _(
                "Không dùng được các câu sau (chưa duyệt, đã có phiên bản mới, "
                "hoặc không thuộc ngân hàng của cuộc thi): %(q)s"
            )
            % {"q": "; ".join(f"“{q.text[:60]}”" for q in strangers)}
        )


def _check_blueprint(errors: dict[str, list[str]], data: LiveRoundData, stage: Stage) -> None:
    if any(row.count < 1 for row in data.blueprint):
        errors.setdefault("__all__", []).append(_("Số câu của mỗi dòng phải từ 1 trở lên."))
        return
    known = drawing.bank_topic_ids(stage.competition.unit)
    strangers = sorted({str(row.topic) for row in data.blueprint if row.topic.pk not in known})
    if strangers:
        errors.setdefault("__all__", []).append(
            _("Chủ đề không có câu hỏi nào trong ngân hàng mà vòng thi này được dùng: %(names)s.")
            % {"names": ", ".join(strangers)}
        )
        return
    if sum(row.count for row in data.blueprint) > MAX_QUESTIONS:
        errors.setdefault("__all__", []).append(
            _("Một vòng thi trực tiếp có tối đa %(max)d câu.") % {"max": MAX_QUESTIONS}
        )
        return
    short = drawing.blueprint_shortfall(
        _pool_round(stage, data.unseen_only), data.blueprint, unseen_only=data.unseen_only
    )
    if short:
        errors.setdefault("__all__", []).extend(shortfall_errors(short, unseen_only=data.unseen_only))


def _entered_teams(data: LiveRoundData) -> list[Team]:
    teams = {team.pk: team for team in data.teams}
    if data.team_units:
        for team in Team.objects.filter(scope_q(data.team_units)).select_related("unit"):
            teams.setdefault(team.pk, team)
    if data.qualifications:
        qualified = Team.objects.filter(qualifications__qualification__in=data.qualifications).select_related("unit")
        for team in qualified:
            teams.setdefault(team.pk, team)
    return sorted(teams.values(), key=lambda t: (t.name.lower(), t.pk))


def _check_teams(errors: dict[str, list[str]], data: LiveRoundData, stage: Stage) -> list[Team]:
    unit = stage.competition.unit
    in_force = set(
        Qualification.objects.published()
        .filter(into_stage=stage, pk__in=[q.pk for q in data.qualifications])
        .values_list("pk", flat=True)
    )
    unusable = [str(q) for q in data.qualifications if q.pk not in in_force]
    if unusable:
        errors.setdefault("qualifications", []).append(
            _("Danh sách vào vòng không dùng được (chưa công bố, đã được thay thế hoặc của giai đoạn khác): %(names)s.")
            % {"names": ", ".join(unusable)}
        )
    outside_units = [u.name for u in data.team_units if not u.is_within(unit)]
    if outside_units:
        errors.setdefault("team_units", []).append(
            _("Đơn vị không thuộc phạm vi cuộc thi: %(names)s.") % {"names": ", ".join(outside_units)}
        )
    outside_teams = [t.name for t in data.teams if not t.unit.is_within(unit)]
    if outside_teams:
        errors.setdefault("teams", []).append(
            _("Tổ không thuộc phạm vi cuộc thi: %(names)s.") % {"names": ", ".join(outside_teams)}
        )
    if outside_units or outside_teams or unusable:
        return []
    teams = _entered_teams(data)
    if not teams:
        errors.setdefault("teams", []).append(
            _(
                "Chưa có tổ dự thi: hãy chọn tổ, đơn vị có tổ hoặc danh sách vào vòng "
                "(các đơn vị đã chọn chưa có tổ nào)."
            )
        )
    return teams


def _captains(errors: dict[str, list[str]], data: LiveRoundData, teams: list[Team]) -> dict[int, int | None]:
    """Each entered team's captain: the one chosen (a member of the team) or the team's leader."""
    ids = [t.pk for t in teams]
    chosen = {team_id: user for team_id, user in data.captains.items() if user is not None and team_id in ids}
    members = set(
        Membership.objects.filter(team_id__in=chosen, user_id__in=[u.pk for u in chosen.values()]).values_list(
            "team_id", "user_id"
        )
    )
    strangers = [
        f"{user.display_name} ({team.name})"
        for team in teams
        if (user := chosen.get(team.pk)) is not None and (team.pk, user.pk) not in members
    ]
    if strangers:
        errors.setdefault("captains", []).append(
            _("Đội trưởng phải là thành viên của tổ: %(names)s.") % {"names": ", ".join(strangers)}
        )
    leaders = dict(
        Membership.objects.filter(team_id__in=ids, role=Membership.Role.LEADER).values_list("team_id", "user_id")
    )
    return {team_id: (chosen[team_id].pk if team_id in chosen else leaders.get(team_id)) for team_id in ids}


@dataclass(frozen=True)
class _Checked:
    teams: list[Team]
    captains: dict[int, int | None]


def guest_limit(data: LiveRoundData) -> int:
    """The guests ``data`` lets in: the organiser's number, or the round's default when none was given."""
    return DEFAULT_GUEST_LIMIT if data.guest_limit is None else data.guest_limit


def _validate(data: LiveRoundData, *, stage: Stage, now: datetime, kept: set[int] = frozenset()) -> _Checked:
    """Every refusal for ``data``, all at once, before anything is written."""
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors.setdefault("title", []).append(_("Hãy nhập tên vòng thi."))
    if closes_at_for(data.opens_at) <= now:
        errors.setdefault("opens_at", []).append(
            _("Giờ bắt đầu đã qua hơn một ngày: vòng thi trực tiếp chơi được trong một ngày kể từ giờ bắt đầu.")
        )
    if not 1 <= guest_limit(data) <= MAX_GUEST_LIMIT:
        errors.setdefault("guest_limit", []).append(_("Số khách tối đa từ 1 đến %(max)d.") % {"max": MAX_GUEST_LIMIT})
    if data.team_mode not in LiveRound.TeamMode.values:
        errors.setdefault("team_mode", []).append(_("Hãy chọn cách tính điểm đội."))
    if data.questions and data.blueprint:
        errors.setdefault("__all__", []).append(
            _("Hãy chọn câu hỏi từng câu hoặc rút theo cấu trúc đề, không dùng cả hai.")
        )
    elif not data.questions and not data.blueprint:
        errors.setdefault("questions", []).append(
            _("Vòng thi chưa có câu hỏi: hãy chọn câu hỏi hoặc nhập cấu trúc đề để rút.")
        )
    elif data.questions:
        if len(data.questions) > MAX_QUESTIONS:
            errors.setdefault("questions", []).append(
                _("Một vòng thi trực tiếp có tối đa %(max)d câu.") % {"max": MAX_QUESTIONS}
            )
        _check_slot_numbers(errors, [s.duration_seconds for s in data.questions], [s.points for s in data.questions])
        _check_picked(errors, data, stage, kept)
    else:
        _check_slot_numbers(errors, [data.duration_seconds], [data.points])
        _check_blueprint(errors, data, stage)
    teams = _check_teams(errors, data, stage)
    captains = _captains(errors, data, teams)
    if errors:
        raise ValidationError(errors)
    return _Checked(teams=teams, captains=captains)


# --- Writes -----------------------------------------------------------------


def _slots(data: LiveRoundData, stage: Stage) -> list[tuple[QuestionSlot, list[int] | None]]:
    """The round's questions in order, each with a choice order when the draw made one."""
    if data.questions:
        return [(slot, None) for slot in data.questions]
    drawn = drawing.draw_questions(
        round=_pool_round(stage, data.unseen_only),
        rng=_system_random,
        rows=data.blueprint,
        unseen_only=data.unseen_only,
    )
    return [(QuestionSlot(d.question, data.duration_seconds, data.points), list(d.choice_order)) for d in drawn]


def _shuffled_keys(question_ids: list[int]) -> dict[int, list[int]]:
    """Each question's choice keys in a fresh order (steps never already in their right one)."""
    keys: dict[int, list[int]] = {}
    kinds = dict(Question.objects.filter(pk__in=question_ids).values_list("pk", "kind"))
    choices = Choice.objects.filter(question_id__in=question_ids).order_by("question_id", "position")
    for question_id, key in choices.values_list("question_id", "key"):
        keys.setdefault(question_id, []).append(key)
    return {pk: marking.shuffled(kinds[pk], order, _system_random) for pk, order in keys.items()}


def _write_questions(live_round: LiveRound, slots: list[tuple[QuestionSlot, list[int] | None]]) -> None:
    """Replace the round's questions. A question it already had keeps its choice order."""
    kept = dict(live_round.questions.values_list("question_id", "choice_order"))
    live_round.questions.all().delete()
    fresh = _shuffled_keys(
        [slot.question.pk for slot, order in slots if order is None and slot.question.pk not in kept]
    )
    LiveQuestion.objects.bulk_create(
        LiveQuestion(
            live_round=live_round,
            question=slot.question,
            position=position,
            duration_seconds=slot.duration_seconds,
            points=slot.points,
            choice_order=kept.get(slot.question.pk) or order or fresh.get(slot.question.pk, []),
        )
        for position, (slot, order) in enumerate(slots)
    )


def _write_entries(live_round: LiveRound, checked: _Checked) -> None:
    """Enter exactly these teams; teams that stay keep their row, their captain changes as asked."""
    wanted = {team.pk for team in checked.teams}
    live_round.entries.exclude(team_id__in=wanted).delete()
    have = {entry.team_id: entry for entry in live_round.entries.all()}
    changed = [entry for team_id, entry in have.items() if entry.captain_id != checked.captains[team_id]]
    for entry in changed:
        entry.captain_id = checked.captains[entry.team_id]
    LiveEntry.objects.bulk_update(changed, ["captain"])
    LiveEntry.objects.bulk_create(
        LiveEntry(live_round=live_round, team=team, captain_id=checked.captains[team.pk])
        for team in checked.teams
        if team.pk not in have
    )


def _create_with_code(round: Round, data: LiveRoundData) -> LiveRound:
    """A LiveRound with a code no unfinished round has; the database's partial unique constraint decides."""
    for _try in range(CODE_TRIES):
        code = random_code()
        try:
            with transaction.atomic():  # a savepoint: a clash with a round saved meanwhile undoes this row only
                return LiveRound.objects.create(
                    round=round,
                    code=code,
                    team_mode=data.team_mode,
                    guests_allowed=data.guests_allowed,
                    guest_limit=guest_limit(data),
                )
        except IntegrityError:
            continue
    raise ValidationError(_("Không tạo được mã tham gia, hãy thử lưu lại."))


def _apply_round(round: Round, data: LiveRoundData, slots: list[tuple[QuestionSlot, list[int] | None]]) -> None:
    round.title = data.title.strip()
    round.opens_at = data.opens_at
    round.closes_at = closes_at_for(data.opens_at)
    round.unseen_only = data.unseen_only if data.blueprint else False
    # Informative only (nobody's attempt is timed by it): the questions' time together.
    round.time_limit_seconds = max(1, sum(slot.duration_seconds for slot, _order in slots))


def create_live_round(*, actor: User, stage: Stage, data: LiveRoundData, now: datetime | None = None) -> LiveRound:
    """A live round in ``stage``, published at once: its join code works from now on.

    Refused, with every reason at once and nothing saved: no title, a start
    more than a day ago, no question or both ways of choosing them, a
    question that is not an approved one of the competition's bank, a
    blueprint the bank cannot fill, a time outside 5–300 s, points outside
    0–10,000, a team or unit outside the competition's unit, no team at all,
    a captain who is not a member of their team.
    """
    now = now or timezone.now()
    _check_organiser(actor, stage.competition)
    checked = _validate(data, stage=stage, now=now)
    with transaction.atomic():
        slots = _slots(data, stage)
        round = Round(stage=stage, mode=Round.Mode.LIVE, published_at=now, entry=Round.Entry.TEAM_MEMBERS)
        _apply_round(round, data, slots)
        round.save()
        round.eligible_units.set(data.team_units)
        live_round = _create_with_code(round, data)
        _write_questions(live_round, slots)
        _write_entries(live_round, checked)
    return live_round


def edit_problem(live_round: LiveRound) -> str | None:
    """Why the round can no longer be changed, or None while it waits in the lobby."""
    if live_round.status == LiveRound.Status.FINISHED:
        return _("Vòng thi trực tiếp đã kết thúc nên không sửa được nữa.")
    if live_round.status != LiveRound.Status.LOBBY or live_round.started_at is not None:
        return _("Vòng thi trực tiếp đã bắt đầu nên không sửa được nữa.")
    return None


def update_live_round(
    *, actor: User, live_round: LiveRound, data: LiveRoundData, now: datetime | None = None
) -> LiveRound:
    """Change a live round while it waits in the lobby; refused once the host has started it.

    The same refusals as create_live_round; the versions the round already
    has stay allowed even if the bank has a newer one by now. A team whose
    players already wait in the lobby is not taken out. The join code and
    the projector's token stay.
    """
    now = now or timezone.now()
    stage = live_round.round.stage
    _check_organiser(actor, stage.competition)
    kept = set(live_round.questions.values_list("question_id", flat=True))
    checked = _validate(data, stage=stage, now=now, kept=kept)
    with transaction.atomic():
        live_round = (
            LiveRound.objects.select_for_update()
            .select_related("round__stage__competition__unit")
            .get(pk=live_round.pk)
        )
        if problem := edit_problem(live_round):
            raise ValidationError(problem)
        wanted = {team.pk for team in checked.teams}
        waiting = sorted(set(live_round.players.exclude(team_id__in=wanted).values_list("team__name", flat=True)))
        if waiting:
            raise ValidationError(
                {
                    "teams": _("Tổ đã có người vào phòng chờ nên không bỏ ra được: %(names)s.")
                    % {"names": ", ".join(waiting)}
                }
            )
        slots = _slots(data, stage)
        round = live_round.round
        _apply_round(round, data, slots)
        round.save(update_fields=["title", "opens_at", "closes_at", "unseen_only", "time_limit_seconds"])
        round.eligible_units.set(data.team_units)
        live_round.team_mode, live_round.guests_allowed = data.team_mode, data.guests_allowed
        live_round.guest_limit = guest_limit(data)
        live_round.save(update_fields=["team_mode", "guests_allowed", "guest_limit"])
        _write_questions(live_round, slots)
        _write_entries(live_round, checked)
    return live_round


def live_round_data(live_round: LiveRound) -> LiveRoundData:
    """The round as it is saved, as the data that would save it again (the edit form's first values)."""
    round = live_round.round
    entries = list(live_round.entries.select_related("team__unit", "captain"))
    units = list(round.eligible_units.all())
    by_units = {t.pk for t in Team.objects.filter(scope_q(units))} if units else set()
    entered = {e.team_id for e in entries}
    qualified: dict[Qualification, set[int]] = {}
    for qualification, team_id in qualified_teams(round.stage):
        qualified.setdefault(qualification, set()).add(team_id)
    chosen = [q for q, team_ids in qualified.items() if team_ids <= entered]
    by_lists = set().union(*(qualified[q] for q in chosen))
    return LiveRoundData(
        title=round.title,
        opens_at=round.opens_at,
        team_mode=live_round.team_mode,
        guests_allowed=live_round.guests_allowed,
        guest_limit=live_round.guest_limit,
        questions=[
            QuestionSlot(q.question, q.duration_seconds, q.points)
            for q in live_round.questions.select_related("question__topic").order_by("position")
        ],
        teams=[e.team for e in entries if e.team_id not in by_units | by_lists],
        team_units=units,
        qualifications=chosen,
        captains={e.team_id: e.captain for e in entries},
    )


def qualified_teams(stage: Stage) -> list[tuple[Qualification, int]]:
    """(list, team id) for each team of the published qualification lists into ``stage``, in one query."""
    lists = {q.pk: q for q in Qualification.objects.published().filter(into_stage=stage).select_related("from_stage")}
    rows = QualifiedTeam.objects.filter(qualification_id__in=lists).values_list("qualification_id", "team_id")
    return [(lists[qualification_id], team_id) for qualification_id, team_id in rows]
