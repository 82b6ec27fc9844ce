"""Progress notes: SOAP/DAP drafts signed and locked, dated signed addenda, co-signature where
the practice requires it, and group notes that reach each attendee with only their addition."""

from datetime import date, time, timedelta

import time_machine
from django.db import connection
from django.utils import timezone

from conftest import make_user
from threecircles.care.actions import open_episode
from threecircles.care.models import AttendanceStatus, Note, NoteAddendum
from threecircles.care.notes import notes_awaiting_cosign, unsigned_notes, write_draft
from threecircles.care.programs import add_slot, create_program, record_slot_attendance
from threecircles.privacy.actions import add_care_team_member
from threecircles.privacy.models import AccessEvent, Action
from threecircles.tests.html import find_all, page_tree, text_of

MONDAY = date(2025, 1, 6)


def _detail(note):
    return f"/care/clients/{note.client_id}/notes/{note.pk}/"


def _status(page, status=200):
    return text_of(next(find_all(page_tree(page, status), "p", "note-status")))


def _stored(column, table="care_note"):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")
        return " ".join(str(value) for (value,) in cursor.fetchall())


def _soap(client, author):
    return write_draft(
        client=client,
        author=author,
        form="soap",
        sections={"subjective": "Marker 5a1e: slept badly", "plan": "Weekly session"},
    )


def test_a_signed_soap_note_cannot_be_edited_only_amended(alice, bob, sam, signed_in):
    browser = signed_in(bob)
    page = browser.post(
        f"/care/clients/{alice.pk}/notes/new/",
        {"form": "soap", "subjective": "Marker 7f3b: urges on Sunday", "plan": "Call sponsor"},
        follow=True,
    )
    assert "Draft saved." in page.text
    note = Note.objects.get()
    assert (note.form, note.signed_at) == ("soap", None)
    assert "Marker 7f3b" not in _stored("sections_sealed") + _stored("text")
    assert AccessEvent.objects.filter(
        actor_id=bob.pk, action=Action.CREATE, what="progress notes", object_id=str(note.pk)
    ).exists()

    page = browser.post(_detail(note), {"save": "", "subjective": "Rewritten while a draft"})
    assert page.status_code == 302
    browser.post(_detail(note), {"sign": ""})
    note.refresh_from_db()
    signed_on = f"{timezone.localtime(note.signed_at):%-d %b %Y}"
    assert f"Signed by Bob on {signed_on}" in _status(browser.get(_detail(note)))

    refused = browser.post(_detail(note), {"save": "", "subjective": "Changed after signing"})
    assert "signed and locked" in text_of(page_tree(refused, 400))
    note.refresh_from_db()
    assert "Rewritten while a draft" in note.sections_sealed
    assert "Changed after signing" not in note.sections_sealed

    later = timezone.now() + timedelta(days=1)
    with time_machine.travel(later, tick=False):
        page = signed_in(sam).post(
            _detail(note), {"addendum": "", "text": "Marker 2c9d: he called"}, follow=True
        )
    assert "Addendum signed and saved." in page.text
    (addendum,) = find_all(page_tree(page), "article", "addendum")
    assert f"Addendum, {timezone.localtime(later):%-d %b %Y, %H:%M}" in text_of(addendum)
    assert "Marker 2c9d" in text_of(addendum)
    assert "Signed by Sam" in text_of(addendum)
    assert "Marker 2c9d" not in _stored("text", "care_noteaddendum")


def test_only_the_author_edits_a_draft(alice, bob, sam, signed_in):
    note = _soap(alice, bob)
    page = signed_in(sam).post(_detail(note), {"save": "", "subjective": "Not mine"})
    assert "not yours" in text_of(page_tree(page, 400))
    assert signed_in(sam).post(_detail(note), {"sign": ""}).status_code == 400
    note.refresh_from_db()
    assert (note.signed_at, "Not mine" in note.sections_sealed) == (None, False)


def test_a_draft_gets_no_addendum(alice, bob, signed_in):
    note = _soap(alice, bob)
    page = signed_in(bob).post(_detail(note), {"addendum": "", "text": "Too early"})
    assert "A draft is edited, not amended." in text_of(page_tree(page, 400))
    assert not NoteAddendum.objects.exists()


def test_a_supervisor_of_the_practice_co_signs_where_it_is_required(
    alice, bob, sam, practice, signed_in
):
    practice.notes_need_cosign = True
    practice.save()
    note = _soap(alice, bob)
    signed_in(bob).post(_detail(note), {"sign": ""})
    assert "Waiting for co-signature." in _status(signed_in(bob).get(_detail(note)))
    assert list(unsigned_notes(bob)) == []
    assert list(notes_awaiting_cosign(sam)) == [note]

    # The author cannot co-sign, even as a supervisor of the practice.
    refused = signed_in(bob).post(_detail(note), {"cosign": ""})
    assert "a supervisor of the practice co-signs" in text_of(page_tree(refused, 400))

    page = signed_in(sam).post(_detail(note), {"cosign": ""}, follow=True)
    assert "Co-signed by Sam" in _status(page)
    assert "Waiting" not in _status(page)
    assert list(notes_awaiting_cosign(sam)) == []


