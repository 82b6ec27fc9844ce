"""Forms for progress notes: a SOAP or DAP note, an addendum, a group note with one addition
field per attendee."""

from typing import Any

from django import forms

from threecircles.accounts.models import User
from threecircles.care.models import NoteFormat

MAX = 20000
PROGRESS_FORMS = [(NoteFormat.SOAP, "SOAP"), (NoteFormat.DAP, "DAP")]
LABELS = {
    "subjective": "Subjective",
    "objective": "Objective",
    "assessment": "Assessment",
    "plan": "Plan",
    "data": "Data",
}
SECTION_NAMES: dict[str, tuple[str, ...]] = {
    NoteFormat.SOAP: ("subjective", "objective", "assessment", "plan"),
    NoteFormat.DAP: ("data", "assessment", "plan"),
}


def _area(label: str, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX,
        required=required,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SectionsForm(forms.Form):
    """The sections of one format; at least one must say something."""

    def __init__(self, *args: Any, form: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.note_form = form
        for name in SECTION_NAMES[form]:
            self.fields[name] = _area(LABELS[name])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(name, "").strip() for name in SECTION_NAMES[self.note_form]):
            raise forms.ValidationError("Write at least one section.")
        return cleaned

    def sections(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in SECTION_NAMES[self.note_form]}


class AddendumForm(forms.Form):
    text = forms.CharField(
        label="Addendum",
        max_length=MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Dated and signed with your name when saved. The note itself stays as signed.",
    )


class GroupNoteForm(forms.Form):
    """The shared text once, then one field per attendee for what is only about them."""

    form = forms.ChoiceField(
        label="Format",
        choices=[(NoteFormat.FREE, "Free text"), (NoteFormat.DAP, "DAP")],
        initial=NoteFormat.FREE,
    )

    def __init__(self, *args: Any, attendees: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attendees = attendees
        # Added here, not on the class: "data" would shadow the form's own `data`.
        self.fields["text"] = _area("Shared note (free text)")
        for name in SECTION_NAMES[NoteFormat.DAP]:
            self.fields[name] = _area(f"{LABELS[name]} (DAP)")
        for client in attendees:
            self.fields[f"addition_{client.pk}"] = _area(f"Only for {client.display_name}")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.attendees:
            raise forms.ValidationError("No one attended that day: record attendance first.")
        if cleaned.get("form") == NoteFormat.DAP:
            if not any(cleaned.get(name, "").strip() for name in SECTION_NAMES[NoteFormat.DAP]):
                raise forms.ValidationError("Write at least one DAP section.")
        elif not cleaned.get("text", "").strip():
            self.add_error("text", "Write the shared note.")
        return cleaned

    def shared(self) -> dict[str, str]:
        return {
            name: self.cleaned_data.get(name, "") for name in ("text", "data", "assessment", "plan")
        }

    def additions(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"addition_{c.pk}", "") for c in self.attendees}

    def addition_fields(self) -> list[forms.BoundField]:
        return [self[f"addition_{client.pk}"] for client in self.attendees]
