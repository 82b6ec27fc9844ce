"""In a real browser, on a phone: a candidate asks an approved supervisor, the supervisor
accepts, the candidate logs a session (a date in the future first, refused with what was typed
kept), the supervisor confirms it, and the candidate sees the hours counted. No page scrolls
sideways, and the pages pass axe on both sides."""

import datetime
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_user
from threecircles.accounts.models import Role
from threecircles.certification import actions
from threecircles.certification.models import SupervisionSession
from threecircles.certification.tests.factories import make_credential, make_supervisor
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
TOPIC = "Pacing disclosure work in early recovery"
PAGE = "/certification/supervision/"


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_candidate_and_supervisor_take_a_session_from_request_to_confirmed_hours(new_context, db):
    max_ = make_user("Max", Role.MEMBER)
    sam = make_user("Sam", Role.SUPERVISOR)
    make_supervisor(sam)
    candidacy = actions.start(person=max_, credential=make_credential())
    today = timezone.localdate()

    candidate = new_context(viewport=PHONE).new_page()
    sign_in(candidate, max_)
    candidate.goto(f"/certification/candidacies/{candidacy.pk}/")
    candidate.get_by_role("link", name="Your supervision").first.click()
    expect(candidate.get_by_role("heading", level=1, name="Supervision")).to_be_visible()
    _fits(candidate)
    candidate.get_by_role(
        "link", name="Ask a supervisor for Certified Sex Addiction Therapist"
    ).click()
    _fits(candidate)
    candidate.get_by_label("Sam").check()
    candidate.get_by_role("button", name="Send the request").click()
    expect(
        candidate.get_by_text("Your request is sent to Sam. Their answer will show on this page.")
    ).to_be_visible()

    supervisor = new_context(viewport=PHONE).new_page()
    sign_in(supervisor, sam, with_totp(sam))
    supervisor.get_by_role("link", name="Supervision", exact=True).click()
    expect(supervisor.get_by_role("heading", level=4, name="Max")).to_be_visible()
    _fits(supervisor)
    supervisor.get_by_role("button", name="Accept Max").click()
    expect(supervisor.get_by_text("You are now supervising Max.")).to_be_visible()

    candidate.reload()
    candidate.get_by_role("link", name="Log a session with Sam").click()
    expect(
        candidate.get_by_text("About your learning. Never name or describe a client.")
    ).to_be_visible()
    _fits(candidate)
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    candidate.get_by_label("Date of the session").fill(tomorrow)
    candidate.get_by_label("Hours").fill("1.5")
    candidate.get_by_label("Topic").fill(TOPIC)
    candidate.get_by_role("button", name="Log the session").click()
    expect(candidate.get_by_text("A session is logged once it has been held")).to_be_visible()
    expect(candidate.get_by_label("Topic")).to_have_value(TOPIC)
    expect(candidate.get_by_label("Hours")).to_have_value("1.5")
    _fits(candidate)
    candidate.get_by_label("Date of the session").fill(today.isoformat())
    candidate.get_by_role("button", name="Log the session").click()
    expect(
        candidate.get_by_text("Your session is logged. It counts once Sam confirms it.")
    ).to_be_visible()
    expect(candidate.get_by_text("0 of 10 hours")).to_be_visible()

    supervisor.reload()
    expect(supervisor.get_by_text(TOPIC)).to_be_visible()
    _fits(supervisor)
    supervisor.get_by_role("button", name="Confirm the session").click()
    expect(
        supervisor.get_by_text("Thank you: the session is confirmed and its hours count.")
    ).to_be_visible()

    candidate.reload()
    expect(candidate.get_by_text("1.50 of 10 hours")).to_be_visible()
    _fits(candidate)
    assert SupervisionSession.objects.get().status == SupervisionSession.Status.CONFIRMED


@needs_axe
def test_the_supervision_pages_have_no_serious_accessibility_violations(new_context, db):
    max_ = make_user("Max", Role.MEMBER)
    sam = make_user("Sam", Role.SUPERVISOR)
    make_supervisor(sam)
    candidacy = actions.start(person=max_, credential=make_credential())
    agreement = actions.propose_agreement(candidacy=candidacy, supervisor=sam)
    actions.answer_agreement(agreement=agreement, by=sam, accept=True)
    agreement.refresh_from_db()
    actions.log_session(
        agreement=agreement, by=max_, held_on=timezone.localdate(), hours=Decimal("1.00"),
        topic=TOPIC,
    )  # fmt: skip
    other = make_user("Ren", Role.MEMBER)
    actions.propose_agreement(
        candidacy=actions.start(person=other, credential=candidacy.credential), supervisor=sam
    )

    page = axe_page(new_context, viewport=PHONE)
    sign_in(page, max_)
    found = [
        violation
        for path in (
            PAGE,
            f"{PAGE}candidacies/{candidacy.pk}/propose/",
            f"{PAGE}agreements/{agreement.pk}/log/",
        )
        for violation in serious_violations(page, path)
    ]
    page.get_by_role("button", name="Log the session").click()
    expect(page.get_by_text("Please give the date of the session.")).to_be_visible()
    found += serious_violations(page)
    page.goto(PAGE)
    page.get_by_text("End this agreement…").press("Enter")
    expect(page.get_by_label("Yes, end this supervision agreement")).to_be_visible()
    found += serious_violations(page)

    supervisor = axe_page(new_context, viewport=PHONE)
    sign_in(supervisor, sam, with_totp(sam))
    found += serious_violations(supervisor, PAGE)
    assert found == []
