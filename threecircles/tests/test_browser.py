"""What people see in a real browser: sign-in, the phone layout, accessibility and the CSP.

Drives Debian's Chromium through Playwright against pytest-django's live server. Run alone with
`.venv/bin/python -m pytest -q threecircles/tests/test_browser.py`; axe-core comes from
`npm install --no-save --no-audit --no-fund axe-core@4` (as `make pytest` does).
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.cache import cache
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer

from conftest import PASSWORD
from threecircles.accounts.models import User

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 360, "height": 740}

OpenContext = Callable[..., BrowserContext]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Chromium not installed at /usr/bin/chromium: browser tests skipped",
    ),
]
needs_axe = pytest.mark.skipif(
    not AXE.exists(),
    reason="axe-core not installed (npm install --no-save axe-core@4): accessibility tests skipped",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Playwright's sync API keeps an event loop running in this thread, and Django refuses ORM
    # calls from a thread with a running loop unless told otherwise. Only for this module.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(browser: Browser, live_server: LiveServer) -> Iterator[OpenContext]:
    """Open browser contexts on the live server; all are closed after the test."""
    # Rate limits and spent TOTP codes live in the database cache, which a flush keeps.
    cache.clear()
    contexts: list[BrowserContext] = []

    def open_context(**options: Any) -> BrowserContext:
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: OpenContext) -> Page:
    return new_context().new_page()


def with_totp(user: User) -> str:
    """Give `user` an authenticator app and return its secret, as a phone would hold it."""
    secret = pyotp.random_base32()
    TOTP.activate(user, secret)
    return secret


def sign_in(page: Page, user: User, totp_secret: str | None = None) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    if totp_secret is not None:
        expect(page).to_have_url("/accounts/2fa/authenticate/")
        page.get_by_role("textbox", name="Code").fill(pyotp.TOTP(totp_secret).now())
        page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page).not_to_have_url("/accounts/login/")


# --- signing in --------------------------------------------------------------------------


def test_clinician_signs_in_with_a_second_factor_and_sees_their_caseload(page, alice, bob):
    sign_in(page, bob, totp_secret=with_totp(bob))

    expect(page).to_have_url("/care/caseload/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")
    expect(page.get_by_role("table").get_by_role("rowheader", name="Alice")).to_be_visible()


def test_client_on_a_phone_sees_her_home_and_reaches_crisis_help(new_context, alice):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, alice)

    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Alice")
    crisis = page.get_by_role("main").get_by_role("link", name="Crisis help", exact=True)
    expect(crisis).to_be_visible()
    box = crisis.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    crisis.click()
    expect(page).to_have_url("/crisis/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Crisis help, right now")
    expect(page.get_by_role("link", name="988", exact=True)).to_be_visible()


# --- accessibility -------------------------------------------------------------------------


def serious_violations(page: Page, path: str) -> list[str]:
    """Run axe-core on `path` and describe each serious or critical violation."""
    response = page.goto(path)
    # A 404 or a bounce to the sign-in page would pass axe without testing the page we meant.
    assert response is not None and response.status == 200, f"{path} answered {response}"
    expect(page).to_have_url(path)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document)")
    return [
        f"{path} {violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def axe_page(new_context: OpenContext, **options: Any) -> Page:
    # axe is injected as a script, which our strict CSP rightly blocks: only here is it bypassed.
    return new_context(bypass_csp=True, **options).new_page()


@needs_axe
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_public_pages_have_no_serious_accessibility_violations(new_context, viewport):
    page = axe_page(new_context, viewport=viewport)
    found = [v for path in ("/", "/accounts/login/") for v in serious_violations(page, path)]
    assert found == []


@needs_axe
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_client_pages_have_no_serious_accessibility_violations(new_context, alice, viewport):
    page = axe_page(new_context, viewport=viewport)
    sign_in(page, alice)
    found = [
        v for path in ("/me/", "/privacy/my-record/access/") for v in serious_violations(page, path)
    ]
    assert found == []


@needs_axe
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_clinician_pages_have_no_serious_accessibility_violations(
    new_context, alice, bob, viewport
):
    page = axe_page(new_context, viewport=viewport)
    sign_in(page, bob, totp_secret=with_totp(bob))
    found = [
        v
        for path in ("/care/caseload/", f"/care/clients/{alice.pk}/")
        for v in serious_violations(page, path)
    ]
    assert found == []


# --- content security policy ---------------------------------------------------------------


def test_client_home_is_served_with_a_strict_csp_and_breaks_none_of_it(page, alice):
    violations: list[str] = []

    def note_violation(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", note_violation)
    sign_in(page, alice)

    response = page.goto("/me/")
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Alice")
    assert violations == []

    # The listener does hear violations: an injected inline script is refused, and reported.
    with pytest.raises(PlaywrightError, match="Content Security Policy"):
        page.add_script_tag(content="document.title = 'injected'")
    expect(page).not_to_have_title("injected")
    assert violations
