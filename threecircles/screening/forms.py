from typing import Any

from django import forms

from threecircles.lib.dates import WindowDateField
from threecircles.screening.instruments import Pack
from threecircles.screening.models import Pathway, Provider, Referral, ReportingReview


class QuestionnaireForm(forms.Form):
    """One radio group per item. Blank answers are allowed when saving for later; `complete`
    asks for every required item and keeps whatever was already chosen."""

    def __init__(self, *args: Any, pack: Pack, initial_answers: list[int | None], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.pack = pack
        for position, item in enumerate(pack.items):
            answer = initial_answers[position] if position < len(initial_answers) else None
            self.fields[item.id] = forms.TypedChoiceField(
                label=f"{position + 1}. {item.text}",
                choices=[(str(o.score), o.label) for o in item.options],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                initial=None if answer is None else str(answer),
            )

    def answers(self) -> list[int | None]:
        return [self.cleaned_data.get(item.id) for item in self.pack.items]

    def require_all(self) -> bool:
        missing = False
        for item in self.pack.items:
            if item.required and self.cleaned_data.get(item.id) is None:
                skip = item.skip_if
                if skip and self.cleaned_data.get(skip.item) == skip.equals:
                    continue
                self.add_error(item.id, "Please choose an answer.")
                missing = True
        return not missing


class SendInstrumentForm(forms.Form):
    instrument = forms.ChoiceField(label="Questionnaire")
    due_on = WindowDateField(label="Answer by (optional)", required=False, future_days=365)
    every_weeks = forms.IntegerField(
        label="Repeat every N weeks (optional)",
        required=False,
        min_value=1,
        max_value=52,
        help_text="Leave empty to send it once.",
    )
    before_each_session = forms.BooleanField(
        label="Also send it before each session booked",
        required=False,
        help_text="It arrives when a session is booked and is due on the session's day.",
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = choices  # type: ignore[attr-defined]


class StartIntakeForm(forms.Form):
    instruments = forms.MultipleChoiceField(
        label="Validated instruments to add",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Consent, the behavior inventory and the safety and legal screen are always "
        "part of the intake.",
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instruments"].choices = choices  # type: ignore[attr-defined]


class ResolveAlertForm(forms.Form):
    action_taken = forms.CharField(
        label="What did you do?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="For example: called the client, completed a safety plan, arranged an "
        "emergency assessment. Stored encrypted.",
    )


class TriageReviewForm(forms.Form):
    confirmed_pathway = forms.ChoiceField(
        label="Your decision", choices=Pathway.choices, widget=forms.RadioSelect
    )
    override_reason = forms.CharField(
        label="Reason (required when your decision differs from the recommendation)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class ReportingDecisionForm(forms.Form):
    jurisdiction = forms.ChoiceField(label="Jurisdiction", required=False)
    decision = forms.ChoiceField(
        label="Decision", choices=ReportingReview.Decision.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        help_text="Who you consulted, what you reported and when. Stored encrypted.",
    )

    def __init__(self, *args: Any, jurisdictions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = [("", "Not listed")] + [  # type: ignore[attr-defined]
            (j, j) for j in jurisdictions
        ]


class ProviderForm(forms.ModelForm[Provider]):
    """A provider for the directory of one of the clinician's practices (asked only when they
    work at more than one)."""

    class Meta:
        model = Provider
        fields = ["practice", "name", "kind", "address", "phone", "email", "notes"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"practice": "For the directory of"}

    def __init__(self, *args: Any, practices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["practice"]
        field.queryset = practices  # type: ignore[attr-defined]
        field.required = True
        field.empty_label = None  # type: ignore[attr-defined]
        if practices.count() == 1:
            field.initial = practices.first()
            field.widget = forms.HiddenInput()


class ReferralForm(forms.Form):
    provider = forms.ModelChoiceField(queryset=Provider.objects.all(), label="Refer to")
    reason = forms.CharField(
        label="Reason for referral",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        help_text="Appears in the referral letter. Stored encrypted.",
    )
    follow_up_on = WindowDateField(label="Follow up on", required=False, future_days=2 * 365)


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Referral.Status.choices)
    # An earlier follow-up date may still be on the referral when its status changes.
    follow_up_on = WindowDateField(
        label="Follow up on", required=False, past_days=2 * 365, future_days=2 * 365
    )


class LicensedTextForm(forms.Form):
    instrument = forms.ChoiceField(label="Instrument")
    license_holder = forms.CharField(label="License held by", max_length=200)
    item_text = forms.CharField(
        label="Item text, one item per line, in item order",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Paste the licensed wording exactly. Nothing is saved unless every item has "
        "its text.",
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = choices  # type: ignore[attr-defined]
