"""In a real browser, on a phone: a holder whose certification expires in two months reads
where it stands and what renewal still needs, sends an external course (a text file first,
refused with what was typed kept), and once staff approve it, signs the code of ethics (a
wrong name first) and sends the renewal. No page scrolls sideways, and the pages pass axe."""

import datetime
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification import actions
from threecircles.certification.models import CECredit, Certification, Renewal
from threecircles.certification.tests.factories import (
    PDF_BYTES,
    attend,
    certify,
    make_credential,
    make_module_event,
)
from threecircles.tests.browser import (
    BROWSER_MARKS,
    PHONE,
    axe_page,
    needs_axe,
    serious_violations,
    sign_in,
)

pytestmark = BROWSER_MARKS
MY = "/certification/my/"
TEXT_FILE = {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"just some notes"}
PDF_FILE = {"name": "certificate.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _holder_two_months_before_expiry() -> tuple[User, Certification]:
    """Noor, certified nearly two years ago, with 9 hours from an institute event."""
    noor = make_user("Noor", Role.MEMBER)
    today = timezone.localdate()
    issued = today - datetime.timedelta(days=670)  # expires in about 60 days
    certification = certify(noor, make_credential(modules=1), issued_on=issued)
    event = make_module_event(
        "recovery",
        title="Recovery skills",
        starts_on=today - datetime.timedelta(days=40),
        sessions=3,
    )
    attend(noor, event)
    return noor, certification


def test_a_holder_adds_a_course_and_renews_on_a_phone(new_context, db):
    noor, certification = _holder_two_months_before_expiry()
    ivy = make_user("Ivy", Role.STAFF)
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, noor)
    page.goto(MY)
    expect(page.get_by_role("heading", level=1, name="My certifications")).to_be_visible()
    expect(page.get_by_text(certification.number)).to_be_visible()
    expect(
        page.get_by_text("9.00 of 15.00 continuing-education hours approved so far.")
    ).to_be_visible()
    _fits(page)

    page.get_by_role("link", name="Add an external course").first.click()
    page.get_by_label("Course title").fill("Ethics in practice")
    page.get_by_label("Provider").fill("State Counseling Association")
    page.get_by_label("Category").select_option("ethics")
    page.get_by_label("Hours").fill("6")
    page.get_by_label("Completed on").fill(timezone.localdate().isoformat())
    page.get_by_label("Certificate of completion").set_input_files(TEXT_FILE)
    page.get_by_role("button", name="Send the course").click()
    expect(page.get_by_text("Please send a PDF, PNG or JPEG file.")).to_be_visible()
    expect(page.get_by_label("Course title")).to_have_value("Ethics in practice")
    expect(page.get_by_label("Category")).to_have_value("ethics")
    _fits(page)
    page.get_by_label("Certificate of completion").set_input_files(PDF_FILE)
    page.get_by_role("button", name="Send the course").click()
    expect(page.get_by_text("Thank you: your course is sent.")).to_be_visible()
    expect(page.get_by_role("cell", name="Waiting for staff")).to_be_visible()
    _fits(page)

    actions.decide_credit(
        credit=CECredit.objects.get(title="Ethics in practice"), by=ivy, approve=True
    )
    page.goto(MY)
    page.get_by_role("link", name="Renew Certified Sex Addiction Therapist").click()
    expect(page.get_by_text("15 of 15 continuing-education hours")).to_be_visible()
    _fits(page)
    name = page.get_by_label("Type your name to sign the code of ethics and send your renewal")
    name.fill("Someone Else")
    page.get_by_role("button", name="Sign and send my renewal").click()
    expect(
        page.get_by_text("The name does not match the one on your account (Noor).")
    ).to_be_visible()
    expect(name).to_have_value("Someone Else")
    name.fill("Noor")
    page.get_by_role("button", name="Sign and send my renewal").click()
    expect(page.get_by_text("Your renewal is waiting for staff.")).to_be_visible()
    _fits(page)
    assert Renewal.objects.get().ce_hours == Decimal("15.00")


@needs_axe
def test_the_holder_pages_have_no_serious_accessibility_violations(new_context, db):
    noor, certification = _holder_two_months_before_expiry()
    credit = actions.send_external_credit(
        person=noor, title="Ethics in practice", provider="State Counseling Association",
        category="ethics", hours=Decimal(6), completed_on=timezone.localdate(),
    )  # fmt: skip
    actions.decide_credit(credit=credit, by=make_user("Ivy", Role.STAFF), approve=True)
    page = axe_page(new_context, viewport=PHONE)
    sign_in(page, noor)
    found = [
        violation
        for path in (MY, f"{MY}{certification.pk}/renew/", f"{MY}ce/", f"{MY}ce/add/")
        for violation in serious_violations(page, path)
    ]
    page.get_by_role("button", name="Send the course").click()
    expect(page.get_by_text("Please give the course's title.")).to_be_visible()
    found += serious_violations(page)
    assert found == []
