"""The certification path from end to end, in a real browser on a 360 px phone, by the three
people who walk it and nobody's shortcut through the database.

Max, a professional, starts on the CSAT and sends a licence as eligibility evidence; Ivy, on
the institute's staff, approves it. Max registers for the first training module on the events
pages, and Ivy takes attendance from the ticket code: the module's hours count, and Ivy moves
Max on to candidate. Max asks Sam, an approved supervisor, for supervision; Sam accepts, Max
logs a session, Sam confirms it. Max sends the final application and asks for review; Ivy
records the fee, approves the application and certifies. A visitor with no account checks the
certificate by its code, and, once Max has filled in and shown a listing, finds Max in the
directory by place and by need. No page scrolls sideways.
"""

import datetime
import json
import re
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification.models import Candidacy, Credential, Requirement
from threecircles.certification.tests.factories import (
    PDF_BYTES,
    Kind,
    make_module_event,
    make_supervisor,
)
from threecircles.tests.browser import BROWSER_MARKS, PHONE, sign_in, with_totp

pytestmark = BROWSER_MARKS
CSAT = "Certified Sex Addiction Therapist"
MODULE = "Module 1: foundations of assessment"


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways ({width} px)"


def _csat() -> Credential:
    """A short CSAT: eligibility, one three-hour module (one session, next week), one hour of
    supervision and the final application with its fee."""
    credential = Credential.objects.create(
        code="CSAT",
        name=CSAT,
        slug="csat",
        description="Written for the tests.",
        supervision_hours_required=Decimal("1.00"),
        application_fee=Decimal("350.00"),
    )
    Requirement.objects.create(
        credential=credential, kind=Kind.ELIGIBILITY, title="Eligibility", order=10,
        description="A current licence, a master's degree and two years of practice.",
    )  # fmt: skip
    module = Requirement.objects.create(
        credential=credential, kind=Kind.MODULE, title=MODULE, order=20, hours=Decimal("3.00")
    )
    module.offerings.add(
        make_module_event(
            "csat-module-1",
            title="CSAT training module 1",
            starts_on=timezone.localdate() + datetime.timedelta(days=7),
            sessions=1,
        )
    )
    Requirement.objects.create(
        credential=credential, kind=Kind.SUPERVISION, title="Supervision", order=30
    )
    Requirement.objects.create(
        credential=credential, kind=Kind.APPLICATION, title="Final application", order=40
    )
    return credential


def _person(first_name: str, full_name: str, role: str) -> User:
    person = make_user(first_name, role)
    person.display_name = full_name
    person.save(update_fields=["display_name"])
    return person


