from django import forms


class NoteForm(forms.Form):
    text = forms.CharField(
        label="New note",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Stored encrypted. Visible to the client's care team and the client.",
    )
