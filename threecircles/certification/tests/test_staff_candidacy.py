"""Staff decide a candidacy's path: the page shows the person, the credential, the stage, the
requirements in order and the history; evidence is approved, or returned with a note (never
without one, never twice); the application fee is recorded; the applicant becomes a candidate
once the software's gate is open, an application under review is certified (only once every
requirement is approved and the fee paid) or returned to candidate with a note; quizzes are
graded, a fail with feedback. Whatever a candidate typed stays text."""

import pytest
from django.urls import reverse

from conftest import make_user
from threecircles.accounts.models import Role
from threecircles.certification import actions
from threecircles.certification.models import (
    Candidacy,
    Certification,
    Decision,
    Evidence,
    QuizAttempt,
)
from threecircles.certification.tests.factories import (
    Kind,
    attend,
    make_credential,
    make_document,
    ready_for_review,
    requirement,
    to_candidate,
)
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert("xss-script")</script><img src=x onerror="alert(2)">'


@pytest.fixture
def staff(ivy, signed_in):
    return signed_in(ivy)


@pytest.fixture
def credential(db):
    return make_credential()


@pytest.fixture
def noor(db):
    return make_user("Noor", Role.MEMBER)


@pytest.fixture
def applicant(noor, credential):
    """Noor: eligibility sent (with a document), the first module attended."""
    candidacy = actions.start(person=noor, credential=credential)
    actions.send_evidence(
        candidacy=candidacy, requirement=requirement(credential, Kind.ELIGIBILITY),
        note=f"Licence LPC-88213.\n{HOSTILE}", document=make_document(noor),
    )  # fmt: skip
    attend(noor, requirement(credential, Kind.MODULE).offerings.get())
    return candidacy


def _page(candidacy: Candidacy) -> str:
    return reverse("certification:staff_candidacy", args=[candidacy.pk])


def _messages(page) -> list[str]:
    return [text_of(p) for p in find_all(page_tree(page), "p", "message")]


def _decide(staff, evidence: Evidence, decision: str, note: str = ""):
    url = reverse("certification:staff_evidence_decide", args=[evidence.pk])
    prefix = f"evidence-{evidence.pk}"
    return staff.post(url, {f"{prefix}-decision": decision, f"{prefix}-note": note}, follow=True)


def _move(staff, candidacy: Candidacy, to_state: str, note: str = ""):
    url = reverse("certification:staff_move", args=[candidacy.pk])
    return staff.post(url, {"to_state": to_state, "note": note}, follow=True)


def test_the_page_shows_the_person_their_stage_progress_and_history(staff, applicant):
    tree = page_tree(staff.get(_page(applicant)))
    facts = text_of(next(find_all(tree, "dl", "staff-facts")))
    assert "E-mail address noor@example.org" in facts
    assert "Credential Certified Sex Addiction Therapist (CSAT)" in facts
    assert "Stage Applicant" in facts
    rows = [text_of(tr) for tr in find_all(tree, "tr")][1:]
    assert rows[:3] == [
        "Eligibility Not yet Sent, waiting for staff",
        "Module 1 Yes 6.00 of 6.00 hours attended",
        "Module 1 quiz Not yet Not taken yet",
    ]
    (history,) = [s for s in find_all(tree, "section") if "History" in text_of(s)]
    assert "Applicant (Noor): Started" in text_of(history)


def test_what_the_candidate_typed_stays_text(staff, applicant):
    page = staff.get(_page(applicant))
    body = page.content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    quote = text_of(next(find_all(page_tree(page), "div", "staff-quote")))
    assert quote == f"Licence LPC-88213. {HOSTILE}"


