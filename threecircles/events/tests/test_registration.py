"""Registering for an event: fees and the early-bird's last day, seats and the waitlist, the
registration window, one live registration per address, the confirmation e-mail with its
calendar file, the ticket with its QR code, cancelling (which promotes the person waiting
longest), and a signed-in person's own events."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.events import actions, payments
from threecircles.events.models import Event, Registration, SessionAttendance
from threecircles.events.tests.access_registration import make_event
from threecircles.events.views_registration import qr_svg, registration_places

pytestmark = pytest.mark.django_db
Status = Registration.Status
CHICAGO = ZoneInfo("America/Chicago")
HOSTILE = (
    '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
)


@pytest.fixture(autouse=True)
def _no_registrations_counted_yet() -> None:
    """The test client's connection starts with no registrations counted against it (a
    shared cache such as Redis keeps them from one test to the next)."""
    cache.delete_many(registration_places("127.0.0.1"))


def _register(event: Event, email: str, name: str = "Jordan Lee", **extra: object) -> Registration:
    return actions.register(
        event=event,
        registration_type=event.registration_types.get(name="Non-member"),
        name=name,
        email=email,
        **extra,  # type: ignore[arg-type]
    )


def _form(event: Event, **extra: str) -> dict[str, str]:
    return {
        "registration_type": str(event.registration_types.get(name="Non-member").pk),
        "name": "Jordan Lee",
        "email": "jordan@example.org",
    } | extra


class Tags(HTMLParser):
    """The tags and attributes of a page, to check what markup it really holds."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def _assert_no_hostile_markup(html: str) -> None:
    tags = _tags(html)
    assert not any(tag == "img" and "onerror" in attrs for tag, attrs in tags)
    links = [attrs.get(name) or "" for _, attrs in tags for name in ("href", "src", "action")]
    assert not any(link.strip().lower().startswith("javascript:") for link in links)
    # Only the site's own scripts, by their address: nothing inline.
    assert all(attrs.get("src") for tag, attrs in tags if tag == "script")


# --- fees ----------------------------------------------------------------------------------


def test_the_early_bird_price_holds_through_its_last_day_and_not_after() -> None:
    event = make_event()
    rtype = event.registration_types.get(name="Non-member")
    assert rtype.early_until is not None
    assert actions.fee_for(rtype, rtype.early_until) == Decimal("120.00")
    assert actions.fee_for(rtype, rtype.early_until + datetime.timedelta(days=1)) == Decimal(
        "150.00"
    )
    student = event.registration_types.get(name="Student")
    assert actions.fee_for(student, rtype.early_until) == Decimal("40.00")


def test_the_early_bird_last_day_is_counted_in_the_events_time_zone() -> None:
    event = make_event()
    rtype = event.registration_types.get(name="Non-member")
    assert rtype.early_until is not None
    last_evening = datetime.datetime.combine(rtype.early_until, datetime.time(23, 30), CHICAGO)
    next_morning = last_evening + datetime.timedelta(hours=1)
    # Already the next day in UTC, still the last day in Chicago.
    assert last_evening.astimezone(datetime.UTC).date() > rtype.early_until
    early = _register(event, "early@example.org", now=last_evening)
    late = _register(event, "late@example.org", now=next_morning)
    assert (early.fee, late.fee) == (Decimal("120.00"), Decimal("150.00"))


def test_the_form_shows_each_price_and_the_early_birds_last_day(client: Client) -> None:
    event = make_event(starts_on=datetime.date(2030, 5, 20))
    page = client.get(reverse("events:register", args=[event.slug])).content.decode()
    assert "Non-member: 150.00 USD (120.00 USD through 20 April 2030)" in page
    assert "Student: 40.00 USD" in page


# --- seats, the waitlist, the window, one registration per address ---------------------------


def test_registrations_beyond_capacity_join_the_waitlist_in_order() -> None:
    event = make_event(capacity=10)
    registered = [_register(event, f"person{n}@example.org") for n in range(20)]
    statuses = [registration.status for registration in registered]
    assert statuses == [Status.CONFIRMED] * 10 + [Status.WAITLISTED] * 10
    assert [actions.waitlist_position(r) for r in registered[10:]] == list(range(1, 11))
    confirmed = registered[0]
    assert confirmed.invoice_number == f"EV-{timezone.localdate().year}-{confirmed.pk:06d}"
    assert confirmed.confirmed_at is not None
    assert registered[10].invoice_number == ""


