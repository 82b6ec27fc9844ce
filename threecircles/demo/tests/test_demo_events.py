"""The demo's events: `seed_demo` gives the events something true to show (the yearly
symposium with its two tracks, six sessions and speakers; a full workshop with three people
waiting; last month's training module with attendance hours; next month's webinar), and
running it again adds nothing."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.content.markdown import plain
from threecircles.demo.events import (
    MODULE_SLUG,
    SYMPOSIUM_SLUG,
    WEBINAR_SLUG,
    WORKSHOP_SLUG,
    WORKSHOP_WAITLIST,
    seed_events,
)
from threecircles.events import models as events

EVENT_MODELS = (
    events.Event,
    events.Track,
    events.Speaker,
    events.EventSession,
    events.RegistrationType,
    events.Registration,
    events.SessionAttendance,
)
Status = events.Registration.Status
Audience = events.RegistrationType.Audience


@pytest.fixture
def demo(db: None) -> User:
    call_command("seed_demo", verbosity=0)
    return User.objects.get(email__startswith="ivy@")


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in EVENT_MODELS}


def _local_day(event: events.Event, moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(event.time_zone)).date()


def _applicable_price(registration: events.Registration) -> Decimal:
    rtype = registration.registration_type
    day = timezone.localdate(registration.registered_at)
    if rtype.early_price is not None and rtype.early_until and day <= rtype.early_until:
        return rtype.early_price
    return rtype.price


def _events_demo(registrations):
    """The events demo's own registrations (by e-mail, no account): the certification demo's
    candidates also attend module 1, signed in, and are tested in test_demo_certification."""
    return registrations.filter(person__isnull=True)


def test_the_symposium_has_two_tracks_six_sessions_over_two_days_with_speakers(demo):
    symposium = events.Event.objects.get(slug=SYMPOSIUM_SLUG)
    today = timezone.localdate()
    assert symposium.kind == events.EventKind.SYMPOSIUM
    assert symposium.published
    assert symposium.starts_on == today + timedelta(weeks=10)
    assert symposium.ends_on == symposium.starts_on + timedelta(days=1)
    assert symposium.venue.startswith("Lakeview Conference Center, ")
    assert symposium.online_url.startswith("https://")
    assert symposium.capacity == 300
    assert list(symposium.tracks.values_list("name", flat=True)) == [
        "Clinical practice",
        "Partners and families",
    ]

    sessions = list(symposium.sessions.all())
    assert len(sessions) == 6
    days = {_local_day(symposium, session.starts_at) for session in sessions}
    assert days == {symposium.starts_on, symposium.ends_on}
    for track in symposium.tracks.all():
        assert track.sessions.exists(), track.name
    for session in sessions:
        assert session.track is not None
        assert session.hours == Decimal("1.50")
        speakers = list(session.speakers.all())
        assert 1 <= len(speakers) <= 2, session.title
        assert all(speaker.credentials and speaker.bio for speaker in speakers)
    titles = " ".join(session.title for session in sessions).lower()
    for subject in [
        "offending",
        "trauma-informed",
        "betrayal trauma",
        "three circles",
        "telehealth",
        "research",
    ]:
        assert subject in titles


def test_members_and_non_members_pay_less_until_four_weeks_before_the_symposium(demo):
    symposium = events.Event.objects.get(slug=SYMPOSIUM_SLUG)
    types = {rtype.audience: rtype for rtype in symposium.registration_types.all()}
    assert set(types) == {Audience.MEMBER, Audience.NON_MEMBER, Audience.STUDENT}
    four_weeks_before = symposium.starts_on - timedelta(weeks=4)
    for audience in (Audience.MEMBER, Audience.NON_MEMBER):
        rtype = types[audience]
        assert rtype.early_until == four_weeks_before
        assert rtype.early_price is not None
        assert rtype.early_price < rtype.price
    assert types[Audience.STUDENT].early_price is None
    assert types[Audience.STUDENT].price < types[Audience.MEMBER].price

    registered = symposium.registrations.all()
    assert {r.status for r in registered} == {Status.CONFIRMED}
    assert len(registered) >= 3
    assert {r.registration_type.audience for r in registered} == set(types)


def test_the_workshop_is_full_with_three_people_waiting_oldest_first(demo):
    workshop = events.Event.objects.get(slug=WORKSHOP_SLUG)
    today = timezone.localdate()
    assert workshop.kind == events.EventKind.WORKSHOP
    assert workshop.published
    assert workshop.starts_on == workshop.ends_on == today + timedelta(weeks=3)
    assert workshop.capacity == 12
    opens, closes = workshop.registration_opens_at, workshop.registration_closes_at
    assert opens is not None and closes is not None
    assert opens < timezone.now() < closes  # the waitlist can still be joined
    # The workshop set one price; the membership demo adds the member price beside it.
    prices = {rtype.audience: rtype.price for rtype in workshop.registration_types.all()}
    assert prices == {Audience.NON_MEMBER: Decimal("180.00"), Audience.MEMBER: Decimal("135.00")}

    confirmed = workshop.registrations.filter(status=Status.CONFIRMED)
    waiting = list(workshop.registrations.filter(status=Status.WAITLISTED))
    assert confirmed.count() == 12
    assert len(waiting) == 3
    times = [registration.waitlisted_at for registration in waiting]
    assert None not in times
    assert len(set(times)) == 3  # no tie: who is offered a place first is clear
    by_time = workshop.registrations.filter(status=Status.WAITLISTED).order_by("waitlisted_at")
    # The waitlist as written, oldest first, is the order in which places will be offered.
    assert [r.name for r in by_time] == [attendee.name for attendee in WORKSHOP_WAITLIST]
    last_confirmed = max(r.confirmed_at for r in confirmed if r.confirmed_at)
    assert last_confirmed < min(t for t in times if t)
    full = prices[Audience.NON_MEMBER]
    assert all(r.fee == full and not r.invoice_number for r in waiting)


def test_last_months_training_module_counts_its_attendance_hours(demo):
    module = events.Event.objects.get(slug=MODULE_SLUG)
    first_of_this_month = timezone.localdate().replace(day=1)
    assert module.kind == events.EventKind.TRAINING
    assert module.ends_on < first_of_this_month
    assert module.ends_on >= (first_of_this_month - timedelta(days=1)).replace(day=1)
    [session] = module.sessions.all()
    assert session.hours > 0

    registrations = _events_demo(module.registrations.all())
    assert [r.status for r in registrations] == [Status.CONFIRMED, Status.CONFIRMED]
    for registration in registrations:
        [attended] = registration.attendance.all()
        assert attended.session == session
        assert attended.hours == session.hours
        assert attended.method == events.SessionAttendance.Method.LIST
        assert attended.recorded_by == demo
        assert attended.recorded_at <= timezone.now()


def test_next_months_webinar_is_online_only_without_a_limit(demo):
    webinar = events.Event.objects.get(slug=WEBINAR_SLUG)
    today = timezone.localdate()
    next_month = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    assert webinar.kind == events.EventKind.WEBINAR
    assert webinar.published
    assert (webinar.starts_on.year, webinar.starts_on.month) == (next_month.year, next_month.month)
    assert webinar.venue == ""
    assert webinar.online_url.startswith("https://")
    assert webinar.capacity is None
    assert webinar.sessions.count() == 1


def test_each_fee_is_the_price_of_its_day_and_confirmed_places_are_invoiced(demo):
    registrations = events.Registration.objects.select_related("registration_type")
    assert registrations.exists()
    early = [r for r in registrations if r.registration_type.early_price == r.fee]
    assert early  # the early-bird price was applied somewhere: the comparison below bites
    for registration in registrations:
        assert registration.person_id or registration.email.endswith("@example.org")
        assert registration.fee == _applicable_price(registration), registration.name
        assert registration.currency == registration.registration_type.currency
        if registration.status == Status.CONFIRMED:
            year = registration.registered_at.year
            assert registration.invoice_number == f"EV-{year}-{registration.pk:05d}"
        else:
            assert registration.invoice_number == ""
            assert registration.paid_at is None
    confirmed = registrations.filter(status=Status.CONFIRMED)
    assert confirmed.filter(paid_at__isnull=False).exists()
    assert confirmed.filter(paid_at__isnull=True).exists()  # staff still have payments to mark
    assert not confirmed.filter(paid_at__gt=timezone.now()).exists()


def test_the_event_texts_are_written_in_person_first_words(demo):
    texts = []
    for event in events.Event.objects.all():
        texts += [event.title, event.summary, plain(event.description, limit=100_000)]
        for session in event.sessions.all():
            texts += [session.title, plain(session.description, limit=100_000)]
    for speaker in events.Speaker.objects.all():
        texts += [speaker.name, speaker.bio]
    assert "compulsive sexual behavior" in " ".join(texts)  # the check reads the real texts
    for text in texts:
        assert "addict" not in text.lower(), text


def test_running_the_seed_again_adds_no_events(demo):
    counts = _counts()
    assert all(counts.values()), counts  # every kind was seeded: there is something to double

    call_command("seed_demo", verbosity=0)

    assert _counts() == counts


@pytest.mark.parametrize(
    "today",
    [date(2026, 3, 1), date(2026, 1, 31), date(2026, 12, 30)],
    ids=["first-of-month", "end-of-january", "end-of-year"],
)
def test_the_dates_hold_at_the_edges_of_months_and_years(db, today):
    ivy = make_user("Ivy", Role.STAFF)
    with time_machine.travel(datetime.combine(today, datetime.min.time(), UTC), tick=False):
        seed_events(ivy)
        last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
        next_month = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
        module = events.Event.objects.get(slug=MODULE_SLUG)
        webinar = events.Event.objects.get(slug=WEBINAR_SLUG)
        assert (module.ends_on.year, module.ends_on.month) == (last_month.year, last_month.month)
        assert (webinar.starts_on.year, webinar.starts_on.month) == (
            next_month.year,
            next_month.month,
        )
        for event in events.Event.objects.all():
            for session in event.sessions.all():
                day = _local_day(event, session.starts_at)
                assert event.starts_on <= day <= event.ends_on, session.title
            for registration in event.registrations.all():
                assert registration.registered_at <= timezone.now()
                assert timezone.localdate(registration.registered_at) < event.starts_on
