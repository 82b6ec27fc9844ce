"""A client reads who has seen her record: everyone but herself, with what they did and why."""

import re
from html import unescape

import pytest
from django.utils.html import strip_tags

from threecircles.care.actions import add_note
from threecircles.privacy.actions import open_break_glass

URL = "/privacy/my-record/access/"
BREAK_GLASS_REASON = "Police welfare check requested after a crisis call"


def visible_text(page) -> str:
    """The page as a person reads it: no tags, entities decoded, whitespace collapsed."""
    assert page.status_code == 200
    return re.sub(r"\s+", " ", unescape(strip_tags(page.content.decode())))


def log_rows(page) -> list[str]:
    """One string per row of the access-log table."""
    body = page.content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[-1], flags=re.S)
    return [re.sub(r"\s+", " ", unescape(strip_tags(row))).strip() for row in rows]


def test_alice_sees_her_clinician_opening_her_record(alice, bob, signed_in):
    signed_in(bob).get(f"/care/clients/{alice.pk}/")

    rows = log_rows(signed_in(alice).get(URL))

    assert any(
        "Bob (clinician)" in row and "Viewed: care notes" in row and "Care team" in row
        for row in rows
    ), rows


def test_alice_sees_a_note_being_added_to_her_record(alice, bob, signed_in):
    add_note(client=alice, author=bob, text="Session notes")

    rows = log_rows(signed_in(alice).get(URL))

    assert any("Bob (clinician)" in row and "Added: care notes" in row for row in rows), rows


def test_a_note_posted_by_her_clinician_shows_once_as_added(alice, bob, signed_in):
    page = signed_in(bob).post(f"/care/clients/{alice.pk}/", {"text": "Went to a meeting"})
    assert page.status_code == 302

    rows = log_rows(signed_in(alice).get(URL))

    added = [row for row in rows if "Added: care notes" in row]
    assert len(added) == 1, rows
    assert "Bob (clinician)" in added[0]


def test_alice_does_not_see_her_own_views(alice, bob, signed_in):
    browser = signed_in(alice)
    assert browser.get(f"/care/clients/{alice.pk}/").status_code == 200
    # Bob looks too, so the table has rows and the check below is not over an empty list.
    assert signed_in(bob).get(f"/care/clients/{alice.pk}/").status_code == 200

    page = browser.get(URL)

    rows = log_rows(page)
    assert any("Bob (clinician)" in row for row in rows), rows
    assert all("Alice" not in row for row in log_rows(page))
    assert "Own record" not in visible_text(page)


def test_before_anyone_else_looks_the_page_says_so(alice, signed_in):
    browser = signed_in(alice)
    browser.get(f"/care/clients/{alice.pk}/")

    text = visible_text(browser.get(URL))

    assert "No one other than you has opened your record yet." in text


def test_break_glass_by_an_administrator_is_shown_with_the_stated_reason(alice, ada, signed_in):
    open_break_glass(admin=ada, client=alice, reason=BREAK_GLASS_REASON, minutes=30)
    assert signed_in(ada).get(f"/care/clients/{alice.pk}/").status_code == 200

    page = signed_in(alice).get(URL)
    text = visible_text(page)

    assert "Ada (administrator) used emergency access" in text
    assert f"Reason given: “{BREAK_GLASS_REASON}”" in text
    rows = log_rows(page)
    assert any(
        "Ada" in row and "Emergency access opened" in row and BREAK_GLASS_REASON in row
        for row in rows
    ), rows
    assert any("Ada" in row and "Viewed: care notes" in row for row in rows), rows


def test_mallory_never_sees_alices_entries(alice, bob, mallory, eve, ada, signed_in):
    signed_in(bob).get(f"/care/clients/{alice.pk}/")
    open_break_glass(admin=ada, client=alice, reason=BREAK_GLASS_REASON, minutes=30)
    signed_in(eve).get(f"/care/clients/{mallory.pk}/")

    mallorys = signed_in(mallory).get(URL)
    text = visible_text(mallorys)

    assert "Alice" not in text
    assert "Bob (clinician)" not in text
    assert "Ada (admin" not in text
    assert BREAK_GLASS_REASON not in text
    assert any("Eve (clinician)" in row for row in log_rows(mallorys))

    alices = visible_text(signed_in(alice).get(URL))
    assert "Eve (clinician)" not in alices


@pytest.mark.parametrize("who", ["bob", "sam", "eve", "ada", "carol"])
def test_only_clients_have_this_page(who, request, signed_in, alice):
    person = request.getfixturevalue(who)
    assert signed_in(person).get(URL).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    page = client.get(URL)
    assert page.status_code == 302
    assert "/accounts/login/" in page["Location"]
