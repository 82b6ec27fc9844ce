from django import forms
from django.utils import timezone

from threecircles.care.models import Session


class NoteForm(forms.Form):
    text = forms.CharField(
        label="New note",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Stored encrypted. Visible to the client's care team and the client.",
    )


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.IntegerField(label="Length in minutes", min_value=15, max_value=480, initial=50)
    kind = forms.ChoiceField(label="Kind", choices=Session.Kind.choices)

    def clean_starts_at(self) -> object:
        starts_at = self.cleaned_data["starts_at"]
        if starts_at < timezone.now():
            raise forms.ValidationError("Choose a time in the future.")
        return starts_at
