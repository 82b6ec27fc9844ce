"""The continuing-education ledger as its owner sees it: the institute's events they attended
become entries as the ledger is opened; entries by renewal period with their category, hours,
source and status, and totals per category; an external course sent with its certificate
(refused with what was typed kept: a wrong file, a date to come, hours out of range, no
certificate); the PDF transcript of approved hours; only the person's own entries, and hostile
text shown as text."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.html import parse_html
from django.urls import reverse

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification import actions, documents
from threecircles.certification.models import (
    CECategory,
    CECredit,
    Certification,
    Decision,
    Document,
)
from threecircles.certification.tests.factories import (
    PDF_BYTES,
    attend,
    certify,
    make_credential,
    make_module_event,
    pdf_upload,
)
from threecircles.certification.views_holder import transcript_html
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 5, 20)
HOSTILE = (
    '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
)


def on(day: datetime.date) -> Any:
    noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
    return time_machine.travel(noon, tick=False)


@pytest.fixture(autouse=True)
def _today() -> Any:
    with on(TODAY):
        yield


@pytest.fixture
def noor(db: None) -> User:
    return make_user("Noor Haddad", Role.MEMBER)


@pytest.fixture
def browser(noor: User, signed_in: Callable[[User], Client]) -> Client:
    return signed_in(noor)


def external(person: User, title: str, completed_on: datetime.date, **changes: Any) -> CECredit:
    fields: dict[str, Any] = {
        "provider": "State Counseling Association",
        "category": CECategory.TRAUMA,
        "hours": Decimal("6"),
    } | changes
    return actions.send_external_credit(
        person=person, title=title, completed_on=completed_on, **fields
    )


def _rows(page: Any) -> list[list[str]]:
    """Each period's heading, then its entries as read: completed, course, category, hours,
    status."""
    found = []
    for section in find_all(page_tree(page), "section", "ce-period"):
        (heading,) = find_all(section, "h2")
        found.append([text_of(heading)])
        for row in find_all(section, "tr"):
            cells = [text_of(cell) for cell in find_all(row, "td")]
            if cells:
                found.append(cells)
    return found


def _form(**changes: Any) -> dict[str, Any]:
    return {
        "title": "Trauma-informed care for partners",
        "provider": "State Counseling Association",
        "category": "partners",
        "hours": "6.5",
        "completed_on": "2026-04-30",
        "certificate": pdf_upload("course-certificate.pdf"),
    } | changes


# --- the ledger ----------------------------------------------------------------------------


def test_attended_events_become_entries_when_the_ledger_opens(browser, noor):
    event = make_module_event(
        "partners", title="Partners in recovery", starts_on=datetime.date(2026, 3, 3)
    )
    attend(noor, event)
    page = browser.get(reverse("certification:ce_ledger"))
    assert _rows(page) == [
        ["2026"],
        [
            "4 Mar 2026",
            "Partners in recovery Institute event: Three Circles Institute",
            "Compulsive sexual behavior (core)",
            "6",
            "Approved",
        ],
    ]
    assert CECredit.objects.get().registration.event == event


def test_entries_are_read_by_renewal_period_with_totals_per_category(browser, noor, ivy):
    certify(noor, make_credential(modules=1), issued_on=datetime.date(2025, 3, 1))
    approved = external(
        noor, "Ethics refresher", datetime.date(2026, 1, 10), category="ethics", hours=Decimal(3)
    )
    actions.decide_credit(credit=approved, by=ivy, approve=True)
    earlier = external(noor, "Trauma basics", datetime.date(2024, 6, 1))
    actions.decide_credit(credit=earlier, by=ivy, approve=True)
    external(noor, "Attachment and trauma", datetime.date(2026, 4, 2), hours=Decimal("4.5"))
    returned = external(noor, "Marketing your practice", datetime.date(2025, 9, 9))
    actions.decide_credit(
        credit=returned, by=ivy, approve=False, note="Practice marketing is not a clinical topic."
    )
    attend(
        noor, make_module_event("core", title="Core skills", starts_on=datetime.date(2026, 2, 2))
    )

    page = browser.get(reverse("certification:ce_ledger"))
    assert _rows(page) == [
        ["Current renewal period: 1 March 2025 to 1 March 2027"],
        ["2 Apr 2026", "Attachment and trauma External course: State Counseling Association",
         "Trauma", "4.50", "Waiting for staff"],
        ["3 Feb 2026", "Core skills Institute event: Three Circles Institute",
         "Compulsive sexual behavior (core)", "6", "Approved"],
        ["10 Jan 2026", "Ethics refresher External course: State Counseling Association",
         "Ethics", "3", "Approved"],
        ["9 Sep 2025", "Marketing your practice External course: State Counseling Association",
         "Trauma", "6",
         "Returned Note from the institute: Practice marketing is not a clinical topic."],
        ["Earlier period: 1 March 2023 to 28 February 2025"],
        ["1 Jun 2024", "Trauma basics External course: State Counseling Association",
         "Trauma", "6", "Approved"],
    ]  # fmt: skip
    tree = page_tree(page)
    sections = list(find_all(tree, "section", "ce-period"))
    (totals,) = find_all(sections[0], "p", "ce-period-totals")
    assert text_of(totals) == "9 hours approved, 4.50 waiting for staff."
    (categories,) = find_all(sections[0], "dl", "ce-categories")
    assert text_of(categories) == "Compulsive sexual behavior (core) 6 hours Ethics 3 hours"
    (summary,) = find_all(tree, "p", "ce-summary")
    assert text_of(summary) == (
        "9 of 15 continuing-education hours approved since 1 March 2025. 6 still to go. "
        "4.50 more waiting for staff."
    )


def test_in_the_grace_period_new_hours_count_towards_the_renewal(browser, noor, ivy):
    certify(noor, make_credential(modules=1), issued_on=datetime.date(2024, 4, 1))
    credit = external(noor, "Trauma refresher", datetime.date(2026, 5, 1))
    actions.decide_credit(credit=credit, by=ivy, approve=True)
    tree = page_tree(browser.get(reverse("certification:ce_ledger")))
    (heading,) = find_all(tree, "h2", attrs={"id": "period-1-heading"})
    assert (
        text_of(heading) == "Current renewal period: since 1 April 2024 (expired on 1 April 2026)"
    )
    (summary,) = find_all(tree, "p", "ce-summary")
    assert text_of(summary) == (
        "6 of 15 continuing-education hours approved since 1 April 2024. 9 still to go."
    )


def test_only_the_persons_own_entries_are_listed(browser, noor, signed_in):
    external(noor, "Noor's course", TODAY)
    omar = make_user("Omar", Role.CLINICIAN)
    external(omar, "Omar's course", TODAY)
    attend(omar, make_module_event("omar", title="Omar's workshop"))
    own = text_of(page_tree(browser.get(reverse("certification:ce_ledger"))))
    assert "Noor's course" in own
    assert "Omar's" not in own
    assert not CECredit.objects.filter(person=noor, source=CECredit.Source.EVENT).exists()


def test_an_empty_ledger_says_how_hours_come_in(browser):
    page = text_of(page_tree(browser.get(reverse("certification:ce_ledger"))))
    assert "Nothing in your ledger yet." in page


def test_a_person_who_is_not_a_professional_gets_404(signed_in):
    client = make_user("Ari", Role.CLIENT)
    for name in ("ce_ledger", "ce_add", "transcript", "my_certifications"):
        assert signed_in(client).get(reverse(f"certification:{name}")).status_code == 404


# --- an external course --------------------------------------------------------------------


def test_an_external_course_is_sent_with_its_certificate(browser, noor):
    sent = browser.post(reverse("certification:ce_add"), _form())
    assert sent.status_code == 302
    assert sent["Location"] == reverse("certification:ce_ledger")
    credit = CECredit.objects.get()
    assert (
        credit.person, credit.source, credit.title, credit.provider, credit.category,
        credit.hours, credit.completed_on, credit.decision,
    ) == (
        noor, CECredit.Source.EXTERNAL, "Trauma-informed care for partners",
        "State Counseling Association", "partners", Decimal("6.50"), datetime.date(2026, 4, 30),
        Decision.WAITING,
    )  # fmt: skip
    assert credit.certificate is not None
    assert credit.certificate.owner == noor
    assert documents.open_document(credit.certificate) == PDF_BYTES
    ledger = browser.get(reverse("certification:ce_ledger"))
    assert "Thank you: your course is sent." in text_of(page_tree(ledger))
    (link,) = (
        a
        for a in find_all(page_tree(ledger), "a")
        if text_of(a) == "Certificate for Trauma-informed care for partners"
    )
    url = reverse("certification:document", args=[credit.certificate.pk])
    assert dict(link.attributes)["href"] == url
    assert browser.get(url).content == PDF_BYTES


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"certificate": SimpleUploadedFile("notes.txt", b"just some text")},
            "Please send a PDF, PNG or JPEG file.",
        ),
        (
            {"certificate": SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024))},
            "Please send a file of 10 MB or less.",
        ),
        ({"certificate": ""}, "Please attach the course's certificate of completion."),
        (
            {"completed_on": "2026-05-21"},
            "A course counts once it is completed: please choose today or an earlier date.",
        ),
        (
            {"completed_on": "0001-01-01"},
            "Only courses completed in the last five years can be sent: please check the date.",
        ),
        ({"hours": "0"}, "Please enter the course's hours (a quarter of an hour to 100)."),
        ({"hours": "101"}, "Please enter the course's hours (a quarter of an hour to 100)."),
        ({"category": "astrology"}, "Please choose a category from the list."),
        ({"title": ""}, "Please give the course's title."),
    ],
    ids=[
        "not-a-pdf",
        "too-large",
        "no-certificate",
        "future",
        "years-ago",
        "no-hours",
        "too-many",
        "category",
        "no-title",
    ],
)
def test_a_course_with_a_mistake_is_refused_with_what_was_typed_kept(browser, changes, message):
    page = browser.post(reverse("certification:ce_add"), _form(**changes))
    tree = page_tree(page, 400)
    assert message in text_of(tree)
    typed = {
        dict(field.attributes)["name"]: dict(field.attributes).get("value")
        for field in find_all(tree, "input")
    }
    if "provider" not in changes:
        assert typed["provider"] == "State Counseling Association"
    if "title" not in changes:
        assert typed["title"] == "Trauma-informed care for partners"
    assert not CECredit.objects.exists()
    assert not Document.objects.exists()


# --- the transcript ----------------------------------------------------------------------------


def test_the_transcript_is_a_pdf_attachment_never_cached(browser, noor, ivy):
    credit = external(noor, "Ethics refresher", TODAY, category=CECategory.ETHICS)
    actions.decide_credit(credit=credit, by=ivy, approve=True)
    response = browser.get(reverse("certification:transcript"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="ce-transcript.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_transcript_lists_approved_hours_only(noor, ivy):
    certification = certify(noor, make_credential(modules=1), issued_on=datetime.date(2025, 3, 1))
    for title, category, hours in [
        ("Ethics refresher", CECategory.ETHICS, "3"),
        ("Trauma basics", CECategory.TRAUMA, "6"),
        ("Trauma and attachment", CECategory.TRAUMA, "1.5"),
    ]:
        credit = external(noor, title, TODAY, category=category, hours=Decimal(hours))
        actions.decide_credit(credit=credit, by=ivy, approve=True)
    external(noor, "Still waiting", TODAY)
    returned = external(noor, "Not counted", TODAY)
    actions.decide_credit(credit=returned, by=ivy, approve=False, note="Not clinical.")
    external(make_user("Omar", Role.CLINICIAN), "Omar's course", TODAY)

    page = parse_html(transcript_html(noor))
    text = text_of(page)
    assert "Noor Haddad" in text
    assert (
        f"Certified Sex Addiction Therapist (CSAT), certificate {certification.number}, valid "
        "through 1 March 2027." in text
    )
    (entries,) = find_all(page, "table", "transcript-entries")
    rows = [[text_of(cell) for cell in find_all(row, "td")] for row in find_all(entries, "tr")]
    assert [row for row in rows if row] == [
        ["20 May 2026", "Ethics refresher", "State Counseling Association", "Ethics", "3.00"],
        ["20 May 2026", "Trauma basics", "State Counseling Association", "Trauma", "6.00"],
        ["20 May 2026", "Trauma and attachment", "State Counseling Association", "Trauma", "1.50"],
        ["Total", "10.50"],
    ]
    (categories,) = find_all(page, "table", "transcript-categories")
    assert text_of(categories) == "Ethics 3.00 Trauma 7.50"
    for absent in ("Still waiting", "Not counted", "Omar"):
        assert absent not in text


def test_a_revoked_or_lapsed_certification_is_left_off_the_transcript(noor, ivy):
    certification = certify(noor, make_credential(modules=1), issued_on=datetime.date(2020, 3, 1))
    assert certification.number not in transcript_html(noor)
    revoked = certify(noor, make_credential("CPTT", modules=1), issued_on=TODAY)
    actions.revoke(certification=revoked, by=ivy, reason="Misconduct finding.")
    html = transcript_html(noor)
    assert Certification.objects.count() == 2
    assert revoked.number not in html
    assert "Misconduct" not in html


# --- hostile text ------------------------------------------------------------------------------


def test_hostile_text_is_shown_as_text(browser, noor, ivy):
    credit = external(noor, HOSTILE, TODAY, provider=HOSTILE)
    actions.decide_credit(credit=credit, by=ivy, approve=False, note=HOSTILE)
    refused = browser.post(reverse("certification:ce_add"), _form(title=HOSTILE, certificate=""))
    for page, status in ((browser.get(reverse("certification:ce_ledger")), 200), (refused, 400)):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.content.decode()
        tree = page_tree(page, status)
        assert not any("onerror" in dict(img.attributes) for img in find_all(tree, "img"))
        hrefs = [str(dict(a.attributes).get("href", "")) for a in find_all(tree, "a")]
        assert not any(href.lower().startswith("javascript:") for href in hrefs)
    shown = external(noor, HOSTILE, TODAY)
    actions.decide_credit(credit=shown, by=ivy, approve=True)
    html = transcript_html(noor)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
