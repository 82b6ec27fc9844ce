"""Dates people type must fall in a sensible window; the form says which, and keeps them."""

from datetime import timedelta

import pytest
from django import forms
from django.utils import timezone

from threecircles.care.models import Session
from threecircles.lib.dates import WindowDateField, WindowDateTimeField
from threecircles.screening.models import Administration


class DueForm(forms.Form):
    due_on = WindowDateField(required=False, future_days=365)


class BookingForm(forms.Form):
    starts_at = WindowDateTimeField(future_days=730)


@pytest.mark.parametrize(
    ("typed", "ok"),
    [("0001-01-01", False), ("9999-12-31", False), ("", True)],
)
def test_a_due_date_far_outside_the_window_is_refused(typed, ok):
    form = DueForm({"due_on": typed})
    assert form.is_valid() is ok
    if not ok:
        assert "Choose a date between" in form.errors["due_on"][0]


def test_the_window_edges_are_inside():
    today = timezone.localdate()
    assert DueForm({"due_on": today.isoformat()}).is_valid()
    assert DueForm({"due_on": (today + timedelta(days=365)).isoformat()}).is_valid()
    assert not DueForm({"due_on": (today + timedelta(days=366)).isoformat()}).is_valid()
    assert not DueForm({"due_on": (today - timedelta(days=1)).isoformat()}).is_valid()


def test_a_booking_must_be_ahead_and_within_two_years():
    soon = timezone.localtime() + timedelta(days=3)
    assert BookingForm({"starts_at": soon.strftime("%Y-%m-%d %H:%M")}).is_valid()
    past = BookingForm({"starts_at": "2001-01-01 10:00"})
    assert not past.is_valid()
    assert past.errors["starts_at"] == ["Choose a time in the future."]
    far = BookingForm({"starts_at": "9999-01-01 10:00"})
    assert not far.is_valid()
    assert "Choose a date between" in far.errors["starts_at"][0]


def test_a_session_in_the_year_9999_is_refused_on_the_record_and_kept(alice, bob, signed_in):
    page = signed_in(bob).post(
        f"/care/clients/{alice.pk}/",
        {"book": "", "session-starts_at": "9999-01-01T10:00", "session-minutes": "50",
         "session-kind": "individual"},
    )  # fmt: skip
    assert page.status_code == 200
    assert "Choose a date between" in page.text
    assert 'value="9999-01-01T10:00"' in page.text
    assert not Session.objects.filter(client=alice).exists()


def test_a_questionnaire_due_in_the_year_1_is_refused(alice, bob, signed_in):
    page = signed_in(bob).post(
        f"/screening/clients/{alice.pk}/",
        {"send": "", "instrument": "phq9", "due_on": "0001-01-01"},
        follow=True,
    )
    assert not Administration.objects.for_client(alice.pk).exists()
    assert "Choose a date between" in page.text
