"""In-app notifications: each person sees their own, the header counts the unread, opening one
marks it read and goes only to a page of ours."""

import html

from threecircles.accounts.actions import notify
from threecircles.accounts.models import Notification
from threecircles.tests.html import find_all, page_tree, text_of


def _text(page) -> str:
    return html.unescape(page.content.decode())


def _badge(page) -> str:
    found = list(find_all(page_tree(page), "span", "badge"))
    return text_of(found[0]) if found else ""


def test_the_header_counts_unread_and_opening_one_marks_it_read(carol, signed_in):
    notify(carol, text="Someone you support asked for support.", url="/support/supporting/")
    notify(carol, text="Your weekly summary is ready.", url="/support/weekly-summary/")
    browser = signed_in(carol)
    page = browser.get("/notifications/")
    assert _badge(page) == "2 new"
    assert "Someone you support asked for support." in _text(page)
    first = Notification.objects.get(text__startswith="Someone")
    page = browser.post(f"/notifications/{first.pk}/open/")
    assert page.status_code == 302
    assert page["Location"] == "/support/supporting/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert _badge(browser.get("/notifications/")) == "1 new"
    browser.post("/notifications/")
    assert _badge(browser.get("/notifications/")) == ""


def test_nobody_opens_or_reads_another_persons_notifications(alice, carol, mallory, signed_in):
    notify(alice, text="Carol answered your request for support.", url="/notifications/")
    notice = Notification.objects.get(recipient=alice)
    for person in (carol, mallory):
        browser = signed_in(person)
        assert browser.post(f"/notifications/{notice.pk}/open/").status_code == 404
        assert "Carol answered" not in _text(browser.get("/notifications/"))
        browser.post("/notifications/")  # "mark all as read" marks only one's own
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_stored_link_elsewhere_is_never_followed(carol, signed_in):
    notify(carol, text="Something waits for you.", url="https://evil.example/steal")
    notify(carol, text="Something else.", url="//evil.example/steal")
    browser = signed_in(carol)
    for notice in Notification.objects.filter(recipient=carol):
        page = browser.post(f"/notifications/{notice.pk}/open/")
        assert page["Location"] == "/notifications/"


def test_a_long_text_is_cut_to_fit(carol):
    notify(carol, text="x" * 500, url="/" + "y" * 500)
    notice = Notification.objects.get(recipient=carol)
    assert len(notice.text) == 200
    assert len(notice.url) == 200


def test_nothing_waits_says_so(carol, signed_in):
    page = signed_in(carol).get("/notifications/")
    assert "Nothing new." in _text(page)
    assert _badge(page) == ""
