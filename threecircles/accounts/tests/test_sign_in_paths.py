"""A password alone, at every sign-in path the URL resolver knows, reaches no staff or admin
page; 20 wrong passwords at any of them are throttled, and so are wrong second-step codes.

The sign-in paths are not listed by hand: every route without URL keywords whose page shows a
password box (to a visitor, or to a signed-in client, as the reauthentication page does) is
one, and so is the Django admin's login, which must only send people to the real sign-in. A new
password form anywhere in the project joins these tests by itself.
"""

import time
from collections.abc import Callable
from typing import Any

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.test.html import Element, parse_html
from django.urls import reverse

from conftest import PASSWORD
from threecircles.accounts.models import User
from threecircles.tests.html import find_all, page_tree, text_of
from threecircles.tests.matrix import all_routes

LOGIN_URL = "/accounts/login/"
TOTP_URL = "/accounts/2fa/authenticate/"
WRONG_PASSWORD = "not-the-password-at-all"
STAFF_PAGES = (
    "/care/caseload/",
    "/institute/staff/",
    "/administration/",
    "/privacy/break-glass/",
    "/privacy/second-factor-resets/",
    "/django-admin/",
    "/django-admin/accounts/user/",
)
# Every way a sign-in form may name the account: allauth's "login", or "email"/"username".
ACCOUNT_FIELDS = ("login", "email", "username")
TOO_MANY_CODES = "Too many failed login attempts. Try again later."
STAFF = ["bob", "sam", "ivy", "ada"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db: None) -> None:
    """Rate limits and used second-step codes live in the shared cache."""
    cache.clear()


def _password_fields(page_root: Element) -> tuple[str, ...]:
    return tuple(
        str(dict(box.attributes).get("name", ""))
        for box in find_all(page_root, "input", attrs={"type": "password"})
    )


def _password_boxes_on(path: str, browser: Client) -> tuple[str, ...] | None:
    """The names of the password boxes on the page, or None when it shows none."""
    page = browser.get(path)
    if page.status_code != 200 or not page.get("Content-Type", "").startswith("text/html"):
        return None
    return _password_fields(page_tree(page)) or None


def _route_path(name: str | None, route: str) -> str:
    return reverse(name) if name else "/" + route


# Found once per test process: which pages show a password box does not change between tests,
# and walking every page takes seconds.
_FOUND: dict[str, tuple[str, ...]] = {}


@pytest.fixture
def sign_in_paths(alice: User) -> dict[str, tuple[str, ...]]:
    """Each sign-in path the resolver knows, with the names of its password boxes."""
    if not _FOUND:
        _FOUND.update(_walk_for_password_boxes(alice))
    return dict(_FOUND)


def _walk_for_password_boxes(alice: User) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for route in all_routes():
        if route.kwargs:
            continue
        path = _route_path(route.name, route.route)
        visitor = Client()
        client_browser = Client()  # a fresh one each time: a page may sign her out
        client_browser.force_login(alice)
        boxes = _password_boxes_on(path, visitor) or _password_boxes_on(path, client_browser)
        if boxes:
            found[path] = boxes
    found[reverse("admin:login")] = ()  # no form of its own any more: it must only redirect
    return found


def _credentials(email: str, password: str, boxes: tuple[str, ...]) -> dict[str, str]:
    """What a person would type into that form: the address in whatever field names the
    account, the password in every password box (and in "password" for a form with none)."""
    typed = dict.fromkeys(ACCOUNT_FIELDS, email)
    typed["password"] = password
    typed.update(dict.fromkeys(boxes, password))
    return typed


def _with_totp(user: User) -> str:
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def _staff_pages_answering_200(browser: Client) -> list[str]:
    return [path for path in STAFF_PAGES if browser.get(path).status_code == 200]


def _signed_in(browser: Client) -> bool:
    return "_auth_user_id" in browser.session


def _text(page: Any) -> str:
    """What the page says, whatever its status."""
    return text_of(parse_html(page.content.decode()))


def test_the_sign_in_paths_come_from_the_resolver_and_include_the_sign_in_page(
    sign_in_paths: dict[str, tuple[str, ...]],
) -> None:
    assert sign_in_paths, "no sign-in path found: the tests below would prove nothing"
    assert LOGIN_URL in sign_in_paths
    assert sign_in_paths[LOGIN_URL] == ("password",)
    # The password is asked again, to a signed-in person, here.
    assert "/accounts/reauthenticate/" in sign_in_paths
    assert reverse("admin:login") == "/django-admin/login/"


def test_the_django_admin_login_only_sends_people_to_the_real_sign_in(db: None) -> None:
    page = Client().get(reverse("admin:login"))
    assert page.status_code == 302
    assert page["Location"].startswith(f"{LOGIN_URL}?")
    page = Client().post(
        reverse("admin:login"), {"username": "ada@example.org", "password": PASSWORD}
    )
    assert page.status_code == 302
    assert page["Location"].startswith(f"{LOGIN_URL}?")


@pytest.mark.parametrize("who", STAFF)
def test_each_staff_member_reaches_a_staff_page_once_properly_signed_in(
    request: pytest.FixtureRequest, who: str, signed_in: Callable[[User], Client]
) -> None:
    """The check below ("no staff page answers 200") can fail: signed in with both steps,
    each of them opens at least one of these pages."""
    user = request.getfixturevalue(who)
    assert _staff_pages_answering_200(signed_in(user))


