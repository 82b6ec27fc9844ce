from datetime import date
from typing import Any

from django import forms

from threecircles.accounts.models import User
from threecircles.network.models import SupportMember
from threecircles.privacy.models import SUPPORTER_SCOPES


def _scope_field(label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=[(scope.value, scope.label) for scope in SUPPORTER_SCOPES],
        widget=forms.CheckboxSelectMultiple,
        help_text="Nothing is shared unless you tick it. You can change this at any time. "
        "Sober time shows when your current run began, so it tells when the last slip was "
        "(not what happened). Asking someone for support is chosen apart from this, on "
        '"I need support"; "Past support requests" lets them see the list afterwards.',
    )


MAX_UNTIL_DAYS = 5 * 366


def _until_field() -> forms.DateField:
    return forms.DateField(
        label="Share until (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The last day they see it. Leave empty to share until you change it.",
    )


class _UntilMixin:
    cleaned_data: dict[str, Any]
    today: date

    def clean_until(self) -> date | None:
        until: date | None = self.cleaned_data.get("until")
        if until is not None and until < self.today:
            raise forms.ValidationError("Choose today or a later day, or leave it empty.")
        if until is not None and (until - self.today).days > MAX_UNTIL_DAYS:
            raise forms.ValidationError("Choose a day within five years, or leave it empty.")
        return until


class SupporterInvitationForm(_UntilMixin, forms.ModelForm[SupportMember]):
    email = forms.EmailField(label="Their e-mail address")
    scopes = _scope_field("What they may see")
    until = _until_field()

    class Meta:
        model = SupportMember
        fields = ["name", "relationship"]
        labels = {"name": "Their name"}
        help_texts = {"name": "The name you will see them by. Only you see it."}

    def __init__(self, *args: Any, client: User, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client
        self.today = today

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if email == self.client.email.lower():
            raise forms.ValidationError("Use the e-mail address of the person you are inviting.")
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email = data.get("email")
        if email and SupportMember.objects.of_client(self.client).active().filter(
            invitation__email__iexact=email
        ):
            self.add_error("email", "You have already invited this address.")
        return data


class SharingForm(_UntilMixin, forms.Form):
    scopes = _scope_field("What they may see")
    until = _until_field()

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today


class PauseForm(forms.Form):
    through = forms.DateField(
        label="Pause through",
        error_messages={"required": "Choose the last day of the pause."},
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="They see nothing until the day after; then what you share now, again.",
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_through(self) -> date:
        through: date = self.cleaned_data["through"]
        if through < self.today:
            raise forms.ValidationError("Choose today or a later day.")
        if (through - self.today).days > 366:
            raise forms.ValidationError("Pause for a year at most; you can pause again later.")
        return through
