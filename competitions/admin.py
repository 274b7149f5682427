"""The admin. Rounds are created, changed and published through organise.services, as on the organiser's
pages, so the admin cannot save what the round form refuses (closing before opening, a blueprint changed
after attempts drew their questions, a blueprint the bank cannot fill on a published round).

Live rounds are read here only: they are made and changed on the organiser's pages
(organise.live_services, which hold the join code, the questions' versions and the captains' rules)
and played through the live pages.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .live.models import LiveAnswer, LiveEntry, LivePlayer, LiveQuestion, LiveRound
from .models import Answer, Attempt, AttemptFlag, AttemptQuestion, BlueprintItem, Competition, Round, Stage
from .organise import services


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "created_at"]
    inlines = [StageInline]


BLUEPRINT_FIELDS = ["topic", "difficulty", "count"]


class BlueprintFormSet(BaseInlineFormSet):
    def rows(self) -> list[services.BlueprintRow]:
        return [
            services.BlueprintRow(
                topic=form.cleaned_data["topic"],
                difficulty=form.cleaned_data.get("difficulty"),
                count=form.cleaned_data["count"],
            )
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get("topic") and not form.cleaned_data.get("DELETE")
        ]


# The same rows the inline posts, read by the round's form to check the whole change before anything is saved.
BlueprintRows = inlineformset_factory(
    Round, BlueprintItem, formset=BlueprintFormSet, fields=BLUEPRINT_FIELDS, can_delete=True, extra=0
)


class BlueprintInline(admin.TabularInline):
    model = BlueprintItem
    formset = BlueprintFormSet
    fields = BLUEPRINT_FIELDS
    extra = 0


class RoundAdminForm(forms.ModelForm):
    time_limit_minutes = forms.IntegerField(label=gettext_lazy("Thời gian làm bài (phút)"), min_value=1, initial=10)
    reopen = forms.BooleanField(label=gettext_lazy("Mở lại vòng thi đã đóng"), required=False)

    class Meta:
        model = Round
        fields = [
            "stage",
            "title",
            "opens_at",
            "closes_at",
            "remind_at",
            "attempts_allowed",
            "entry",
            "eligible_units",
            "prediction_enabled",
            "prediction_prompt",
            "answers_shown",
            "unseen_only",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["time_limit_minutes"].initial = -(-self.instance.time_limit_seconds // 60)

    def round_data(self, rows: list[services.BlueprintRow]) -> services.RoundData:
        return services.RoundData.from_form(self.cleaned_data, blueprint=rows)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        rows = BlueprintRows(self.data, instance=self.instance if self.instance.pk else None, prefix="blueprint")
        if not rows.is_valid():
            return data  # the inline shows its own errors
        self.rows = rows.rows()
        stage = self.instance.stage if self.instance.pk else data["stage"]
        round = Round.objects.get(pk=self.instance.pk) if self.instance.pk else None
        try:
            services.validate_round(actor=self.actor, stage=stage, round=round, data=self.round_data(self.rows))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    self.add_error(name if name in self.fields else None, errors)
            else:
                self.add_error(None, error)
        return data


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "stage", "mode", "status", "opens_at", "closes_at"]
    list_filter = ["mode"]
    form = RoundAdminForm
    inlines = [BlueprintInline]
    filter_horizontal = ["eligible_units"]
    readonly_fields = ["mode", "published_at", "prediction_actual"]
    actions = ["publish"]

    @admin.display(description=gettext_lazy("trạng thái"))
    def status(self, round: Round) -> str:
        return Round.Status(round.status).label

    def has_change_permission(self, request, obj=None):
        # A live round's form is the organiser's live round page; this one knows only self-paced rules.
        if obj is not None and obj.mode == Round.Mode.LIVE:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # A round stays in its stage: moving it would change whose teams play and whose bank it draws from.
        return [*self.readonly_fields, "stage"] if obj is not None else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_model(self, request, obj, form, change):
        """Nothing yet: save_related gets the blueprint rows too and saves everything through the service."""

    def save_related(self, request, form, formsets, change):
        data = form.round_data(form.rows)
        if change:
            saved = services.update_round(actor=request.user, round=form.instance, data=data)
            for note in (saved.reopened_note, saved.capped_note):
                if note:
                    messages.warning(request, note)
        else:
            round = services.create_round(actor=request.user, stage=form.cleaned_data["stage"], data=data)
            form.instance.pk = round.pk  # the admin's log entry and redirect name the round just made
            form.instance.refresh_from_db()
            messages.info(request, _("Vòng thi được lưu dưới dạng bản nháp; chọn “Công bố” để người thi thấy."))

    def construct_change_message(self, request, form, formsets, add=False):
        # The inline formsets were never saved (the service wrote the blueprint): log the round's own fields.
        return super().construct_change_message(request, form, [], add)

    @admin.action(description=gettext_lazy("Công bố các vòng thi đã chọn"))
    def publish(self, request, queryset):
        for round in queryset.select_related("stage__competition__unit"):
            try:
                services.publish_round(actor=request.user, round=round)
            except ValidationError as error:
                messages.error(request, f"{round.title}: {' '.join(error.messages)}")
            else:
                messages.success(request, _("Đã công bố: %(title)s.") % {"title": round.title})


class FlagInline(admin.TabularInline):
    model = AttemptFlag
    extra = 0
    raw_id_fields = ["reviewed_by"]


class AttemptQuestionInline(admin.TabularInline):
    model = AttemptQuestion
    extra = 0
    raw_id_fields = ["question"]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["user", "round", "number", "score", "finished_reason", "submitted_at"]
    list_filter = ["finished_reason"]
    raw_id_fields = ["user", "team", "round"]
    inlines = [AttemptQuestionInline, FlagInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["attempt", "question", "choices", "correct", "updated_at"]
    raw_id_fields = ["attempt", "question"]


# --- Live rounds: read only ---------------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LiveQuestionInline(ReadOnlyInline):
    model = LiveQuestion
    fields = ["position", "question", "duration_seconds", "points", "revealed_at_ms"]


class LiveEntryInline(ReadOnlyInline):
    model = LiveEntry
    fields = ["team", "captain", "score", "correct_elapsed_ms", "rank"]


@admin.register(LiveRound)
class LiveRoundAdmin(ReadOnlyAdmin):
    list_display = ["round", "code", "status", "team_mode", "guests_allowed", "started_at", "finished_at"]
    list_filter = ["status", "team_mode"]
    search_fields = ["code", "round__title"]
    # The projector's token stays on the organiser's page: the admin has no need to show it.
    exclude = ["screen_token"]
    inlines = [LiveQuestionInline, LiveEntryInline]


@admin.register(LivePlayer)
class LivePlayerAdmin(ReadOnlyAdmin):
    list_display = ["display_name", "live_round", "team", "user", "joined_at", "score"]
    search_fields = ["display_name", "live_round__code"]
    raw_id_fields = ["live_round", "team", "user"]


@admin.register(LiveAnswer)
class LiveAnswerAdmin(ReadOnlyAdmin):
    list_display = ["player", "question", "choices", "correct", "points", "elapsed_ms"]
    list_filter = ["correct"]
    raw_id_fields = ["player", "question"]
