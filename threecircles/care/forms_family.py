from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from threecircles.accounts.forms import TypedNameForm, typed_name_field
from threecircles.accounts.models import User
from threecircles.care.family import MAX_RELEASE_DAYS, linkable_account
from threecircles.care.models import ReleaseItem, Session
from threecircles.lib.dates import WindowDateField


class ParticipantForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter their name."}
    )
    relationship = forms.CharField(
        label="Relationship to the client",
        max_length=40,
        help_text="For example spouse, partner, parent.",
        error_messages={"required": "Say how they are related to the client."},
    )
    email = forms.EmailField(
        label="E-mail address of their account (optional)",
        required=False,
        help_text=(
            "If they have an account here under this address, they are asked to confirm. "
            "Until they accept, they see nothing online."
        ),
        error_messages={"invalid": "Enter a valid e-mail address."},
    )

    def __init__(self, *args: Any, client: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        return email.strip().lower()

    def clean(self) -> dict[str, Any]:
        """`person`: the account to ask, if the address names one that may be linked. Nothing
        here may tell whether it does: no error, whatever the address."""
        cleaned = super().clean() or {}
        email = cleaned.get("email", "")
        cleaned["person"] = linkable_account(email, client=self.client) if email else None
        return cleaned


class ReleaseForm(forms.Form):
    allows = forms.MultipleChoiceField(
        label="What the participant may receive",
        choices=ReleaseItem.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one thing the release allows."},
    )
    starts_on = WindowDateField(label="Starts on", past_days=0, future_days=366)
    expires_on = WindowDateField(
        label="Expires on",
        past_days=0,
        future_days=2 * 366,
        help_text="At most a year after the start. The expiry day is included.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = timezone.localdate
        self.fields["expires_on"].initial = lambda: timezone.localdate() + timedelta(days=180)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on: date | None = cleaned.get("starts_on")
        expires_on: date | None = cleaned.get("expires_on")
        if starts_on and expires_on:
            if expires_on < starts_on:
                self.add_error("expires_on", "The expiry cannot be before the start.")
            elif expires_on > starts_on + timedelta(days=MAX_RELEASE_DAYS - 1):
                self.add_error("expires_on", "A release lasts at most a year from its start.")
        return cleaned


class SessionChoiceField(forms.ModelChoiceField[Session]):
    def label_from_instance(self, obj: Session) -> str:
        return f"{timezone.localtime(obj.starts_at):%A %d %B %Y, %H:%M}"


class JoinSessionForm(forms.Form):
    session = SessionChoiceField(
        label="Family session",
        queryset=Session.objects.none(),
        error_messages={"required": "Choose a family session."},
    )

    def __init__(self, *args: Any, sessions: QuerySet[Session], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        assert isinstance(field, SessionChoiceField)
        field.queryset = sessions


class SignReleaseForm(TypedNameForm):
    name = typed_name_field(
        label="Type your name to sign this release",
        required="Type your name to sign the release.",
    )
