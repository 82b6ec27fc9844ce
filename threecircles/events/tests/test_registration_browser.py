"""In a real browser, on a phone: a visitor registers for a workshop and finds their ticket
with its QR code; a second joins the waitlist and sees their seat once the first cancels. No
page scrolls sideways, and the pages pass axe."""

import pytest
from playwright.sync_api import expect

from threecircles.events.models import Registration
from threecircles.events.tests.access_registration import make_event
from threecircles.tests.browser import PHONE, axe_page, needs_axe, serious_violations

pytestmark = pytest.mark.browser


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _register(page, slug: str, name: str, email: str) -> None:
    page.goto(f"/events/{slug}/register/")
    _fits(page)
    expect(page.locator("input[name=website]")).to_be_hidden()
    page.get_by_label("Student: 40.00 USD").check()
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your e-mail address").fill(email)
    page.get_by_role("button", name="Register").click()


def test_a_visitor_registers_and_a_second_is_promoted_when_the_first_cancels(new_context, db):
    event = make_event("one-seat-workshop", title="One-seat workshop", capacity=1)
    first = new_context(viewport=PHONE).new_page()
    _register(first, event.slug, "Jordan Reyes", "jordan@example.org")
    expect(
        first.get_by_role("heading", level=1, name="You are registered for One-seat workshop")
    ).to_be_visible()
    expect(first.get_by_role("img", name="QR code of the ticket code")).to_be_visible()
    _fits(first)

    second = new_context(viewport=PHONE).new_page()
    _register(second, event.slug, "Sam Okafor", "sam@example.org")
    expect(second.get_by_text("You are number 1 on the waitlist.")).to_be_visible()
    _fits(second)

    first.get_by_text("Cancel my registration", exact=True).click()
    first.get_by_role("button", name="Yes, cancel my registration").click()
    expect(
        first.get_by_role(
            "heading", level=1, name="Your registration for One-seat workshop is cancelled"
        )
    ).to_be_visible()
    second.reload()
    expect(
        second.get_by_role("heading", level=1, name="You are registered for One-seat workshop")
    ).to_be_visible()
    assert Registration.objects.get(email="sam@example.org").status == "confirmed"


@needs_axe
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_registration_pages_have_no_serious_accessibility_violations(new_context, db, viewport):
    event = make_event("axe-workshop", capacity=1)
    seated = Registration.objects.create(
        event=event, registration_type=event.registration_types.get(name="Student"),
        name="Jordan Reyes", email="jordan@example.org", status="confirmed", fee=40,
    )  # fmt: skip
    page = axe_page(new_context, viewport=viewport)
    found = [
        violation
        for path in (f"/events/{event.slug}/register/", f"/events/ticket/{seated.ticket_code}/")
        for violation in serious_violations(page, path)
    ]
    page.goto(f"/events/{event.slug}/register/")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("Please enter your name.")).to_be_visible()
    found += serious_violations(page)
    assert found == []