def test_the_document_sent_opens_for_staff_from_the_page(staff, applicant):
    evidence = applicant.evidence.get()
    links = {
        text_of(a): dict(a.attributes)["href"]
        for a in find_all(page_tree(staff.get(_page(applicant))), "a")
    }
    href = links["Open the document"]
    assert href == reverse("certification:document", args=[evidence.document_id])
    response = staff.get(href)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_approving_eligibility_opens_the_gate_and_staff_move_the_applicant_on(staff, applicant):
    tree = page_tree(staff.get(_page(applicant)))
    assert "Move to candidate: not yet. Eligibility has not been approved yet." in text_of(tree)

    evidence = applicant.evidence.get()
    page = _decide(staff, evidence, "approve")
    assert _messages(page) == ["Eligibility: approved."]
    evidence.refresh_from_db()
    assert evidence.decision == Decision.APPROVED
    assert "not yet" not in text_of(page_tree(page))

    page = _move(staff, applicant, "candidate")
    assert _messages(page) == ["Noor is now a candidate."]
    applicant.refresh_from_db()
    assert applicant.state == "candidate"
    assert "Candidate (Ivy)" in text_of(page_tree(page))


def test_moving_on_before_the_gate_is_open_is_refused_with_the_reason(staff, applicant):
    page = _move(staff, applicant, "candidate")
    assert _messages(page) == ["Not moved: Eligibility has not been approved yet."]
    applicant.refresh_from_db()
    assert applicant.state == "applicant"


def test_returning_needs_a_note_which_the_candidate_then_sees(staff, applicant):
    evidence = applicant.evidence.get()
    page = _decide(staff, evidence, "return")
    assert page.status_code == 400
    assert "Say what needs to change." in text_of(page_tree(page, 400))
    evidence.refresh_from_db()
    assert evidence.decision == Decision.WAITING

    page = _decide(staff, evidence, "return", f"Please attach the licence itself. {HOSTILE}")
    assert _messages(page) == ["Eligibility: returned to the candidate."]
    evidence.refresh_from_db()
    assert evidence.decision == Decision.RETURNED
    progress = actions.progress_on(applicant, evidence.requirement)
    assert progress.detail == f"Please attach the licence itself. {HOSTILE}"
    assert "<script>alert" not in page.content.decode()


def test_a_second_decision_is_refused(staff, applicant):
    evidence = applicant.evidence.get()
    _decide(staff, evidence, "approve")
    page = _decide(staff, evidence, "return", "Changed my mind")
    assert _messages(page) == ["This has already been decided."]
    evidence.refresh_from_db()
    assert evidence.decision == Decision.APPROVED


def test_certifying_waits_for_every_approval_and_the_fee(staff, ivy, sam, credential):
    kai = make_user("Kai", Role.CLINICIAN)
    candidacy = ready_for_review(kai, credential, ivy, sam)
    application = candidacy.evidence.get(requirement__kind=Kind.APPLICATION)
    Evidence.objects.filter(pk=application.pk).update(fee_paid=False)

    page = _move(staff, candidacy, "certified")
    assert _messages(page) == ["Not moved: Still to approve: Final application."]
    text = text_of(page_tree(page))
    assert "Certify: not yet. Still to approve: Final application." in text
    assert "Application fee (350.00 USD): not recorded as paid yet." in text

    _decide(staff, application, "approve")
    page = _move(staff, candidacy, "certified")
    assert _messages(page) == ["Not moved: The application fee has not been recorded as paid."]

    url = reverse("certification:staff_fee_paid", args=[application.pk])
    page = staff.post(url, follow=True)
    assert _messages(page) == ["The application fee is recorded as paid."]
    page = _move(staff, candidacy, "certified")
    assert _messages(page) == ["Kai is certified: the certificate is issued."]
    certification = Certification.objects.get(candidacy=candidacy)
    assert f"Certification {certification.number}" in text_of(page_tree(page))


def test_a_fee_is_recorded_only_on_the_final_application(staff, applicant):
    url = reverse("certification:staff_fee_paid", args=[applicant.evidence.get().pk])
    page = staff.post(url, follow=True)
    assert _messages(page) == ["Only the final application carries a fee."]


def test_returning_to_candidate_needs_a_note(staff, ivy, sam, credential):
    kai = make_user("Kai", Role.CLINICIAN)
    candidacy = ready_for_review(kai, credential, ivy, sam)
    page = _move(staff, candidacy, "candidate")
    assert _messages(page) == ["Not moved: Please say what the candidate still needs to do."]
    page = _move(staff, candidacy, "candidate", "Please send a signed letter.")
    assert _messages(page) == ["Kai is a candidate again, with your note."]
    candidacy.refresh_from_db()
    assert candidacy.state == "candidate"
    assert "Candidate (Ivy): Please send a signed letter." in text_of(page_tree(page))


