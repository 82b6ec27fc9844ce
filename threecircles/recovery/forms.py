from datetime import date, timedelta
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.forms import formset_factory

from threecircles.lib.dates import WindowDateField
from threecircles.recovery.actions import REVIEW_STEPS
from threecircles.recovery.models import Circle, Halt, PlanVersion, Trigger, TriggerKind

NOTE_MAX = 280  # "one private line"
TEXT_MAX = 2000


def _zones() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(available_timezones())]


class RecoverySettingsForm(forms.Form):
    time_zone = forms.ChoiceField(
        label="Your time zone",
        help_text="Your days (check-ins, sober days, reminders) are counted where you live.",
    )
    sobriety_date = WindowDateField(
        label="Sobriety date (optional)",
        required=False,
        past_days=50 * 365,
        future_days=1,  # the server's date may be a day behind the client's
        help_text="The day your current run began. A slip after it moves it on; your total "
        "sober days are never lost.",
    )
    reminder_time = forms.TimeField(
        label="Daily check-in reminder at (optional)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="An e-mail that only says it is a reminder you asked for.",
    )
    country = forms.ChoiceField(label="Country, for crisis lines", required=False)

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = _zones()  # type: ignore[attr-defined]
        self.fields["country"].choices = [("", "Choose"), *countries]  # type: ignore[attr-defined]


class PlanItemForm(forms.Form):
    id = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(label="Behavior", required=False, max_length=200)
    note = forms.CharField(label="Note (optional)", required=False, max_length=500)


PlanItemFormSet = formset_factory(PlanItemForm, extra=3, max_num=40, validate_max=True)


def plan_formsets(data: Any, plan: PlanVersion | None) -> dict[str, Any]:
    """One list per circle, pre-filled with the current plan and three empty rows."""
    items = plan.items if plan else {c.value: [] for c in Circle}
    return {
        # Bound, the rows are compared with nothing: an unchanged row is still a row.
        circle.value: PlanItemFormSet(
            data, prefix=circle.value, initial=None if data is not None else items[circle.value]
        )
        for circle in Circle
    }


