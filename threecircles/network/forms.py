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
        "(not what happened).",
    )


class SupporterInvitationForm(forms.ModelForm[SupportMember]):
    email = forms.EmailField(label="Their e-mail address")
    scopes = _scope_field("What they may see")

    class Meta:
        model = SupportMember
        fields = ["name", "relationship"]
        labels = {"name": "Their name"}

    def __init__(self, *args: Any, client: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if email == self.client.email.lower():
            raise forms.ValidationError("Use the e-mail address of the person you are inviting.")
        return email


class SharingForm(forms.Form):
    scopes = _scope_field("What they may see")
