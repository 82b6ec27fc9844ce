"""The Django admin shows accounts and practices only: never clinical content."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from threecircles.accounts.models import (
    CareTeamMembership,
    Invitation,
    Practice,
    PracticeMembership,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    ordering = ["email"]
    list_display = ["email", "display_name", "role", "is_active", "date_joined"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "display_name"]
    fieldsets = (
        (None, {"fields": ("email", "password", "display_name", "role")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("email", "display_name", "role", "password1", "password2")}),
    )
    filter_horizontal = ()


class PracticeMembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PracticeMembership
    extra = 0


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "weekly_hours_target"]
    inlines = [PracticeMembershipInline]


@admin.register(CareTeamMembership)
class CareTeamMembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["client", "member", "role", "practice", "started_on", "ended_on"]
    list_filter = ["practice", "role"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["email", "role", "invited_by", "created_at", "expires_at", "accepted_at"]
    exclude = ["token_hash"]
    readonly_fields = ["accepted_at", "accepted_by"]
