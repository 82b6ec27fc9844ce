"""The access-matrix rows of the calendar: each client and clinician has their own page (so
nobody's is anyone else's to open); supporters, staff and the administrator have none. The
feed needs no sign-in: a valid token opens it for whoever holds it, and a wrong one is 404 for
everybody."""

from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from threecircles.care.calendar import new_feed
from threecircles.care.models import Enrollment, Program, ProgramSlot, Session, SessionKind
from threecircles.tests.matrix import LOGIN, AccessRows, Redirect, World, row

# Everyone with a calendar: the clients (Alice, Dan, Mallory) and the clinicians.
OWN = row(anonymous=LOGIN, others=404, alice=200, dan=200, mallory=200, bob=200, sam=200, eve=200)
OWN_STOP = row(
    anonymous=LOGIN,
    others=404,
    **{
        person: Redirect("/care/calendar/")
        for person in ("alice", "dan", "mallory", "bob", "sam", "eve")
    },
)


def records(world: World) -> dict[str, Any]:
    """Alice in a program with one weekly group, a session with Bob, and her feed's token."""
    bob = world.people["bob"]
    program = Program.objects.create(
        practice=world.practice, name="Matrix evening program", level_of_care="iop"
    )
    ProgramSlot.objects.create(
        program=program, weekday=timezone.localdate().weekday(), starts_at=time(18),
        minutes=90, kind=SessionKind.TWELVE_STEP, title="Evening group", facilitator=bob,
        location="Room 2",
    )  # fmt: skip
    Enrollment.objects.create(
        program=program, client=world.alice, started_on=timezone.localdate() - timedelta(days=7)
    )
    Session.objects.create(
        client=world.alice, clinician=bob, starts_at=datetime.now(UTC) + timedelta(days=2)
    )
    return {"token": new_feed(person=world.alice)}


ROWS = [
    AccessRows(
        label="care_calendar",
        order=30,
        records=records,
        get={
            "care:calendar_week": OWN,
            "care:calendar_feed": row(anonymous=200, others=200),
            "care:calendar_feed@wrong": row(anonymous=404, others=404),
        },
        post={
            "care:calendar_address_new": OWN,
            "care:calendar_address_stop": OWN_STOP,
        },
        kwargs_for={
            "care:calendar_feed": {"token": lambda world: world.records["care_calendar"]["token"]}
        },
        variants={"care:calendar_feed@wrong": {"token": lambda world: "not-a-calendar-token"}},
        no_form={"care:calendar_address_new", "care:calendar_address_stop"},
    )
]
