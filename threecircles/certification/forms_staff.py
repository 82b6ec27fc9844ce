"""Forms of the certification's staff part: decisions on evidence, quizzes, renewals, external
CE courses and disputed supervision entries; moving a candidacy; suspending, revoking and
reinstating; finding certifications; approving supervisors; a credential's few numbers and a
training module's offerings. What a decision does is in `certification.actions`; these only
check what was typed."""

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.certification.actions import PROFESSIONAL_ROLES
from threecircles.certification.models import (
    ApprovedSupervisor,
    CandidacyState,
    Certification,
    CertificationQuerySet,
    Credential,
    Requirement,
    Standing,
)
from threecircles.events.models import Event, EventKind

APPROVE = "approve"
RETURN = "return"


class DecisionForm(forms.Form):
    """Approve, or return with a note saying what needs to change (two buttons, one note)."""

    decision = forms.ChoiceField(
        choices=[(APPROVE, "Approve"), (RETURN, "Return for changes")],
        error_messages={"required": "Choose to approve or to return it."},
    )
    note = forms.CharField(
        label="Note to the person",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you return it: say what needs to change.",
    )
    missing_note = "Say what needs to change."

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("decision") == RETURN and not cleaned.get("note", "").strip():
            self.add_error("note", self.missing_note)
        return cleaned

    @property
    def approve(self) -> bool:
        return bool(self.cleaned_data["decision"] == APPROVE)


class EvidenceDecisionForm(DecisionForm):
    pass


class CreditDecisionForm(DecisionForm):
    missing_note = "Say why the course does not count."


class RenewalDecisionForm(DecisionForm):
    missing_note = "Say what the holder needs to do."
    renewal = forms.IntegerField(widget=forms.HiddenInput)


class MoveForm(forms.Form):
    to_state = forms.ChoiceField(
        choices=[
            (CandidacyState.CANDIDATE.value, "Candidate"),
            (CandidacyState.CERTIFIED.value, "Certified"),
            (CandidacyState.WITHDRAWN.value, "Withdrawn"),
        ],
        error_messages={"required": "Choose the step to take."},
    )
    note = forms.CharField(
        label="Note",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the candidacy's history, which the candidate sees.",
    )


