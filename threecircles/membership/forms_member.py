"""The member's own professional profile: the fields of the application (forms_public.py)
and a few sentences about their work. The certification part will show it in a directory."""

from typing import Any

from django import forms

from threecircles.membership.forms_public import (
    ERROR_MESSAGES,
    HELP_TEXTS,
    LABELS,
    PROFILE_FIELDS,
    describe_fields,
)
from threecircles.membership.models import Membership


class ProfileForm(forms.ModelForm[Membership]):
    class Meta:
        model = Membership
        fields = [*PROFILE_FIELDS, "bio"]
        labels = LABELS
        help_texts = HELP_TEXTS
        error_messages = ERROR_MESSAGES
        widgets = {
            "website": forms.TextInput(attrs={"inputmode": "url"}),
            "bio": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        describe_fields(self)
