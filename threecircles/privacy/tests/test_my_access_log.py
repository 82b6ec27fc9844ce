"""A client reads who has seen her record: everyone but herself, one line per person per day,
each line opening onto every time, with what they did and why."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from threecircles.care.actions import add_note
from threecircles.privacy import history
from threecircles.privacy.actions import open_break_glass
from threecircles.tests.html import find_all, page_tree, text_of

URL = "/privacy/my-record/access/"
BREAK_GLASS_REASON = "Police welfare check requested after a crisis call"


def days(page) -> list[tuple[str, list[str]]]:
    """Each line of the list: its summary, and the rows it opens onto."""
    lines = []
    for item in find_all(page_tree(page), "li"):
        summaries = list(find_all(item, "summary"))
        if not summaries:
            continue
        [summary] = summaries
        rows = [text_of(row) for row in find_all(item, "tr")][1:]  # without the header
        lines.append((text_of(summary), rows))
    return lines


def test_alice_sees_one_line_for_her_clinicians_day_with_every_time_inside(alice, bob, signed_in):
    browser = signed_in(bob)
    browser.get(f"/care/clients/{alice.pk}/")
    browser.get(f"/care/clients/{alice.pk}/")
    add_note(client=alice, author=bob, text="Session notes")

    lines = [line for line in days(signed_in(alice).get(URL)) if "viewed care notes" in line[0]]

    [(summary, rows)] = lines
    assert "Bob, your care team," in summary
    assert "viewed care notes; added care notes" in summary
    assert "(3 times)" in summary
    assert sum("Viewed: care notes Care team" in row for row in rows) == 2
    assert sum("Added: care notes" in row for row in rows) == 1


def test_each_day_is_its_own_line(alice, bob, signed_in):
    signed_in(bob).get(f"/care/clients/{alice.pk}/")
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        signed_in(bob).get(f"/care/clients/{alice.pk}/")
        lines = [s for s, _ in days(signed_in(alice).get(URL)) if "viewed care notes" in s]
    assert len(lines) == 2
    assert all("Bob, your care team," in line for line in lines)


def test_a_note_posted_by_her_clinician_shows_once_as_added(alice, bob, signed_in):
    page = signed_in(bob).post(f"/care/clients/{alice.pk}/", {"text": "Went to a meeting"})
    assert page.status_code == 302

    rows = [row for _, rows in days(signed_in(alice).get(URL)) for row in rows]

    assert sum("Added: care notes" in row for row in rows) == 1


def test_her_sponsors_reads_are_shown_with_the_relationship(alice, carol, signed_in):
    """Carol, her sponsor, reads what Alice shares with her: each shared part is a read."""
    assert signed_in(carol).get(f"/support/supporting/{alice.pk}/").status_code == 200

    lines = days(signed_in(alice).get(URL))

    [(summary, rows)] = [line for line in lines if "Carol" in line[0]]
    assert "Carol, your sponsor," in summary
    assert "viewed your sobriety status and sober time" in summary
    assert "viewed your check-in regularity" in summary
    assert all("Sponsor" in row for row in rows)


def test_alice_does_not_see_her_own_views(alice, bob, signed_in):
    browser = signed_in(alice)
    assert browser.get(f"/care/clients/{alice.pk}/").status_code == 200
    assert signed_in(bob).get(f"/care/clients/{alice.pk}/").status_code == 200

    lines = days(browser.get(URL))

    assert any("Bob" in summary for summary, _ in lines), lines
    assert all("Alice" not in summary and "Own record" not in summary for summary, _ in lines)


def test_before_anyone_else_looks_the_page_says_so(db, signed_in):
    from conftest import make_user

    newcomer = make_user("Noor", "client")
    browser = signed_in(newcomer)
    browser.get(f"/care/clients/{newcomer.pk}/")

    assert "No one other than you has opened your record yet." in text_of(
        page_tree(browser.get(URL))
    )


def test_break_glass_by_an_administrator_is_shown_with_the_stated_reason(alice, ada, signed_in):
    open_break_glass(admin=ada, client=alice, reason=BREAK_GLASS_REASON, minutes=30)
    assert signed_in(ada).get(f"/care/clients/{alice.pk}/").status_code == 200

    page = signed_in(alice).get(URL)

    assert "Ada (administrator) used emergency access" in text_of(page_tree(page))
    [(summary, rows)] = [line for line in days(page) if "Ada" in line[0]]
    assert "with emergency access" in summary
    assert any("Emergency access opened" in row and BREAK_GLASS_REASON in row for row in rows)
    assert any("Viewed: care notes" in row for row in rows)


def test_mallory_never_sees_alices_entries(alice, bob, mallory, eve, ada, signed_in):
    signed_in(bob).get(f"/care/clients/{alice.pk}/")
    open_break_glass(admin=ada, client=alice, reason=BREAK_GLASS_REASON, minutes=30)
    signed_in(eve).get(f"/care/clients/{mallory.pk}/")

    mallorys = signed_in(mallory).get(URL)
    text = text_of(page_tree(mallorys))

    assert "Alice" not in text
    assert "Bob" not in text
    assert "Ada" not in text
    assert BREAK_GLASS_REASON not in text
    assert any("Eve, your care team," in summary for summary, _ in days(mallorys))
    assert all("Eve" not in summary for summary, _ in days(signed_in(alice).get(URL)))


def test_a_long_history_pages_by_whole_days(alice, bob, signed_in, monkeypatch):
    monkeypatch.setattr(history, "PAGE_EVENTS", 3)
    start = timezone.now()
    for day in range(4):
        with time_machine.travel(start + timedelta(days=day), tick=False):
            signed_in(bob).get(f"/care/clients/{alice.pk}/")
            signed_in(bob).get(f"/care/clients/{alice.pk}/")
    with time_machine.travel(start + timedelta(days=4), tick=False):
        browser = signed_in(alice)
        first = browser.get(URL)
        older = [a for a in find_all(page_tree(first), "a") if text_of(a) == "Older entries"]
        assert older, "no link to older entries"
        second = browser.get(URL + str(dict(older[0].attributes)["href"]))
    first_days = [s for s, _ in days(first) if "viewed care notes" in s]
    second_days = [s for s, _ in days(second) if "viewed care notes" in s]
    # The newest day first, whole; older days on the next page, none shown twice.
    assert first_days and second_days
    assert "(2 times)" in first_days[0]
    assert not set(first_days) & set(second_days)


@pytest.mark.parametrize("who", ["bob", "sam", "eve", "ada", "carol"])
def test_only_clients_have_this_page(who, request, signed_in, alice):
    person = request.getfixturevalue(who)
    assert signed_in(person).get(URL).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    page = client.get(URL)
    assert page.status_code == 302
    assert "/accounts/login/" in page["Location"]
