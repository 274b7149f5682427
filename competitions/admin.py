from __future__ import annotations

from django.contrib import admin

from .models import Answer, Attempt, AttemptFlag, AttemptQuestion, BlueprintItem, Competition, Round, Stage


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "created_at"]
    inlines = [StageInline]


class BlueprintInline(admin.TabularInline):
    model = BlueprintItem
    extra = 0


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "stage", "mode", "opens_at", "closes_at"]
    list_filter = ["mode"]
    inlines = [BlueprintInline]
    filter_horizontal = ["eligible_units"]


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
