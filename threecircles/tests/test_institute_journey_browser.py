"""The institute's side from end to end, in a real browser on a 360 px phone.

Jordan, signed in with a member's account, reads an article of the knowledge base, finds the
symposium and its program, and registers at the non-member price: the ticket and its QR code
are on the page, and the worker sends the confirmation with a calendar file. Jordan also holds
the last seat of a full workshop; Sam, with no account, joins its waitlist, and is confirmed
(and told by e-mail) once Jordan gives the seat back. At the door, institute staff type
Jordan's ticket code for one session, and the hours appear among Jordan's events. No page
scrolls sideways.
"""

import datetime
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_user
from threecircles.accounts.models import Role
from threecircles.content.models import Category
from threecircles.content.tests.access_articles import make_article
from threecircles.events import actions
from threecircles.events.models import Event, EventKind, EventSession, Track
from threecircles.events.tests.access_registration import make_event
from threecircles.tests.browser import BROWSER_MARKS, PHONE, sign_in, with_totp

pytestmark = BROWSER_MARKS
CHICAGO = ZoneInfo("America/Chicago")
SYMPOSIUM = "The yearly symposium on recovery and relationships"
WORKSHOP = "Repair after disclosure: a one-seat workshop"
# Day by day, track by track: (day, track, start hour, title); 90 minutes each.
PROGRAM = [
    (0, "Clinical practice", 9, "Opening: shame and repair"),
    (0, "Research", 11, "What the outcome studies say"),
    (1, "Clinical practice", 9, "Working with partners after disclosure"),
    (1, "Research", 11, "Measuring recovery without shame"),
]


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways ({width} px)"


def _symposium() -> Event:
    event = make_event("yearly-symposium", title=SYMPOSIUM, days=2, sessions=0)
    event.kind = EventKind.SYMPOSIUM
    event.save(update_fields=["kind"])
    tracks = {
        name: Track.objects.create(event=event, name=name, order=order)
        for order, name in enumerate(("Clinical practice", "Research"))
    }
    for day, track, hour, title in PROGRAM:
        starts = datetime.datetime.combine(
            event.starts_on + datetime.timedelta(days=day), datetime.time(hour), CHICAGO
        )
        EventSession.objects.create(
            event=event, track=tracks[track], title=title, room="Grand ballroom",
            starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90),
        )  # fmt: skip
    return event


