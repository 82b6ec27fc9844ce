"""Clinical roles are signed out after IDLE_TIMEOUT_MINUTES without a request."""

import html
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

IDLE_MESSAGE = "You were signed out after 15 minutes without activity."


def _text(page) -> str:
    return html.unescape(page.content.decode())


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_timeout_is_fifteen_minutes():
    assert settings.IDLE_TIMEOUT_MINUTES == 15


@pytest.mark.parametrize("who", ["bob", "sam"])
def test_idle_clinician_is_signed_out_and_told_why(request, signed_in, clock, who, alice):
    browser = signed_in(request.getfixturevalue(who))
    assert browser.get("/care/caseload/").status_code == 200

    clock.shift(timedelta(minutes=settings.IDLE_TIMEOUT_MINUTES, seconds=1))
    page = browser.get("/care/caseload/", follow=True)
    text = _text(page)
    assert page.request["PATH_INFO"] == "/accounts/login/"
    assert IDLE_MESSAGE in text
    assert "Alice" not in text

    # Signed out for good: the caseload now asks for sign-in.
    again = browser.get("/care/caseload/")
    assert again.status_code == 302
    assert again["Location"].startswith("/accounts/login/")


def test_idle_admin_is_signed_out(signed_in, clock, ada):
    browser = signed_in(ada)
    assert browser.get("/administration/").status_code == 200
    clock.shift(timedelta(minutes=16))
    page = browser.get("/administration/", follow=True)
    assert page.request["PATH_INFO"] == "/accounts/login/"
    assert IDLE_MESSAGE in _text(page)


def test_activity_within_the_window_keeps_the_clinician_signed_in(signed_in, clock, bob, alice):
    browser = signed_in(bob)
    for _ in range(6):  # an hour and a half in all, never more than 14 minutes apart
        page = browser.get("/care/caseload/")
        assert page.status_code == 200
        assert "Alice" in _text(page)
        clock.shift(timedelta(minutes=14))
    page = browser.get("/care/caseload/")
    assert page.status_code == 200
    assert IDLE_MESSAGE not in _text(page)


def test_exactly_at_the_limit_is_still_signed_in(signed_in, clock, bob, alice):
    browser = signed_in(bob)
    browser.get("/care/caseload/")
    clock.shift(timedelta(minutes=settings.IDLE_TIMEOUT_MINUTES))
    assert browser.get("/care/caseload/").status_code == 200


def test_client_is_not_signed_out_after_fifteen_minutes(signed_in, clock, alice):
    browser = signed_in(alice)
    assert browser.get("/me/").status_code == 200
    clock.shift(timedelta(minutes=45))
    page = browser.get("/me/")
    assert page.status_code == 200
    text = _text(page)
    assert "Welcome, Alice" in text
    assert IDLE_MESSAGE not in text


def test_supporter_is_not_signed_out_after_fifteen_minutes(signed_in, clock, carol):
    browser = signed_in(carol)
    assert browser.get("/support/supporting/").status_code == 200
    clock.shift(timedelta(minutes=45))
    page = browser.get("/support/supporting/")
    assert page.status_code == 200
    assert "Alice" in _text(page)


def test_after_the_idle_sign_out_signing_in_returns_to_the_same_page(signed_in, clock, bob, alice):
    browser = signed_in(bob)
    note_page = f"/care/clients/{alice.pk}/notes/new/"
    browser.get("/care/caseload/")
    clock.shift(timedelta(minutes=settings.IDLE_TIMEOUT_MINUTES, seconds=1))
    page = browser.post(
        note_page, {"subjective": "Typed"}, HTTP_REFERER=f"http://testserver{note_page}"
    )
    assert page.status_code == 302
    assert page["Location"] == f"/accounts/login/?next={note_page.replace('/', '%2F')}"


def test_a_form_sent_from_elsewhere_after_the_idle_sign_out_returns_nowhere_in_particular(
    signed_in, clock, bob, alice
):
    browser = signed_in(bob)
    browser.get("/care/caseload/")
    clock.shift(timedelta(minutes=settings.IDLE_TIMEOUT_MINUTES, seconds=1))
    page = browser.post(
        f"/care/clients/{alice.pk}/notes/new/", {}, HTTP_REFERER="https://elsewhere.example/x/"
    )
    assert page["Location"] == "/accounts/login/"
