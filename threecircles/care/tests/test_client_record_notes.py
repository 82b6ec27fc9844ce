"""A client reads the free-text notes on their record; progress notes (SOAP, DAP, group) are
the care team's. A record whose only notes are progress notes says so plainly to the client,
never an empty "Notes" heading."""

from django.http import HttpResponse

from threecircles.care.actions import add_note
from threecircles.care.notes import sign_note, write_draft
from threecircles.tests.html import find_all, page_tree, text_of


def _notes_section(page: HttpResponse) -> str:
    (section,) = [s for s in find_all(page_tree(page), "section") if "Notes" in text_of(s)[:6]]
    return text_of(section)


def test_a_client_with_only_progress_notes_is_told_there_are_none(signed_in, bob, alice):
    note = write_draft(
        client=alice, author=bob, form="soap", sections={"subjective": "Sleeping better."}
    )
    sign_note(note=note, signer=bob)
    mine = _notes_section(signed_in(alice).get(f"/care/clients/{alice.pk}/"))
    assert "No notes yet." in mine
    assert "Sleeping better." not in mine
    bobs = _notes_section(signed_in(bob).get(f"/care/clients/{alice.pk}/"))
    assert "Sleeping better." in bobs


def test_a_client_reads_free_text_notes_among_progress_notes(signed_in, bob, alice):
    add_note(client=alice, author=bob, text="Bring your workbook next week.")
    write_draft(client=alice, author=bob, form="dap", sections={"data": "Talked about work."})
    mine = _notes_section(signed_in(alice).get(f"/care/clients/{alice.pk}/"))
    assert "Bring your workbook next week." in mine
    assert "Talked about work." not in mine
    assert "No notes yet." not in mine
