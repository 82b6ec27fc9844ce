"""What people see in a real browser: sign-in, the phone layout, accessibility and the CSP.

Drives Debian's Chromium through Playwright against pytest-django's live server. Run alone with
`.venv/bin/python -m pytest -q threecircles/tests/test_browser.py`; axe-core comes from
`npm install --no-save --no-audit --no-fund axe-core@4` (as `make pytest` does).
"""

from io import StringIO

import pyotp
import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import ConsoleMessage, expect
from playwright.sync_api import Error as PlaywrightError

from threecircles.demo.cast import DEMO_PASSWORD, DEMO_TOTP_SECRET, STAFF
from threecircles.tests.browser import (
    BROWSER_MARKS,
    PHONE,
    axe_page,
    needs_axe,
    serious_violations,
    sign_in,
    with_totp,
)

pytestmark = BROWSER_MARKS


# --- signing in --------------------------------------------------------------------------


def test_clinician_signs_in_with_a_second_factor_and_sees_their_caseload(page, alice, bob):
    sign_in(page, bob, totp_secret=with_totp(bob))

    expect(page).to_have_url("/care/caseload/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")
    expect(page.get_by_role("table").get_by_role("rowheader", name="Alice")).to_be_visible()


def test_a_demo_clinician_signs_in_with_totp_and_sees_their_caseload(page):
    """The documented demo sign-in, as someone trying `make run` would type it."""
    call_command("seed_demo", stdout=StringIO())
    cache.clear()  # nothing left over from seeding counts against the sign-in
    bob = next(person for person in STAFF if person.key == "bob")

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(bob.email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page).to_have_url("/accounts/2fa/authenticate/")
    page.get_by_role("textbox", name="Code").fill(pyotp.TOTP(DEMO_TOTP_SECRET).now())
    page.get_by_role("button", name="Sign In", exact=True).click()

    expect(page).to_have_url("/care/caseload/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")
    caseload = page.get_by_role("table")
    expect(caseload.get_by_role("rowheader", name="Alice Morgan")).to_be_visible()
    expect(caseload.get_by_role("rowheader", name="Marcus Hale")).to_have_count(0)


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
