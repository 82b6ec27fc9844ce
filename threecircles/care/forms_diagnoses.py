import re
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from threecircles.lib.dates import WindowDateField

# Four letters and digits (6C72, 6A70, QE21), then optionally a dot and up to four more
# (6C72.0, 6A70.Y). The shape only: a clinician may code anything ICD-11 lists.
ICD11_CODE = re.compile(r"^[0-9A-Z][A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
CENTURY = 100 * 366


def _evidence() -> forms.CharField:
    return forms.CharField(
        label="Evidence",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "What the diagnosis rests on: assessment, history, measures. Stored encrypted; "
            "seen by the care team."
        ),
        error_messages={"required": "Write the evidence the diagnosis rests on."},
    )


def _diagnosed_on() -> WindowDateField:
    return WindowDateField(
        label="Date of diagnosis", past_days=CENTURY, future_days=0, initial=timezone.localdate
    )


class DiagnosisForm(forms.Form):
    """A diagnosis typed in by code and title."""

    code = forms.CharField(
        label="ICD-11 code",
        max_length=20,
        help_text="For example 6C72, 6C72.0, 6A70 or QE21.",
        error_messages={"required": "Enter the ICD-11 code."},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="As ICD-11 names it.",
        error_messages={"required": "Enter the diagnosis's title."},
    )
    diagnosed_on = _diagnosed_on()
    evidence = _evidence()

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip().upper()
        if not ICD11_CODE.match(code):
            raise forms.ValidationError(
                "Enter an ICD-11 code such as 6C72, 6C72.0 or QE21: four letters and digits, "
                "then optionally a dot and up to four more.",
                code="icd11_shape",
            )
        return code


class ChecklistDiagnosisForm(forms.Form):
    """A 6C72 diagnosis from a completed checklist: the clinician confirms it is their own."""

    confirm = forms.BooleanField(
        label="On my own assessment, I confirm this diagnosis",
        error_messages={"required": "Tick the box to confirm the diagnosis is yours."},
    )
    diagnosed_on = _diagnosed_on()
    evidence = _evidence()


class ResolveDiagnosisForm(forms.Form):
    resolved_on = WindowDateField(label="Resolved on", past_days=CENTURY, future_days=0)

    def __init__(self, *args: Any, diagnosed_on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.diagnosed_on = diagnosed_on
        self.fields["resolved_on"].initial = timezone.localdate

    def clean_resolved_on(self) -> date:
        resolved_on: date = self.cleaned_data["resolved_on"]
        if resolved_on < self.diagnosed_on:
            raise forms.ValidationError(
                f"Choose a date on or after the diagnosis ({self.diagnosed_on:%d %B %Y}).",
                code="before_diagnosis",
            )
        return resolved_on