def test_the_author_cannot_co_sign_their_own_note(alice, sam, practice, signed_in):
    practice.notes_need_cosign = True
    practice.save()
    note = _soap(alice, sam)
    signed_in(sam).post(_detail(note), {"sign": ""})
    assert signed_in(sam).post(_detail(note), {"cosign": ""}).status_code == 400
    assert list(notes_awaiting_cosign(sam)) == []
    note.refresh_from_db()
    assert note.cosigned_at is None


def test_a_supervisor_elsewhere_or_a_clinician_does_not_co_sign(alice, bob, practice, signed_in):
    practice.notes_need_cosign = True
    practice.save()
    colleague = make_user("Cleo", "clinician")
    practice.memberships.create(user=colleague, role="clinician")
    add_care_team_member(client=alice, member=colleague, practice=practice, role="clinician")
    note = _soap(alice, bob)
    signed_in(bob).post(_detail(note), {"sign": ""})
    assert signed_in(colleague).post(_detail(note), {"cosign": ""}).status_code == 400
    note.refresh_from_db()
    assert note.cosigned_at is None


def test_without_the_rule_a_signed_note_needs_no_co_signature(alice, bob, signed_in):
    note = _soap(alice, bob)
    signed_in(bob).post(_detail(note), {"sign": ""})
    assert "co-signature" not in _status(signed_in(bob).get(_detail(note)))
    assert list(unsigned_notes(bob)) == []


def _group(practice, bob, attended):
    program = create_program(
        practice=practice,
        name="Evening IOP",
        level_of_care="residential",
        weekly_target_hours=None,
        time_zone="UTC",
    )
    slot = add_slot(
        program=program,
        weekday=0,
        starts_at=time(18),
        minutes=90,
        kind="group",
        title="Evening group",
        facilitator=bob,
        location="Room 2",
        counts_as_therapy=True,
    )
    for client, status in attended:
        record_slot_attendance(
            slot=slot,
            client=client,
            day=MONDAY,
            status=status,
            minutes_attended=0 if status == AttendanceStatus.ABSENT else 90,
            reason="Ill" if status == AttendanceStatus.ABSENT else "",
            actor=bob,
        )
    return slot


def test_a_group_note_reaches_each_attendee_with_only_their_addition(
    alice, bob, practice, signed_in
):
    ben = make_user("Ben", "client")
    cal = make_user("Cal", "client")
    for client in (ben, cal):
        open_episode(client=client, practice=practice, primary_clinician=bob, level_of_care="iop")
    slot = _group(
        practice,
        bob,
        [
            (alice, AttendanceStatus.PRESENT),
            (ben, AttendanceStatus.LATE),
            (cal, AttendanceStatus.ABSENT),
        ],
    )
    url = f"/care/group-notes/slots/{slot.pk}/?day={MONDAY.isoformat()}"
    form = signed_in(bob).get(url)
    assert "Only for Alice" in form.text and "Only for Ben" in form.text
    assert "Only for Cal" not in form.text

    page = signed_in(bob).post(
        url,
        {
            "form": "free",
            "text": "Marker 44ab: the group talked about boundaries",
            f"addition_{alice.pk}": "Alice shared her plan",
            f"addition_{ben.pk}": "Ben arrived during check-in",
        },
        follow=True,
    )
    assert "Group note signed and added to 2 records." in page.text
    assert "Marker 44ab" not in _stored("text") + _stored("sections_sealed")

    alice_record = text_of(page_tree(signed_in(bob).get(f"/care/clients/{alice.pk}/")))
    assert "Marker 44ab" in alice_record and "Alice shared her plan" in alice_record
    assert "Ben arrived" not in alice_record
    ben_record = text_of(page_tree(signed_in(bob).get(f"/care/clients/{ben.pk}/")))
    assert "Ben arrived during check-in" in ben_record and "Alice shared" not in ben_record
    assert not Note.objects.filter(client=cal).exists()
    assert "Marker 44ab" not in text_of(page_tree(signed_in(bob).get(f"/care/clients/{cal.pk}/")))


def test_outsiders_do_not_reach_notes_or_group_notes(alice, bob, eve, signed_in, practice):
    note = _soap(alice, bob)
    slot = _group(practice, bob, [(alice, AttendanceStatus.PRESENT)])
    assert signed_in(eve).get(_detail(note)).status_code == 404
    assert signed_in(eve).get(f"/care/clients/{alice.pk}/notes/new/").status_code == 404
    url = f"/care/group-notes/slots/{slot.pk}/?day={MONDAY.isoformat()}"
    assert signed_in(eve).get(url).status_code == 404
    assert signed_in(alice).get(_detail(note)).status_code == 404


def test_the_client_sees_free_notes_but_not_progress_notes(alice, bob, signed_in):
    _soap(alice, bob)
    signed_in(bob).post(f"/care/clients/{alice.pk}/", {"text": "Marker 0e0e: see you Tuesday"})
    record = text_of(page_tree(signed_in(alice).get(f"/care/clients/{alice.pk}/")))
    assert "Marker 0e0e" in record
    assert "Marker 5a1e" not in record


def test_bad_input_keeps_what_was_typed(alice, bob, signed_in):
    page = signed_in(bob).post(
        f"/care/clients/{alice.pk}/notes/new/?form=dap", {"form": "dap", "data": "   "}
    )
    assert "Write at least one section." in text_of(page_tree(page, 400))
    assert not Note.objects.exists()
