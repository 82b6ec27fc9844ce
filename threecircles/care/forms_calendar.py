"""Moving the calendar page to another week."""

from django import forms

from threecircles.lib.dates import WindowDateField

# Far enough for a course of residential treatment and its follow-up, both ways.
WEEK_WINDOW_DAYS = 3 * 366


class WeekForm(forms.Form):
    week = WindowDateField(
        label="Show the week of",
        required=False,
        past_days=WEEK_WINDOW_DAYS,
        future_days=WEEK_WINDOW_DAYS,
        error_messages={"invalid": "Enter a date such as 2026-03-02."},
    )
