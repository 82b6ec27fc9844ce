"""In a real browser, on a phone: staff approve an application from the staff home and record
the new member's first payment. No page scrolls sideways, and the staff pages pass axe."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from threecircles.membership.models import MemberResource, Membership
from threecircles.membership.tests.access_staff import make_application, make_member, make_type
from threecircles.tests.browser import (
    PHONE,
    axe_page,
    needs_axe,
    serious_violations,
    sign_in,
    with_totp,
)

pytestmark = pytest.mark.browser


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_staff_on_a_phone_approve_an_application_and_record_the_first_payment(new_context, ivy):
    fellow = make_type("clinical-fellow", "Clinical fellow", "180.00")
    make_application(
        fellow,
        "Jordan Reyes",
        "jordan.reyes.long.address@example-counselling-practice.org",
        licence="Licensed professional counselor, LPC-88213, Texas",
        statement="I treat compulsive sexual behavior and want supervision and training.",
    )
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, ivy, with_totp(ivy))
    page.goto("/institute/staff/")
    page.get_by_role("link", name="1 application waiting for a decision").click()
    expect(page.get_by_role("heading", level=1, name="Membership applications")).to_be_visible()
    _fits(page)
    page.get_by_role("link", name="Jordan Reyes").click()
    expect(page.get_by_text("LPC-88213")).to_be_visible()
    _fits(page)
    page.get_by_label("Note (optional)").fill("Licence checked with the Texas board.")
    page.get_by_role("button", name="Approve and send the invitation").click()
    expect(page.get_by_text("Jordan Reyes is approved, as member M-")).to_be_visible()
    expect(page.get_by_text("No applications are waiting.")).to_be_visible()
    _fits(page)

    page.get_by_role("navigation", name="Staff workspace").get_by_role(
        "link", name="Members"
    ).click()
    page.get_by_role("link", name="Jordan Reyes").click()
    expect(page.get_by_text("Approved, first payment due")).to_be_visible()
    _fits(page)
    expect(page.get_by_label("Amount paid")).to_have_value("180.00")
    page.get_by_label("Payment reference (optional)").fill("BANK-4471")
    page.get_by_role("button", name="Record the payment (USD)").click()
    member = Membership.objects.get(name="Jordan Reyes")
    assert member.paid_through is not None
    until = member.paid_through
    expect(
        page.get_by_text(
            f"Payment recorded: Jordan Reyes is paid through {until.day} {until:%B %Y}."
        )
    ).to_be_visible()
    expect(page.get_by_role("cell", name="BANK-4471")).to_be_visible()
    _fits(page)
    assert member.standing() == "current"


@needs_axe
def test_the_staff_pages_have_no_serious_accessibility_violations(new_context, ivy):
    fellow = make_type("clinical-fellow", "Clinical fellow")
    applied = make_application(fellow, "Jordan Reyes", "jordan@example.org")
    member = make_member(fellow, "Sam Okafor", "sam@example.org", timezone.localdate())
    resource = MemberResource.objects.create(title="Code of ethics", slug="ethics", body="Text")
    page = axe_page(new_context, viewport=PHONE)
    sign_in(page, ivy, with_totp(ivy))
    base = "/institute/staff/members/"
    found = [
        violation
        for path in (
            "/institute/staff/",
            f"{base}applications/",
            f"{base}applications/{applied.pk}/",
            base,
            f"{base}{member.pk}/",
            f"{base}types/",
            f"{base}types/new/",
            f"{base}resources/",
            f"{base}resources/{resource.pk}/",
        )
        for violation in serious_violations(page, path)
    ]
    # Forms turned back, with their errors.
    page.goto(f"{base}applications/{applied.pk}/")
    page.get_by_role("button", name="Decline the application").click()
    expect(page.get_by_text("Say why the application is declined.")).to_be_visible()
    found += serious_violations(page)
    page.goto(f"{base}resources/new/")
    page.get_by_label("Body").fill("## A heading\n\n[A link](https://example.org)")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview (not saved yet)")).to_be_visible()
    found += serious_violations(page)
    assert found == []
