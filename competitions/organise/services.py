"""Organiser writes for competitions, stages and self-paced rounds.

The rules (opens before closes, no blueprint change once attempts drew their
questions, no silent reopening of a closed round, a round is a draft until it
is published and published only when the bank can fill its blueprint) live
in the write functions here; the organiser's forms and the admin only shape
the input.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from competitions import drawing
from competitions.models import (
    DEFAULT_PREDICTION_PROMPT,
    REVIEW_NOTE_MAX,
    Attempt,
    AttemptFlag,
    BlueprintItem,
    Competition,
    Round,
    Stage,
)
from questionbank.models import Question, Topic
from quizsite.accounts.models import Unit, User
from quizsite.accounts.permissions import is_organiser_of

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
    # Draw only questions whose answers no round has shown yet.
    unseen_only: bool = False
    blueprint: Sequence[BlueprintRow] = field(default_factory=list)
    # The organiser ticked "reopen a closed round".
    reopen: bool = False
    # When members who have not played are reminded; None: competitions.reminders.default_remind_at.
    remind_at: datetime | None = None

    @classmethod
    def from_form(cls, data: dict, *, blueprint: Sequence[BlueprintRow]) -> RoundData:
        """From a form's cleaned data: the organiser's round form and the admin's read the same fields."""
        return cls(
            title=data["title"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            time_limit_minutes=data["time_limit_minutes"],
            attempts_allowed=data["attempts_allowed"],
            entry=data["entry"],
            eligible_units=list(data["eligible_units"]),
            prediction_enabled=data["prediction_enabled"],
            prediction_prompt=data["prediction_prompt"] or DEFAULT_PREDICTION_PROMPT,
            answers_shown=data["answers_shown"],
            unseen_only=data["unseen_only"],
            blueprint=blueprint,
            reopen=data.get("reopen", False),
            remind_at=data.get("remind_at"),
        )


@dataclass(frozen=True)
class SavedRound:
    round: Round
    # Set when a closed round was opened again: what the organiser is told.
    reopened_note: str = ""
    # Set when attempts under way had their deadline brought forward to the new close.
    capped_note: str = ""


def _check_organiser(actor: User, competition: Competition) -> None:
    """The organiser pages and the admin alike: only an organiser of the competition's unit changes its rounds."""
    if not is_organiser_of(actor, competition.unit):
        raise PermissionDenied


def _validate_round(data: RoundData, *, competition: Competition, round: Round | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors.setdefault("title", []).append(_("Hãy nhập tên vòng thi."))
    if data.opens_at >= data.closes_at:
        errors.setdefault("closes_at", []).append(_("Thời điểm đóng phải sau thời điểm mở vòng thi."))
    if data.remind_at is not None and not data.opens_at <= data.remind_at < data.closes_at:
        errors.setdefault("remind_at", []).append(
            _("Giờ nhắc phải trong lúc vòng thi mở: từ giờ mở đến trước giờ đóng.")
        )
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
    known = blueprint_topic_ids(competition, round)
    strangers = sorted({str(row.topic) for row in data.blueprint if row.topic.pk not in known})
    if strangers:
        errors.setdefault("__all__", []).append(
            _("Chủ đề không có câu hỏi nào trong ngân hàng mà vòng thi này được dùng: %(names)s.")
            % {"names": ", ".join(strangers)}
        )
    if errors:
        raise ValidationError(errors)


def blueprint_topic_ids(competition: Competition, round: Round | None = None) -> set[int]:
    """Topics a blueprint row may name: those of the competition's bank, and those the round already uses."""
    ids = drawing.bank_topic_ids(competition.unit)
    if round is not None:
        ids |= set(round.blueprint.values_list("topic_id", flat=True))
    return ids


def blueprint_rows(round: Round) -> list[BlueprintRow]:
    return [
        BlueprintRow(topic=item.topic, difficulty=item.difficulty, count=item.count)
        for item in round.blueprint.select_related("topic").order_by("pk")
    ]


def _same_blueprint(old: Iterable[BlueprintRow], new: Iterable[BlueprintRow]) -> bool:
    """Same rows in any order: reordering is not a change of what is drawn."""
    return sorted(row.key() for row in old) == sorted(row.key() for row in new)


def _difficulty_label(difficulty: int | None) -> str:
    return str(Question.Difficulty(difficulty).label).lower() if difficulty else _("mọi độ khó")


def shortfall_errors(shortfall: Iterable[drawing.Shortfall], *, unseen_only: bool) -> list[str]:
    """One line per blueprint row the bank cannot fill: what it asks and what the bank has."""
    if unseen_only:
        line = _(
            "“%(topic)s”, %(difficulty)s: cần %(needed)d câu, "
            "ngân hàng chỉ có %(available)d câu chưa từng công bố đáp án."
        )
    else:
        line = _("“%(topic)s”, %(difficulty)s: cần %(needed)d câu, ngân hàng chỉ có %(available)d câu đã duyệt.")
    return [_("Ngân hàng câu hỏi chưa đủ cho cấu trúc đề:")] + [
        line
        % {
            "topic": short.item.topic,
            "difficulty": _difficulty_label(short.item.difficulty),
            "needed": short.needed,
            "available": short.available,
        }
        for short in shortfall
    ]


def _apply(round: Round, data: RoundData) -> None:
    round.title = data.title.strip()
    round.opens_at, round.closes_at = data.opens_at, data.closes_at
    round.time_limit_seconds = data.time_limit_minutes * 60
    round.attempts_allowed = data.attempts_allowed
    round.entry = data.entry
    round.prediction_enabled = data.prediction_enabled
    round.prediction_prompt = data.prediction_prompt.strip()
    round.answers_shown = data.answers_shown
    round.unseen_only = data.unseen_only
    round.remind_at = data.remind_at


def _replace_blueprint(round: Round, rows: Iterable[BlueprintRow]) -> None:
    round.blueprint.all().delete()
    BlueprintItem.objects.bulk_create(
        BlueprintItem(round=round, topic=row.topic, difficulty=row.difficulty, count=row.count) for row in rows
    )


@transaction.atomic
def create_round(*, actor: User, stage: Stage, data: RoundData) -> Round:
    """A self-paced round with its blueprint and eligible units, saved as a draft.

    Members neither see nor start it until publish_round, which first checks
    that the bank can fill the blueprint.
    """
    _check_organiser(actor, stage.competition)
    _validate_round(data, competition=stage.competition)
    round = Round(stage=stage, mode=Round.Mode.SELF_PACED)
    _apply(round, data)
    round.save()
    round.eligible_units.set(data.eligible_units)
    _replace_blueprint(round, data.blueprint)
    return round


def publish_round(*, actor: User, round: Round, now: datetime | None = None) -> Round:
    """Let members see and play a draft round. Publishing twice changes nothing.

    Refused while the round has no blueprint row, while the bank cannot fill
    a row (each such row is named with what it asks and what the bank has),
    or once its closing time has passed.
    """
    now = now or timezone.now()
    _check_organiser(actor, round.stage.competition)
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("stage__competition__unit").get(pk=round.pk)
        if round.published_at is not None:
            return round
        if round.closes_at <= now:
            raise ValidationError(
                {
                    "closes_at": _("Giờ đóng (%(at)s) đã qua: hãy dời giờ đóng rồi công bố.")
                    % {"at": _local(round.closes_at)}
                }
            )
        if not round.blueprint.exists():
            raise ValidationError(_("Chưa công bố được: cấu trúc đề chưa có dòng nào."))
        short = drawing.blueprint_shortfall(round)
        if short:
            raise ValidationError(shortfall_errors(short, unseen_only=round.unseen_only))
        round.published_at = now
        round.save(update_fields=["published_at"])
    return round


@dataclass(frozen=True)
class _Change:
    blueprint_changed: bool
    reopening: bool
    old_closes_at: datetime


def _check_change(round: Round, data: RoundData, *, now: datetime) -> _Change:
    """update_round's refusals for this round as it is now (locked by the caller when it writes)."""
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
    if data.unseen_only != round.unseen_only and attempts:
        raise ValidationError(
            {
                "unseen_only": _(
                    "Vòng thi đã có %(n)d lượt thi rút câu hỏi theo lựa chọn hiện tại, "
                    "nên không đổi lựa chọn này được nữa."
                )
                % {"n": attempts}
            }
        )
    if round.published_at is not None and (blueprint_changed or data.unseen_only and not round.unseen_only):
        short = drawing.blueprint_shortfall(round, data.blueprint, unseen_only=data.unseen_only)
        if short:
            raise ValidationError(shortfall_errors(short, unseen_only=data.unseen_only))
    reopening = round.status_at(now) == Round.Status.CLOSED and data.closes_at > now
    if reopening and not data.reopen:
        raise ValidationError(
            {
                "closes_at": _("Vòng thi đã đóng lúc %(at)s. Muốn mở lại, hãy đánh dấu ô “Mở lại vòng thi đã đóng”.")
                % {"at": _local(round.closes_at)}
            }
        )
    if attempts and data.closes_at < round.closes_at and data.closes_at < now:
        raise ValidationError(
            {
                "closes_at": _(
                    "Vòng thi đã có lượt thi nên không dời giờ đóng về quá khứ được (bây giờ là %(now)s). "
                    "Muốn kết thúc sớm, hãy chọn một thời điểm sắp tới."
                )
                % {"now": _local(now)}
            }
        )
    return _Change(blueprint_changed=blueprint_changed, reopening=reopening, old_closes_at=round.closes_at)


def validate_round(
    *, actor: User, stage: Stage, data: RoundData, round: Round | None = None, now: datetime | None = None
) -> None:
    """Every refusal create_round (``round`` None) or update_round would give, without writing.

    For a page that must show them before it saves anything else (the admin,
    whose blueprint rows are saved after the round itself).
    """
    _check_organiser(actor, stage.competition)
    _validate_round(data, competition=stage.competition, round=round)
    if round is not None:
        _check_change(round, data, now=now or timezone.now())


def update_round(*, actor: User, round: Round, data: RoundData, now: datetime | None = None) -> SavedRound:
    """Edit a round. Refused: a blueprint change once attempts exist, a silent reopening,
    and on a published round, a blueprint the bank cannot fill.

    Closing time: an attempt's deadline is min(start + time limit, closes_at),
    fixed when it starts. Moving closes_at earlier brings the deadline of
    every attempt under way forward to the new close, in the same
    transaction, so nobody plays past it. Moving it later extends nobody.
    Moving it into the past is refused once attempts exist: answers already
    given under the old time would be voided after the fact.
    """
    now = now or timezone.now()
    _check_organiser(actor, round.stage.competition)
    _validate_round(data, competition=round.stage.competition, round=round)
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("stage__competition__unit").get(pk=round.pk)
        change = _check_change(round, data, now=now)
        blueprint_changed, reopening, old_closes_at = change.blueprint_changed, change.reopening, change.old_closes_at
        _apply(round, data)
        if reopening:
            # The closing job takes the round's results again at the new close.
            round.prediction_actual = None
            round.results_taken_at = None
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
    return (
        Attempt.objects.unfinished()
        .filter(round=round, deadline__gt=round.closes_at, started_at__lt=round.closes_at)
        .update(deadline=round.closes_at)
    )


def _local(at: datetime) -> str:
    return timezone.localtime(at).strftime("%H:%M %d/%m/%Y")


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
