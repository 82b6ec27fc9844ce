"""The supervision forms: a candidate asks an approved supervisor, the supervisor answers, either
side ends an agreement, the candidate logs a session and the supervisor confirms or disputes it.

The rules themselves live in `actions` (who may, in which state, how many hours); the fields
here say the same limits early, tied to the field, so a mistake is explained where it was
made and what was typed stays."""

import datetime
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.certification.fields import hours_field
from threecircles.certification.models import Credential

TOPIC_HELP = "About your learning. Never name or describe a client."
HOURS_RANGE = "A session counts from a quarter of an hour to eight hours."
TICK_TO_END = "Please tick the box to confirm that you want to end this agreement."
CHOOSE_ANSWER = "Please choose an answer."


def approved_supervisors(credential: Credential, *, candidate: User) -> QuerySet[User]:
    """The people a candidate may ask: approved, active, for this credential (or for every
    credential), never the candidate themselves."""
    return (
        User.objects.filter(supervisor_approval__active=True)
        .filter(
            Q(supervisor_approval__credentials=credential)
            | Q(supervisor_approval__credentials__isnull=True)
        )
        .exclude(pk=candidate.pk)
        .distinct()
        .order_by("display_name", "pk")
    )


class SupervisorChoice(forms.ModelChoiceField[User]):
    """A supervisor by name only: their address and anything else stay theirs."""

    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class ProposeForm(forms.Form):
    supervisor = SupervisorChoice(
        label="Approved supervisor",
        queryset=User.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Please choose a supervisor.",
            "invalid_choice": "Please choose an approved supervisor from the list.",
        },
    )

    def __init__(self, *args: Any, supervisors: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["supervisor"]
        assert isinstance(field, SupervisorChoice)
        field.queryset = supervisors


class AnswerAgreementForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("accept", "Accept"), ("decline", "Decline")],
        error_messages={"required": CHOOSE_ANSWER, "invalid_choice": CHOOSE_ANSWER},
    )

    def accepted(self) -> bool:
        return bool(self.cleaned_data["answer"] == "accept")


class EndAgreementForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, end this supervision agreement",
        error_messages={"required": TICK_TO_END},
    )


class SessionForm(forms.Form):
    held_on = forms.DateField(
        label="Date of the session",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Please give the date of the session.",
            "invalid": "Please give the date as year-month-day, for example 2025-03-14.",
        },
    )
    hours = hours_field(
        most=8,
        help_text="From 0.25 (a quarter of an hour) to 8, for example 1.5.",
        required="Please give the length of the session in hours.",
        out_of_range=HOURS_RANGE,
    )
    topic = forms.CharField(
        label="Topic",
        required=False,
        max_length=300,
        help_text=TOPIC_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Please keep the topic to 300 characters or fewer."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_held_on(self) -> datetime.date:
        held_on: datetime.date = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(
                "A session is logged once it has been held: please choose today or an earlier date."
            )
        return held_on


class AnswerSessionForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("confirm", "Confirm"), ("dispute", "Dispute")],
        error_messages={"required": CHOOSE_ANSWER, "invalid_choice": CHOOSE_ANSWER},
    )
    reason = forms.CharField(
        label="If you dispute it: what is wrong with this entry?",
        required=False,
        max_length=500,
        help_text="For the candidate and institute staff. Never name or describe a client.",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Please keep the reason to 500 characters or fewer."},
    )

    def confirmed(self) -> bool:
        return bool(self.cleaned_data["answer"] == "confirm")
