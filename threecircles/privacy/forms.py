from django import forms
from django.conf import settings


class BreakGlassForm(forms.Form):
    client_email = forms.EmailField(label="Client's e-mail address")
    reason = forms.CharField(
        label="Reason for emergency access",
        min_length=10,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The client will see this reason in their record's access history.",
    )
    minutes = forms.IntegerField(
        label="For how many minutes",
        min_value=1,
        max_value=settings.BREAK_GLASS_MAX_MINUTES,
        initial=30,
    )
