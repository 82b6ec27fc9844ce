"""In a real browser, on a phone: staff find an applicant's eligibility evidence from the
staff home, approve it and move the applicant on to candidate. No page scrolls sideways, and
the staff pages of the certification pass axe."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_user
from threecircles.accounts.models import Role
from threecircles.certification import actions
from threecircles.certification.models import (
    CECategory,
    CECredit,
    Decision,
    SupervisionSession,
)
from threecircles.certification.tests.factories import (
    Kind,
    attend,
    certify,
    make_credential,
    make_document,
    requirement,
    supervise,
    to_candidate,
)
from threecircles.tests.browser import (
    PHONE,
    axe_page,
    needs_axe,
    serious_violations,
    sign_in,
    with_totp,
)

pytestmark = pytest.mark.browser
BASE = "/institute/staff/certification/"


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _applicant(credential):
    jordan = make_user("Jordan Reyes", Role.MEMBER)
    candidacy = actions.start(person=jordan, credential=credential)
    actions.send_evidence(
        candidacy=candidacy, requirement=requirement(credential, Kind.ELIGIBILITY),
        note="Licensed professional counselor, LPC-88213, Texas; master's degree 2016.",
        document=make_document(jordan),
    )  # fmt: skip
    attend(jordan, requirement(credential, Kind.MODULE).offerings.get())
    return candidacy


def test_staff_on_a_phone_approve_eligibility_and_move_the_applicant_on(new_context, ivy):
    candidacy = _applicant(make_credential())
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, ivy, with_totp(ivy))
    page.goto("/institute/staff/")
    page.get_by_role("link", name="1 item waiting for staff").click()
    expect(page.get_by_role("heading", level=1, name="Certification queues")).to_be_visible()
    _fits(page)
    page.get_by_role("link", name="Jordan Reyes").click()
    expect(page.get_by_text("LPC-88213")).to_be_visible()
    expect(page.get_by_text("Eligibility has not been approved yet.")).to_be_visible()
    _fits(page)
    page.get_by_label("Note to the person").fill("Licence checked with the Texas board.")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("Eligibility: approved.")).to_be_visible()
    _fits(page)
    page.get_by_role("button", name="Move to candidate").click()
    expect(page.get_by_text("Jordan Reyes is now a candidate.")).to_be_visible()
    expect(page.get_by_text("Stage Candidate")).to_be_visible()
    _fits(page)
    candidacy.refresh_from_db()
    assert candidacy.state == "candidate"


@needs_axe
def test_the_staff_pages_have_no_serious_accessibility_violations(new_context, ivy, sam):
    credential = make_credential()
    applicant = _applicant(credential)
    ren = make_user("Ren Ito", Role.MEMBER)
    candidate = to_candidate(ren, credential, ivy)
    quiz = requirement(credential, Kind.QUIZ)
    actions.send_quiz(candidacy=candidate, requirement=quiz, answers=["One.", "Two."])
    agreement = supervise(candidate, sam, Decimal("0"))
    session = SupervisionSession.objects.create(
        agreement=agreement, held_on=timezone.localdate(), hours=Decimal("1.00"), topic="Intake"
    )
    actions.answer_session(session=session, by=sam, confirm=False, reason="Not held.")
    holder = make_user("Lee Park", Role.CLINICIAN)
    issued = timezone.localdate() - datetime.timedelta(days=700)
    cert = certify(holder, credential, issued_on=issued)
    CECredit.objects.create(
        person=holder, source=CECredit.Source.EXTERNAL, title="Course", category=CECategory.CORE,
        hours=Decimal("15.00"), completed_on=timezone.localdate(), decision=Decision.APPROVED,
    )  # fmt: skip
    actions.submit_renewal(certification=cert, by=holder, typed_name="Lee Park")
    actions.send_external_credit(
        person=holder, title="Ethics", provider="A college", category=CECategory.ETHICS,
        hours=Decimal("3.00"), completed_on=timezone.localdate(),
    )  # fmt: skip

    page = axe_page(new_context, viewport=PHONE)
    sign_in(page, ivy, with_totp(ivy))
    found = []
    for path in (
        BASE,
        f"{BASE}candidacies/{applicant.pk}/",
        f"{BASE}candidacies/{candidate.pk}/quizzes/{quiz.pk}/",
        f"{BASE}certifications/",
        f"{BASE}certifications/{cert.pk}/",
        f"{BASE}ce/",
        f"{BASE}disputes/",
        f"{BASE}supervisors/",
        f"{BASE}credentials/",
    ):
        found += serious_violations(page, path)
        _fits(page)
    # Forms turned back, with their errors.
    page.goto(f"{BASE}candidacies/{applicant.pk}/")
    page.get_by_role("button", name="Return for changes").click()
    expect(page.get_by_text("Say what needs to change.", exact=True)).to_be_visible()
    found += serious_violations(page)
    page.goto(f"{BASE}supervisors/")
    page.get_by_label("E-mail address of their account").fill("nobody@example.org")
    page.get_by_role("button", name="Approve as a supervisor").click()
    expect(page.get_by_text("No account has this address.")).to_be_visible()
    found += serious_violations(page)
    _fits(page)
    assert found == []
