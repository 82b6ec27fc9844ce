"""Signing in with e-mail and password, the failed-attempt limit, and the second factor."""

import html
import time
from typing import Any

import pyotp
import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from conftest import PASSWORD

LOGIN_URL = "/accounts/login/"
TOTP_URL = "/accounts/2fa/authenticate/"
TOO_MANY_PAGE = "There were too many unsuccessful sign-ins for this account."
MISMATCH = "The email address and/or password you specified are not correct."


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    """Rate limits and used TOTP codes live in the shared cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()


def _text(page) -> str:
    return html.unescape(page.content.decode())


def _sign_in(client: Client, email: str, password: str) -> Any:
    return client.post(LOGIN_URL, {"login": email, "password": password}, follow=True)


def test_client_signs_in_and_lands_on_her_home(client, alice):
    page = _sign_in(client, "alice@example.org", PASSWORD)
    assert page.status_code == 200
    assert page.request["PATH_INFO"] == "/me/"
    assert "Welcome, Alice" in _text(page)


def test_sign_in_ignores_the_case_of_the_email(client, alice):
    page = _sign_in(client, "Alice@Example.org", PASSWORD)
    assert page.request["PATH_INFO"] == "/me/"


def test_wrong_password_shows_a_clear_error_and_keeps_the_email(client, alice):
    page = _sign_in(client, "alice@example.org", "not-the-password")
    text = _text(page)
    assert page.request["PATH_INFO"] == LOGIN_URL
    assert MISMATCH in text
    assert 'value="alice@example.org"' in text
    # The password is never echoed back.
    assert "not-the-password" not in text
    # Still signed out.
    assert client.get("/me/").status_code == 302


def test_unknown_email_gets_the_same_error_as_a_wrong_password(client, alice):
    page = _sign_in(client, "nobody@example.org", "not-the-password")
    assert MISMATCH in _text(page)


def _locked_out(page) -> bool:
    return page.status_code == 429 and TOO_MANY_PAGE in _text(page)


def test_too_many_failures_lock_out_even_the_right_password(client, alice):
    allowed = settings.LOGIN_FAILURES_ALLOWED
    assert allowed == 5
    for _ in range(allowed):
        page = _sign_in(client, "alice@example.org", "not-the-password")
        assert MISMATCH in _text(page)
    page = _sign_in(client, "alice@example.org", PASSWORD)
    assert _locked_out(page)
    assert 0 < int(page["Retry-After"]) <= 15 * 60
    assert "Welcome, Alice" not in _text(page)
    assert client.get("/me/").status_code == 302


def test_the_lockout_lifts_after_fifteen_minutes(client, alice):
    for _ in range(settings.LOGIN_FAILURES_ALLOWED):
        _sign_in(client, "alice@example.org", "not-the-password")
    with time_machine.travel(time.time() + 15 * 60 + 1, tick=False):
        page = _sign_in(client, "alice@example.org", PASSWORD)
        assert page.request["PATH_INFO"] == "/me/"


def test_failures_below_the_limit_do_not_lock_out(client, alice):
    for _ in range(settings.LOGIN_FAILURES_ALLOWED - 1):
        _sign_in(client, "alice@example.org", "not-the-password")
    page = _sign_in(client, "alice@example.org", PASSWORD)
    assert page.request["PATH_INFO"] == "/me/"


def test_one_person_mistyping_does_not_lock_out_others_behind_the_same_address(
    client, alice, mallory
):
    """A clinic's shared address: Mallory's failures lock only Mallory's account there."""
    for _ in range(settings.LOGIN_FAILURES_ALLOWED + 3):
        _sign_in(client, "mallory@example.org", "not-the-password")
    colleague = Client()  # same address (the test client's 127.0.0.1)
    page = _sign_in(colleague, "alice@example.org", PASSWORD)
    assert page.request["PATH_INFO"] == "/me/"


def test_the_account_is_locked_from_every_address_after_many_failures(alice):
    """Guessing at one account from many addresses stops at the per-account limit."""
    per_account = settings.LOGIN_FAILURES_PER_ACCOUNT
    for attempt in range(per_account):
        browser = Client(REMOTE_ADDR=f"10.0.{attempt // 250}.{attempt % 250 + 1}")
        assert MISMATCH in _text(_sign_in(browser, "alice@example.org", "not-the-password"))
    page = _sign_in(Client(REMOTE_ADDR="192.0.2.77"), "alice@example.org", PASSWORD)
    assert _locked_out(page)


def test_the_same_address_may_still_sign_in_to_another_account_after_a_lockout(
    client, alice, carol
):
    for _ in range(settings.LOGIN_FAILURES_ALLOWED):
        _sign_in(client, "alice@example.org", "not-the-password")
    assert _locked_out(_sign_in(client, "alice@example.org", PASSWORD))
    page = _sign_in(Client(), "carol@example.org", PASSWORD)
    assert page.request["PATH_INFO"] == "/support/supporting/"


@pytest.fixture
def bob_secret(bob):
    secret = generate_totp_secret()
    TOTP.activate(bob, secret)
    return secret


def test_clinician_needs_password_then_code_to_reach_the_caseload(client, bob, bob_secret, alice):
    page = _sign_in(client, "bob@example.org", PASSWORD)
    assert page.request["PATH_INFO"] == TOTP_URL
    assert 'name="code"' in _text(page)
    # The password alone does not sign Bob in.
    assert client.get("/care/caseload/").status_code == 302

    page = client.post(TOTP_URL, {"code": pyotp.TOTP(bob_secret).now()}, follow=True)
    text = _text(page)
    assert page.request["PATH_INFO"] == "/care/caseload/"
    assert "Your caseload" in text
    assert "Alice" in text


def test_wrong_code_is_refused_clearly(client, bob, bob_secret):
    _sign_in(client, "bob@example.org", PASSWORD)
    totp = pyotp.TOTP(bob_secret)
    valid = {totp.at(time.time() + offset) for offset in (-30, 0, 30)}
    wrong = next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)
    page = client.post(TOTP_URL, {"code": wrong}, follow=True)
    text = _text(page)
    assert page.request["PATH_INFO"] == TOTP_URL
    assert "Incorrect code." in text
    assert client.get("/care/caseload/").status_code == 302


def test_the_sign_in_page_says_to_ask_for_an_invitation_not_to_sign_up(client, db):
    page = client.get(LOGIN_URL)
    text = _text(page)
    assert "Three Circles is by invitation: ask your clinician" in text
    assert 'href="/accounts/signup/"' not in page.content.decode()
    # And the closed sign-up says so too, instead of offering a form.
    assert "Ask your clinician, or the person you support" in _text(client.get("/accounts/signup/"))


def test_signing_in_again_after_the_idle_sign_out_returns_to_the_page(
    client, bob, bob_secret, alice
):
    """The idle sign-out sends back to the page it interrupted (`?next=`), past the code."""
    note_page = f"/care/clients/{alice.pk}/notes/new/"
    page = client.post(
        f"{LOGIN_URL}?next={note_page}",
        {"login": "bob@example.org", "password": PASSWORD, "next": note_page},
        follow=True,
    )
    assert page.request["PATH_INFO"] == TOTP_URL
    page = client.post(TOTP_URL, {"code": pyotp.TOTP(bob_secret).now()}, follow=True)
    assert page.request["PATH_INFO"] == note_page
    assert "New progress note for Alice" in _text(page)