class QuizGradeForm(forms.Form):
    attempt = forms.IntegerField(widget=forms.HiddenInput)
    passed = forms.TypedChoiceField(
        label="Result",
        choices=[("yes", "Passed"), ("no", "Not passed yet")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose passed or not passed yet."},
    )
    feedback = forms.CharField(
        label="Feedback to the candidate",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the quiz is not passed: say what to work on before trying again.",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("passed") is False and not cleaned.get("feedback", "").strip():
            self.add_error("feedback", "Say what to work on before trying again.")
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept with the certification.",
        error_messages={"required": "Give the reason."},
    )


class DisputeForm(forms.Form):
    count = forms.TypedChoiceField(
        choices=[("yes", "It counts"), ("no", "It does not count")],
        coerce=lambda value: value == "yes",
        error_messages={"required": "Choose whether the session counts."},
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Added to the entry, which the candidate and the supervisor see.",
    )


# --- finding certifications -------------------------------------------------------------------

EXPIRING = "expiring"
EXPIRING_WITHIN = datetime.timedelta(days=90)
STANDINGS = [
    (Standing.ACTIVE.value, "Active"),
    (EXPIRING, "Active, expiring in the next 90 days"),
    (Standing.GRACE.value, "Expired, in the renewal grace period"),
    (Standing.LAPSED.value, "Lapsed"),
    (Standing.SUSPENDED.value, "Suspended"),
    (Standing.REVOKED.value, "Revoked"),
]


def with_standing(
    found: CertificationQuerySet, standing: str, today: datetime.date
) -> list[Certification]:
    """The certifications in this standing on `today`, as `Certification.standing()` decides
    it (grace depends on each credential's grace days, so the last step is in Python)."""
    valid = found.filter(status=Certification.Status.VALID)
    if standing == Standing.ACTIVE:
        return list(valid.filter(expires_on__gte=today))
    if standing == EXPIRING:
        return list(valid.filter(expires_on__gte=today, expires_on__lte=today + EXPIRING_WITHIN))
    if standing in (Standing.GRACE, Standing.LAPSED):
        expired = valid.filter(expires_on__lt=today).select_related("credential")
        return [c for c in expired if c.standing(today) == standing]
    if standing == Standing.SUSPENDED:
        return list(found.filter(status=Certification.Status.SUSPENDED))
    if standing == Standing.REVOKED:
        return list(found.filter(status=Certification.Status.REVOKED))
    return list(found)


class CertificationFilterForm(forms.Form):
    q = forms.CharField(label="Name, e-mail address or number", max_length=120, required=False)
    standing = forms.ChoiceField(
        label="Standing", choices=[("", "Any standing"), *STANDINGS], required=False
    )

    def found(self, certifications: CertificationQuerySet, today: datetime.date) -> Any:
        for word in self.cleaned_data["q"].split()[:10]:
            certifications = certifications.filter(
                Q(holder_name__icontains=word)
                | Q(person__display_name__icontains=word)
                | Q(person__email__icontains=word)
                | Q(number__iexact=word)
            )
        return with_standing(certifications, self.cleaned_data["standing"], today)


# --- supervisors ------------------------------------------------------------------------------


class SupervisorForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address of their account",
        max_length=254,
        error_messages={"required": "Enter the e-mail address of their account."},
    )
    credentials = forms.ModelMultipleChoiceField(
        label="Credentials they supervise for",
        queryset=Credential.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose none for every credential.",
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].strip().lower()
        person = User.objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError(
                "No account has this address. The supervisor needs an account first."
            )
        if person.role not in PROFESSIONAL_ROLES:
            raise forms.ValidationError(
                "This account is not a professional's (clinician, supervisor or institute "
                "member), so it cannot supervise."
            )
        approval = getattr(person, "supervisor_approval", None)
        if approval is not None and approval.active:
            raise forms.ValidationError(f"{person.display_name} is already approved.")
        return person

    def save(self, by: User) -> ApprovedSupervisor:
        """Approve the person (again, if an earlier approval was deactivated)."""
        person: User = self.cleaned_data["email"]
        approval, _ = ApprovedSupervisor.objects.update_or_create(
            person=person,
            defaults={
                "active": True,
                "approved_by": by,
                "approved_on": timezone.localdate(),
            },
        )
        approval.credentials.set(self.cleaned_data["credentials"])
        return approval


# --- credentials ------------------------------------------------------------------------------


class CredentialNumbersForm(forms.ModelForm[Credential]):
    class Meta:
        model = Credential
        fields = ["supervision_hours_required", "ce_hours_required", "application_fee"]
        labels = {
            "supervision_hours_required": "Supervision hours required",
            "ce_hours_required": "CE hours for each renewal",
            "application_fee": "Application fee",
        }

    def __init__(self, data: Any = None, *, instance: Credential) -> None:
        super().__init__(data, instance=instance, prefix=f"credential-{instance.pk}")
        for field in self.fields.values():
            field.validators.append(MinValueValidator(Decimal(0), "Enter zero or more."))
            field.widget.attrs["min"] = "0"


class TrainingEventsField(forms.ModelMultipleChoiceField[Event]):
    def label_from_instance(self, obj: Event) -> str:
        return f"{obj.title} ({obj.starts_on.day} {obj.starts_on:%b %Y})"


class OfferingsForm(forms.ModelForm[Requirement]):
    offerings = TrainingEventsField(
        label="Events that offer this module",
        queryset=Event.objects.filter(kind=EventKind.TRAINING).order_by("-starts_on", "title"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event that offers this module."},
    )

    class Meta:
        model = Requirement
        fields = ["offerings"]

    def __init__(self, data: Any = None, *, instance: Requirement) -> None:
        super().__init__(data, instance=instance, prefix=f"module-{instance.pk}")
