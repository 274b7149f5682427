"""Organiser writes and reads for competitions, stages and self-paced rounds.

Lookups return the object or raise: a person with neither the organiser nor
the viewer role gets a 403; an object outside their subtrees a 404; a viewer
asking to change something in their subtree a 403.

The rules (opens before closes, no blueprint change once attempts drew their
questions, no silent reopening of a closed round) live in the write
functions here; forms only shape the input.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from questionbank.models import Choice, Question, Topic
from quizsite.accounts.models import RoleAssignment, Unit, User
from quizsite.accounts.permissions import is_organiser_of, officer_units, require_role, scope_q

from . import services
from .models import REVIEW_NOTE_MAX, Attempt, AttemptFlag, BlueprintItem, Competition, Round, Stage

Role = RoleAssignment.Role
READERS = (Role.ORGANISER, Role.VIEWER)
# The level the dashboard groups teams by: the commune (or ward, special zone).
COMMUNE_KINDS = (Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.SPECIAL_ZONE)


# --- Who may see and change what --------------------------------------------


def competitions_for_officer(user) -> QuerySet[Competition]:
    """Competitions whose organising unit lies in the user's organiser/viewer subtrees."""
    return Competition.objects.filter(scope_q(require_role(user, *READERS))).select_related("unit")


def _check_write(user, unit: Unit, write: bool) -> None:
    if write and not is_organiser_of(user, unit):
        raise PermissionDenied


def get_competition_for_officer(user, pk: int, *, write: bool = False) -> Competition:
    units = require_role(user, *READERS)
    competition = Competition.objects.select_related("unit").filter(scope_q(units), pk=pk).first()
    if competition is None:
        raise Http404
    _check_write(user, competition.unit, write)
    return competition


def get_stage_for_officer(user, pk: int, *, write: bool = False) -> Stage:
    units = require_role(user, *READERS)
    stage = Stage.objects.select_related("competition__unit").filter(scope_q(units, "competition__unit"), pk=pk).first()
    if stage is None:
        raise Http404
    _check_write(user, stage.competition.unit, write)
    return stage


def get_round_for_officer(user, pk: int, *, write: bool = False) -> Round:
    """A self-paced round in the user's subtree (live rounds have their own pages)."""
    units = require_role(user, *READERS)
    round = (
        Round.objects.select_related("stage__competition__unit")
        .filter(scope_q(units, "stage__competition__unit"), pk=pk, mode=Round.Mode.SELF_PACED)
        .first()
    )
    if round is None:
        raise Http404
    _check_write(user, round.stage.competition.unit, write)
    return round


def get_flag_for_officer(user, pk: int, *, write: bool = False) -> AttemptFlag:
    """A flag on an attempt of a self-paced round in the user's subtree."""
    units = require_role(user, *READERS)
    flag = (
        AttemptFlag.objects.select_related("attempt__user", "attempt__round__stage__competition__unit")
        .filter(
            scope_q(units, "attempt__round__stage__competition__unit"),
            pk=pk,
            attempt__round__mode=Round.Mode.SELF_PACED,
        )
        .first()
    )
    if flag is None:
        raise Http404
    _check_write(user, flag.attempt.round.stage.competition.unit, write)
    return flag


def organiser_scope_units(user) -> QuerySet[Unit]:
    """Units an organiser may name as a competition's owner: their subtrees, above hamlet level."""
    return (
        Unit.objects.within_any(officer_units(user, [Role.ORGANISER])).exclude(kind=Unit.Kind.HAMLET).order_by("path")
    )


def eligible_unit_choices(competition: Competition) -> QuerySet[Unit]:
    """Units a round of ``competition`` may open to: its subtree.

    Hamlets are offered only in a commune's (or smaller unit's) competition: a
    province has thousands of them, and choosing the commune covers them.
    """
    unit = competition.unit
    units = Unit.objects.subtree(unit).order_by("path")
    if unit.kind in (Unit.Kind.PROVINCE, Unit.Kind.DISTRICT):
        units = units.exclude(kind=Unit.Kind.HAMLET)
    return units


# --- Competitions and stages ------------------------------------------------


def _check_owner_unit(actor: User, unit: Unit) -> None:
    if not is_organiser_of(actor, unit):
        raise ValidationError({"unit": _("Bạn không tổ chức thi cho đơn vị này.")})


