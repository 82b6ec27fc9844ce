"""Capacity holds when many people register at once: 20 parallel registrations for 10 seats
give exactly 10 confirmed and 10 on the waitlist (PostgreSQL: each request in its own thread
and database connection, queued by the lock on the event's row). The same, one after the
other, on every database."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from threecircles.events import actions
from threecircles.events.models import Registration
from threecircles.events.tests.access_registration import make_event

Status = Registration.Status
SEATS = 10
PEOPLE = 20


def _counts(event_id: int) -> dict[str, int]:
    found = Registration.objects.filter(event_id=event_id)
    return {status: found.filter(status=status).count() for status in Status.values}


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_registrations_for_ten_seats_give_ten_confirmed_and_ten_waiting() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serializes writers by itself; row locks are PostgreSQL's to test")
    event = make_event(capacity=SEATS)
    rtype = event.registration_types.get(name="Student")
    start = threading.Barrier(PEOPLE)

    def one(number: int) -> str:
        try:
            start.wait()  # everyone at once
            registration = actions.register(
                event=event,
                registration_type=rtype,
                name=f"Person {number}",
                email=f"person{number}@example.org",
            )
            return registration.status
        finally:
            connections.close_all()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        statuses = list(pool.map(one, range(PEOPLE)))

    assert sorted(statuses) == sorted([Status.CONFIRMED] * SEATS + [Status.WAITLISTED] * SEATS)
    assert _counts(event.pk) == {Status.CONFIRMED: SEATS, Status.WAITLISTED: SEATS, "cancelled": 0}


@pytest.mark.django_db
def test_twenty_registrations_one_after_another_for_ten_seats() -> None:
    event = make_event(capacity=SEATS)
    rtype = event.registration_types.get(name="Student")
    for number in range(PEOPLE):
        actions.register(
            event=event,
            registration_type=rtype,
            name=f"Person {number}",
            email=f"person{number}@example.org",
        )
    assert _counts(event.pk) == {Status.CONFIRMED: SEATS, Status.WAITLISTED: SEATS, "cancelled": 0}
