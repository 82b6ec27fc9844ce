"""The attendee's own certificate of attendance: offered on the ticket page and on "My events"
once hours are recorded, downloaded through the ticket's code, never cached, with no name in
the file's name; 404 before any attendance and after cancelling."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.events import actions, pdf
from threecircles.events.attendance import record_attendance
from threecircles.events.models import Event, Registration
from threecircles.events.tests.access_registration import make_event
from threecircles.tests.browser import PHONE, axe_page, needs_axe, serious_violations, sign_in

pytestmark = pytest.mark.django_db
LINK = "Download your certificate of attendance (PDF)"


@pytest.fixture
def event() -> Event:
    return make_event("practice-day", title="Practice day")


@pytest.fixture
def registration(event: Event, ivy: User) -> Registration:
    return actions.register(
        event=event,
        registration_type=event.registration_types.get(name="Student"),
        name="Rosa Marquez",
        email="ivy@example.org",
        person=ivy,
    )


def _attend_everything(registration: Registration, by: User) -> None:
    for session in registration.event.sessions.all():
        record_attendance(session=session, registration=registration, method="scan", by=by)


def _certificate_url(registration: Registration) -> str:
    return reverse("events:my_certificate", args=[registration.ticket_code])


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(response.text.split())


def test_there_is_no_certificate_before_any_attendance(client: Client, registration):
    assert client.get(_certificate_url(registration)).status_code == 404
    page = _text(client.get(reverse("events:ticket", args=[registration.ticket_code])))
    assert LINK not in page and "Hours attended" not in page


def test_after_attending_the_ticket_page_offers_the_certificate(client: Client, registration, ivy):
    _attend_everything(registration, ivy)
    page = _text(client.get(reverse("events:ticket", args=[registration.ticket_code])))
    assert "<p>Hours attended: 4.00</p>" in page
    assert f'<a href="{_certificate_url(registration)}" download>{LINK}</a>' in page


def test_the_certificate_is_a_pdf_of_the_hours_never_cached_and_named_without_the_person(
    client: Client, registration, ivy, monkeypatch: pytest.MonkeyPatch
):
    _attend_everything(registration, ivy)
    printed: list[str] = []
    real_as_pdf = pdf.as_pdf

    def as_pdf(html: str) -> bytes:
        printed.append(html)
        return real_as_pdf(html)

    monkeypatch.setattr(pdf, "as_pdf", as_pdf)
    response = client.get(_certificate_url(registration))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition == 'attachment; filename="certificate-of-attendance-practice-day.pdf"'
    assert "rosa" not in disposition.lower() and "marquez" not in disposition.lower()
    # What was printed: the staff's own certificate, with this person's name and hours.
    assert printed == [pdf.certificate_html(registration)]
    assert "Rosa Marquez" in printed[0] and "Total hours: 4.00" in printed[0]


def test_a_cancelled_registration_has_no_certificate(client: Client, registration, ivy):
    _attend_everything(registration, ivy)
    actions.cancel(registration=registration)
    assert client.get(_certificate_url(registration)).status_code == 404
    page = _text(client.get(reverse("events:ticket", args=[registration.ticket_code])))
    assert LINK not in page


def test_an_unknown_code_has_no_certificate(client: Client):
    assert client.get(reverse("events:my_certificate", args=["no-such-code"])).status_code == 404


def test_my_events_shows_the_hours_and_the_certificate_link(
    registration, ivy: User, signed_in: Callable[[User], Client]
):
    other = make_event("later-day", title="Later day")
    actions.register(
        event=other,
        registration_type=other.registration_types.get(name="Student"),
        name="Rosa Marquez",
        email="ivy@example.org",
        person=ivy,
    )
    _attend_everything(registration, ivy)
    page = _text(signed_in(ivy).get(reverse("events:my_events")))
    assert '<td data-label="Hours attended">4.00</td>' in page
    assert '<td data-label="Hours attended">0.00</td>' in page
    link = (
        f'<a href="{_certificate_url(registration)}" download>{LINK}'
        '<span class="visually-hidden"> for Practice day</span></a>'
    )
    assert link in page
    # Only the event attended has a certificate.
    assert page.count(LINK) == 1


# --- in a real browser --------------------------------------------------------------------------


@pytest.mark.browser
@needs_axe
def test_on_a_phone_the_certificate_is_downloaded_from_the_ticket_and_my_events(
    new_context, db, ivy
):
    event = make_event("axe-certificate", title="Certificate day")
    person = make_user("Rosa", Role.MEMBER)
    registration = actions.register(
        event=event,
        registration_type=event.registration_types.get(name="Student"),
        name="Rosa Marquez",
        email=person.email,
        person=person,
    )
    _attend_everything(registration, ivy)
    page = axe_page(new_context, viewport=PHONE)
    sign_in(page, person)
    found = serious_violations(page, f"/events/ticket/{registration.ticket_code}/")
    found += serious_violations(page, "/events/mine/")
    for path in (f"/events/ticket/{registration.ticket_code}/", "/events/mine/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        with page.expect_download() as download:
            page.get_by_role("link", name=LINK).click()
        assert download.value.suggested_filename == "certificate-of-attendance-axe-certificate.pdf"
    page.goto(f"/events/ticket/{registration.ticket_code}/")
    expect(page.get_by_text("Hours attended: 4.00")).to_be_visible()
    assert found == []