def plan_items(formsets: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """The plan as typed: rows left empty are dropped."""
    items: dict[str, list[dict[str, str]]] = {}
    for circle, formset in formsets.items():
        items[circle] = []
        for row in formset.cleaned_data:
            text = (row.get("text") or "").strip()
            if text:
                item = {"text": text, "note": (row.get("note") or "").strip()}
                if row.get("id"):
                    item["id"] = row["id"]
                items[circle].append(item)
    return items


YES_NO = [("yes", "Yes"), ("no", "No")]


class CheckInForm(forms.Form):
    """A day's check-in, in under a minute on a phone."""

    # The window is the client's own (clean_day), not the server's: someone ahead of UTC
    # checks in for their today early in the morning.
    day = forms.DateField(
        label="Day",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Today, or a day you missed (it will be marked as filled in later).",
    )
    inner_kept = forms.ChoiceField(
        label="Inner circle kept today?", choices=YES_NO, widget=forms.RadioSelect
    )
    middle = forms.MultipleChoiceField(
        label="Middle-circle signs today",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outer = forms.MultipleChoiceField(
        label="Outer-circle things done", required=False, widget=forms.CheckboxSelectMultiple
    )
    urge = forms.IntegerField(
        label="Urge strength, 0 (none) to 10 (strongest)",
        min_value=0,
        max_value=10,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    triggers = forms.MultipleChoiceField(
        label="Triggers", required=False, widget=forms.CheckboxSelectMultiple
    )
    new_trigger = forms.CharField(
        label="Another trigger (optional)", required=False, max_length=100
    )
    new_trigger_kind = forms.ChoiceField(
        label="What kind of trigger", choices=TriggerKind.choices, initial=TriggerKind.OTHER
    )
    halt = forms.MultipleChoiceField(
        label="Hungry, angry, lonely, tired?",
        choices=Halt.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mood = forms.TypedChoiceField(
        label="Mood",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[
            ("", "Skip"),
            (1, "Very low"),
            (2, "Low"),
            (3, "Okay"),
            (4, "Good"),
            (5, "Very good"),
        ],
    )
    sleep = forms.DecimalField(
        label="Hours of sleep", required=False, min_value=0, max_value=24, decimal_places=1
    )
    note = forms.CharField(
        label="One private line (optional)",
        required=False,
        max_length=NOTE_MAX,
        help_text="Only you and your care team can read it.",
    )
    device_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        plan: PlanVersion | None,
        triggers: list[Trigger],
        today: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        items = plan.items if plan else {c.value: [] for c in Circle}
        self.fields["middle"].choices = [(i["id"], i["text"]) for i in items[Circle.MIDDLE]]  # type: ignore[attr-defined]
        self.fields["outer"].choices = [(i["id"], i["text"]) for i in items[Circle.OUTER]]  # type: ignore[attr-defined]
        self.fields["triggers"].choices = [(str(t.pk), t.name) for t in triggers]  # type: ignore[attr-defined]
        self.today = today

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        if day > self.today:
            raise forms.ValidationError("This day has not come yet where you are.")
        if day < self.today - timedelta(days=60):
            raise forms.ValidationError("Choose a day in the last 60 days.")
        return day

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        sleep = data.get("sleep")
        return {
            "inner_kept": data["inner_kept"] == "yes",
            "middle": list(data["middle"]),
            "outer": list(data["outer"]),
            "urge": data["urge"],
            "triggers": list(data["triggers"]),
            "halt": list(data["halt"]),
            "mood": data.get("mood"),
            "sleep": float(sleep) if sleep is not None else None,
        }


class ReportSlipForm(forms.Form):
    # The window is checked in the client's own time zone (actions.report_slip).
    day = forms.DateField(label="When", widget=forms.DateInput(attrs={"type": "date"}))


class SlipReviewForm(forms.Form):
    """The guided review, one question per step of the addiction cycle, then what to learn."""

    thoughts_of_harm = forms.ChoiceField(
        label="Are you having thoughts of harming yourself, or of not wanting to be here?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    new_middle = forms.CharField(
        label="A new middle-circle warning sign to add to your plan (optional)",
        required=False,
        max_length=200,
    )
    new_environment = forms.CharField(
        label="A change to your surroundings to try (optional)",
        required=False,
        max_length=200,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, question in REVIEW_STEPS:
            self.fields[key] = forms.CharField(
                label=question,
                required=False,
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data[key].strip() for key, _ in REVIEW_STEPS}

    def proposals(self) -> list[dict[str, str]]:
        proposals = []
        if text := self.cleaned_data["new_middle"].strip():
            proposals.append({"kind": "middle", "text": text})
        if text := self.cleaned_data["new_environment"].strip():
            proposals.append({"kind": "environment", "text": text})
        return proposals


class SlipSharingForm(forms.Form):
    tell_care_team = forms.BooleanField(
        label="Tell my care team",
        required=False,
        help_text="They already see in your check-ins whether your inner circle was kept; "
        "telling them shares this slip and your review.",
    )
    supporters = forms.MultipleChoiceField(
        label="Tell these supporters",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only supporters you share slips with are listed.",
    )

    def __init__(self, *args: Any, supporters: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supporters"].choices = [(str(i), label) for i, label in supporters]  # type: ignore[attr-defined]


SAFETY_SECTIONS = [
    (
        "warning_signs",
        "My warning signs",
        "Thoughts, feelings or situations that tell me a crisis may be coming.",
    ),
    ("what_helps", "Things I can do on my own", "What calms me or takes my mind off it."),
    (
        "distractions",
        "People and places that take my mind off it",
        "Names and places, one per line.",
    ),
    ("people_to_ask", "People I can ask for help", "Names and numbers, one per line."),
    ("professionals", "Professionals I can call", "My clinician, my doctor, a crisis team."),
    ("safe_environment", "Making where I am safer", "What I can move away or lock up."),
]


class SafetyPlanForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label, help_text in SAFETY_SECTIONS:
            self.fields[key] = forms.CharField(
                label=label,
                help_text=help_text + " One per line.",
                required=False,
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def sections(self) -> dict[str, list[str]]:
        return {
            key: [line.strip() for line in self.cleaned_data[key].splitlines() if line.strip()]
            for key, _, _ in SAFETY_SECTIONS
        }


JOURNAL_MAX = 20000


class JournalForm(forms.Form):
    title = forms.CharField(label="Title (optional)", required=False, max_length=200)
    body = forms.CharField(
        label="What is on your mind",
        max_length=JOURNAL_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Private. Stored encrypted. Only you can read it, unless you share this "
        "entry with your care team.",
    )


class TriggerForm(forms.Form):
    name = forms.CharField(label="A trigger", max_length=100)
    kind = forms.ChoiceField(label="What kind", choices=TriggerKind.choices)


class EnvironmentChangeForm(forms.Form):
    text = forms.CharField(
        label="A change you commit to",
        max_length=200,
        help_text="For example: a filter on my phone, a different route home, not being alone "
        "late at night.",
    )


WEEKDAYS = [
    ("0", "Mon"),
    ("1", "Tue"),
    ("2", "Wed"),
    ("3", "Thu"),
    ("4", "Fri"),
    ("5", "Sat"),
    ("6", "Sun"),
]


class HighRiskTimeForm(forms.Form):
    label = forms.CharField(label="What happens then (optional)", required=False, max_length=100)
    weekdays = forms.MultipleChoiceField(
        label="Days", choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple
    )
    starts_at = forms.TimeField(label="From", widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label="To", widget=forms.TimeInput(attrs={"type": "time"}))
    remind = forms.BooleanField(
        label="Send me a reminder as it starts", required=False, initial=True
    )
