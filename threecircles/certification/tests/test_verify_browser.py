"""In a real browser, on a phone: a visitor types a certificate's code in small letters and in
groups, as it is printed, and reads the certificate's standing; a mistyped code is sent back
with what was typed; an unknown code says so. No page scrolls sideways, and axe finds no
serious or critical issue on them."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_user
from threecircles.accounts.models import Role
from threecircles.certification.models import Certification
from threecircles.certification.tests.factories import certify, make_credential
from threecircles.tests.browser import (
    BROWSER_MARKS,
    PHONE,
    axe_page,
    needs_axe,
    serious_violations,
)

pytestmark = BROWSER_MARKS


def _certification() -> Certification:
    holder = make_user("Dr. Rosalind Marquez-Villanueva", Role.CLINICIAN)
    return certify(holder, make_credential(), issued_on=timezone.localdate())


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_visitor_checks_a_certificate_by_its_printed_code(new_context, db):
    certification = _certification()
    code = certification.verification_code
    page = new_context(viewport=PHONE).new_page()

    page.goto("/verify/")
    _fits(page)
    page.get_by_label("Verification code").fill(code[:20])
    page.get_by_role("button", name="Check the certificate").click()
    expect(page.get_by_text("A verification code has 26 letters and digits")).to_be_visible()
    expect(page.get_by_label("Verification code")).to_have_value(code[:20])

    printed = " ".join(code[start : start + 4] for start in range(0, 26, 4)).lower()
    page.get_by_label("Verification code").fill(printed)
    page.get_by_role("button", name="Check the certificate").click()
    expect(page).to_have_url(f"/verify/{code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Certificate {certification.number}")
    expect(page.get_by_text("Dr. Rosalind Marquez-Villanueva")).to_be_visible()
    expect(page.get_by_text("Active.")).to_be_visible()
    _fits(page)

    page.goto("/verify/ABCDEFGHJKLMNPQRSTUVWXYZ23/")
    expect(page.get_by_role("heading", level=1)).to_have_text("No certificate has this code")
    _fits(page)


@needs_axe
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_verify_pages_have_no_serious_accessibility_violations(new_context, db, viewport):
    certification = _certification()
    page = axe_page(new_context, viewport=viewport)
    found = serious_violations(page, "/verify/")
    found += serious_violations(page, f"/verify/{certification.verification_code}/")
    page.goto("/verify/ABCDEFGHJKLMNPQRSTUVWXYZ23/")  # a 404, checked as it stands
    found += serious_violations(page)
    page.goto("/verify/")
    page.get_by_role("button", name="Check the certificate").click()  # sent back with an error
    expect(page.get_by_text("Please type the code printed on the certificate.")).to_be_visible()
    found += serious_violations(page)
    assert found == []
