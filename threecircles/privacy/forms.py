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


class StartResetForm(forms.Form):
    email = forms.EmailField(label="E-mail address of the staff member")
    reason = forms.CharField(
        label="Why",
        min_length=10,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The person reads this in the e-mail we send them at once.",
    )


class HistoryPageForm(forms.Form):
    before = forms.DateField(required=False)
