from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.lib.dates import WindowDateField

CENTURY = 100 * 366


class PrescriberChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class MedicationForm(forms.Form):
    name = forms.CharField(
        label="Medication", max_length=120, error_messages={"required": "Enter the medication."}
    )
    dose = forms.CharField(
        label="Dose",
        max_length=60,
        help_text="For example 20 mg.",
        error_messages={"required": "Enter the dose."},
    )
    schedule = forms.CharField(
        label="When to take it",
        max_length=120,
        help_text="For example once a day in the morning.",
        error_messages={"required": "Say when it is taken."},
    )
    prescriber = PrescriberChoiceField(
        label="Prescriber at this practice",
        queryset=User.objects.none(),
        required=False,
        empty_label="Someone else (type their name below)",
    )
    prescriber_name = forms.CharField(
        label="Or the prescriber's name",
        max_length=120,
        required=False,
        help_text="When the prescriber has no account here.",
    )
    started_on = WindowDateField(label="Started on", past_days=CENTURY, future_days=366)
    reason = forms.CharField(
        label="Reason",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Stored encrypted. The client sees it in their medication list.",
        error_messages={"required": "Say what it is for."},
    )

    def __init__(self, *args: Any, prescribers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["prescriber"]
        assert isinstance(field, PrescriberChoiceField)
        field.queryset = prescribers
        self.fields["started_on"].initial = timezone.localdate

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen, typed = cleaned.get("prescriber"), cleaned.get("prescriber_name", "").strip()
        cleaned["prescriber_name"] = typed
        if chosen is None and not typed and "prescriber" not in self.errors:
            self.add_error("prescriber", "Choose the prescriber, or type their name below.")
        if chosen is not None and typed:
            self.add_error("prescriber_name", "Choose a prescriber or type a name, not both.")
        return cleaned


class AdherenceForm(forms.Form):
    adherence_notes = forms.CharField(
        label="Adherence notes",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="How taking it is going. Stored encrypted; the client reads these too.",
        error_messages={"required": "Write the adherence notes."},
    )


class StopMedicationForm(forms.Form):
    stopped_on = WindowDateField(label="Stopped on", past_days=CENTURY, future_days=366)

    def __init__(self, *args: Any, started_on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.started_on = started_on
        self.fields["stopped_on"].initial = timezone.localdate

    def clean_stopped_on(self) -> date:
        stopped_on: date = self.cleaned_data["stopped_on"]
        if stopped_on < self.started_on:
            raise forms.ValidationError(
                f"The stop date cannot be before the start date ({self.started_on:%d %B %Y}).",
                code="before_start",
            )
        return stopped_on
