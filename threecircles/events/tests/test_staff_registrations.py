"""Staff look after the registrations: counts, seats and the waitlist in order, payments,
cancelling (a freed seat goes to the person waiting longest), the certificate of attendance
and the invoice as PDFs, and the staff home's panel. Nobody but staff gets in."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from threecircles.accounts.models import User
from threecircles.events import actions, pdf
from threecircles.events.attendance import record_attendance
from threecircles.events.models import Event, Registration
from threecircles.events.tests.access_registration import make_event

pytestmark = pytest.mark.django_db
Status = Registration.Status
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def _register(event: Event, email: str, name: str, kind: str = "Non-member") -> Registration:
    return actions.register(
        event=event,
        registration_type=event.registration_types.get(name=kind),
        name=name,
        email=email,
    )


@pytest.fixture
def staff(ivy: User, signed_in: Callable[[User], Client]) -> Client:
    return signed_in(ivy)


@pytest.fixture
def event() -> Event:
    return make_event("full-day", title="Full day", capacity=2)


@pytest.fixture
def people(event: Event) -> list[Registration]:
    return [
        _register(event, "ana@example.org", "Ana Ruiz"),
        _register(event, "ben@example.org", "Ben Cho", "Student"),
        _register(event, "cleo@example.org", "Cleo Nash"),
        _register(event, "dev@example.org", "Dev Rao"),
    ]


def _list(staff: Client, event: Event) -> str:
    page = staff.get(reverse("events:staff_registrations", args=[event.pk]))
    assert page.status_code == 200
    return page.text


def test_the_list_shows_counts_seats_fees_and_the_waitlist_in_order(staff, event, people):
    text = " ".join(_list(staff, event).split())
    assert "<dt>Confirmed</dt> <dd> 2 of 2 seats (0 left) </dd>" in text
    assert "<dt>On the waitlist</dt> <dd>2</dd>" in text
    # Ana's early-bird fee and Ben's student fee, neither paid yet.
    assert "<dt>Fees not yet paid</dt> <dd>2 (160.00)</dd>" in text
    waitlist = text[text.index("<h2>Waitlist</h2>") :]
    assert waitlist.index("Cleo Nash") < waitlist.index("Dev Rao")


def test_staff_mark_a_payment_with_its_reference(staff, event, people):
    ana = people[0]
    url = reverse("events:staff_mark_paid", args=[event.pk, ana.pk])
    page = staff.post(url, {"payment_reference": "BANK-778"}, follow=True)
    assert "Payment of Ana Ruiz recorded." in page.text
    ana.refresh_from_db()
    assert ana.paid_at is not None and ana.payment_reference == "BANK-778"
    assert "(ref. BANK-778)" in page.text
    page = staff.post(url, {}, follow=True)
    assert "Ana Ruiz had already paid." in page.text


def test_staff_cancel_and_the_seat_goes_to_the_person_waiting_longest(staff, event, people):
    ana, _, cleo, dev = people
    url = reverse("events:staff_cancel", args=[event.pk, ana.pk])
    page = staff.post(url, follow=True)
    assert (
        "The registration of Ana Ruiz is cancelled. The seat went to Cleo Nash, who was first "
        "on the waitlist." in page.text
    )
    cleo.refresh_from_db()
    dev.refresh_from_db()
    assert (cleo.status, dev.status) == (Status.CONFIRMED, Status.WAITLISTED)


def test_a_registration_of_another_event_is_404(staff, people):
    other = make_event("other")
    url = reverse("events:staff_mark_paid", args=[other.pk, people[0].pk])
    assert staff.post(url).status_code == 404


def test_the_certificate_names_the_person_sessions_and_hours(staff, ivy, event, people):
    ana = people[0]
    for session in event.sessions.all():
        record_attendance(session=session, registration=ana, method="code", by=ivy)
    html = pdf.certificate_html(ana)
    assert "Ana Ruiz" in html and "Full day" in html
    assert "Session 1" in html and "Session 2" in html
    assert "Total hours: 4.00" in html
    response = staff.get(reverse("events:staff_certificate", args=[event.pk, ana.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_waiting_person_has_no_certificate(staff, event, people):
    url = reverse("events:staff_certificate", args=[event.pk, people[2].pk])
    assert staff.get(url).status_code == 404


def test_the_invoice_says_due_then_paid(staff, event, people):
    ana = people[0]
    html = pdf.invoice_html(ana)
    assert ana.invoice_number in html
    assert f"Amount due: {ana.fee} USD" in html
    ana.paid_at, ana.payment_reference = ana.registered_at, "BANK-1"
    ana.save()
    html = pdf.invoice_html(ana)
    assert "Nothing is due." in html and "Amount due" not in html
    response = staff.get(reverse("events:staff_invoice", args=[event.pk, ana.pk]))
    assert response.content.startswith(b"%PDF")


def test_a_hostile_name_is_text_on_the_list_and_in_the_documents(staff, event):
    person = _register(event, "x@example.org", HOSTILE)
    text = _list(staff, event)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>alert(1)" not in text
    for html in (pdf.certificate_html(person), pdf.invoice_html(person)):
        assert "&lt;script&gt;" in html and "<script>alert(1)" not in html


def test_the_staff_home_shows_upcoming_events_with_counts(staff, event, people):
    make_event("long-ago", title="Long ago event", starts_on=event.starts_on.replace(year=2001))
    page = staff.get(reverse("staff_home"))
    assert "Full day" in page.text
    assert "2 confirmed, 2 waiting" in page.text
    assert "2 fees unpaid" in page.text
    assert "Long ago event" not in page.text


@pytest.mark.parametrize("person", ["alice", "bob", "mallory", "ada"])
def test_nobody_but_staff_gets_in(person, request, signed_in, event, people):
    browser = signed_in(request.getfixturevalue(person))
    ana = people[0]
    session = event.sessions.first()
    urls = [
        reverse("events:staff_events"),
        reverse("events:staff_event_new"),
        reverse("events:staff_event", args=[event.pk]),
        reverse("events:staff_session_new", args=[event.pk]),
        reverse("events:staff_attendance", args=[event.pk, session.pk]),
        reverse("events:staff_registrations", args=[event.pk]),
        reverse("events:staff_certificate", args=[event.pk, ana.pk]),
        reverse("events:staff_invoice", args=[event.pk, ana.pk]),
    ]
    for url in urls:
        assert browser.get(url).status_code == 404, url
    for url in (
        reverse("events:staff_mark_paid", args=[event.pk, ana.pk]),
        reverse("events:staff_cancel", args=[event.pk, ana.pk]),
        reverse("events:staff_attendance", args=[event.pk, session.pk]),
    ):
        assert browser.post(url, {"code": ana.ticket_code}).status_code == 404, url
    ana.refresh_from_db()
    assert (ana.status, ana.paid_at) == (Status.CONFIRMED, None)
    assert not ana.attendance.exists()