@pytest.mark.parametrize("who", STAFF)
def test_a_password_alone_at_any_sign_in_path_reaches_no_staff_page(
    request: pytest.FixtureRequest, who: str, sign_in_paths: dict[str, tuple[str, ...]]
) -> None:
    user = request.getfixturevalue(who)
    _with_totp(user)
    for path, boxes in sign_in_paths.items():
        cache.clear()
        browser = Client()
        page = browser.post(path, _credentials(user.email, PASSWORD, boxes), follow=True)
        if path == LOGIN_URL:
            # The password was right: the sign-in waits for the second step.
            assert page.request["PATH_INFO"] == TOTP_URL, page.redirect_chain
        assert not _signed_in(browser), path
        assert _staff_pages_answering_200(browser) == [], path

        # Nor after typing it at the sign-in page first, waiting at the second step.
        browser = Client()
        browser.post(LOGIN_URL, _credentials(user.email, PASSWORD, ("password",)))
        browser.post(path, _credentials(user.email, PASSWORD, boxes), follow=True)
        assert not _signed_in(browser), path
        assert _staff_pages_answering_200(browser) == [], path


@pytest.mark.parametrize("who", STAFF)
def test_twenty_wrong_passwords_at_any_sign_in_path_lock_out_the_right_one(
    request: pytest.FixtureRequest, who: str, sign_in_paths: dict[str, tuple[str, ...]]
) -> None:
    user = request.getfixturevalue(who)
    _with_totp(user)
    guesses = 20
    assert guesses >= settings.LOGIN_FAILURES_PER_ACCOUNT >= settings.LOGIN_FAILURES_ALLOWED
    for path, boxes in sign_in_paths.items():
        cache.clear()
        browser = Client()
        for _ in range(guesses):
            browser.post(path, _credentials(user.email, WRONG_PASSWORD, boxes), follow=True)
        page = browser.post(path, _credentials(user.email, PASSWORD, boxes), follow=True)
        if path == LOGIN_URL:
            assert page.status_code == 429
            assert 0 < int(page["Retry-After"]) <= 15 * 60
            assert "There were too many unsuccessful sign-ins for this account." in _text(page)
        assert page.request["PATH_INFO"] != TOTP_URL, path
        assert not _signed_in(browser), path
        assert _staff_pages_answering_200(browser) == [], path


@pytest.mark.parametrize("who", STAFF)
def test_password_boxes_for_signed_in_people_are_throttled_too(
    request: pytest.FixtureRequest,
    who: str,
    sign_in_paths: dict[str, tuple[str, ...]],
    signed_in: Callable[[User], Client],
) -> None:
    """A visitor cannot use the reauthentication or password-change pages at all; someone
    holding a signed-in session cannot guess the password there either."""
    user = request.getfixturevalue(who)
    tried = []
    for path, boxes in sign_in_paths.items():
        cache.clear()
        browser = signed_in(user)
        if _password_boxes_on(path, browser) is None:
            continue
        tried.append(path)
        for _ in range(20):
            browser.post(path, _credentials(user.email, WRONG_PASSWORD, boxes))
        page = browser.post(path, _credentials(user.email, PASSWORD, boxes))
        assert page.status_code == 429, path
        assert 0 < int(page["Retry-After"]) <= 15 * 60, path
    assert "/accounts/password/change/" in tried


@pytest.mark.parametrize("who", STAFF)
def test_someone_with_a_second_factor_confirms_it_is_them_with_it_not_the_password(
    request: pytest.FixtureRequest, who: str, signed_in: Callable[[User], Client]
) -> None:
    """A password typed at an unlocked session proves nothing about the person at it: before
    a sensitive change (here, the recovery codes), the second factor is asked for."""
    user = request.getfixturevalue(who)
    browser = signed_in(user)
    page = browser.get("/accounts/2fa/recovery-codes/generate/")
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/2fa/reauthenticate/")
    # The password page, opened directly, does not count.
    browser.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = browser.get("/accounts/2fa/recovery-codes/generate/")
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/2fa/reauthenticate/")


def _wrong_code(secret: str) -> str:
    """A code no clock drift allowed by the sign-in would accept."""
    totp = pyotp.TOTP(secret)
    near = {totp.at(time.time() + offset) for offset in range(-90, 91, 30)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in near)


@pytest.mark.parametrize("who", STAFF)
def test_twenty_wrong_second_step_codes_lock_out_the_right_one(
    request: pytest.FixtureRequest, who: str
) -> None:
    user = request.getfixturevalue(who)
    secret = _with_totp(user)
    wrong = _wrong_code(secret)
    browser = Client()
    page = browser.post(LOGIN_URL, {"login": user.email, "password": PASSWORD}, follow=True)
    assert page.request["PATH_INFO"] == TOTP_URL
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        page = browser.post(TOTP_URL, {"code": wrong}, follow=True)
        assert "Incorrect code." in _text(page)

    page = browser.post(TOTP_URL, {"code": pyotp.TOTP(secret).now()}, follow=True)

    assert page.request["PATH_INFO"] == TOTP_URL
    assert TOO_MANY_CODES in _text(page)
    assert not _signed_in(browser)
    assert _staff_pages_answering_200(browser) == []


def test_starting_the_sign_in_again_does_not_reset_the_limit_on_codes(bob: User) -> None:
    """The limit counts per account, not per attempt at signing in."""
    secret = _with_totp(bob)
    wrong = _wrong_code(secret)
    browser = Client()
    browser.post(LOGIN_URL, {"login": bob.email, "password": PASSWORD})
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        browser.post(TOTP_URL, {"code": wrong})

    again = Client(REMOTE_ADDR="192.0.2.44")
    page = again.post(LOGIN_URL, {"login": bob.email, "password": PASSWORD}, follow=True)
    assert page.request["PATH_INFO"] == TOTP_URL
    page = again.post(TOTP_URL, {"code": pyotp.TOTP(secret).now()}, follow=True)

    assert TOO_MANY_CODES in _text(page)
    assert not _signed_in(again)
    assert _staff_pages_answering_200(again) == []
