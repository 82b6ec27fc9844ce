"""Forms of the episode pages: admission, transfer, discharge and a place on the care team."""

from typing import Any

from django import forms

from threecircles.accounts.models import CLINICAL_ROLES, Practice, User
from threecircles.care.episodes import TeamPlace, practice_staff
from threecircles.care.models import DischargeReason, LevelOfCare
from threecircles.lib.dates import WindowDateField
from threecircles.privacy.models import CareTeamRole

# Backdating is allowed (care recorded late); a year covers it.
PAST_DAYS = 365
# Roles a further member may take at admission (the primary clinician is chosen above them).
FURTHER_ROLES = [
    (role, label) for role, label in CareTeamRole.choices if role != CareTeamRole.PRIMARY
]
FURTHER_PLACES = 2


class StaffChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


def _staff_of(practices: list[Practice]) -> Any:
    return (
        User.objects.filter(
            practice_memberships__practice__in=practices, role__in=CLINICAL_ROLES, is_active=True
        )
        .distinct()
        .order_by("display_name", "pk")
    )


class AdmitForm(forms.Form):
    practice = forms.ModelChoiceField(queryset=Practice.objects.none(), label="Practice")
    level_of_care = forms.ChoiceField(label="Level of care", choices=LevelOfCare.choices)
    started_on = WindowDateField(label="Start date", past_days=PAST_DAYS, future_days=0)
    primary_clinician = StaffChoiceField(queryset=User.objects.none(), label="Primary clinician")

    def __init__(self, *args: Any, practices: list[Practice], admitted_by: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = Practice.objects.filter(  # type: ignore[attr-defined]
            pk__in=[practice.pk for practice in practices]
        ).order_by("name", "pk")
        if len(practices) == 1:
            self.fields["practice"].initial = practices[0]
        staff = _staff_of(practices)
        self.fields["primary_clinician"].queryset = staff  # type: ignore[attr-defined]
        self.fields["primary_clinician"].initial = admitted_by
        for number in range(1, FURTHER_PLACES + 1):
            self.fields[f"member_{number}"] = StaffChoiceField(
                queryset=staff, required=False, label=f"Further team member {number}"
            )
            self.fields[f"role_{number}"] = forms.ChoiceField(
                label=f"Role of further team member {number}",
                choices=[("", "---------"), *FURTHER_ROLES],
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        practice = data.get("practice")
        staff = practice_staff(practice) if practice else []
        primary = data.get("primary_clinician")
        if practice and primary and primary not in staff:
            self.add_error("primary_clinician", f"Choose a clinician of {practice.name}.")
        chosen = {primary}
        for number in range(1, FURTHER_PLACES + 1):
            member, role = data.get(f"member_{number}"), data.get(f"role_{number}")
            if member and not role:
                self.add_error(f"role_{number}", "Choose this member's role.")
            elif role and not member:
                self.add_error(f"member_{number}", "Choose who takes this role.")
            elif member and practice and member not in staff:
                self.add_error(f"member_{number}", f"Choose a clinician of {practice.name}.")
            elif member and member in chosen:
                self.add_error(f"member_{number}", "This person is already on the team above.")
            chosen.add(member)
        return data

    def further_places(self) -> list[TeamPlace]:
        places = []
        for number in range(1, FURTHER_PLACES + 1):
            member = self.cleaned_data.get(f"member_{number}")
            if member:
                places.append(TeamPlace(member, self.cleaned_data[f"role_{number}"]))
        return places


class TransferForm(forms.Form):
    to_level = forms.ChoiceField(label="New level of care", choices=LevelOfCare.choices)
    changed_on = WindowDateField(label="From", past_days=PAST_DAYS, future_days=0)
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        help_text="A few words, e.g. “stepped down as planned”. No clinical detail: "
        "the client and everyone on the team read it.",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        # Both forms on the episode page have a "Reason": each label must find its own field.
        kwargs.setdefault("auto_id", "id_transfer_%s")
        super().__init__(*args, **kwargs)


class DischargeForm(forms.Form):
    ended_on = WindowDateField(label="Last day of care", past_days=PAST_DAYS, future_days=0)
    reason = forms.ChoiceField(label="Reason", choices=DischargeReason.choices)
    summary = forms.CharField(
        label="Discharge summary",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Stored encrypted. The client can read it in their care history.",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("auto_id", "id_discharge_%s")
        super().__init__(*args, **kwargs)


class MemberForm(forms.Form):
    member = StaffChoiceField(queryset=User.objects.none(), label="Clinician")
    role = forms.ChoiceField(label="Role", choices=CareTeamRole.choices)

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = _staff_of([practice])  # type: ignore[attr-defined]
