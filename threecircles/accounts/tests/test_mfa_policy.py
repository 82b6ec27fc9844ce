"""Roles that see clinical or institute data must set up a second factor before anything else."""

import html

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.core.cache import cache
from django.urls import reverse

from conftest import PASSWORD

SETUP_MESSAGE = "Your role needs two-step verification. Set up an authenticator app to continue."


def _text(page) -> str:
    return html.unescape(page.content.decode())


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    cache.clear()


@pytest.fixture
def activate_url() -> str:
    return reverse("mfa_activate_totp")


@pytest.mark.parametrize("who", ["bob", "sam", "ivy", "ada"])
@pytest.mark.parametrize("path", ["/care/caseload/", "/home/", "/me/", "/support/supporting/"])
def test_roles_needing_mfa_are_sent_to_set_it_up(request, client, who, path, activate_url):
    """Someone who has no second factor yet is sent to set one up, whatever they open."""
    user = request.getfixturevalue(who)
    assert user.needs_mfa
    client.force_login(user)

    page = client.get(path)
    assert page.status_code == 302
    assert page["Location"] == activate_url

    # The next page the person sees says why.
    page = client.get(path, follow=True)
    assert SETUP_MESSAGE in _text(page)


@pytest.mark.parametrize("who", ["bob", "sam", "ivy", "ada"])
def test_after_password_sign_in_the_setup_step_explains_why(request, client, who, activate_url):
    """Through the real sign-in form, the first page after signing in is the set-up page and
    says why; the password just typed is not asked for again."""
    user = request.getfixturevalue(who)
    page = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert page.status_code == 302
    page = client.get(page["Location"], follow=True)
    assert page.request["PATH_INFO"] == activate_url
    assert SETUP_MESSAGE in _text(page)


# allauth confirms a new factor once its transaction commits: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_clinician_sets_up_the_authenticator_and_then_reaches_the_caseload(
    client, bob, alice, activate_url
):
    client.post("/accounts/login/", {"login": bob.email, "password": PASSWORD})
    page = client.get("/care/caseload/", follow=True)
    text = _text(page)
    assert page.request["PATH_INFO"] == activate_url
    assert 'name="code"' in text
    secret = client.session[SECRET_SESSION_KEY]
    # The secret is shown so it can be typed into an authenticator app.
    assert secret in text

    page = client.post(activate_url, {"code": pyotp.TOTP(secret).now()}, follow=True)
    assert Authenticator.objects.filter(user=bob, type=Authenticator.Type.TOTP).exists()

    page = client.get("/care/caseload/")
    assert page.status_code == 200
    text = _text(page)
    assert "Your caseload" in text
    assert "Alice" in text
    assert SETUP_MESSAGE not in text


@pytest.mark.parametrize("who", ["bob", "ada"])
def test_posting_elsewhere_is_redirected_too(request, client, who, activate_url, alice):
    client.force_login(request.getfixturevalue(who))
    page = client.post(f"/care/clients/{alice.pk}/", {"text": "should not be saved"})
    assert page.status_code == 302
    assert page["Location"] == activate_url
    from threecircles.care.models import Note

    assert not Note.objects.filter(client=alice).exists()


@pytest.mark.parametrize("who", ["bob", "sam", "ivy", "ada"])
def test_crisis_help_still_opens_without_a_second_factor(request, client, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get("/crisis/")
    assert page.status_code == 200
    assert SETUP_MESSAGE not in _text(page)


def test_client_is_not_asked_for_a_second_factor(client, alice):
    assert not alice.needs_mfa
    client.force_login(alice)
    page = client.get("/home/", follow=True)
    assert page.request["PATH_INFO"] == "/me/"
    assert page.status_code == 200
    text = _text(page)
    assert "Welcome, Alice" in text
    assert SETUP_MESSAGE not in text


def test_supporter_is_not_asked_for_a_second_factor(client, carol):
    client.force_login(carol)
    page = client.get("/home/", follow=True)
    assert page.request["PATH_INFO"] == "/support/supporting/"
    assert SETUP_MESSAGE not in _text(page)


def test_once_set_up_the_clinician_reaches_the_caseload(signed_in, bob, alice):
    browser = signed_in(bob)
    page = browser.get("/care/caseload/")
    assert page.status_code == 200
    text = _text(page)
    assert "Your caseload" in text
    assert SETUP_MESSAGE not in text


def test_without_a_fresh_sign_in_the_password_is_asked_again_before_setup(
    client, bob, activate_url
):
    """Only a password typed moments ago counts; an old session must confirm it first."""
    client.force_login(bob)
    page = client.get(activate_url, follow=True)
    assert page.request["PATH_INFO"] == "/accounts/reauthenticate/"


@pytest.mark.parametrize("who", ["bob", "sam", "ivy", "ada"])
def test_a_session_that_never_passed_the_second_step_is_signed_out(request, client, who):
    """Having a second factor is not enough: this session must have passed it. A session
    signed in some other way (here, directly) is signed out and sent to sign in properly."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = request.getfixturevalue(who)
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)

    page = client.get("/home/")

    assert page.status_code == 302
    assert page["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session
    page = client.get("/accounts/login/")
    assert "Sign in again with your password and your second step." in _text(page)


@pytest.mark.django_db(transaction=True)
def test_setting_up_a_factor_in_one_session_does_not_pass_another(client, bob, activate_url):
    """Someone who knew Bob's password before he set up his authenticator, and signed in with
    it, does not pass the second step when Bob sets it up in his own session."""
    from django.test import Client

    intruder = Client()
    intruder.post("/accounts/login/", {"login": bob.email, "password": PASSWORD})
    client.post("/accounts/login/", {"login": bob.email, "password": PASSWORD})
    client.get(activate_url)
    secret = client.session[SECRET_SESSION_KEY]
    client.post(activate_url, {"code": pyotp.TOTP(secret).now()})

    assert client.get("/care/caseload/").status_code == 200
    page = intruder.get("/care/caseload/")
    assert page.status_code == 302
    assert page["Location"] == reverse("account_login")


def test_the_last_second_factor_of_a_clinician_cannot_be_removed(signed_in, bob):
    from allauth.mfa.adapter import get_adapter

    browser = signed_in(bob)
    totp = Authenticator.objects.get(user=bob, type=Authenticator.Type.TOTP)
    assert not get_adapter().can_delete_authenticator(totp)
    browser.post(reverse("mfa_deactivate_totp"), {})
    assert Authenticator.objects.filter(pk=totp.pk).exists()