def test_staff_may_withdraw_a_candidacy(staff, applicant):
    page = _move(staff, applicant, "withdrawn", "Asked to stop by e-mail.")
    assert _messages(page) == ["Noor is withdrawn."]
    applicant.refresh_from_db()
    assert applicant.state == "withdrawn"
    # A closed candidacy offers no further step.
    assert not any("Next step" in text_of(h) for h in find_all(page_tree(page), "h2"))


def test_an_empty_move_says_what_is_missing(staff, applicant):
    url = reverse("certification:staff_move", args=[applicant.pk])
    page = staff.post(url, {})
    assert "Choose the step to take." in text_of(page_tree(page, 400))


# --- quizzes -----------------------------------------------------------------------------------


@pytest.fixture
def quiz_sent(ivy, credential):
    ren = make_user("Ren", Role.MEMBER)
    candidacy = to_candidate(ren, credential, ivy)
    quiz = requirement(credential, Kind.QUIZ)
    attempt = actions.send_quiz(
        candidacy=candidacy, requirement=quiz, answers=[f"Consent. {HOSTILE}", "Warning signs."]
    )
    return attempt


def _quiz_url(attempt: QuizAttempt) -> str:
    return reverse("certification:staff_quiz", args=[attempt.candidacy_id, attempt.requirement_id])


def _grade(staff, attempt: QuizAttempt, passed: str, feedback: str = ""):
    data = {"attempt": attempt.pk, "passed": passed, "feedback": feedback}
    return staff.post(_quiz_url(attempt), data, follow=True)


def test_the_quiz_shows_each_question_with_the_answer_as_text(staff, quiz_sent):
    page = staff.get(_quiz_url(quiz_sent))
    assert "<script>alert" not in page.content.decode()
    facts = text_of(next(find_all(page_tree(page), "dl", "staff-facts")))
    assert facts == (
        "Name two differences between addiction and offending. "
        f"Consent. {HOSTILE} What goes in the middle circle? Warning signs."
    )


def test_a_fail_needs_feedback_and_the_candidate_may_try_again(staff, quiz_sent):
    page = _grade(staff, quiz_sent, "no")
    assert page.status_code == 400
    assert "Say what to work on before trying again." in text_of(page_tree(page, 400))
    quiz_sent.refresh_from_db()
    assert quiz_sent.passed is None

    page = _grade(staff, quiz_sent, "no", "Read chapter 3 on the middle circle.")
    assert _messages(page) == ["Module 1 quiz: not passed yet; the candidate may try again."]
    graded = QuizAttempt.objects.get(pk=quiz_sent.pk)
    assert (graded.passed, graded.feedback) == (False, "Read chapter 3 on the middle circle.")
    progress = actions.progress_on(quiz_sent.candidacy, quiz_sent.requirement)
    assert progress.state == "returned"


def test_a_pass_counts_and_a_second_grading_is_refused(staff, quiz_sent):
    page = _grade(staff, quiz_sent, "yes")
    assert _messages(page) == ["Module 1 quiz: passed."]
    page = _grade(staff, quiz_sent, "no", "Second thoughts")
    assert _messages(page) == ["This attempt has already been graded."]
    quiz_sent.refresh_from_db()
    assert quiz_sent.passed is True


def test_a_quiz_of_another_credential_is_not_found(staff, quiz_sent):
    other = make_credential("CMAT", name="Other credential")
    url = reverse(
        "certification:staff_quiz",
        args=[quiz_sent.candidacy_id, requirement(other, Kind.QUIZ).pk],
    )
    assert staff.get(url).status_code == 404


@pytest.mark.parametrize("name", ["bob", "eve", "mallory"])
def test_outsiders_get_404_on_the_candidacy_and_its_decisions(name, request, signed_in, applicant):
    browser = signed_in(request.getfixturevalue(name))
    evidence = applicant.evidence.get()
    assert browser.get(_page(applicant)).status_code == 404
    assert _decide(browser, evidence, "approve").status_code == 404
    evidence.refresh_from_db()
    assert evidence.decision == Decision.WAITING
