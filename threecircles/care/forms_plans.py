"""The small forms of the treatment-plan editor: each adds, changes or removes one thing."""

from typing import Any

from django import forms

from threecircles.accounts.forms import TypedNameForm, typed_name_field
from threecircles.accounts.models import Practice
from threecircles.care.plans import (
    PART_GONE,
    PART_ID_MAX_LENGTH,
    TARGET_INSTRUMENTS,
    Content,
    goals_of,
    parts_of,
)
from threecircles.lib.dates import WindowDateField
from threecircles.screening.instruments import get_pack

TWO_YEARS = 2 * 366


class ReviewForm(forms.Form):
    review_on = WindowDateField(
        label="Review the plan on",
        future_days=TWO_YEARS,
        help_text="The plan reaches the caseload on this day.",
        error_messages={"required": "Enter the date the care team reviews the plan."},
    )


class ProblemForm(forms.Form):
    text = forms.CharField(
        label="Problem",
        max_length=500,
        help_text="In words the client would recognise.",
        error_messages={"required": "Describe the problem."},
    )


class StartForm(ReviewForm, ProblemForm):
    """The first version: a problem to work on and a review date."""


def _refuse_unknown_part(
    form: forms.Form, field: str, content: Content, kinds: tuple[str, ...], message: str
) -> None:
    """A hidden id must name a part of one of these kinds in this plan. Nobody sees the field,
    so a wrong id (too long, say) is said above the form, and nothing is changed."""
    value = form.cleaned_data.get(field) or ""
    if field in form.errors or (value and parts_of(content).get(value) not in kinds):
        form.errors.pop(field, None)
        form.cleaned_data.pop(field, None)
        form.add_error(None, message)


def _goal_choices(content: Content) -> list[tuple[str, str]]:
    return [
        (goal["id"], f"{problem['text']} → {goal['text']}") for problem, goal in goals_of(content)
    ]


class GoalForm(forms.Form):
    problem = forms.ChoiceField(label="Under the problem")
    text = forms.CharField(
        label="Goal", max_length=500, error_messages={"required": "Describe the goal."}
    )

    def __init__(self, *args: Any, content: Content, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["problem"].choices = [(p["id"], p["text"]) for p in content["problems"]]  # type: ignore[attr-defined]


class ObjectiveForm(forms.Form):
    goal = forms.ChoiceField(label="Under the goal")
    text = forms.CharField(
        label="Objective",
        max_length=500,
        help_text="Something that can be measured or seen.",
        error_messages={"required": "Describe the objective."},
    )
    target_kind = forms.ChoiceField(
        label="Tied to",
        choices=[
            ("", "Nothing (judged in session)"),
            ("measure", "A measure's total"),
            ("checkins", "Days of check-ins"),
        ],
        required=False,
    )
    instrument = forms.ChoiceField(label="Measure", required=False)
    below = forms.IntegerField(label="Total below", min_value=1, max_value=200, required=False)
    days = forms.IntegerField(label="Days of check-ins", min_value=1, max_value=365, required=False)

    def __init__(self, *args: Any, content: Content, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = _goal_choices(content)  # type: ignore[attr-defined]
        self.fields["instrument"].choices = [  # type: ignore[attr-defined]
            (code, get_pack(code).title) for code in TARGET_INSTRUMENTS
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("target_kind")
        if kind == "measure" and data.get("below") is None:
            self.add_error("below", "Enter the total the measure should fall below.")
        if kind == "checkins" and data.get("days") is None:
            self.add_error("days", "Enter how many days of check-ins.")
        return data

    def target(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if data["target_kind"] == "measure":
            return {"kind": "measure", "instrument": data["instrument"], "below": data["below"]}
        if data["target_kind"] == "checkins":
            return {"kind": "checkins", "days": data["days"]}
        return None


class InterventionForm(forms.Form):
    intervention_id = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=PART_ID_MAX_LENGTH
    )
    goal = forms.ChoiceField(label="For the goal")
    modality = forms.ChoiceField(label="Modality")
    frequency = forms.CharField(
        label="How often",
        max_length=120,
        help_text="For example weekly, or twice a week.",
        error_messages={"required": "Say how often."},
    )
    clinician = forms.TypedChoiceField(label="Responsible clinician", coerce=int)
    target_date = WindowDateField(
        label="Target date",
        past_days=TWO_YEARS,
        future_days=TWO_YEARS,
        error_messages={"required": "Enter the target date."},
    )

    def __init__(
        self,
        *args: Any,
        content: Content,
        modalities: list[tuple[str, str]],
        clinicians: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.content = content
        self.fields["goal"].choices = _goal_choices(content)  # type: ignore[attr-defined]
        self.fields["modality"].choices = modalities  # type: ignore[attr-defined]
        self.fields["clinician"].choices = clinicians  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        gone = "That intervention is no longer in the plan. Reload the page and change it again."
        _refuse_unknown_part(self, "intervention_id", self.content, ("intervention",), gone)
        return data

    def intervention(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "modality": data["modality"],
            "frequency": data["frequency"],
            "clinician_id": data["clinician"],
            "target_date": data["target_date"].isoformat(),
        }


class RemoveForm(forms.Form):
    """Which part to remove, and what kind of part the button said it was."""

    item = forms.CharField(widget=forms.HiddenInput, max_length=PART_ID_MAX_LENGTH)
    kind = forms.ChoiceField(
        widget=forms.HiddenInput,
        choices=[(kind, kind) for kind in ("problem", "goal", "objective", "intervention")],
    )

    def __init__(self, *args: Any, content: Content, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.content = content

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        self.errors.pop("kind", None)  # a wrong kind refuses the item below, said once
        _refuse_unknown_part(self, "item", self.content, (kind,) if kind else (), PART_GONE)
        return data


class AcknowledgeForm(TypedNameForm):
    prefix = "acknowledge"  # it sits on the client's home among other forms
    name = typed_name_field(
        label="Type your name to acknowledge this plan",
        required="Type your name to acknowledge the plan.",
    )


class ModalityForm(forms.Form):
    practice = forms.ModelChoiceField(label="Practice", queryset=Practice.objects.none())
    name = forms.CharField(
        label="Modality", max_length=120, error_messages={"required": "Name the modality."}
    )

    def __init__(self, *args: Any, practices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices  # type: ignore[attr-defined]
