"""Signing in with e-mail and password, the failed-attempt limit, and the second factor."""

import html
import time
from typing import Any

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from conftest import PASSWORD

LOGIN_URL = "/accounts/login/"
TOTP_URL = "/accounts/2fa/authenticate/"
TOO_MANY = "Too many failed login attempts. Try again later."
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


def test_too_many_failures_lock_out_even_the_right_password(client, alice):
    allowed = settings.LOGIN_FAILURES_ALLOWED
    assert allowed == 5
    for _ in range(allowed):
        page = _sign_in(client, "alice@example.org", "not-the-password")
        assert MISMATCH in _text(page)
        assert TOO_MANY not in _text(page)
    page = _sign_in(client, "alice@example.org", PASSWORD)
    text = _text(page)
    assert page.request["PATH_INFO"] == LOGIN_URL
    assert TOO_MANY in text
    assert "Welcome, Alice" not in text
    assert client.get("/me/").status_code == 302


def test_failures_below_the_limit_do_not_lock_out(client, alice):
    for _ in range(settings.LOGIN_FAILURES_ALLOWED - 1):
        _sign_in(client, "alice@example.org", "not-the-password")
    page = _sign_in(client, "alice@example.org", PASSWORD)
    assert page.request["PATH_INFO"] == "/me/"


def test_lockout_holds_for_another_browser_too(client, alice):
    """The limit is per account as well as per address, and lives in the shared cache."""
    for _ in range(settings.LOGIN_FAILURES_ALLOWED):
        _sign_in(client, "alice@example.org", "not-the-password")
    other = Client(REMOTE_ADDR="10.9.8.7")
    page = _sign_in(other, "alice@example.org", PASSWORD)
    assert TOO_MANY in _text(page)


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
