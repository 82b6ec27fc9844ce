from django import forms

from threecircles.care.models import Session
from threecircles.lib.dates import WindowDateTimeField


class NoteForm(forms.Form):
    text = forms.CharField(
        label="New note",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Stored encrypted. Visible to the client's care team and the client.",
    )


class SessionForm(forms.Form):
    starts_at = WindowDateTimeField(
        label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        future_days=2 * 365,
    )
    minutes = forms.IntegerField(label="Length in minutes", min_value=15, max_value=480, initial=50)
    kind = forms.ChoiceField(label="Kind", choices=Session.Kind.choices)
