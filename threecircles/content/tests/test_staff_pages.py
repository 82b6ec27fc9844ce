"""FAQ entries and pages: staff list, add and edit them, with a preview of the text."""

from datetime import UTC, datetime

import time_machine

from threecircles.content.models import FAQEntry, Page
from threecircles.tests.html import find_all, page_tree, text_of

FAQ = "/institute/staff/faq/"
PAGES = "/institute/staff/pages/"


def _faq_data(**fields):
    return {
        "group": "For partners",
        "question": "Can I join my partner's sessions?",
        "answer": "Often, yes: **ask** the clinician.",
        "order": "2",
        "published": "on",
        "action": "save",
    } | fields


def _page_data(**fields):
    return {
        "section": "resources",
        "title": "For partners",
        "summary": "Support for partners.",
        "body": "You matter too.",
        "order": "1",
        "published": "on",
        "action": "save",
    } | fields


def test_staff_add_preview_and_edit_an_faq_entry(ivy, signed_in):
    browser = signed_in(ivy)
    preview = browser.post(f"{FAQ}new/", _faq_data(action="preview"))
    (section,) = find_all(page_tree(preview), "section", "staff-preview")
    assert "Can I join my partner's sessions?" in text_of(section)
    assert [text_of(s) for s in find_all(section, "strong")] == ["ask"]
    assert not FAQEntry.objects.exists()

    assert browser.post(f"{FAQ}new/", _faq_data()).status_code == 302
    entry = FAQEntry.objects.get()
    assert (entry.group, entry.order, entry.published) == ("For partners", 2, True)
    listing = page_tree(browser.get(FAQ))
    assert [text_of(h) for h in find_all(listing, "h2")] == ["For partners"]
    assert "Can I join my partner's sessions? 2 Yes" in text_of(listing)

    edited = browser.post(f"{FAQ}{entry.pk}/", _faq_data(question="Changed?", published=""))
    assert edited.status_code == 302
    entry.refresh_from_db()
    assert (entry.question, entry.published) == ("Changed?", False)
    # The groups already in use are offered while typing.
    form = page_tree(browser.get(f"{FAQ}new/"))
    assert [dict(o.attributes)["value"] for o in find_all(form, "option")] == ["For partners"]


def test_an_faq_entry_without_an_answer_is_refused_and_kept(ivy, signed_in):
    page = signed_in(ivy).post(f"{FAQ}new/", _faq_data(answer="", question="Kept question?"))
    assert page.status_code == 400
    assert "Write the answer." in page.text
    (question,) = find_all(page_tree(page, 400), "input", attrs={"name": "question"})
    assert dict(question.attributes)["value"] == "Kept question?"
    assert not FAQEntry.objects.exists()


@time_machine.travel(datetime(2030, 2, 3, 10, 0, tzinfo=UTC), tick=False)
def test_staff_write_and_edit_a_page_with_an_address_made_from_its_title(ivy, signed_in):
    browser = signed_in(ivy)
    assert browser.post(f"{PAGES}new/", _page_data()).status_code == 302
    page = Page.objects.get()
    assert (page.slug, page.section, page.published) == ("for-partners", "resources", True)
    links = find_all(page_tree(browser.get(PAGES)), "a", attrs={"href": "/resources/for-partners/"})
    assert [text_of(link) for link in links] == ["Yes"]
    assert page.updated_at == datetime(2030, 2, 3, 10, 0, tzinfo=UTC)

    second = browser.post(f"{PAGES}new/", _page_data())
    assert second.status_code == 302
    assert Page.objects.filter(slug="for-partners-2").exists()
    taken = browser.post(f"{PAGES}{page.pk}/", _page_data(slug="for-partners-2", title="Kept"))
    assert taken.status_code == 400
    assert "Another page already has this address" in taken.text
    assert "Kept" in [
        dict(i.attributes).get("value")
        for i in find_all(page_tree(taken, 400), "input", attrs={"name": "title"})
    ]
    with time_machine.travel(datetime(2030, 2, 3, 12, 0, tzinfo=UTC), tick=False):
        # The form comes filled with the page's address, which stays when the title changes.
        data = _page_data(title="Partners", slug="for-partners", published="")
        kept = browser.post(f"{PAGES}{page.pk}/", data)
    assert kept.status_code == 302
    page.refresh_from_db()
    assert (page.slug, page.title, page.published) == ("for-partners", "Partners", False)
    assert page.updated_at == datetime(2030, 2, 3, 12, 0, tzinfo=UTC)
    listing = text_of(page_tree(browser.get(PAGES)))
    assert "Partners Resources 1 No (hidden)" in listing


def test_a_page_preview_renders_the_text_and_saves_nothing(ivy, signed_in):
    preview = signed_in(ivy).post(
        f"{PAGES}new/", _page_data(action="preview", body="# Our history\n\nSince 1990.")
    )
    (section,) = find_all(page_tree(preview), "section", "staff-preview")
    assert [text_of(h) for h in find_all(section, "h2")][1:] == ["Our history"]
    assert not Page.objects.exists()