def create_competition(*, actor: User, unit: Unit, title: str, description: str = "") -> Competition:
    _check_owner_unit(actor, unit)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Hãy nhập tên cuộc thi.")})
    return Competition.objects.create(title=title, description=description.strip(), unit=unit, created_by=actor)


def update_competition(
    *, competition: Competition, actor: User, unit: Unit, title: str, description: str = ""
) -> Competition:
    _check_owner_unit(actor, unit)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Hãy nhập tên cuộc thi.")})
    competition.title, competition.description, competition.unit = title, description.strip(), unit
    competition.save(update_fields=["title", "description", "unit"])
    return competition


def _check_stage_dates(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and starts_on > ends_on:
        raise ValidationError({"ends_on": _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")})


def create_stage(
    *, competition: Competition, kind: str, title: str, starts_on: date | None = None, ends_on: date | None = None
) -> Stage:
    _check_stage_dates(starts_on, ends_on)
    with transaction.atomic():
        # Lock the competition so two stages added at once do not share a position.
        Competition.objects.select_for_update().filter(pk=competition.pk).first()
        last = competition.stages.aggregate(last=Max("position"))["last"]
        return Stage.objects.create(
            competition=competition,
            kind=kind,
            title=title.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            position=0 if last is None else last + 1,
        )


def update_stage(
    *, stage: Stage, kind: str, title: str, starts_on: date | None = None, ends_on: date | None = None
) -> Stage:
    _check_stage_dates(starts_on, ends_on)
    stage.kind, stage.title, stage.starts_on, stage.ends_on = kind, title.strip(), starts_on, ends_on
    stage.save(update_fields=["kind", "title", "starts_on", "ends_on"])
    return stage


@transaction.atomic
def move_stage(*, stage: Stage, up: bool) -> Stage:
    """Swap a stage with its neighbour; positions are renumbered 0, 1, 2… on the way."""
    Competition.objects.select_for_update().filter(pk=stage.competition_id).first()
    stages = list(Stage.objects.filter(competition_id=stage.competition_id).order_by("position", "pk"))
    index = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(stages):
        stages[index], stages[other] = stages[other], stages[index]
    for position, s in enumerate(stages):
        if s.position != position:
            s.position = position
            s.save(update_fields=["position"])
    return next(s for s in stages if s.pk == stage.pk)


# --- Rounds -----------------------------------------------------------------


@dataclass(frozen=True)
class BlueprintRow:
    topic: Topic
    difficulty: int | None
    count: int

    def key(self) -> tuple[int, int, int]:
        return (self.topic.pk, self.difficulty or 0, self.count)


@dataclass
class RoundData:
    title: str
    opens_at: datetime
    closes_at: datetime
    time_limit_minutes: int
    attempts_allowed: int = 1
    entry: str = Round.Entry.TEAM_MEMBERS
    eligible_units: Sequence[Unit] = field(default_factory=list)
    prediction_enabled: bool = False
    prediction_prompt: str = ""
    answers_shown: str = Round.AnswersShown.AFTER_CLOSE
    blueprint: Sequence[BlueprintRow] = field(default_factory=list)
    # The organiser ticked "reopen a closed round".
    reopen: bool = False


@dataclass(frozen=True)
class SavedRound:
    round: Round
    # Set when a closed round was opened again: what the organiser is told.
    reopened_note: str = ""
    # Set when attempts under way had their deadline brought forward to the new close.
    capped_note: str = ""


def _validate_round(data: RoundData, *, competition: Competition) -> None:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors.setdefault("title", []).append(_("Hãy nhập tên vòng thi."))
    if data.opens_at >= data.closes_at:
        errors.setdefault("closes_at", []).append(_("Thời điểm đóng phải sau thời điểm mở vòng thi."))
    if data.time_limit_minutes < 1:
        errors.setdefault("time_limit_minutes", []).append(_("Thời gian làm bài ít nhất 1 phút."))
    if data.attempts_allowed < 1:
        errors.setdefault("attempts_allowed", []).append(_("Mỗi người được ít nhất 1 lượt thi."))
    if data.prediction_enabled and not data.prediction_prompt.strip():
        errors.setdefault("prediction_prompt", []).append(_("Hãy nhập câu hỏi dự đoán."))
    outside = [u.name for u in data.eligible_units if not u.is_within(competition.unit)]
    if outside:
        errors.setdefault("eligible_units", []).append(
            _("Đơn vị không thuộc phạm vi cuộc thi: %(names)s.") % {"names": ", ".join(outside)}
        )
    if not data.blueprint:
        errors.setdefault("__all__", []).append(_("Cấu trúc đề cần ít nhất một dòng (chủ đề và số câu)."))
    if any(row.count < 1 for row in data.blueprint):
        errors.setdefault("__all__", []).append(_("Số câu của mỗi dòng phải từ 1 trở lên."))
    if errors:
        raise ValidationError(errors)


def blueprint_rows(round: Round) -> list[BlueprintRow]:
    return [
        BlueprintRow(topic=item.topic, difficulty=item.difficulty, count=item.count)
        for item in round.blueprint.select_related("topic").order_by("pk")
    ]


def _same_blueprint(old: Iterable[BlueprintRow], new: Iterable[BlueprintRow]) -> bool:
    """Same rows in any order: reordering is not a change of what is drawn."""
    return sorted(row.key() for row in old) == sorted(row.key() for row in new)


def _apply(round: Round, data: RoundData) -> None:
    round.title = data.title.strip()
    round.opens_at, round.closes_at = data.opens_at, data.closes_at
    round.time_limit_seconds = data.time_limit_minutes * 60
    round.attempts_allowed = data.attempts_allowed
    round.entry = data.entry
    round.prediction_enabled = data.prediction_enabled
    round.prediction_prompt = data.prediction_prompt.strip()
    round.answers_shown = data.answers_shown


def _replace_blueprint(round: Round, rows: Iterable[BlueprintRow]) -> None:
    round.blueprint.all().delete()
    BlueprintItem.objects.bulk_create(
        BlueprintItem(round=round, topic=row.topic, difficulty=row.difficulty, count=row.count) for row in rows
    )


@transaction.atomic
def create_round(*, stage: Stage, data: RoundData) -> Round:
    """A self-paced round with its blueprint and eligible units."""
    _validate_round(data, competition=stage.competition)
    round = Round(stage=stage, mode=Round.Mode.SELF_PACED)
    _apply(round, data)
    round.save()
    round.eligible_units.set(data.eligible_units)
    _replace_blueprint(round, data.blueprint)
    return round


def update_round(*, round: Round, data: RoundData, now: datetime | None = None) -> SavedRound:
    """Edit a round. Refused: a blueprint change once attempts exist, a silent reopening.

    Closing time: an attempt's deadline is min(start + time limit, closes_at),
    fixed when it starts. Moving closes_at earlier brings the deadline of
    every attempt under way forward to the new close, in the same
    transaction, so nobody plays past it. Moving it later extends nobody.
    Moving it into the past is refused once attempts exist: answers already
    given under the old time would be voided after the fact.
    """
    now = now or timezone.now()
    _validate_round(data, competition=round.stage.competition)
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("stage__competition__unit").get(pk=round.pk)
        blueprint_changed = not _same_blueprint(blueprint_rows(round), data.blueprint)
        attempts = round.attempts.count()
        if blueprint_changed and attempts:
            raise ValidationError(
                _(
                    "Vòng thi đã có %(n)d lượt thi; các lượt này đã rút câu hỏi theo cấu trúc đề hiện tại, "
                    "nên không đổi cấu trúc đề được nữa. Nếu cần đề khác, hãy tạo vòng thi mới."
                )
                % {"n": attempts}
            )
        was_closed = round.status_at(now) == Round.Status.CLOSED
        old_closes_at = round.closes_at
        reopening = was_closed and data.closes_at > now
        if reopening and not data.reopen:
            raise ValidationError(
                {
                    "closes_at": _(
                        "Vòng thi đã đóng lúc %(at)s. Muốn mở lại, hãy đánh dấu ô “Mở lại vòng thi đã đóng”."
                    )
                    % {"at": _local(old_closes_at)}
                }
            )
        if attempts and data.closes_at < old_closes_at and data.closes_at < now:
            raise ValidationError(
                {
                    "closes_at": _(
                        "Vòng thi đã có lượt thi nên không dời giờ đóng về quá khứ được (bây giờ là %(now)s). "
                        "Muốn kết thúc sớm, hãy chọn một thời điểm sắp tới."
                    )
                    % {"now": _local(now)}
                }
            )
        _apply(round, data)
        if reopening:
            # The closing job takes the prediction's actual number again at the new close.
            round.prediction_actual = None
        round.save()
        round.eligible_units.set(data.eligible_units)
        if blueprint_changed:
            _replace_blueprint(round, data.blueprint)
        capped = _cap_deadlines(round)
    note = ""
    if reopening:
        note = _("Đã mở lại vòng thi đã đóng: trước đóng lúc %(old)s, nay đóng lúc %(new)s.") % {
            "old": _local(old_closes_at),
            "new": _local(round.closes_at),
        }
    capped_note = ""
    if capped:
        capped_note = ngettext(
            "%(n)d lượt thi đang làm dở nay phải nộp trước giờ đóng mới (%(at)s).",
            "%(n)d lượt thi đang làm dở nay phải nộp trước giờ đóng mới (%(at)s).",
            capped,
        ) % {"n": capped, "at": _local(round.closes_at)}
    return SavedRound(round=round, reopened_note=note, capped_note=capped_note)


def _cap_deadlines(round: Round) -> int:
    """No attempt under way may run past the round's close; returns how many deadlines moved.

    Only attempts started before the close qualify (update_round refuses a
    close in the past once attempts exist), so a deadline stays after its start.
    """
    return Attempt.objects.filter(
        round=round, submitted_at__isnull=True, deadline__gt=round.closes_at, started_at__lt=round.closes_at
    ).update(deadline=round.closes_at)


def _local(at: datetime) -> str:
    return timezone.localtime(at).strftime("%H:%M %d/%m/%Y")


# --- The round dashboard ----------------------------------------------------


@dataclass
class UnitCount:
    unit_id: int | None
    name: str
    teams_eligible: int = 0
    teams_played: int = 0
    started: int = 0
    finished: int = 0
    people: int = 0

    def as_dict(self) -> dict:
        return {
            "id": self.unit_id,
            "name": self.name,
            "teams_eligible": self.teams_eligible,
            "teams_played": self.teams_played,
            "started": self.started,
            "finished": self.finished,
            "people": self.people,
        }


@dataclass
class TeamCount:
    team_id: int | None
    name: str
    unit: str
    started: int
    finished: int
    people: int

    def as_dict(self) -> dict:
        return {
            "id": self.team_id,
            "name": self.name,
            "unit": self.unit,
            "started": self.started,
            "finished": self.finished,
            "people": self.people,
        }


@dataclass
class LiveCounts:
    status: str
    started: int
    finished: int
    people: int
    units: list[UnitCount]
    teams: list[TeamCount]

    @property
    def in_progress(self) -> int:
        return self.started - self.finished

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "started": self.started,
            "finished": self.finished,
            "in_progress": self.in_progress,
            "people": self.people,
            "units": [u.as_dict() for u in self.units],
            "teams": [t.as_dict() for t in self.teams],
        }


def _commune_of(path: str, communes: dict[str, Unit]) -> Unit | None:
    """The commune-level unit on a unit's path (the deepest, should communes nest)."""
    found = None
    for part in path.strip("/").split("/"):
        found = communes.get(part, found)
    return found


def live_counts(round: Round, now: datetime | None = None) -> LiveCounts:
    """Attempts started and finished, by commune and by team, in a handful of aggregate queries.

    Queries: totals (1), per team (1), eligible teams per unit (1, plus 1 for
    the eligible roots), and the commune-level units on those paths (1); never
    one per team.
    """
    finished_q = Q(submitted_at__isnull=False)
    attempts = Attempt.objects.filter(round=round)
    totals = attempts.aggregate(
        started=Count("pk"), finished=Count("pk", filter=finished_q), people=Count("user", distinct=True)
    )
    per_team = list(
        attempts.values("team_id", "team__name", "team__unit__name", "team__unit__path")
        .annotate(started=Count("pk"), finished=Count("pk", filter=finished_q), people=Count("user", distinct=True))
        .order_by("-started", "team__name")
    )
    eligible = list(
        services.eligible_teams(round).values("unit__path").annotate(teams=Count("pk")).order_by("unit__path")
    )
    paths = [row["unit__path"] for row in eligible] + [row["team__unit__path"] or "" for row in per_team]
    ids = {int(part) for path in paths for part in path.strip("/").split("/") if part}
    communes = {str(u.pk): u for u in Unit.objects.filter(pk__in=ids, kind__in=COMMUNE_KINDS).only("pk", "name")}

    units: dict[int | None, UnitCount] = {}

    def unit_row(path: str | None) -> UnitCount:
        if path is None:
            return units.setdefault(None, UnitCount(None, _("Không thuộc tổ nào")))
        commune = _commune_of(path, communes)
        if commune is None:
            return units.setdefault(0, UnitCount(0, _("Đơn vị khác (không thuộc xã/phường)")))
        return units.setdefault(commune.pk, UnitCount(commune.pk, commune.name))

    for row in eligible:
        unit_row(row["unit__path"]).teams_eligible += row["teams"]
    teams = []
    for row in per_team:
        u = unit_row(row["team__unit__path"] if row["team_id"] else None)
        u.started += row["started"]
        u.finished += row["finished"]
        u.people += row["people"]  # a person plays for one team, so this does not double count
        if row["team_id"]:
            u.teams_played += 1
        teams.append(
            TeamCount(
                team_id=row["team_id"],
                name=row["team__name"] or _("Không thuộc tổ nào"),
                unit=row["team__unit__name"] or "",
                started=row["started"],
                finished=row["finished"],
                people=row["people"],
            )
        )
    ordered = sorted(units.values(), key=lambda u: (u.unit_id is None, u.unit_id == 0, -u.started, u.name))
    return LiveCounts(
        status=round.status_at(now),
        started=totals["started"],
        finished=totals["finished"],
        people=totals["people"],
        units=ordered,
        teams=teams,
    )


def round_flags(round: Round) -> QuerySet[AttemptFlag]:
    """The round's flags: not yet reviewed first (newest first), then the reviewed ones, latest review first."""
    return (
        AttemptFlag.objects.filter(attempt__round=round)
        .select_related("attempt__user", "attempt__team", "reviewed_by")
        .order_by(F("reviewed_at").desc(nulls_first=True), "-created_at", "pk")
    )


def review_flag(*, flag: AttemptFlag, reviewer: User, note: str = "", now: datetime | None = None) -> AttemptFlag:
    """Mark a flag as looked at (the attempt stays valid and counted), with an optional note.

    The caller has checked that ``reviewer`` organises the round's unit. A
    flag already reviewed keeps its first review: refused, so two organisers
    looking at once do not overwrite each other's note.
    """
    now = now or timezone.now()
    note = note.strip()
    if len(note) > REVIEW_NOTE_MAX:
        raise ValidationError(
            {"note": _("Ghi chú dài tối đa %(max)d ký tự (hiện có %(n)d).") % {"max": REVIEW_NOTE_MAX, "n": len(note)}}
        )
    with transaction.atomic():
        flag = AttemptFlag.objects.select_for_update(of=("self",)).select_related("reviewed_by").get(pk=flag.pk)
        if flag.reviewed_at is not None:
            who = flag.reviewed_by.display_name if flag.reviewed_by else _("một người khác")
            raise ValidationError(
                _("Cảnh báo này đã được %(who)s xem lúc %(at)s.") % {"who": who, "at": _local(flag.reviewed_at)}
            )
        flag.reviewed_by, flag.reviewed_at, flag.review_note = reviewer, now, note
        flag.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    return flag


# --- Preview ----------------------------------------------------------------


@dataclass(frozen=True)
class PreviewQuestion:
    position: int
    question: Question
    multiple: bool
    # Texts only, in the shuffled order a member sees: never which one is right.
    choices: list[str]


def preview_draw(round: Round, rng: random.Random | None = None) -> list[PreviewQuestion]:
    """A sample draw exactly as a member would get it. Reads only: no attempt, nothing marked used."""
    drawn = services.draw_questions(round=round, rng=rng or random.Random())
    texts = dict(Choice.objects.filter(question__in=[d.question.pk for d in drawn]).values_list("pk", "text"))
    return [
        PreviewQuestion(
            position=i,
            question=d.question,
            multiple=d.question.kind == Question.Kind.MULTIPLE,
            choices=[texts[pk] for pk in d.choice_order],
        )
        for i, d in enumerate(drawn, start=1)
    ]
