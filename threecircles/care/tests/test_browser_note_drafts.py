"""A half-written progress note survives the idle sign-out, in a real browser.

Bob is writing a SOAP note for Alice when he is called away; after 15 minutes his "Save draft"
is answered with the sign-in page. What he typed is kept in this browser (static/js/drafts.js:
under the form's name and the page's address, tagged with who wrote it). He signs in again,
opens the page, and his note is there; once saved, the page opens empty. Sam, signing in next on
the same computer after Bob's session ran out, never sees a draft of Bob's. The other places a
clinician writes at length keep their drafts the same way: editing a draft note, an addendum, a
group note, a discharge summary.

The clock is moved forward on the server (and the test's TOTP codes) only, as a clinician's
coffee break would: the browser's clock stays behind, so its cookies stay valid.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from threecircles.accounts.models import User
from threecircles.care.models import (
    AttendanceStatus,
    DischargeSummary,
    Episode,
    Note,
    NoteAddendum,
)
from threecircles.care.notes import sections_of, sign_note, write_draft
from threecircles.care.programs import add_slot, create_program, record_slot_attendance
from threecircles.tests.browser import OpenContext, sign_in, with_totp

pytestmark = pytest.mark.browser

IDLE = timedelta(minutes=16)
SIGNED_OUT = "You were signed out after 15 minutes without activity."
BACK = "What you typed here earlier and had not saved is back."
SOAP = {
    "Subjective": "Marker 3c1d: urges after the Friday team meeting",
    "Objective": "Calm, on time, slept five hours",
    "Assessment": "Knows his early warning signs",
    "Plan": "Call his sponsor before Friday evenings",
}
MONDAY = date(2025, 1, 6)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(timezone.now(), tick=True) as traveller:
        yield traveller


def draft_keys(page: Page) -> list[str]:
    keys: list[str] = page.evaluate(
        "Object.keys(localStorage).filter(key => key.startsWith('threecircles.draft'))"
    )
    return keys


def kept_in_this_browser(page: Page) -> str:
    kept: str = page.evaluate("JSON.stringify(Object.values(localStorage))")
    return kept


def message(page: Page, text: str) -> None:
    expect(page.get_by_role("main").locator(".messages").filter(has_text=text)).to_be_visible()


def status_says(page: Page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def signed_out_while_away(page: Page, clock: time_machine.Traveller, button: str) -> None:
    """Fifteen minutes and more without a request, then the save: the sign-in page answers."""
    clock.shift(IDLE)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/(\?next=%2F[^&]*)?$"))
    message(page, SIGNED_OUT)


def test_a_soap_note_typed_before_the_idle_sign_out_is_back_after_signing_in_again(
    new_context: OpenContext, clock: time_machine.Traveller, alice: User, bob: User, sam: User
) -> None:
    context = new_context()
    page = context.new_page()
    bobs_code = with_totp(bob)
    sign_in(page, bob, bobs_code)
    page.goto(f"/care/clients/{alice.pk}/")
    page.get_by_role("link", name="SOAP", exact=True).click()
    new_note = f"/care/clients/{alice.pk}/notes/new/?form=soap"
    expect(page).to_have_url(new_note)
    for label, text in SOAP.items():
        page.get_by_label(label).fill(text)
    # Kept under the form's name and the page's address: nothing that names Alice.
    assert draft_keys(page) == [f"threecircles.draft:progress-note:{new_note}"]

    signed_out_while_away(page, clock, "Save draft")
    assert not Note.objects.exists()
    expect(page.get_by_text(SOAP["Subjective"])).to_have_count(0)

    sign_in(page, bob, bobs_code)
    page.goto(new_note)
    status_says(page, BACK)
    for label, text in SOAP.items():
        expect(page.get_by_label(label)).to_have_value(text)

    page.get_by_role("button", name="Save draft").click()
    message(page, "Draft saved. Sign it when it is complete.")
    note = Note.objects.get(client=alice, author=bob)
    assert sections_of(note) == {label.lower(): text for label, text in SOAP.items()}
    assert draft_keys(page) == []
    page.goto(new_note)
    for label in SOAP:
        expect(page.get_by_label(label)).to_have_value("")
    expect(page.get_by_text(BACK)).to_have_count(0)

    # Bob starts another note and leaves; his session runs out, nobody presses "Sign out".
    page.get_by_label("Subjective").fill("Marker 9e4f: only for Bob to find")
    assert "Marker 9e4f" in kept_in_this_browser(page)
    context.clear_cookies()

    sign_in(page, sam, with_totp(sam))
    page.goto(new_note)
    for label in SOAP:
        expect(page.get_by_label(label)).to_have_value("")
    expect(page.get_by_text(BACK)).to_have_count(0)
    assert draft_keys(page) == []
    assert "Marker 9e4f" not in kept_in_this_browser(page)


# --- the other places a clinician writes at length -----------------------------------------


@dataclass(frozen=True)
class Place:
    """A form whose draft must survive the idle sign-out: `address` makes the records it needs
    and answers with its page; `fields` (label: text) are typed; `button` saves."""

    name: str
    address: Callable[[User, User], str]
    fields: dict[str, str]
    button: str
    saved: str


def _draft_note(alice: User, bob: User) -> str:
    note = write_draft(client=alice, author=bob, form="soap", sections={"subjective": "Started"})
    return f"/care/clients/{alice.pk}/notes/{note.pk}/"


def _signed_note(alice: User, bob: User) -> str:
    note = write_draft(client=alice, author=bob, form="soap", sections={"subjective": "Signed"})
    sign_note(note=note, signer=bob)
    return f"/care/clients/{alice.pk}/notes/{note.pk}/"


def _group_day(alice: User, bob: User) -> str:
    program = create_program(
        practice=Episode.objects.get(client=alice).practice,
        name="Evening IOP",
        level_of_care="residential",
        weekly_target_hours=None,
        time_zone="UTC",
    )
    slot = add_slot(
        program=program,
        weekday=MONDAY.weekday(),
        starts_at=time(18),
        minutes=90,
        kind="group",
        title="Evening group",
        facilitator=bob,
        location="Room 2",
        counts_as_therapy=True,
    )
    record_slot_attendance(
        slot=slot,
        client=alice,
        day=MONDAY,
        status=AttendanceStatus.PRESENT,
        minutes_attended=90,
        reason="",
        actor=bob,
    )
    return f"/care/group-notes/slots/{slot.pk}/?day={MONDAY.isoformat()}"


def written_for(client: User) -> str:
    """Everything saved about the client that these forms write: notes, addenda, summaries."""
    notes = Note.objects.filter(client=client)
    return " ".join(
        [
            *(note.text for note in notes),
            *(text for note in notes for text in sections_of(note).values()),
            *(addendum.text for addendum in NoteAddendum.objects.filter(note__client=client)),
            *(summary.text for summary in DischargeSummary.objects.filter(client=client)),
        ]
    )


PLACES = [
    Place(
        "editing a draft note",
        _draft_note,
        {"Plan": "Marker 61aa: weekly session, then every other week"},
        "Save draft",
        "Draft saved.",
    ),
    Place(
        "an addendum",
        _signed_note,
        {"Addendum": "Marker 7b02: he called on Sunday as planned"},
        "Sign and add",
        "Addendum signed and saved.",
    ),
    Place(
        "a group note",
        _group_day,
        {
            "Shared note (free text)": "Marker 0d5c: the group talked about boundaries",
            "Only for Alice": "Marker 2f77: Alice shared her plan",
        },
        "Sign and add to each record",
        "Group note signed and added to 1 records.",
    ),
]


@pytest.mark.parametrize("place", PLACES, ids=[place.name for place in PLACES])
def test_every_note_form_keeps_its_draft_through_the_idle_sign_out_until_saved(
    new_context: OpenContext,
    clock: time_machine.Traveller,
    alice: User,
    bob: User,
    place: Place,
) -> None:
    assert place.fields, "a place with nothing to type tests nothing"
    address = place.address(alice, bob)
    page = new_context().new_page()
    bobs_code = with_totp(bob)
    sign_in(page, bob, bobs_code)
    page.goto(address)
    for label, text in place.fields.items():
        page.get_by_label(label).fill(text)
    [key] = draft_keys(page)
    assert key.endswith(f":{address}")

    signed_out_while_away(page, clock, place.button)
    for text in place.fields.values():
        assert text not in written_for(alice)

    sign_in(page, bob, bobs_code)
    page.goto(address)
    status_says(page, BACK)
    for label, text in place.fields.items():
        expect(page.get_by_label(label)).to_have_value(text)

    page.get_by_role("button", name=place.button, exact=True).click()
    message(page, place.saved)
    for text in place.fields.values():
        assert text in written_for(alice)
    assert draft_keys(page) == []


def test_a_discharge_summary_keeps_its_draft_through_the_idle_sign_out_until_discharged(
    new_context: OpenContext, clock: time_machine.Traveller, alice: User, bob: User
) -> None:
    episode = Episode.objects.get(client=alice)
    address = f"/care/clients/{alice.pk}/episodes/{episode.pk}/"
    summary = "Marker 5e19: finished the programme, keeps going to a weekly group"
    page = new_context().new_page()
    bobs_code = with_totp(bob)
    sign_in(page, bob, bobs_code)
    page.goto(address)
    discharge = page.get_by_role("group", name="Discharge", exact=True)
    # The transfer form's "Reason" comes first with the same id, so it holds the label's "for".
    reason = discharge.locator("select[name=reason]")
    discharge.get_by_label("Last day of care").fill(episode.started_on.isoformat())
    reason.select_option(label="Completed treatment")
    discharge.get_by_label("Discharge summary").fill(summary)
    # The form is sent to the discharge address; its draft belongs to the page it is on.
    assert draft_keys(page) == [f"threecircles.draft:discharge:{address}"]

    signed_out_while_away(page, clock, "Discharge")
    episode.refresh_from_db()
    assert episode.ended_on is None
    assert summary not in written_for(alice)

    sign_in(page, bob, bobs_code)
    page.goto(address)
    status_says(page, BACK)
    expect(discharge.get_by_label("Last day of care")).to_have_value(episode.started_on.isoformat())
    expect(reason).to_have_value("completed")
    expect(discharge.get_by_label("Discharge summary")).to_have_value(summary)

    page.get_by_role("button", name="Discharge", exact=True).click()
    message(page, "Discharged.")
    expect(page.get_by_role("region", name="Discharge summary")).to_contain_text(summary)
    assert summary in written_for(alice)
    assert draft_keys(page) == []
