"""In a real browser, on a phone: a visitor writes to the institute and is thanked; staff read
it in the inbox and answer. No page scrolls sideways, and the public pages pass axe."""

import pytest
from playwright.sync_api import expect

from threecircles.content.forms_inquiries import FASTEST_SECONDS
from threecircles.content.models import Inquiry
from threecircles.tests.browser import (
    PHONE,
    axe_page,
    needs_axe,
    serious_violations,
    sign_in,
    with_totp,
)

pytestmark = pytest.mark.browser

MESSAGE = "Do you offer the introductory training online as well as in person?"


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_visitor_on_a_phone_writes_to_the_institute_and_staff_answer(new_context, ivy):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Contact").click()
    expect(page.get_by_role("heading", level=1, name="Contact the institute")).to_be_visible()
    _fits(page)
    # The field only programs fill in is neither seen nor reachable.
    expect(page.locator("input[name=website]")).to_be_hidden()

    page.get_by_label("Your name").fill("Jordan Reyes")
    page.get_by_label("Your e-mail address").fill("jordan@example.org")
    page.get_by_label("Subject").fill("Online training")
    page.get_by_label("Your message").fill(MESSAGE)
    # A person takes a few seconds to write; the form turns back anything faster.
    page.wait_for_timeout(FASTEST_SECONDS * 1000 + 200)
    page.get_by_role("button", name="Send your message").click()

    expect(page.get_by_role("heading", level=1, name="Thank you for writing to us")).to_be_visible()
    expect(page.get_by_text("We answer within 5 working days, by e-mail.")).to_be_visible()
    _fits(page)
    inquiry = Inquiry.objects.get()
    assert (inquiry.subject, inquiry.message) == ("Online training", MESSAGE)

    staff = new_context(viewport=PHONE).new_page()
    sign_in(staff, ivy, with_totp(ivy))
    staff.goto("/institute/staff/")
    staff.get_by_role("link", name="Open the inquiries inbox").click()
    _fits(staff)
    staff.get_by_role("link", name="Online training").click()
    expect(staff.get_by_text(MESSAGE)).to_be_visible()
    _fits(staff)
    staff.get_by_label("Your reply").fill("Yes: the spring course runs online too.")
    staff.get_by_role("button", name="Send reply").click()
    expect(staff.get_by_text("Your reply is on its way to jordan@example.org.")).to_be_visible()
    _fits(staff)


@needs_axe
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_contact_pages_have_no_serious_accessibility_violations(new_context, db, viewport):
    page = axe_page(new_context, viewport=viewport)
    found = [
        violation
        for path in ("/contact/", "/contact/media/", "/contact/thank-you/")
        for violation in serious_violations(page, path)
    ]
    assert found == []


@needs_axe
def test_the_contact_form_turned_back_has_no_serious_accessibility_violations(new_context, db):
    page = axe_page(new_context, viewport=PHONE)
    page.goto("/contact/")
    page.get_by_role("button", name="Send your message").click()
    expect(page.get_by_text("Please enter your name.")).to_be_visible()
    _fits(page)
    assert serious_violations(page) == []
