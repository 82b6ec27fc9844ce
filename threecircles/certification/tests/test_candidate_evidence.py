"""What a candidate sends: evidence with a note and a document (PDF, PNG or JPEG of 10 MB or
less, recognised by its first bytes, whatever its name says), the final application with its
fee explained, quiz answers kept when something is missing, and their documents downloaded by
themselves or staff only, as an attachment with a name that says nothing about them."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification import actions, documents
from threecircles.certification.models import (
    Candidacy,
    Credential,
    Decision,
    Document,
    Evidence,
    QuizAttempt,
)
from threecircles.certification.tests.factories import (
    PDF_BYTES,
    Kind,
    make_credential,
    make_document,
    pdf_upload,
    requirement,
)
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
NOTE = "My licence, issued in Oregon in 2019."


@pytest.fixture
def max_(db: None) -> User:
    return make_user("Max", Role.MEMBER)


@pytest.fixture
def csat(db: None) -> Credential:
    return make_credential()


@pytest.fixture
def candidacy(max_: User, csat: Credential) -> Candidacy:
    return actions.start(person=max_, credential=csat)


@pytest.fixture
def browser(max_: User, signed_in: Callable[[User], Client]) -> Client:
    return signed_in(max_)


def _url(candidacy: Candidacy, kind: str) -> str:
    req = requirement(candidacy.credential, kind)
    name = "certification:quiz" if kind == Kind.QUIZ else "certification:evidence"
    return reverse(name, args=[candidacy.pk, req.pk])


def _text(page: Any, tag: str = "main") -> str:
    return " ".join(
        text_of(element) for element in find_all(page_tree(page, page.status_code), tag)
    )


def _field_value(page: Any, name: str) -> str:
    (textarea,) = find_all(page_tree(page, page.status_code), "textarea", attrs={"name": name})
    return text_of(textarea)


def _alerts(page: Any) -> str:
    tree = page_tree(page, page.status_code)
    return " ".join(text_of(e) for e in find_all(tree, "ul", "errorlist"))


# --- evidence --------------------------------------------------------------------------------


def test_a_pdf_with_a_note_is_sent_and_shows_as_waiting(
    browser: Client, max_: User, candidacy: Candidacy
) -> None:
    url = _url(candidacy, Kind.ELIGIBILITY)
    response = browser.post(url, {"note": NOTE, "file": pdf_upload("my-licence.pdf")})
    assert response.status_code == 302
    assert response["Location"] == url
    evidence = Evidence.objects.get(candidacy=candidacy)
    assert evidence.note == NOTE
    assert evidence.document is not None
    assert (evidence.document.owner, evidence.document.content_type) == (max_, "application/pdf")
    assert documents.open_document(evidence.document) == PDF_BYTES

    page = browser.get(url)
    lead = text_of(next(find_all(page_tree(page), "p", "lead")))
    assert lead == "Waiting for a decision Sent, waiting for staff"
    sent = _text(page, "li")
    assert "Waiting for staff" in sent
    assert NOTE in sent
    assert "(my-licence.pdf)" in sent
    links = [dict(a.attributes)["href"] for a in find_all(page_tree(page), "a")]
    assert reverse("certification:document", args=[evidence.document.pk]) in links
    # Waiting: nothing to send until staff decide.
    assert "What you sent is waiting for a decision." in _text(page)
    assert not list(find_all(page_tree(page), "textarea"))
    candidacy_page = browser.get(reverse("certification:candidacy", args=[candidacy.pk]))
    assert "Waiting for a decision Sent, waiting for staff" in _text(candidacy_page, "li")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 200),
            documents.WRONG_KIND,
        ),
        (
            # A web page named and announced as a PDF: its first bytes say otherwise.
            SimpleUploadedFile(
                "licence.pdf",
                b"<html><script>alert(1)</script></html>",
                content_type="application/pdf",
            ),
            documents.WRONG_KIND,
        ),
        (
            SimpleUploadedFile(
                "huge.pdf",
                b"%PDF-1.4\n" + b"0" * documents.MAX_BYTES,
                content_type="application/pdf",
            ),
            documents.TOO_LARGE,
        ),
    ],
    ids=["exe", "html-named-pdf", "over-10-mb"],
)
def test_a_refused_file_is_explained_and_the_note_stays(
    browser: Client, candidacy: Candidacy, upload: SimpleUploadedFile, message: str
) -> None:
    page = browser.post(_url(candidacy, Kind.ELIGIBILITY), {"note": NOTE, "file": upload})
    assert page.status_code == 400
    assert _alerts(page) == message
    assert _field_value(page, "note") == NOTE
    assert "If you chose a file, please choose it again" in _text(page)
    assert not Evidence.objects.exists()
    assert not Document.objects.exists()


def test_neither_a_note_nor_a_file_is_refused(browser: Client, candidacy: Candidacy) -> None:
    page = browser.post(_url(candidacy, Kind.ELIGIBILITY), {"note": "   "})
    assert page.status_code == 400
    assert _alerts(page) == "Please attach a document or write a note."
    assert not Evidence.objects.exists()


def test_sending_again_while_waiting_is_refused_and_keeps_no_document(
    browser: Client, max_: User, candidacy: Candidacy
) -> None:
    actions.send_evidence(
        candidacy=candidacy, requirement=requirement(candidacy.credential, Kind.ELIGIBILITY),
        note="First",
    )  # fmt: skip
    page = browser.post(_url(candidacy, Kind.ELIGIBILITY), {"note": NOTE, "file": pdf_upload()})
    assert page.status_code == 400
    assert "This requirement is already approved or waiting for staff." in _alerts(page)
    assert Evidence.objects.count() == 1
    assert not Document.objects.exists()


def test_returned_evidence_shows_what_to_change_and_can_be_sent_again(
    browser: Client, candidacy: Candidacy, ivy: User
) -> None:
    sent = actions.send_evidence(
        candidacy=candidacy, requirement=requirement(candidacy.credential, Kind.ELIGIBILITY),
        note="First",
    )  # fmt: skip
    actions.decide_evidence(
        evidence=sent, by=ivy, approve=False, note="Please add your degree certificate."
    )
    url = _url(candidacy, Kind.ELIGIBILITY)
    page = browser.get(url)
    assert text_of(next(find_all(page_tree(page), "p", "lead"))) == (
        "Returned for changes Please add your degree certificate."
    )
    assert "Note from the institute: Please add your degree certificate." in _text(page, "li")
    assert "Send again" in _text(page, "h2")
    assert browser.post(url, {"note": "Degree attached", "file": pdf_upload()}).status_code == 302
    latest = Evidence.objects.filter(candidacy=candidacy).order_by("-pk").first()
    assert latest is not None and latest.decision == Decision.WAITING


def test_the_final_application_explains_the_fee_and_waits_for_candidacy(
    browser: Client, candidacy: Candidacy
) -> None:
    url = _url(candidacy, Kind.APPLICATION)
    page = browser.get(url)
    text = _text(page)
    assert "Send your final application once every other requirement is met." in text
    assert "The application fee is 350.00 USD." in text
    assert "The final application comes once you are a candidate." in text
    assert not list(find_all(page_tree(page), "textarea"))


def test_a_requirement_that_takes_no_evidence_has_no_evidence_page(
    browser: Client, candidacy: Candidacy
) -> None:
    module = requirement(candidacy.credential, Kind.MODULE)
    url = reverse("certification:evidence", args=[candidacy.pk, module.pk])
    assert browser.get(url).status_code == 404


# --- the quiz --------------------------------------------------------------------------------


def test_quiz_answers_survive_a_missing_one_then_are_sent_and_graded(
    browser: Client, candidacy: Candidacy, ivy: User
) -> None:
    url = _url(candidacy, Kind.QUIZ)
    page = browser.get(url)
    labels = [text_of(label) for label in find_all(page_tree(page), "label")]
    assert labels == [
        "1. Name two differences between addiction and offending.",
        "2. What goes in the middle circle?",
    ]
    typed = "Addiction is compulsive; offending harms another person."
    page = browser.post(url, {"answer_1": typed, "answer_2": ""})
    assert page.status_code == 400
    assert _field_value(page, "answer_1") == typed
    assert _alerts(page) == "Please answer this question."
    assert not QuizAttempt.objects.exists()

    sent = browser.post(url, {"answer_1": typed, "answer_2": "Warning signs."}, follow=True)
    assert "Thank you: your answers are sent." in _text(sent, "div")
    attempt = QuizAttempt.objects.get()
    assert attempt.answers == [typed, "Warning signs."]
    assert "Answers sent, waiting for grading" in _text(sent, "p")
    assert not list(find_all(page_tree(sent), "textarea"))

    actions.grade_quiz(attempt=attempt, by=ivy, passed=False, feedback="Say more about shame.")
    page = browser.get(url)
    attempts = _text(page, "li")
    assert "Not passed yet" in attempts
    assert "Feedback from the institute: Say more about shame." in attempts
    assert "Warning signs." in attempts
    # May try again.
    assert len(list(find_all(page_tree(page), "textarea"))) == 2


# --- documents ---------------------------------------------------------------------------------


def test_the_owner_downloads_their_document_as_an_anonymous_attachment(
    browser: Client, max_: User
) -> None:
    document = make_document(max_, "Max Licence Oregon.pdf")
    response = browser.get(reverse("certification:document", args=[document.pk]))
    assert response.status_code == 200
    assert response.content == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="document-{document.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_staff_open_a_document_and_another_professional_gets_404(
    max_: User, ivy: User, bob: User, signed_in: Callable[[User], Client]
) -> None:
    url = reverse("certification:document", args=[make_document(max_).pk])
    assert signed_in(ivy).get(url).content == PDF_BYTES
    assert signed_in(bob).get(url).status_code == 404
    assert signed_in(max_).get(reverse("certification:document", args=[10**9])).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
