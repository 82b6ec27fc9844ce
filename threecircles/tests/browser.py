"""Shared support for browser tests: Debian's Chromium through Playwright, on pytest-django's
live server, signing in as a person would, and axe-core for accessibility.

Registered as a pytest plugin in the root conftest, so its fixtures (`browser`, `new_context`,
`page`) are available to every test module marked with `BROWSER_MARKS`.
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
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
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

BROWSER_MARKS = [
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
    # calls from a thread with a running loop unless told otherwise. Only while it runs.
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


def axe_page(new_context: OpenContext, **options: Any) -> Page:
    # axe is injected as a script, which our strict CSP rightly blocks: only here is it bypassed.
    return new_context(bypass_csp=True, **options).new_page()


def serious_violations(page: Page, path: str | None = None) -> list[str]:
    """Run axe-core on `path` (or the page as it is) and describe each serious or critical
    violation, with the element's HTML so it can be found in the template."""
    if path is not None:
        response = page.goto(path)
        # A 404 or a bounce to the sign-in page would pass axe without testing the page we meant.
        assert response is not None and response.status == 200, f"{path} answered {response}"
        expect(page).to_have_url(path)
    where = page.url
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document)")
    return [
        f"{where} {violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(f"{' '.join(node['target'])} {node['html']}" for node in violation["nodes"])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