def test_the_same_address_again_is_told_it_is_already_registered(client: Client) -> None:
    event = make_event()
    url = reverse("events:register", args=[event.slug])
    assert client.post(url, _form(event)).status_code == 302
    again = client.post(url, _form(event, email="Jordan@Example.org", name="Jordan L."))
    assert again.status_code == 400
    assert "This e-mail address is already registered for this event." in again.content.decode()
    # What they typed is still there.
    assert 'value="Jordan L."' in again.content.decode()
    assert Registration.objects.filter(event=event).count() == 1


def test_after_cancelling_the_same_address_may_register_again() -> None:
    event = make_event()
    first = _register(event, "jordan@example.org")
    actions.cancel(registration=first)
    second = _register(event, "jordan@example.org")
    assert second.status == Status.CONFIRMED


def test_registration_outside_its_window_is_refused_with_the_dates(client: Client) -> None:
    opens = timezone.now() + datetime.timedelta(days=3)
    event = make_event(opens=opens)
    page = client.get(reverse("events:register", args=[event.slug])).content.decode()
    local = opens.astimezone(CHICAGO)
    assert f"Registration opens on {local:%d %B %Y at %H:%M}" in page
    assert "<form" not in page.split("<main", 1)[1]
    refused = client.post(reverse("events:register", args=[event.slug]), _form(event))
    assert refused.status_code == 400
    assert "Registration opens on" in refused.content.decode()
    assert not Registration.objects.exists()

    closed = make_event("closed", closes=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(actions.RegistrationRefused, match="Registration closed on"):
        _register(closed, "jordan@example.org")


def test_an_unpublished_event_takes_no_registrations(client: Client) -> None:
    event = make_event()
    Event.objects.filter(pk=event.pk).update(published=False)
    assert client.get(reverse("events:register", args=[event.slug])).status_code == 404
    assert (
        client.post(reverse("events:register", args=[event.slug]), _form(event)).status_code == 404
    )


def test_a_program_filling_the_hidden_field_saves_nothing(client: Client) -> None:
    event = make_event()
    url = reverse("events:register", args=[event.slug])
    response = client.post(url, _form(event, website="http://spam.example"), follow=True)
    assert "Your registration was received." in response.content.decode()
    assert not Registration.objects.exists()


def test_too_many_registrations_from_one_connection_wait(client: Client) -> None:
    event = make_event()
    url = reverse("events:register", args=[event.slug])
    for n in range(10):
        assert client.post(url, _form(event, email=f"p{n}@example.org")).status_code == 302
    response = client.post(url, _form(event, email="eleventh@example.org"))
    assert response.status_code == 429
    assert "Too many registrations from this connection." in response.content.decode()
    assert 'value="eleventh@example.org"' in response.content.decode()
    assert Registration.objects.count() == 10


def test_an_empty_form_is_answered_with_what_is_missing(client: Client) -> None:
    event = make_event()
    response = client.post(reverse("events:register", args=[event.slug]), {})
    assert response.status_code == 400
    page = response.content.decode()
    for message in ("Please choose a registration type.", "Please enter your name."):
        assert message in page


# --- the e-mails -------------------------------------------------------------------------------


def test_the_confirmation_e_mail_carries_a_calendar_file_and_the_ticket_link(
    client: Client, run_tasks: Callable[[], None]
) -> None:
    event = make_event(capacity=5)
    response = client.post(reverse("events:register", args=[event.slug]), _form(event))
    registration = Registration.objects.get()
    assert response["Location"] == reverse("events:ticket", args=[registration.ticket_code])
    run_tasks()
    (message,) = mail.outbox
    assert message.to == ["jordan@example.org"]
    assert message.subject == "You are registered: Spring workshop"
    assert reverse("events:ticket", args=[registration.ticket_code]) in message.body
    assert registration.invoice_number in message.body
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == ("event.ics", "text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    entries = calendar.walk("VEVENT")
    assert [str(entry["summary"]) for entry in entries] == [
        "Spring workshop: Session 1",
        "Spring workshop: Session 2",
    ]
    first = event.sessions.order_by("starts_at").first()
    assert first is not None
    assert entries[0].decoded("dtstart") == first.starts_at
    # The event only: nobody's name, address or ticket.
    text = content.decode() if isinstance(content, bytes) else str(content)
    for personal in ("Jordan", "jordan@example.org", registration.ticket_code):
        assert personal not in text


def test_an_event_without_sessions_is_one_all_day_entry_over_its_days(
    run_tasks: Callable[[], None],
) -> None:
    event = make_event(days=2, sessions=0)
    _register(event, "jordan@example.org")
    run_tasks()
    (message,) = mail.outbox
    ((_, content, _),) = message.attachments
    (entry,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert entry.decoded("dtstart") == event.starts_on
    assert entry.decoded("dtend") == event.ends_on + datetime.timedelta(days=1)
    assert str(entry["location"]) == "Lakeside Conference Center, Chicago"


def test_someone_on_the_waitlist_is_told_so(run_tasks: Callable[[], None]) -> None:
    event = make_event(capacity=1)
    _register(event, "first@example.org")
    _register(event, "second@example.org")
    run_tasks()
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["second@example.org"] == "You are on the waitlist: Spring workshop"


# --- cancelling --------------------------------------------------------------------------------


def test_cancelling_promotes_the_person_waiting_longest_and_tells_them(
    run_tasks: Callable[[], None],
) -> None:
    event = make_event(capacity=2)
    start = timezone.now()
    seated = [_register(event, f"seated{n}@example.org", now=start) for n in range(2)]
    waiting = [
        _register(event, f"waiting{n}@example.org", now=start + datetime.timedelta(minutes=n + 1))
        for n in range(3)
    ]
    run_tasks()
    mail.outbox.clear()

    promoted = actions.cancel(registration=seated[1])

    assert promoted is not None and promoted.pk == waiting[0].pk
    waiting[0].refresh_from_db()
    assert waiting[0].status == Status.CONFIRMED
    assert waiting[0].confirmed_at is not None
    assert waiting[0].invoice_number.startswith("EV-")
    assert [actions.waitlist_position(r) for r in waiting[1:]] == [1, 2]
    run_tasks()
    to = {message.to[0]: message for message in mail.outbox}
    assert set(to) == {"waiting0@example.org", "seated1@example.org"}
    assert to["waiting0@example.org"].subject == (
        "A seat opened: you are confirmed for Spring workshop"
    )
    assert "A seat opened for Spring workshop" in to["waiting0@example.org"].body
    assert to["waiting0@example.org"].attachments
    assert to["seated1@example.org"].subject == "Registration cancelled: Spring workshop"


def test_a_cancelled_waitlist_place_promotes_nobody() -> None:
    event = make_event(capacity=1)
    _register(event, "seated@example.org")
    waiting = _register(event, "waiting@example.org")
    assert actions.cancel(registration=waiting) is None
    assert actions.cancel(registration=waiting) is None  # twice: nothing more happens


def test_the_ticket_page_cancels_after_asking(client: Client) -> None:
    event = make_event(capacity=1)
    seated = _register(event, "seated@example.org")
    waiting = _register(event, "waiting@example.org")
    ticket = reverse("events:ticket", args=[seated.ticket_code])
    page = client.get(ticket).content.decode()
    cancel_url = reverse("events:cancel", args=[seated.ticket_code])
    assert ("form", {"method": "post", "action": cancel_url}) in _tags(page)
    assert "<summary>Cancel my registration</summary>" in page

    response = client.post(cancel_url, follow=True)
    assert response.redirect_chain == [(ticket, 302)]
    assert "Your registration for Spring workshop is cancelled" in response.content.decode()
    assert ("form", {"method": "post", "action": cancel_url}) not in _tags(
        response.content.decode()
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert client.get(cancel_url).status_code == 405


# --- the ticket --------------------------------------------------------------------------------


def test_the_ticket_shows_the_event_the_person_the_sessions_and_a_qr_code(client: Client) -> None:
    event = make_event()
    registration = _register(event, "jordan@example.org")
    response = client.get(reverse("events:ticket", args=[registration.ticket_code]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "You are registered for Spring workshop" in page
    for shown in ("Jordan Lee", "Confirmed", "Session 1", "Session 2", registration.ticket_code):
        assert shown in page
    svgs = [attrs for tag, attrs in _tags(page) if tag == "svg"]
    assert {"role": "img", "aria-label": "QR code of the ticket code"}.items() <= next(
        attrs for attrs in svgs if attrs.get("class") == "ticket-qr-code"
    ).items()


def test_the_qr_code_holds_the_ticket_code() -> None:
    assert qr_svg("AAAA") != qr_svg("BBBB")
    assert qr_svg("AAAA").startswith('<svg role="img"')


def test_a_waitlisted_ticket_shows_its_place_on_the_waitlist(client: Client) -> None:
    event = make_event(capacity=1)
    _register(event, "seated@example.org")
    _register(event, "first-waiting@example.org")
    second = _register(event, "second-waiting@example.org")
    page = client.get(reverse("events:ticket", args=[second.ticket_code])).content.decode()
    assert "You are on the waitlist for Spring workshop" in page
    assert "You are number 2 on the waitlist." in page


def test_an_unknown_ticket_code_is_404(client: Client) -> None:
    assert client.get(reverse("events:ticket", args=["not-a-ticket"])).status_code == 404
    assert client.post(reverse("events:cancel", args=["not-a-ticket"])).status_code == 404


# --- signed in ---------------------------------------------------------------------------------


def test_a_signed_in_person_finds_the_form_filled_in_and_their_events_listed(
    ivy: User, signed_in: Callable[[User], Client]
) -> None:
    browser = signed_in(ivy)
    older = make_event("older", title="Older training", starts_on=datetime.date(2020, 3, 2))
    newer = make_event("newer", title="Newer symposium")
    page = browser.get(reverse("events:register", args=[newer.slug])).content.decode()
    assert 'value="Ivy"' in page and 'value="ivy@example.org"' in page
    response = browser.post(
        reverse("events:register", args=[newer.slug]), _form(newer, email="ivy@example.org")
    )
    assert response.status_code == 302
    mine = Registration.objects.get(event=newer)
    assert mine.person == ivy
    # A past event, with attendance taken.
    past = Registration.objects.create(
        event=older, registration_type=older.registration_types.get(name="Student"), person=ivy,
        name="Ivy", email="ivy@example.org", status=Status.CONFIRMED, fee=Decimal("0"),
    )  # fmt: skip
    for session in older.sessions.all():
        SessionAttendance.objects.create(
            registration=past, session=session, method="list", hours=session.hours
        )
    page = browser.get(reverse("events:my_events")).content.decode()
    assert page.index("Newer symposium") < page.index("Older training")
    assert '<td data-label="Hours attended">4.00</td>' in page
    assert '<td data-label="Hours attended">0.00</td>' in page
    for registration in (mine, past):
        assert reverse("events:ticket", args=[registration.ticket_code]) in page


def test_my_events_shows_only_my_own(
    ivy: User, mallory: User, signed_in: Callable[[User], Client]
) -> None:
    event = make_event()
    _register(event, "ivy@example.org", person=ivy)
    page = signed_in(mallory).get(reverse("events:my_events")).content.decode()
    assert "Spring workshop" not in page
    assert "You have not registered for an event with this account yet." in page


# --- hostile input -----------------------------------------------------------------------------


def test_a_hostile_name_is_escaped_on_every_page_and_plain_in_the_e_mail(
    client: Client, ivy: User, signed_in: Callable[[User], Client], run_tasks: Callable[[], None]
) -> None:
    event = make_event(capacity=1)
    url = reverse("events:register", args=[event.slug])
    taken = client.post(url, _form(event, name=HOSTILE, email="first@example.org"))
    assert taken.status_code == 302
    browser = signed_in(ivy)
    waiting = browser.post(url, _form(event, name=HOSTILE, email="ivy@example.org"))
    assert waiting.status_code == 302
    # Refused (same address): the name comes back in the form.
    again = client.post(url, _form(event, name=HOSTILE, email="first@example.org"))
    assert again.status_code == 400
    pages = [again.content.decode()]
    for registration in Registration.objects.all():
        pages.append(
            client.get(reverse("events:ticket", args=[registration.ticket_code])).content.decode()
        )
    pages.append(browser.get(reverse("events:my_events")).content.decode())
    for page in pages:
        # The marker is findable, as text, before its markup is shown to be absent.
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        _assert_no_hostile_markup(page)
    run_tasks()
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        # Plain text only: there is no HTML part for markup to run in.
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])
        assert "Hello <script>alert(1)</script>" in message.body


# --- payments ----------------------------------------------------------------------------------


class PretendProvider:
    """Stands in for a payment provider; nothing is reached."""

    name = "pretend"

    def start(self, registration: Registration) -> str | None:
        return f"https://pay.example.org/{registration.pk}"

    def confirm(self, reference: str) -> bool:
        return reference == "paid-123"


def test_without_a_provider_fees_are_paid_by_invoice(client: Client) -> None:
    registration = _register(make_event(), "jordan@example.org")
    assert payments.provider() is None
    assert payments.pay_online_url(registration) is None
    assert not payments.confirm_payment(registration=registration, reference="paid-123")
    page = client.get(reverse("events:ticket", args=[registration.ticket_code])).content.decode()
    assert f"(invoice {registration.invoice_number})" in page
    assert "Pay online" not in page


def test_a_provider_plugged_in_offers_payment_and_confirms_it(client: Client) -> None:
    registration = _register(make_event(), "jordan@example.org")
    payments.use(PretendProvider())
    try:
        page = client.get(reverse("events:ticket", args=[registration.ticket_code]))
        assert f'<a href="https://pay.example.org/{registration.pk}">Pay online</a>' in (
            page.content.decode()
        )
        assert not payments.confirm_payment(registration=registration, reference="unpaid")
        assert payments.confirm_payment(registration=registration, reference="paid-123")
    finally:
        payments.use(None)
    registration.refresh_from_db()
    assert registration.paid_at is not None
    assert registration.payment_reference == "paid-123"
    assert payments.pay_online_url(registration) is None
