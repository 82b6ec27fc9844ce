"""The staff start page of the certification: what waits for staff, list by list (evidence by
kind, quizzes, applicants whose gate to candidate is open, applications under review,
renewals, certifications expiring or in grace, external courses, open disputes), and the
counts on the staff home. Nobody but staff opens it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.models import Role
from threecircles.certification import actions
from threecircles.certification.models import CECategory, CECredit, Decision, SupervisionSession
from threecircles.certification.tests.factories import (
    Kind,
    approve_evidence,
    attend,
    certify,
    make_credential,
    make_document,
    ready_for_review,
    requirement,
    supervise,
    to_candidate,
)
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
QUEUES = "/institute/staff/certification/"
TODAY = timezone.localdate


@pytest.fixture
def staff(ivy, signed_in):
    return signed_in(ivy)


def _sections(page) -> dict[str, str]:
    """Each section's text, by the id of its heading."""
    tree = page_tree(page)
    return {
        str(dict(s.attributes)["aria-labelledby"]): re.sub(r" ([,:.)])", r"\1", text_of(s))
        for s in find_all(tree, "section")
    }


def _approved_credit(person, hours: str) -> CECredit:
    return CECredit.objects.create(
        person=person, source=CECredit.Source.EXTERNAL, title="Earlier course",
        category=CECategory.CORE, hours=Decimal(hours), completed_on=TODAY(),
        decision=Decision.APPROVED,
    )  # fmt: skip


def test_each_queue_lists_what_waits_and_nothing_else(staff, ivy, sam):
    credential = make_credential()
    noor = make_user("Noor", Role.MEMBER)
    waiting = actions.start(person=noor, credential=credential)
    actions.send_evidence(
        candidacy=waiting, requirement=requirement(credential, Kind.ELIGIBILITY),
        note="Licence attached.", document=make_document(noor),
    )  # fmt: skip
    jo = make_user("Jo", Role.CLINICIAN)
    ready = actions.start(person=jo, credential=credential)
    approve_evidence(ready, Kind.ELIGIBILITY, ivy)
    attend(jo, requirement(credential, Kind.MODULE).offerings.get())
    ren = make_user("Ren", Role.MEMBER)
    candidate = to_candidate(ren, credential, ivy)
    actions.send_quiz(
        candidacy=candidate, requirement=requirement(credential, Kind.QUIZ), answers=["A", "B"]
    )
    actions.send_evidence(
        candidacy=candidate, requirement=requirement(credential, Kind.ASSESSMENT), note="Done."
    )
    actions.send_evidence(
        candidacy=candidate, requirement=requirement(credential, Kind.ATTESTATION), note="Letter."
    )
    agreement = supervise(candidate, sam, Decimal("0"))
    disputed = SupervisionSession.objects.create(
        agreement=agreement, held_on=TODAY(), hours=Decimal("2.00"), topic="Boundaries"
    )
    actions.answer_session(session=disputed, by=sam, confirm=False, reason="We met for one hour.")
    settled = SupervisionSession.objects.create(
        agreement=agreement, held_on=TODAY(), hours=Decimal("1.00"), topic="Settled"
    )
    actions.answer_session(session=settled, by=sam, confirm=False, reason="Not held.")
    actions.resolve_dispute(session=settled, by=ivy, count=False)
    kai = make_user("Kai", Role.CLINICIAN)
    ready_for_review(kai, credential, ivy, sam)

    def holder(name: str, expires_in: int):
        person = make_user(name, Role.CLINICIAN)
        return certify(person, credential, issued_on=TODAY() + datetime.timedelta(expires_in - 730))

    renewing = holder("Lee", 30)
    _approved_credit(renewing.person, "15.00")
    actions.submit_renewal(certification=renewing, by=renewing.person, typed_name="Lee")
    holder("Ona", 200)
    holder("Pat", -10)
    holder("Quin", -200)
    actions.send_external_credit(
        person=renewing.person, title="Ethics in telehealth", provider="A college",
        category=CECategory.ETHICS, hours=Decimal("3.00"), completed_on=TODAY(),
    )  # fmt: skip

    sections = _sections(staff.get(QUEUES))

    evidence = sections["evidence-heading"]
    assert "Evidence to check (4)" in evidence
    assert (
        "Eligibility (licence, degree, years of practice) (1) Noor, CSAT: Eligibility" in evidence
    )
    assert "Assessment (1) Ren, CSAT: Assessment" in evidence
    assert "Letter or attestation (1) Ren, CSAT: Letter of recommendation" in evidence
    assert "Final application and fee (1) Kai, CSAT: Final application" in evidence
    assert "Quizzes to grade (1) Ren, Module 1 quiz (CSAT)" in sections["quizzes-heading"]
    gate = sections["gate-heading"]
    assert "(1)" in gate and "Jo, CSAT" in gate and "Noor" not in gate
    assert "Applications under review (1) Kai, CSAT" in sections["review-heading"]
    assert (
        f"Renewals waiting (1) Lee, {renewing.number}: 15.00 CE hours"
        in (sections["renewals-heading"])
    )
    expiring = sections["expiring-heading"]
    assert "(1) Lee" in expiring and "Ona" not in expiring
    grace = sections["grace-heading"]
    assert "(1) Pat" in grace and "Quin" not in grace
    assert (
        "External courses to check (1) Lee: Ethics in telehealth (3.00 h)"
        in (sections["credits-heading"])
    )
    disputes = sections["disputes-heading"]
    assert "Disputed supervision sessions (1) Ren with Sam" in disputes
    assert "1.00 h" not in disputes


def test_empty_queues_say_so(staff):
    sections = _sections(staff.get(QUEUES))
    assert "Quizzes to grade (0) None waiting." in sections["quizzes-heading"]
    assert "Disputed supervision sessions (0) None open." in sections["disputes-heading"]


def test_the_staff_home_counts_what_waits_and_links_to_the_queues(staff, ivy):
    credential = make_credential()
    noor = make_user("Noor", Role.MEMBER)
    candidacy = actions.start(person=noor, credential=credential)
    actions.send_evidence(
        candidacy=candidacy, requirement=requirement(credential, Kind.ELIGIBILITY), note="Licence"
    )
    tree = page_tree(staff.get(reverse("staff_home")))
    (panel,) = find_all(tree, "section", "certification-staff-panel")
    assert "1 document or application to check" in text_of(panel)
    links = {text_of(a): dict(a.attributes)["href"] for a in find_all(panel, "a")}
    assert links["1 item waiting for staff"] == QUEUES


@pytest.mark.parametrize("name", ["bob", "sam", "eve", "mallory", "alice"])
def test_nobody_but_staff_opens_the_queues(name, request, signed_in):
    person = request.getfixturevalue(name)
    assert signed_in(person).get(QUEUES).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(db):
    response = Client().get(QUEUES)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
