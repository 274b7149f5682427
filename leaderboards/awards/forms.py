"""The award pages' forms: a body, a list (period, what is ranked, prize table, rules), a reason."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import Competition
from leaderboards.periods import CALENDAR_KINDS, COMPETITION, KIND_LABELS, MONTH, QUARTER, STAGE, WEEK, YEAR, Period
from quizsite.accounts.models import Category, Unit

from .eligibility import ANY, CATEGORIES, EMPTY
from .models import AwardingBody, AwardList
from .services import ListData, check_tiers

TIER_ROWS = 6
DEFAULT_TIERS = [("Giải Nhất", 1), ("Giải Nhì", 2), ("Giải Ba", 3), ("Giải Khuyến khích", 10)]
PERIOD_KINDS = [(kind, KIND_LABELS[kind]) for kind in (WEEK, MONTH, QUARTER, YEAR, STAGE, COMPETITION)]


class BodyForm(forms.Form):
    name = forms.CharField(
        label=_("Tên cơ quan trao giải"),
        max_length=200,
        help_text=_("Ví dụ: Sở Khoa học và Công nghệ, Tỉnh đoàn, UBND xã."),
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=AwardingBody.Kind.choices)
    unit = forms.ModelChoiceField(label=_("Thuộc đơn vị"), queryset=Unit.objects.none(), empty_label=None)

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")


class AwardListForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Cơ quan trao giải"), queryset=AwardingBody.objects.none(), empty_label=None)
    title = forms.CharField(
        label=_("Tiêu đề"), max_length=300, required=False, help_text=_("Để trống để đặt theo kỳ xét giải.")
    )
    period_kind = forms.ChoiceField(label=_("Xét giải theo"), choices=PERIOD_KINDS, initial=WEEK)
    day = forms.DateField(
        label=_("Một ngày trong kỳ"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Với tuần, tháng, quý, năm: kỳ chứa ngày này."),
    )
    stage = forms.ModelChoiceField(
        label=_("Giai đoạn"), queryset=None, required=False, help_text=_("Khi xét giải theo giai đoạn.")
    )
    ranked = forms.ChoiceField(
        label=_("Xét giải cho"), choices=AwardList.Ranked.choices, initial=AwardList.Ranked.PEOPLE
    )
    unit_kind = forms.ChoiceField(
        label=_("Cấp đơn vị"),
        required=False,
        choices=[("", _("Các đơn vị trực thuộc phạm vi"))] + list(Unit.Kind.choices),
        help_text=_("Chỉ khi xét giải cho đơn vị."),
    )
    scope = forms.ModelChoiceField(
        label=_("Phạm vi xét giải"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Theo đơn vị của cơ quan trao giải"),
    )
    youth_union_only = forms.BooleanField(label=_("Chỉ xét đoàn viên (Đoàn Thanh niên)"), required=False)
    exclude_officers = forms.BooleanField(
        label=_("Không xét cán bộ của đơn vị tổ chức (mọi vai trò cán bộ từ đơn vị tổ chức trở lên và bên trong)"),
        required=False,
    )
    one_prize_per_team = forms.BooleanField(label=_("Mỗi tổ tối đa một giải"), required=False)
    skip_earlier_winners = forms.BooleanField(
        label=_("Bỏ qua người đã đạt giải ở danh sách trước của cùng cơ quan trong cuộc thi này"), required=False
    )
    unfilled = forms.ChoiceField(
        label=_("Khi một đối tượng không đủ người đạt giải"),
        choices=[
            (EMPTY, _("Để trống suất giải đó")),
            (ANY, _("Trao cho người có kết quả tốt nhất còn lại, thuộc bất kỳ đối tượng nào")),
        ],
        initial=EMPTY,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Chỉ với loại giải chia theo đối tượng."),
    )

    def __init__(
        self, *args, competition: Competition, bodies, scope_units, award_list: AwardList | None = None, **kwargs
    ):
        # The edit page (no data posted: ``None`` as the views pass it) starts from the saved list.
        posted = args[0] if args else kwargs.get("data")
        if award_list is not None and posted is None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(award_list)
        super().__init__(*args, **kwargs)
        self.competition = competition
        self.fields["body"].queryset = AwardingBody.objects.filter(pk__in=[b.pk for b in bodies])
        self.fields["stage"].queryset = competition.stages.order_by("position", "pk")
        self.fields["scope"].queryset = Unit.objects.filter(pk__in=[u.pk for u in scope_units]).order_by("path")
        if "day" not in self.initial:
            self.initial["day"] = timezone.localdate() - timedelta(days=7)
        for i in range(TIER_ROWS):
            name, count = DEFAULT_TIERS[i] if i < len(DEFAULT_TIERS) else ("", None)
            self.fields[f"tier_name_{i}"] = forms.CharField(label=_("Tên giải"), max_length=100, required=False)
            # No min or max here: services.check_tiers holds the limits and their one message.
            self.fields[f"tier_count_{i}"] = forms.IntegerField(label=_("Số giải"), required=False)
            for category in CATEGORIES:
                self.fields[f"tier_{category}_{i}"] = forms.IntegerField(label=Category(category).label, required=False)
            if award_list is None and not self.is_bound:
                self.initial.setdefault(f"tier_name_{i}", name)
                self.initial.setdefault(f"tier_count_{i}", count)

    @staticmethod
    def initial_from(award_list: AwardList) -> dict:
        period = Period.from_slug(award_list.period_slug)
        initial = {
            "body": award_list.body_id,
            "title": award_list.title,
            "period_kind": period.kind,
            "day": period.first,
            "stage": period.stage_id,
            "ranked": award_list.ranked,
            "unit_kind": award_list.unit_kind,
            "scope": award_list.scope_id,
            "youth_union_only": award_list.youth_union_only,
            "exclude_officers": award_list.exclude_officers,
            "one_prize_per_team": award_list.one_prize_per_team,
            "skip_earlier_winners": award_list.skip_earlier_winners,
        }
        for i, tier in enumerate(award_list.tiers[:TIER_ROWS]):
            initial[f"tier_name_{i}"] = tier["name"]
            initial[f"tier_count_{i}"] = tier["count"]
            for category, places in tier.get("split", {}).items():
                initial[f"tier_{category}_{i}"] = places
            if "unfilled" in tier:
                initial["unfilled"] = tier["unfilled"]
        return initial

    @property
    def tier_rows(self):
        """Per tier: its name, its count and its places per category (Category order)."""
        return [
            (self[f"tier_name_{i}"], self[f"tier_count_{i}"], [self[f"tier_{c}_{i}"] for c in CATEGORIES])
            for i in range(TIER_ROWS)
        ]

    def clean(self):
        data = super().clean()
        kind = data.get("period_kind")
        if kind in CALENDAR_KINDS:
            if not data.get("day"):
                self.add_error("day", _("Hãy chọn một ngày trong kỳ xét giải."))
            else:
                period = Period.of(kind, data["day"])
                data["period"], data["period_label"] = period, period.label
        elif kind == STAGE:
            if not data.get("stage"):
                self.add_error("stage", _("Hãy chọn giai đoạn."))
            else:
                data["period"], data["period_label"] = Period.for_stage(data["stage"].pk), data["stage"].title
        elif kind == COMPETITION:
            data["period"], data["period_label"] = Period.whole(), str(KIND_LABELS[COMPETITION])
        tiers, halves = [], False
        for i in range(TIER_ROWS):
            name, count = (data.get(f"tier_name_{i}") or "").strip(), data.get(f"tier_count_{i}")
            split = {c: data.get(f"tier_{c}_{i}") for c in CATEGORIES}
            if name and count is not None:
                tiers.append({"name": name, "count": count, "split": split, "unfilled": data.get("unfilled")})
            elif name or count is not None or any(n is not None for n in split.values()):
                halves = True
                self.add_error(f"tier_name_{i}", _("Mỗi giải cần cả tên và số lượng."))
        if not halves:
            try:
                data["tiers"] = check_tiers(tiers)
            except ValidationError as exc:
                self.add_error(None, exc.messages)
        return data

    def to_data(self) -> ListData:
        d = self.cleaned_data
        return ListData(
            body=d["body"],
            period=d["period"],
            period_label=d["period_label"],
            ranked=d["ranked"],
            tiers=d["tiers"],
            scope=d.get("scope"),
            unit_kind=d.get("unit_kind") or "",
            title=d.get("title") or "",
            youth_union_only=d["youth_union_only"],
            exclude_officers=d["exclude_officers"],
            one_prize_per_team=d["one_prize_per_team"],
            skip_earlier_winners=d["skip_earlier_winners"],
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại (không bắt buộc)"), max_length=2000, required=False)


class PublishForm(forms.Form):
    seen_hash = forms.CharField(max_length=64, min_length=64, widget=forms.HiddenInput)
