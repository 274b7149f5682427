from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Membership, RoleAssignment, Team, Unit, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["full_name", "phone", "email", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["full_name", "phone", "email", "username"]
    ordering = ["full_name"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Thông tin cá nhân"), {"fields": ["full_name", "phone", "email"]}),
        (
            _("Quyền"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Thời điểm"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["full_name", "phone", "email", "password1", "password2"]}),
    ]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "parent", "depth"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    readonly_fields = ["path", "depth"]
    raw_id_fields = ["parent"]

    def get_readonly_fields(self, request, obj=None):
        # Moving a unit would leave its descendants' paths stale.
        return [*self.readonly_fields, "parent"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        # path/depth are derived from the parent; keep them right when the admin adds a unit.
        super().save_model(request, obj, form, change)
        path = f"{obj.parent.path if obj.parent else '/'}{obj.pk}/"
        if obj.path != path:
            obj.path, obj.depth = path, (obj.parent.depth + 1 if obj.parent else 0)
            obj.save(update_fields=["path", "depth"])


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "size_limit", "created_at"]
    search_fields = ["name", "unit__name"]
    raw_id_fields = ["unit"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        if not obj.invite_token:
            obj.invite_token = services.new_invite_token()
        super().save_model(request, obj, form, change)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "granted_by", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__full_name", "user__phone", "unit__name"]
    raw_id_fields = ["user", "unit", "granted_by"]
