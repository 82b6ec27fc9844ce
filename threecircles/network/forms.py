from django import forms

from threecircles.accounts.models import User
from threecircles.network.models import SupportMember


class SupporterInvitationForm(forms.ModelForm[SupportMember]):
    email = forms.EmailField(label="Their e-mail address")

    class Meta:
        model = SupportMember
        fields = [
            "name",
            "relationship",
            "share_sobriety",
            "share_streak",
            "share_slips",
            "share_middle_circle",
            "share_plan",
        ]
        labels = {"name": "Their name"}

    def __init__(self, *args: object, client: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.client = client

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if email == self.client.email.lower():
            raise forms.ValidationError("Use the e-mail address of the person you are inviting.")
        return email


class SharingForm(forms.ModelForm[SupportMember]):
    class Meta:
        model = SupportMember
        fields = [
            "share_sobriety",
            "share_streak",
            "share_slips",
            "share_middle_circle",
            "share_plan",
        ]
