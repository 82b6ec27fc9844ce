"""The Django admin shows staff accounts and practices only: never clients, care teams,
invitations or anything clinical. Care teams change only through the app's own actions, so a
superuser cannot give themselves access to a record without break-glass."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from threecircles.accounts.models import Practice, PracticeMembership, Role, User


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

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        # Who is a client is itself private.
        return super().get_queryset(request).exclude(role=Role.CLIENT)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A role changes only through invitations and the app, never by editing a row.
        return ("role", "last_login", "date_joined") if obj else ()

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "role":
            kwargs["choices"] = [c for c in Role.choices if c[0] != Role.CLIENT]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class PracticeMembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PracticeMembership
    extra = 0


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "weekly_hours_target"]
    inlines = [PracticeMembershipInline]
