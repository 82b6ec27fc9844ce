"""In a real browser, on a phone: a professional starts a credential, sends their
eligibility evidence (a file that is not a PDF first, refused with the note kept, then their
licence as a PDF) and sees it waiting for staff. No page scrolls sideways, and the pages pass
axe."""

from playwright.sync_api import Page, expect

from conftest import make_user
from threecircles.accounts.models import Role
from threecircles.certification import actions
from threecircles.certification.models import Evidence
from threecircles.certification.tests.factories import PDF_BYTES, Kind, make_credential, requirement
from threecircles.tests.browser import (
    BROWSER_MARKS,
    PHONE,
    axe_page,
    needs_axe,
    serious_violations,
    sign_in,
)

pytestmark = BROWSER_MARKS
NOTE = "Licence from the Oregon board, valid through 2027."


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_candidate_sends_eligibility_evidence_and_sees_it_waiting(new_context, db):
    max_ = make_user("Max", Role.MEMBER)
    make_credential()
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, max_)
    page.get_by_role("link", name="Certification", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Certification")).to_be_visible()
    _fits(page)
    page.get_by_role("button", name="Start Certified Sex Addiction Therapist").click()
    expect(
        page.get_by_role(
            "heading", level=1, name="Certified Sex Addiction Therapist: your candidacy"
        )
    ).to_be_visible()
    _fits(page)

    page.get_by_role("link", name="Send or review your evidence: Eligibility").first.click()
    expect(page.get_by_role("heading", level=1, name="Eligibility")).to_be_visible()
    _fits(page)
    page.get_by_label("Note for the institute").fill(NOTE)
    page.get_by_label("Document (optional)").set_input_files(
        {"name": "licence.pdf", "mimeType": "application/pdf", "buffer": b"MZ not a pdf"}
    )
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Please send a PDF, PNG or JPEG file.")).to_be_visible()
    expect(page.get_by_label("Note for the institute")).to_have_value(NOTE)
    _fits(page)

    page.get_by_label("Document (optional)").set_input_files(
        {"name": "licence.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Thank you: your eligibility evidence is sent.")).to_be_visible()
    expect(page.locator("p.lead")).to_have_text("Waiting for a decision Sent, waiting for staff")
    expect(page.get_by_role("link", name="Download the document you sent")).to_be_visible()
    _fits(page)
    evidence = Evidence.objects.get()
    assert (evidence.note, evidence.document.name) == (NOTE, "licence.pdf")


@needs_axe
def test_the_candidate_pages_have_no_serious_accessibility_violations(new_context, db):
    max_ = make_user("Max", Role.MEMBER)
    credential = make_credential()
    candidacy = actions.start(person=max_, credential=credential)
    eligibility = requirement(credential, Kind.ELIGIBILITY)
    quiz = requirement(credential, Kind.QUIZ)
    page = axe_page(new_context, viewport=PHONE)
    sign_in(page, max_)
    base = f"/certification/candidacies/{candidacy.pk}/"
    found = [
        violation
        for path in (
            "/certification/",
            base,
            f"{base}requirements/{eligibility.pk}/",
            f"{base}quiz/{quiz.pk}/",
        )
        for violation in serious_violations(page, path)
    ]
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Please answer this question.").first).to_be_visible()
    found += serious_violations(page)
    page.goto(base)
    # Opened from the keyboard: under a resting mouse pointer, `.confirm summary:hover` in
    # site.css puts dark text on a dark background (reported to the stylesheet's owner).
    page.get_by_text("Withdraw…").press("Enter")
    expect(page.get_by_label("Yes, I want to withdraw from this credential")).to_be_visible()
    found += serious_violations(page)
    assert found == []
