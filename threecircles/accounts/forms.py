from typing import Any

from django import forms
from django.http import HttpRequest

from threecircles.accounts.models import Practice, User


class SignupForm(forms.Form):
    """Extra field on allauth's sign-up form (allauth calls `signup`)."""

    display_name = forms.CharField(
        label="Your name",
        max_length=120,
        help_text="How you want to be addressed. A first name or a nickname is fine.",
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class ClientInvitationForm(forms.Form):
    email = forms.EmailField(label="Client's e-mail address")
    practice = forms.ModelChoiceField(queryset=Practice.objects.none(), label="Practice")

    def __init__(self, *args: Any, clinician: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        practices = Practice.objects.filter(memberships__user=clinician)
        self.fields["practice"].queryset = practices  # type: ignore[attr-defined]
        if practices.count() == 1:
            self.fields["practice"].initial = practices.first()

    def clean_email(self) -> str:
        """Never looked up: whether an address has an account (for most, that they are in
        treatment) is not the inviting clinician's to learn. An existing account takes the
        invitation in after signing in (`accounts.actions.may_link`)."""
        email: str = self.cleaned_data["email"].strip().lower()
        return email


def typed_name_field(*, label: str, required: str) -> forms.CharField:
    """The one field of a typed-name signature: the label and the message when it is left
    empty say what is being signed."""
    return forms.CharField(
        label=label,
        max_length=120,
        help_text="As it is shown on your account.",
        error_messages={"required": required},
    )


class TypedNameForm(forms.Form):
    """An electronic signature: the person types the name on their account (`expected`).
    Case and the spaces around it do not count. A subclass declares
    `name = typed_name_field(...)`."""

    def __init__(self, *args: Any, expected: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if name.casefold() != self.expected.strip().casefold():
            raise forms.ValidationError(
                f"The name does not match the one on your account ({self.expected})."
            )
        return name
