"""In a real browser, on a phone and on a desktop: the events list and an event's page (with a
two-track program and speakers) fit the screen without sideways scrolling, and axe finds no
serious or critical issue on them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from threecircles.events.models import EventSession, Speaker, Track
from threecircles.events.tests.access_registration import make_event
from threecircles.tests.browser import PHONE, axe_page, needs_axe, serious_violations

pytestmark = pytest.mark.browser
CHICAGO = ZoneInfo("America/Chicago")


def _symposium() -> str:
    event = make_event(
        "yearly-symposium", title="The yearly symposium on recovery and relationships",
        days=2, capacity=2, sessions=0,
    )  # fmt: skip
    event.online_url = (
        "https://meet.example.org/a-very-long-address-for-the-online-room-of-the-symposium"
    )
    event.save()
    speaker = Speaker.objects.create(
        name="Dr. Morgan Ellison-Whitfield", credentials="PhD, LMFT, certified supervisor",
        bio="Works with couples and **partners** after disclosure.",
    )  # fmt: skip
    for order, name in enumerate(("Clinical practice and supervision", "Research")):
        track = Track.objects.create(event=event, name=name, order=order)
        for day in range(2):
            starts = datetime.datetime.combine(
                event.starts_on + datetime.timedelta(days=day), datetime.time(9 + order), CHICAGO
            )
            session = EventSession.objects.create(
                event=event, track=track, room="Grand ballroom, second floor",
                title="Working with shame, disclosure and repair in couples therapy",
                starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90),
            )  # fmt: skip
            session.speakers.add(speaker)
    return event.slug


def test_the_events_pages_fit_a_phone(new_context, db):
    slug = _symposium()
    page = new_context(viewport=PHONE).new_page()

    page.goto("/events/")
    link = page.get_by_role("link", name="The yearly symposium on recovery and relationships")
    expect(link).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    link.click()

    expect(page).to_have_url(f"/events/{slug}/")
    expect(page.get_by_text("2 seats left.")).to_be_visible()
    expect(page.get_by_role("heading", name="Program")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@needs_axe
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_events_pages_have_no_serious_accessibility_violations(new_context, db, viewport):
    slug = _symposium()
    page = axe_page(new_context, viewport=viewport)

    found = [
        violation
        for path in ("/events/", f"/events/{slug}/", "/events/?kind=webinar")
        for violation in serious_violations(page, path)
    ]

    assert found == []
