"""Form fields for dates that must fall in a sensible window (no session in the year 9999, no
questionnaire due in the year 1)."""

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone


def _window_message(earliest: date, latest: date) -> str:
    return f"Choose a date between {earliest:%d %B %Y} and {latest:%d %B %Y}."


class WindowDateField(forms.DateField):
    """A date from `past_days` before today to `future_days` after it."""

    def __init__(self, *args: Any, past_days: int = 0, future_days: int, **kwargs: Any) -> None:
        self.past_days, self.future_days = past_days, future_days
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        super().__init__(*args, **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        today = timezone.localdate()
        earliest = today - timedelta(days=self.past_days)
        latest = today + timedelta(days=self.future_days)
        if not earliest <= value <= latest:
            raise forms.ValidationError(_window_message(earliest, latest), code="out_of_window")


class WindowDateTimeField(forms.DateTimeField):
    """A moment from now to `future_days` ahead (a booking)."""

    def __init__(self, *args: Any, future_days: int, **kwargs: Any) -> None:
        self.future_days = future_days
        super().__init__(*args, **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        now = timezone.now()
        if value < now:
            raise forms.ValidationError("Choose a time in the future.", code="past")
        latest: datetime = now + timedelta(days=self.future_days)
        if value > latest:
            raise forms.ValidationError(
                _window_message(timezone.localdate(), timezone.localtime(latest).date()),
                code="out_of_window",
            )
