from __future__ import annotations

from django.contrib import admin

from .models import Choice, Question, QuestionEvent, QuestionStatistics, Topic, new_choice_keys


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "root_key", "position"]
    list_filter = ["parent"]
    search_fields = ["name"]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    max_num = 6


class EventInline(admin.TabularInline):
    model = QuestionEvent
    extra = 0
    fields = ["at", "actor", "action", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "version", "status", "kind", "difficulty", "topic", "unit", "author", "updated_at"]
    list_filter = ["status", "kind", "difficulty", "topic"]
    search_fields = ["text", "explanation", "source"]
    list_select_related = ["topic__parent", "unit", "author"]
    raw_id_fields = ["unit", "author", "reviewer"]
    readonly_fields = ["family", "version", "first_used_at", "submitted_at", "reviewed_at"]
    inlines = [ChoiceInline, EventInline]

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Choice:
            return super().save_formset(request, form, formset, change)
        # A choice added here gets a random key like every other (see Choice.key).
        choices = formset.save(commit=False)
        for choice in formset.deleted_objects:
            choice.delete()
        fresh = [choice for choice in choices if choice.key is None]
        taken = Choice.objects.filter(question=form.instance).values_list("key", flat=True)
        for choice, key in zip(fresh, new_choice_keys(len(fresh), taken=taken), strict=True):
            choice.key = key
        for choice in choices:
            choice.save()


@admin.register(QuestionEvent)
class QuestionEventAdmin(admin.ModelAdmin):
    list_display = ["question", "action", "actor", "at"]
    list_filter = ["action"]
    list_select_related = ["question", "actor"]
    raw_id_fields = ["question", "actor"]
    date_hierarchy = "at"


@admin.register(QuestionStatistics)
class QuestionStatisticsAdmin(admin.ModelAdmin):
    """Read-only: the rows are recomputed by `manage.py item_stats`."""

    list_display = ["question", "seen", "facility", "discrimination", "computed_at"]
    list_select_related = ["question"]
    search_fields = ["question__text"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