def _send_evidence(page: Page, link: str, title: str, note: str, filename: str) -> None:
    page.get_by_role("link", name=link).first.click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    _fits(page)
    page.get_by_label("Note for the institute").fill(note)
    page.get_by_label("Document (optional)").set_input_files(
        {"name": filename, "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text(f"Thank you: your {title.lower()} evidence is sent.")).to_be_visible()
    _fits(page)


def _open_in_the_queue(staff: Page, name: str) -> None:
    staff.goto("/institute/staff/")
    staff.get_by_role("region", name="Certification").get_by_role(
        "link", name=re.compile(r"^\d+ items? waiting for staff$")
    ).click()
    expect(staff.get_by_role("heading", level=1, name="Certification queues")).to_be_visible()
    _fits(staff)
    staff.get_by_role("link", name=name).first.click()
    expect(staff.get_by_role("heading", level=1, name=f"{name}: CSAT")).to_be_visible()
    _fits(staff)


def test_from_eligibility_to_the_directory(new_context, ivy):
    _csat()
    max_ = _person("Max", "Max Moreno", Role.MEMBER)
    sam = _person("Sam", "Sam Okafor", Role.SUPERVISOR)
    make_supervisor(sam, by=ivy)
    today = timezone.localdate()

    # --- Max starts on the CSAT and sends a licence -----------------------------------------
    candidate = new_context(viewport=PHONE).new_page()
    sign_in(candidate, max_)
    candidate.get_by_role("link", name="Certification", exact=True).click()
    candidate.get_by_role("button", name=f"Start {CSAT}").click()
    expect(
        candidate.get_by_role("heading", level=1, name=f"{CSAT}: your candidacy")
    ).to_be_visible()
    _fits(candidate)
    _send_evidence(
        candidate,
        "Send or review your evidence: Eligibility",
        "Eligibility",
        "LPC-4471, Oregon, valid through 2028; MA 2017.",
        "licence.pdf",
    )
    candidacy_url = f"/certification/candidacies/{Candidacy.objects.get().pk}/"

    # --- Ivy approves the licence --------------------------------------------------------------
    staff = new_context(viewport=PHONE).new_page()
    sign_in(staff, ivy, with_totp(ivy))
    _open_in_the_queue(staff, "Max Moreno")
    expect(staff.get_by_text("LPC-4471")).to_be_visible()
    expect(staff.get_by_text("Eligibility has not been approved yet.")).to_be_visible()
    staff.get_by_label("Note to the person").fill("Licence checked with the Oregon board.")
    staff.get_by_role("button", name="Approve", exact=True).click()
    expect(staff.get_by_text("Eligibility: approved.")).to_be_visible()
    expect(staff.get_by_text("No training module has been completed yet.")).to_be_visible()

    # --- Max registers for the module from the candidacy page ---------------------------------
    candidate.goto(candidacy_url)
    candidate.get_by_role("link", name="CSAT training module 1").click()
    candidate.get_by_role("link", name="Register for CSAT training module 1").click()
    _fits(candidate)
    candidate.get_by_label("Non-member: 300.00 USD").check()
    expect(candidate.get_by_label("Your e-mail address")).to_have_value(max_.email)
    candidate.get_by_role("button", name="Register").click()
    expect(
        candidate.get_by_role(
            "heading", level=1, name="You are registered for CSAT training module 1"
        )
    ).to_be_visible()
    ticket_code = candidate.locator(".ticket-facts code").inner_text()
    _fits(candidate)

    # --- at the door, Ivy records Max's attendance; the module counts -------------------------
    staff.goto("/institute/staff/")
    staff.get_by_role("link", name="All events").click()
    staff.get_by_role("link", name="CSAT training module 1").click()
    staff.get_by_role("row").filter(has_text="Part 1").get_by_role(
        "link", name="Take attendance"
    ).click()
    staff.get_by_label("Ticket code").fill(ticket_code)
    staff.get_by_role("button", name="Record").click()
    expect(staff.get_by_role("status")).to_contain_text("Max Moreno: recorded (3.00 hours).")
    _fits(staff)

    candidate.goto(candidacy_url)
    module = candidate.locator("li.card").filter(has_text=MODULE)
    expect(module).to_contain_text("3.00 of 3.00 hours attended")

    _open_in_the_queue(staff, "Max Moreno")
    staff.get_by_role("button", name="Move to candidate").click()
    expect(staff.get_by_text("Max Moreno is now a candidate.")).to_be_visible()
    expect(staff.get_by_text("Stage Candidate")).to_be_visible()
    _fits(staff)

    # --- supervision: Max asks Sam, Sam accepts, Max logs an hour, Sam confirms it ------------
    candidate.goto(candidacy_url)
    expect(candidate.locator("p.lead")).to_contain_text("Candidate")
    candidate.get_by_role("link", name="Your supervision").first.click()
    candidate.get_by_role("link", name=f"Ask a supervisor for {CSAT}").click()
    candidate.get_by_label("Sam Okafor").check()
    candidate.get_by_role("button", name="Send the request").click()
    expect(candidate.get_by_text("Your request is sent to Sam Okafor.")).to_be_visible()
    _fits(candidate)

    supervisor = new_context(viewport=PHONE).new_page()
    sign_in(supervisor, sam, with_totp(sam))
    supervisor.get_by_role("link", name="Supervision", exact=True).click()
    supervisor.get_by_role("button", name="Accept Max Moreno").click()
    expect(supervisor.get_by_text("You are now supervising Max Moreno.")).to_be_visible()
    _fits(supervisor)

    candidate.reload()
    candidate.get_by_role("link", name="Log a session with Sam Okafor").click()
    candidate.get_by_label("Date of the session").fill(today.isoformat())
    candidate.get_by_label("Hours").fill("1")
    candidate.get_by_label("Topic").fill("Assessment before planning")
    candidate.get_by_role("button", name="Log the session").click()
    expect(
        candidate.get_by_text("Your session is logged. It counts once Sam Okafor confirms it.")
    ).to_be_visible()

    supervisor.reload()
    supervisor.get_by_role("button", name="Confirm the session").click()
    expect(
        supervisor.get_by_text("Thank you: the session is confirmed and its hours count.")
    ).to_be_visible()

    # --- Max sends the final application and asks for review ----------------------------------
    candidate.goto(candidacy_url)
    expect(candidate.locator("li.card").filter(has_text="Supervision")).to_contain_text(
        "1.00 of 1.00 hours confirmed by your supervisor"
    )
    _send_evidence(
        candidate,
        "Your final application and its fee",
        "Final application",
        "Application, with my supervisor's letter.",
        "application.pdf",
    )
    candidate.goto(candidacy_url)
    expect(
        candidate.get_by_text("Everything is in place: you can send your final application")
    ).to_be_visible()
    candidate.get_by_role("button", name="Send my final application for review").click()
    expect(candidate.get_by_text("Your final application is sent for review.")).to_be_visible()
    expect(candidate.locator("p.lead")).to_contain_text("Under review")
    _fits(candidate)

    # --- Ivy records the fee, approves the application and certifies --------------------------
    _open_in_the_queue(staff, "Max Moreno")
    expect(staff.get_by_text("Still to approve: Final application.")).to_be_visible()
    expect(staff.get_by_role("button", name="Certify")).to_have_count(0)
    staff.get_by_role("button", name="Record the fee as paid").click()
    expect(staff.get_by_text("The application fee is recorded as paid.")).to_be_visible()
    staff.get_by_role("button", name="Approve", exact=True).click()
    expect(staff.get_by_text("Final application: approved.")).to_be_visible()
    staff.get_by_role("button", name="Certify").click()
    expect(staff.get_by_text("Max Moreno is certified: the certificate is issued.")).to_be_visible()
    _fits(staff)

    # --- Max finds the certificate, its code, and fills in a listing --------------------------
    candidate.goto(candidacy_url)
    candidate.get_by_role("link", name="My certifications and CE").click()
    card = candidate.locator("article.certification")
    expect(card).to_contain_text(f"{CSAT} (CSAT)")
    expect(card.locator(".certification-standing")).to_contain_text("Active")
    code = card.locator("code").inner_text()
    assert len(code) >= 20
    _fits(candidate)

    candidate.get_by_role("link", name="Your directory listing").click()
    expect(candidate.get_by_label("Your name as it is listed")).to_have_value("Max Moreno")
    candidate.get_by_label("Your name as it is listed").fill("Max Moreno, LPC")
    candidate.get_by_label("City (optional)").fill("Portland")
    candidate.get_by_label("State, province or region (optional)").fill("Oregon")
    candidate.get_by_label("I offer sessions online (telehealth)").check()
    candidate.get_by_label("Partner betrayal trauma").check()
    candidate.get_by_label("Show my listing in the directory").check()
    candidate.get_by_role("button", name="Save your listing").click()
    expect(
        candidate.get_by_text("Your listing is saved, and shown in the directory.")
    ).to_be_visible()
    _fits(candidate)

    # --- a visitor with no account checks the certificate and finds Max -----------------------
    visitor = new_context(viewport=PHONE).new_page()
    visitor.goto("/")
    visitor.get_by_role("link", name="Verify a certificate").first.click()
    visitor.get_by_label("Verification code").fill(code)
    visitor.get_by_role("button", name="Check the certificate").click()
    facts = visitor.locator("dl.ticket-facts")
    expect(facts).to_contain_text("Max Moreno")
    expect(facts).to_contain_text(f"{CSAT} (CSAT)")
    expect(facts).to_contain_text("Active")
    expect(facts).to_contain_text(f"{today.day} {today:%B %Y}")
    expect(visitor.get_by_text(max_.email)).to_have_count(0)
    _fits(visitor)

    visitor.goto("/")
    visitor.get_by_role("link", name="Find a therapist").first.click()
    visitor.get_by_label("Place").fill("Portland")
    visitor.get_by_label("Help with").select_option(label="Partner betrayal trauma")
    visitor.get_by_role("button", name="Search").click()
    expect(visitor.get_by_role("status")).to_contain_text("1 therapist found.")
    _fits(visitor)
    visitor.get_by_role("link", name="Max Moreno, LPC").click()
    expect(visitor.get_by_role("heading", level=1, name="Max Moreno, LPC")).to_be_visible()
    expect(visitor.get_by_text("Portland, Oregon").first).to_be_visible()
    _fits(visitor)
    markup = json.loads(visitor.locator('script[type="application/ld+json"]').inner_text())
    assert markup["name"] == "Max Moreno, LPC"
    assert max_.email not in json.dumps(markup)
