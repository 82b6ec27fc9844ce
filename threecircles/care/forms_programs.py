"""Forms for programs: a new program, a timetable slot, enrolling, ending, attendance."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from threecircles.accounts.models import Practice, User
from threecircles.care.models import AttendanceStatus, LevelOfCare, SessionKind
from threecircles.lib.dates import WindowDateField

YEARS = 10 * 366
MIN_MINUTES = 5
MAX_MINUTES = 600
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _zones() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(available_timezones())]


class PersonChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class ProgramForm(forms.Form):
    practice = forms.ModelChoiceField(
        label="Practice",
        queryset=Practice.objects.none(),
        error_messages={"required": "Choose the practice that runs the program."},
    )
    name = forms.CharField(
        label="Name",
        max_length=120,
        help_text='For example "Residential, men\'s track".',
        error_messages={"required": "Give the program a name."},
    )
    level_of_care = forms.ChoiceField(
        label="Level of care",
        choices=LevelOfCare.choices,
        error_messages={"required": "Choose the level of care."},
    )
    weekly_target_hours = forms.DecimalField(
        label="Weekly target of therapy hours per client",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(168),
        decimal_places=2,
        help_text="Residential programs use 50 when left empty.",
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        initial="UTC",
        help_text="Weeks run Monday to Sunday in this time zone.",
    )

    def __init__(self, *args: Any, practices: QuerySet[Practice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["practice"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = practices
        zone = self.fields["time_zone"]
        assert isinstance(zone, forms.ChoiceField)
        zone.choices = _zones()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        level = data.get("level_of_care")
        if level and level != LevelOfCare.RESIDENTIAL and data.get("weekly_target_hours") is None:
            self.add_error(
                "weekly_target_hours",
                "Set a weekly target: only residential programs default to 50 hours.",
            )
        return data


class SlotForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label="Day",
        coerce=int,
        choices=list(enumerate(WEEKDAYS)),
        error_messages={"required": "Choose the day."},
    )
    starts_at = forms.TimeField(
        label="Starts at",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"required": "Enter the time it starts.", "invalid": "Enter a time."},
    )
    minutes = forms.IntegerField(
        label="Minutes",
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        error_messages={
            "required": "Enter how long it lasts, in minutes.",
            "min_value": f"A session lasts at least {MIN_MINUTES} minutes.",
            "max_value": f"A session lasts at most {MAX_MINUTES} minutes.",
        },
    )
    kind = forms.ChoiceField(
        label="Kind", choices=SessionKind.choices, error_messages={"required": "Choose the kind."}
    )
    title = forms.CharField(
        label="Title",
        max_length=120,
        help_text="Shown in timetables and calendars: no clinical detail.",
        error_messages={"required": "Give the session a title."},
    )
    facilitator = PersonChoiceField(
        label="Facilitator",
        queryset=User.objects.none(),
        required=False,
        empty_label="No one named (a visiting speaker, a meeting)",
    )
    location = forms.CharField(label="Room or video link", max_length=200, required=False)
    counts_as_therapy = forms.BooleanField(
        label="Counts toward the weekly therapy hours", required=False, initial=True
    )

    def __init__(self, *args: Any, facilitators: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["facilitator"]
        assert isinstance(field, PersonChoiceField)
        field.queryset = facilitators


class RemoveSlotForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, take this session off the timetable",
        error_messages={"required": "Tick the box to take the session off the timetable."},
    )


class EnrollForm(forms.Form):
    client = PersonChoiceField(
        label="Client",
        queryset=User.objects.none(),
        error_messages={"required": "Choose a client of yours."},
    )
    started_on = WindowDateField(label="From", past_days=YEARS, future_days=366)

    def __init__(self, *args: Any, clients: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["client"]
        assert isinstance(field, PersonChoiceField)
        field.queryset = clients


class EndEnrollmentForm(forms.Form):
    ended_on = WindowDateField(label="Last day in the program", past_days=YEARS, future_days=366)

    def __init__(self, *args: Any, started_on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.started_on = started_on

    def clean_ended_on(self) -> date:
        ended_on: date = self.cleaned_data["ended_on"]
        if ended_on < self.started_on:
            raise forms.ValidationError(
                f"The last day cannot be before the first ({self.started_on:%d %B %Y})."
            )
        return ended_on


class AttendanceForm(forms.Form):
    """How one person attended one session of `planned` minutes. Present means the full
    minutes; late or left early needs the minutes attended; absent needs a reason. A session
    that `starts_at` a known time is recorded only once it has started."""

    status = forms.ChoiceField(
        label="Attendance",
        choices=[("", "Not recorded"), *AttendanceStatus.choices],
        required=False,
    )
    minutes_attended = forms.IntegerField(label="Minutes attended", min_value=0, required=False)
    reason = forms.CharField(
        label="Reason if absent",
        max_length=200,
        required=False,
        help_text="A few words, no clinical detail.",
    )

    def __init__(
        self,
        *args: Any,
        planned: int,
        required: bool = False,
        starts_at: datetime | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.planned = planned
        self.status_required = required
        self.starts_at = starts_at

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.starts_at is not None and self.starts_at > timezone.now():
            raise forms.ValidationError("Attendance is recorded once the session has started.")
        status = data.get("status")
        minutes = data.get("minutes_attended")
        if not status:
            if self.status_required:
                self.add_error("status", "Choose how the session was attended.")
            return data
        if status == AttendanceStatus.PRESENT:
            data["minutes_attended"] = self.planned
            data["reason"] = ""
        elif status == AttendanceStatus.ABSENT:
            data["minutes_attended"] = 0
            if not data.get("reason"):
                self.add_error("reason", "Say briefly why they were absent.")
        else:
            data["reason"] = ""
            if minutes is None:
                self.add_error("minutes_attended", "Enter the minutes attended.")
            elif minutes > self.planned:
                self.add_error(
                    "minutes_attended",
                    f"The session lasts {self.planned} minutes: enter {self.planned} or fewer.",
                )
        return data
