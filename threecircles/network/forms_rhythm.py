from typing import Any

from django import forms

from threecircles.network.models import (
    AccountabilityCall,
    CallHappened,
    SupportMember,
    SupportMemberQuerySet,
)


class WeeklySummaryForm(forms.Form):
    weekly_summary = forms.BooleanField(
        label="E-mail me when my weekly summary is ready",
        required=False,
        help_text="The e-mail holds only a link to this page: no names and no figures.",
    )


class MissedCheckinAlertForm(forms.Form):
    after_days = forms.IntegerField(
        label="Tell them after this many days without a check-in",
        min_value=0,
        max_value=30,
        error_messages={
            "required": "Enter a number of days from 1 to 30, or 0 to switch the alert off.",
            "invalid": "Enter a number of days from 1 to 30, or 0 to switch the alert off.",
        },
        help_text="0 switches the alert off. The days are counted from your last check-in.",
    )
    members = forms.ModelMultipleChoiceField(
        label="Who is told",
        queryset=SupportMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only people you share your check-in regularity with can be chosen: the "
        "alert tells them you have not checked in for a while, which is part of what that "
        "shares. They are told only that you may welcome a call.",
    )

    def __init__(self, *args: Any, members: SupportMemberQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members_field = self.fields["members"]
        assert isinstance(members_field, forms.ModelMultipleChoiceField)
        members_field.queryset = members

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if cleaned and cleaned.get("after_days") and not cleaned.get("members"):
            self.add_error("members", "Choose at least one person to tell, or set the days to 0.")
        return cleaned


class CallForm(forms.ModelForm[AccountabilityCall]):
    class Meta:
        model = AccountabilityCall
        fields = ["member", "weekday", "time"]
        labels = {"member": "With", "weekday": "Every", "time": "At"}
        help_texts = {
            "member": "Someone who has joined your network.",
            "time": "In your own time zone, e.g. 19:00.",
        }
        widgets = {"time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        error_messages = {
            "member": {
                "required": "Choose the person the call is with.",
                "invalid_choice": "Choose someone from the list: a person who has joined your "
                "network.",
            },
            "weekday": {
                "required": "Choose the day of the week the call is on.",
                "invalid_choice": "Choose a day of the week from the list.",
            },
            "time": {
                "required": "Enter the time of the call, for example 19:00.",
                "invalid": "Enter the time of the call as hours and minutes, for example 19:00.",
            },
        }

    def __init__(self, *args: Any, members: SupportMemberQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member_field = self.fields["member"]
        assert isinstance(member_field, forms.ModelChoiceField)
        member_field.queryset = members
        member_field.empty_label = None


class MarkCallForm(forms.Form):
    happened = forms.ChoiceField(
        choices=CallHappened.choices,
        error_messages={
            "required": "Choose whether the call happened.",
            "invalid_choice": "Choose whether the call happened.",
        },
    )
