"""Export and erasure in a real browser, on a phone: the page fits and has no serious
accessibility problem, a wrong word erases nothing (here or in the browser), and the typed
word erases the browser's copies too (drafts, unsent check-ins, the safety plan copy), through
the answer's Clear-Site-Data header.

Run alone with `.venv/bin/python -m pytest -q threecircles/recovery/tests/test_browser_export.py`.
"""

from playwright.sync_api import Page, expect

from threecircles.recovery import daily
from threecircles.recovery.models import JournalEntry
from threecircles.tests.browser import (
    BROWSER_MARKS,
    PHONE,
    axe_page,
    needs_axe,
    serious_violations,
    sign_in,
)

pytestmark = BROWSER_MARKS

PAGE = "/me/export/"
KEPT_HERE = {
    "threecircles.draft:journal-new:/recovery/journal/": '{"fields": {}}',
    "threecircles.kept-check-ins": "[]",
    "threecircles.safety-plan": '{"sections": []}',
}


def kept_here(page: Page) -> list[str]:
    """What this browser keeps of hers; not the opaque tag of who signed in last (drafts.js)."""
    keys: list[str] = page.evaluate(
        "Object.keys(localStorage).filter((key) => key.startsWith('threecircles.')).sort()"
    )
    return [key for key in keys if key != "threecircles.owner"]


def erase_with(page: Page, word: str) -> None:
    page.get_by_label("Type the word “erase” to confirm").fill(word)
    page.get_by_role("button", name="Erase my recovery data now").click()


def test_the_typed_word_erases_her_data_and_this_browsers_copies_of_it(new_context, alice):
    daily.write_journal(client=alice, title="", body="Only mine")
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, alice)
    page.goto(PAGE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.evaluate(
        "(kept) => Object.entries(kept).forEach(([k, v]) => localStorage.setItem(k, v))", KEPT_HERE
    )

    erase_with(page, "nope")
    expect(page.get_by_text("Type “erase” to erase, or leave this page")).to_be_visible()
    assert kept_here(page) == sorted(KEPT_HERE)
    assert JournalEntry.objects.filter(client=alice).exists()

    erase_with(page, "erase")
    expect(page.get_by_role("status")).to_contain_text("Your recovery data is erased")
    assert kept_here(page) == []
    assert not JournalEntry.objects.filter(client=alice).exists()


@needs_axe
def test_the_page_has_no_serious_accessibility_violations(new_context, alice):
    page = axe_page(new_context, viewport=PHONE)
    sign_in(page, alice)
    found = serious_violations(page, PAGE)
    erase_with(page, "nope")
    expect(page.get_by_text("Type “erase” to erase, or leave this page")).to_be_visible()
    found += serious_violations(page)
    assert not found, "\n".join(found)
