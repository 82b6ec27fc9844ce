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
        label="Kind of group", choices=GroupKind.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = SupportGroup
        fields = ["name", "kind", "meets"]
        labels = {"name": "Name of the group", "meets": "When it meets"}
        help_texts = {
            "name": "Members and people invited see this name; keep it plain.",
        }


class PersonChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name or obj.email


class AskToJoinForm(forms.Form):
    person = PersonChoiceField(
        label="Ask to join",
        queryset=User.objects.none(),
        empty_label="Choose a person",
        error_messages={"invalid_choice": "Choose someone from the list."},
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
        label="Day of the meeting", widget=forms.DateInput(attrs={"type": "date"})
    )
    present = forms.ModelMultipleChoiceField(
        label="Who was there",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Everyone not ticked is recorded as absent.",
    )

    def __init__(self, *args: Any, members: UserQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members  # type: ignore[attr-defined]
        self.fields["present"].label_from_instance = lambda user: user.display_name  # type: ignore[attr-defined]

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError("Record a meeting on or after its day.")
        return day
