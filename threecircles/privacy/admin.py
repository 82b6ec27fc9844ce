"""The Django admin of staff accounts and practices: nothing about clients, and nothing that
lets one person become another.

- Only clinicians, supervisors, institute staff and administrators are listed; who is a
  client (or a client's supporter) is itself private.
- No screen sets another person's password, e-mail address or second factor. A new staff
  account gets no password: its owner sets one from a link sent to their own address. A lost
  second factor is reset by two people and confirmed by the person (privacy's own page).
- Every change is written to the tamper-evident access log, on the person's own chain.
"""

from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from threecircles.accounts.models import (
    CLINICAL_ROLES,
    Practice,
    PracticeMembership,
    Role,
    User,
)
from threecircles.accounts.tasks import LINK_PURPOSE, send_link_email
from threecircles.lib.sealing import seal_text
from threecircles.privacy.actions import record_account_change, site_link

STAFF_ROLES = [Role.CLINICIAN, Role.SUPERVISOR, Role.STAFF, Role.ADMIN]
# An administrator cannot make another administrator here (that account could then approve
# their own second-factor resets): administrators are made on the server, with
# `manage.py createsuperuser`.
NEW_ACCOUNT_ROLES = [Role.CLINICIAN, Role.SUPERVISOR, Role.STAFF]
LOGGED_FIELDS = ("display_name", "role", "is_active", "is_staff", "is_superuser")


class NewStaffForm(forms.ModelForm[User]):
    """Staff accounts only: clients and supporters join by invitation, never through here."""

    class Meta:
        model = User
        fields = ["email", "display_name", "role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Role.choices if value in NEW_ACCOUNT_ROLES
        ]

    admin_user: User | None = None  # set by UserAdmin.get_form

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None:
            if existing.role not in STAFF_ROLES:
                # Trying an address is itself a look at someone: the person can see it.
                record_account_change(
                    actor=self.admin_user,
                    person=existing,
                    what="An administrator tried to open a staff account with your address",
                )
            # The same words for everyone: who is a client is not told here.
            raise forms.ValidationError("This address cannot be used for a new staff account.")
        return email


def send_set_password_link(user: User) -> None:
    """The new account's owner chooses their own password, from their own mailbox."""
    url = site_link(
        "account_reset_password_from_key",
        user_pk_to_url_str(user),
        default_token_generator.make_token(user),
    )
    send_link_email.enqueue(
        to=user.email,
        subject="Your Three Circles account",
        body=(
            "An administrator created a Three Circles account for you. Open this link to choose "
            "your password, then sign in and set up two-step verification:\n\n{link}\n"
        ),
        sealed_url=seal_text(url, purpose=LINK_PURPOSE),
    )


@admin.register(User)
class UserAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    ordering = ["email"]
    list_display = ["email", "display_name", "role", "is_active", "date_joined"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "display_name"]
    fieldsets = (
        (None, {"fields": ("email", "display_name", "role")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).filter(role__in=STAFF_ROLES)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            return type("NewStaffForm", (NewStaffForm,), {"admin_user": request.user})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ((None, {"fields": ("email", "display_name", "role")}),)
        return self.fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The address belongs to its owner; a role, and who may use this admin, change only on
        # the server: an administrator cannot promote an account they control.
        if obj is None:
            return ()
        return ("email", "role", "is_staff", "is_superuser", "last_login", "date_joined")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: the log and records keep their author

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change:
            obj.set_unusable_password()
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=False)
            send_set_password_link(obj)
            record_account_change(
                actor=request.user,  # type: ignore[arg-type]
                person=obj,
                what=f"Account created ({obj.get_role_display()}); set-password link sent",
            )
            return
        before = User.objects.get(pk=obj.pk)
        changes = [
            f"{name}: {getattr(before, name)!r} → {getattr(obj, name)!r}"
            for name in LOGGED_FIELDS
            if getattr(before, name) != getattr(obj, name)
        ]
        obj.save()
        if changes:
            record_account_change(
                actor=request.user,  # type: ignore[arg-type]
                person=obj,
                what="Changed in the admin: " + "; ".join(changes),
            )


class PracticeMembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PracticeMembership
    extra = 0

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user":
            # Only clinical staff work at a practice; clients are never listed.
            kwargs["queryset"] = User.objects.filter(role__in=CLINICAL_ROLES, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "weekly_hours_target"]
    inlines = [PracticeMembershipInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting would list (and cascade over) the practice's invitations and care teams.
        return False

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for membership in formset.deleted_objects:
            record_account_change(
                actor=request.user,  # type: ignore[arg-type]
                person=membership.user,
                what=f"Removed from {membership.practice} in the admin",
            )
            membership.delete()
        for membership in instances:
            membership.save()
            record_account_change(
                actor=request.user,  # type: ignore[arg-type]
                person=membership.user,
                what=(
                    f"Practice membership at {membership.practice}: {membership.get_role_display()}"
                ),
            )
        formset.save_m2m()