def _sign_in_as_a_member(page: Page, email: str, then: str) -> None:
    page.goto(f"/accounts/login/?next={then}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page).to_have_url(then)


def _calendar_entries(message: mail.EmailMessage) -> list[icalendar.Event]:
    files = [
        (name, content)
        for name, content, mimetype in message.attachments
        if mimetype == "text/calendar"
    ]
    assert [name for name, _ in files] == ["event.ics"]
    calendar = icalendar.Calendar.from_ical(files[0][1])
    return list(calendar.walk("VEVENT"))


@pytest.mark.usefixtures("transactional_db")
def test_a_visitor_reads_registers_attends_and_finds_their_hours(new_context, ivy, run_tasks):
    make_article(
        "Talking with a partner about recovery",
        summary="A first conversation: what helps, and what can wait.",
        body="## Before you talk\n\nChoose a calm moment, and agree on how long you will talk.",
        category=Category.objects.create(name="For partners", slug="for-partners"),
    )
    symposium = _symposium()
    workshop = make_event("one-seat-workshop", title=WORKSHOP, capacity=1)
    jordan = make_user("Jordan", Role.MEMBER)
    # Earlier, Jordan took the workshop's only seat.
    actions.register(
        event=workshop, registration_type=workshop.registration_types.get(name="Student"),
        name="Jordan Reyes", email=jordan.email, person=jordan,
    )  # fmt: skip
    run_tasks()
    mail.outbox.clear()

    # --- Jordan reads an article, then finds the symposium and its program ---------------
    page = new_context(viewport=PHONE).new_page()
    _sign_in_as_a_member(page, jordan.email, "/knowledge/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Knowledge base")
    _fits(page)
    page.get_by_role("link", name="Talking with a partner about recovery").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Talking with a partner about recovery"
    )
    expect(page.get_by_role("heading", name="Before you talk")).to_be_visible()
    expect(page.get_by_text("Choose a calm moment, and agree on how long")).to_be_visible()
    _fits(page)

    page.get_by_role("contentinfo").get_by_role("link", name="Events").click()
    expect(page).to_have_url("/events/")
    _fits(page)
    page.get_by_role("link", name=SYMPOSIUM).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SYMPOSIUM)
    program = page.get_by_role("region", name="Program")
    for day in (symposium.starts_on, symposium.ends_on):
        heading = f"{day:%A} {day.day} {day:%B %Y}"
        expect(program.get_by_role("heading", level=3, name=heading)).to_be_visible()
    second_day = program.get_by_role("list").nth(1)
    expect(second_day.get_by_role("listitem").first).to_contain_text(
        "Working with partners after disclosure"
    )
    expect(second_day.get_by_role("listitem").first).to_contain_text("Track: Clinical practice")
    expect(second_day.get_by_role("listitem").nth(1)).to_contain_text("Track: Research")
    _fits(page)

    # --- registering at the non-member price: the ticket, its QR code, the e-mail ---------
    page.get_by_role("link", name=f"Register for {SYMPOSIUM}").click()
    _fits(page)
    page.get_by_label("Non-member: 150.00 USD").check()
    expect(page.get_by_label("Your name")).to_have_value("Jordan")
    page.get_by_label("Your name").fill("Jordan Reyes")
    expect(page.get_by_label("Your e-mail address")).to_have_value(jordan.email)
    page.get_by_role("button", name="Register").click()
    expect(
        page.get_by_role("heading", level=1, name=f"You are registered for {SYMPOSIUM}")
    ).to_be_visible()
    expect(page.get_by_role("img", name="QR code of the ticket code")).to_be_visible()
    expect(page.get_by_text("Non-member", exact=True)).to_be_visible()
    symposium_ticket = urlsplit(page.url).path
    ticket_code = page.locator(".ticket-facts code").inner_text()
    _fits(page)

    run_tasks()
    [confirmation] = [m for m in mail.outbox if m.to == [jordan.email]]
    assert confirmation.subject == f"You are registered: {SYMPOSIUM}"
    assert symposium_ticket in confirmation.body
    entries = _calendar_entries(confirmation)
    # One entry per session: the symposium's title and the session's, from its start.
    assert [(str(entry["SUMMARY"]), entry.decoded("DTSTART")) for entry in entries] == [
        (f"{SYMPOSIUM}: {session.title}", session.starts_at)
        for session in symposium.sessions.order_by("starts_at")
    ]
    assert entries[0]["SUMMARY"] == f"{SYMPOSIUM}: Opening: shame and repair"

    # --- the workshop: Sam joins the waitlist, and gets the seat Jordan gives back -------
    sam = new_context(viewport=PHONE).new_page()
    sam.goto(f"/events/{workshop.slug}/")
    expect(sam.get_by_text("Full: join the waitlist.")).to_be_visible()
    sam.get_by_role("link", name=f"Register for {WORKSHOP}").click()
    sam.get_by_label("Student: 40.00 USD").check()
    sam.get_by_label("Your name").fill("Sam Okafor")
    sam.get_by_label("Your e-mail address").fill("sam.okafor@example.org")
    sam.get_by_role("button", name="Register").click()
    expect(
        sam.get_by_role("heading", level=1, name=f"You are on the waitlist for {WORKSHOP}")
    ).to_be_visible()
    expect(sam.get_by_text("You are number 1 on the waitlist.")).to_be_visible()
    expect(sam.get_by_role("img", name="QR code of the ticket code")).to_have_count(0)
    _fits(sam)
    run_tasks()
    assert [m.subject for m in mail.outbox if m.to == ["sam.okafor@example.org"]] == [
        f"You are on the waitlist: {WORKSHOP}"
    ]

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My events").click()
    page.get_by_role("link", name=f"Ticket for {WORKSHOP}").click()
    _fits(page)
    page.get_by_text("Cancel my registration", exact=True).click()
    page.get_by_role("button", name="Yes, cancel my registration").click()
    expect(
        page.get_by_role("heading", level=1, name=f"Your registration for {WORKSHOP} is cancelled")
    ).to_be_visible()
    _fits(page)

    sam.reload()
    expect(
        sam.get_by_role("heading", level=1, name=f"You are registered for {WORKSHOP}")
    ).to_be_visible()
    expect(sam.get_by_role("img", name="QR code of the ticket code")).to_be_visible()
    _fits(sam)
    mail.outbox.clear()
    run_tasks()
    to_sam = [m for m in mail.outbox if m.to == ["sam.okafor@example.org"]]
    assert [m.subject for m in to_sam] == [f"A seat opened: you are confirmed for {WORKSHOP}"]
    assert urlsplit(sam.url).path in to_sam[0].body

    # --- at the door: staff type Jordan's ticket code for the first session ---------------
    door = new_context(viewport=PHONE).new_page()
    sign_in(door, ivy, with_totp(ivy))
    door.goto("/institute/staff/")
    door.get_by_role("link", name="All events").click()
    door.get_by_role("link", name=SYMPOSIUM).click()
    row = door.get_by_role("row").filter(has_text="Opening: shame and repair")
    row.get_by_role("link", name="Take attendance").click()
    expect(door.get_by_role("heading", level=1)).to_have_text(
        "Attendance: Opening: shame and repair"
    )
    _fits(door)
    door.get_by_label("Ticket code").fill(ticket_code)
    door.get_by_role("button", name="Record").click()
    expect(door.get_by_role("status")).to_contain_text("Jordan Reyes: recorded (1.50 hours).")
    expect(door.get_by_text("1 of 1 recorded.")).to_be_visible()
    _fits(door)

    # --- Jordan's record: the symposium's hours among their events ------------------------
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My events").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My events")
    symposium_row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=SYMPOSIUM)
    )
    expect(symposium_row.get_by_role("cell").nth(2)).to_have_text("Confirmed")
    expect(symposium_row.get_by_role("cell").nth(3)).to_have_text(re.compile(r"^\s*1\.50\b"))
    workshop_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=WORKSHOP))
    expect(workshop_row.get_by_role("cell").nth(2)).to_have_text("Cancelled")
    _fits(page)
    # And on the ticket itself.
    page.get_by_role("link", name=f"Ticket for {SYMPOSIUM}").click()
    expect(page).to_have_url(symposium_ticket)
    expect(page.get_by_text("Hours attended: 1.50")).to_be_visible()
    _fits(page)
