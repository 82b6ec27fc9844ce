"""Forms of the groups pages: starting a group, asking someone to join, what a member shares,
and a meeting's attendance."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from threecircles.accounts.models import User, UserQuerySet
from threecircles.network.models import GroupKind, SupportGroup


class GroupForm(forms.ModelForm[SupportGroup]):
    kind = forms.ChoiceField(
        label="Kind of group",
        choices=GroupKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what kind of group it is.",
            "invalid_choice": "Choose one of the kinds of group listed.",
        },
    )

    class Meta:
        model = SupportGroup
        fields = ["name", "kind", "meets"]
        labels = {"name": "Name of the group", "meets": "When it meets"}
        help_texts = {
            "name": "Members and people invited see this name; keep it plain.",
        }
        error_messages = {
            "name": {
                "required": 'Give the group a name, for example "Thursday evening group".',
                "max_length": "Keep the name to %(limit_value)d characters or fewer.",
            },
            "meets": {"max_length": "Keep this to %(limit_value)d characters or fewer."},
        }


class PersonChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name or f"Person {obj.pk}"  # never their address


class AskToJoinForm(forms.Form):
    person = PersonChoiceField(
        label="Ask to join",
        queryset=User.objects.none(),
        empty_label="Choose a person",
        error_messages={
            "required": "Choose the person you want to ask to join.",
            "invalid_choice": "Choose someone from the list.",
        },
    )

    def __init__(self, *args: Any, candidates: UserQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates  # type: ignore[attr-defined]


class GroupSharingForm(forms.Form):
    shares_milestones = forms.BooleanField(
        label="Share my milestones with the group", required=False
    )
    shares_support_requests = forms.BooleanField(
        label="Share my support requests with the group",
        required=False,
        help_text="The group sees when you asked for support and whether someone answered. "
        "If the people in your own network have not answered, the group is asked too.",
    )


class MeetingForm(forms.Form):
    day = forms.DateField(
        label="Day of the meeting",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Choose the day the meeting took place.",
            "invalid": "Enter the day of the meeting as a date, for example 2026-11-20.",
        },
    )
    present = forms.ModelMultipleChoiceField(
        label="Who was there",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Everyone not ticked is recorded as absent.",
        error_messages={
            "invalid_choice": "Tick only people who are members of the group now.",
            "invalid_pk_value": "Tick only people who are members of the group now.",
        },
    )

    def __init__(self, *args: Any, members: UserQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members  # type: ignore[attr-defined]
        self.fields["present"].label_from_instance = lambda user: user.display_name  # type: ignore[attr-defined]

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError("The meeting day can't be in the future.")
        return day
