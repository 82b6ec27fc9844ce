"""Staff write articles: preview, save as draft, publish now, schedule in the institute's time
zone, unpublish; every change of the text keeps a revision that can be restored."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import Resolver404, resolve

from conftest import make_user
from threecircles.accounts.models import Role
from threecircles.content.models import Article, ArticleRevision, Category, Tag
from threecircles.tests.html import find_all, page_tree, text_of

NEW = "/institute/staff/articles/new/"
LIST = "/institute/staff/articles/"
CHICAGO = ZoneInfo("America/Chicago")
# 15:00 in Chicago on 1 March 2030 (21:00 UTC).
NOW = datetime(2030, 3, 1, 21, 0, tzinfo=UTC)


def _edit(article):
    return f"/institute/staff/articles/{article.pk}/"


def _article_data(author, **fields):
    return {
        "title": "Talking with a partner about recovery",
        "summary": "Ways to start the conversation.",
        "body": "## First steps\n\nChoose a calm moment.",
        "authors": [str(author.pk)],
        "tags": "",
        "action": "draft",
    } | fields


def _write(browser, author, **fields):
    return browser.post(NEW, _article_data(author, **fields))


def _field_value(page, name, status=200):
    (field,) = find_all(page_tree(page, status), "input", attrs={"name": name})
    return dict(field.attributes).get("value")


def _public_page_exists(slug):
    try:
        resolve(f"/knowledge/{slug}/")
    except Resolver404:
        return False
    return True


@pytest.fixture
def chicago(settings):
    settings.TIME_ZONE = "America/Chicago"


@time_machine.travel(NOW, tick=False)
def test_staff_preview_then_schedule_and_it_appears_only_at_its_time(ivy, signed_in, chicago):
    browser = signed_in(ivy)
    assert browser.get(NEW).status_code == 200

    preview = browser.post(NEW, _article_data(ivy, action="preview"))
    tree = page_tree(preview)
    (section,) = find_all(tree, "section", "staff-preview")
    assert [text_of(h) for h in find_all(section, "h2")] == ["Preview (not saved yet)"]
    # The article's title is its page's h1, so its "##" headings come out as h3.
    assert [text_of(h) for h in find_all(section, "h3")] == ["First steps"]
    assert "Choose a calm moment." in text_of(section)
    assert not Article.objects.exists()
    # What was typed stays in the form, to go on with.
    assert _field_value(preview, "title") == "Talking with a partner about recovery"

    saved = _write(browser, ivy, action="schedule", publish_at="2030-03-02T09:30")
    article = Article.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == _edit(article)
    # 09:30 in the institute's time zone (Chicago), whatever zone the server runs in.
    assert article.publish_at == datetime(2030, 3, 2, 9, 30, tzinfo=CHICAGO)
    assert article.status == Article.Status.PUBLISHED
    assert list(Article.objects.scheduled()) == [article]
    shown = browser.get(_edit(article))
    assert "Scheduled: it appears on 2 March 2030 at 09:30 (America/Chicago)." in shown.text
    assert _field_value(shown, "publish_at") == "2030-03-02T09:30"

    public = Client()
    with time_machine.travel(datetime(2030, 3, 2, 9, 29, tzinfo=CHICAGO), tick=False):
        assert not Article.objects.published().exists()
        assert not article.is_public()
        if _public_page_exists(article.slug):
            assert public.get(f"/knowledge/{article.slug}/").status_code == 404
    with time_machine.travel(datetime(2030, 3, 2, 9, 30, tzinfo=CHICAGO), tick=False):
        assert list(Article.objects.published()) == [article]
        if _public_page_exists(article.slug):
            page = public.get(f"/knowledge/{article.slug}/")
            assert page.status_code == 200
            assert "Choose a calm moment." in page.text


@time_machine.travel(NOW, tick=False)
def test_scheduling_needs_a_time_ahead_and_keeps_what_was_typed(ivy, signed_in, chicago):
    browser = signed_in(ivy)
    for when, message in (
        ("", "Choose the date and time it appears."),
        ("2030-03-01T14:59", "That time has passed: choose a time ahead, or publish now."),
        ("not a date", "Enter a valid date/time."),
        # Clocks go forward in Chicago that night: 02:30 does not exist there.
        ("2030-03-10T02:30", "interpreted in time zone America/Chicago"),
    ):
        page = _write(browser, ivy, action="schedule", publish_at=when, body="Kept text 5b1")
        assert page.status_code == 400
        assert message in page.text
        (body,) = find_all(page_tree(page, 400), "textarea", attrs={"name": "body"})
        assert text_of(body) == "Kept text 5b1"
    assert not Article.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_publish_now_unpublish_and_publish_again(ivy, signed_in):
    browser = signed_in(ivy)
    _write(browser, ivy, action="publish")
    article = Article.objects.get()
    assert (article.status, article.publish_at) == (Article.Status.PUBLISHED, NOW)
    assert list(Article.objects.published()) == [article]
    edit = page_tree(browser.get(_edit(article)))
    public = [
        str(dict(a.attributes)["href"])
        for a in find_all(edit, "a")
        if text_of(a) == "on the public site"
    ]
    assert public == [f"/knowledge/{article.slug}/"]
    assert Client().get(public[0]).status_code == 200

    page = browser.post(_edit(article), _article_data(ivy, action="draft"), follow=True)
    assert "Saved as a draft. It does not show on the public site." in page.text
    article.refresh_from_db()
    assert (article.status, article.publish_at) == (Article.Status.DRAFT, None)
    assert not Article.objects.published().exists()

    browser.post(_edit(article), _article_data(ivy, action="publish"))
    assert list(Article.objects.published()) == [article]


@time_machine.travel(NOW, tick=False)
def test_a_published_article_is_saved_in_place_and_cannot_be_rescheduled(ivy, signed_in):
    browser = signed_in(ivy)
    _write(browser, ivy, action="publish")
    article = Article.objects.get()
    with time_machine.travel(NOW + timedelta(hours=3), tick=False):
        page = browser.post(_edit(article), _article_data(ivy, action="save", summary="Better."))
        assert page.status_code == 302
        article.refresh_from_db()
        assert (article.summary, article.publish_at) == ("Better.", NOW)
        # Only the buttons its form shows: a live article is not scheduled again.
        refused = browser.post(
            _edit(article), _article_data(ivy, action="schedule", publish_at="2031-01-01T10:00")
        )
        assert refused.status_code == 400
        assert "Choose one of the buttons at the end of the form." in refused.text
        article.refresh_from_db()
        assert article.publish_at == NOW


def test_the_address_is_made_from_the_title_unique_or_typed(ivy, signed_in):
    browser = signed_in(ivy)
    _write(browser, ivy, title="Partners & recovery: a guide")
    _write(browser, ivy, title="Partners & recovery: a guide")
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "partners-recovery-a-guide",
        "partners-recovery-a-guide-2",
    ]
    typed = _write(browser, ivy, title="Another", slug="partners-recovery-a-guide")
    assert typed.status_code == 400
    assert "Another article already has this address" in typed.text
    assert _field_value(typed, "slug", 400) == "partners-recovery-a-guide"
    assert _write(browser, ivy, title="Another", slug="my-own-address").status_code == 302
    assert Article.objects.filter(slug="my-own-address", title="Another").exists()
    # An article keeps its own address when saved again.
    article = Article.objects.get(slug="my-own-address")
    data = _article_data(ivy, title="Another", slug="my-own-address")
    assert browser.post(_edit(article), data).status_code == 302


def test_a_new_category_and_tags_are_made_as_needed_and_reused(ivy, signed_in):
    browser = signed_in(ivy)
    Tag.objects.create(name="Partners", slug="partners")
    _write(browser, ivy, new_category="For partners", tags="first steps, partners, First Steps,")
    article = Article.objects.get()
    assert article.category is not None
    assert (article.category.name, article.category.slug) == ("For partners", "for-partners")
    assert sorted(article.tags.values_list("name", flat=True)) == ["Partners", "first steps"]
    assert Tag.objects.count() == 2

    _write(browser, ivy, title="Second", new_category="for Partners", tags="Partners")
    assert Category.objects.count() == 1
    both = _write(browser, ivy, title="Third", category=str(article.category.pk), new_category="X")
    assert both.status_code == 400
    assert "Choose a category or type a new one, not both." in both.text


def test_authors_are_institute_staff(ivy, bob, signed_in):
    colleague = make_user("Iris", Role.STAFF)
    browser = signed_in(ivy)
    page = browser.get(NEW)
    boxes = find_all(page_tree(page), "input", attrs={"name": "authors"})
    labels = [text_of(label) for label in find_all(page_tree(page), "label")]
    assert len(list(boxes)) == 2
    assert {"Ivy", "Iris"} <= set(labels)
    assert "Bob" not in labels

    refused = _write(browser, ivy, authors=[str(bob.pk)])
    assert refused.status_code == 400
    assert not Article.objects.exists()
    _write(browser, ivy, authors=[str(ivy.pk), str(colleague.pk)])
    assert set(Article.objects.get().authors.all()) == {ivy, colleague}


def test_an_empty_form_says_what_is_missing_and_keeps_the_rest(ivy, signed_in):
    browser = signed_in(ivy)
    page = _write(browser, ivy, title="", summary="", tags="grief, partners", new_category="Kept")
    assert page.status_code == 400
    for message in ("Give the article a title.", "Write a short summary."):
        assert message in page.text
    assert _field_value(page, "tags", 400) == "grief, partners"
    assert _field_value(page, "new_category", 400) == "Kept"
    (ticked,) = find_all(page_tree(page, 400), "input", attrs={"name": "authors"})
    assert ("checked", None) in ticked.attributes or ("checked", "") in ticked.attributes


def test_each_change_of_the_text_keeps_a_revision_and_restoring_makes_another(ivy, signed_in):
    colleague = make_user("Iris", Role.STAFF)
    browser = signed_in(ivy)
    _write(browser, ivy, body="The first text.")
    article = Article.objects.get()
    other = signed_in(colleague)
    other.post(_edit(article), _article_data(ivy, body="The second text."))
    # Saving the same text again, or only new tags, keeps no revision.
    other.post(_edit(article), _article_data(ivy, body="The second text.", tags="grief"))
    revisions = ArticleRevision.objects.filter(article=article).order_by("number")
    assert [(r.number, r.body, r.saved_by) for r in revisions] == [
        (1, "The first text.", ivy),
        (2, "The second text.", colleague),
    ]

    history = browser.get(f"/institute/staff/articles/{article.pk}/revisions/")
    cards = list(find_all(page_tree(history), "article", "staff-revision"))
    assert [text_of(next(find_all(card, "h2"))) for card in cards] == [
        "Revision 2 What it says now",
        "Revision 1",
    ]
    assert "by Iris" in text_of(cards[0])
    assert "The first text." in text_of(cards[1])
    assert "-The first text. +The second text." in text_of(cards[0])
    # Only an earlier text offers to be restored.
    assert [text_of(b) for b in find_all(page_tree(history), "button")] == [
        "Sign out",
        "Restore revision 1",
    ]

    restored = browser.post(
        f"/institute/staff/articles/{article.pk}/revisions/1/restore/", follow=True
    )
    assert "Revision 1 restored, as a new revision." in restored.text
    article.refresh_from_db()
    assert article.body == "The first text."
    latest = revisions.last()
    assert latest is not None
    assert (latest.number, latest.body, latest.saved_by) == (3, "The first text.", ivy)

    again = browser.post(f"/institute/staff/articles/{article.pk}/revisions/3/restore/")
    assert again.status_code == 302
    assert ArticleRevision.objects.filter(article=article).count() == 3
    assert (
        browser.get(f"/institute/staff/articles/{article.pk}/revisions/1/restore/").status_code
        == 405
    )
    missing = f"/institute/staff/articles/{article.pk}/revisions/9/restore/"
    assert browser.post(missing).status_code == 404


def test_an_article_written_before_revisions_keeps_its_first_text(ivy, signed_in):
    article = Article.objects.create(
        title="Older", slug="older", summary="Written elsewhere.", body="The original text."
    )
    article.authors.set([ivy])
    browser = signed_in(ivy)
    browser.post(_edit(article), _article_data(ivy, title="Older", body="A new text."))
    revisions = ArticleRevision.objects.filter(article=article).order_by("number")
    assert [(r.number, r.body, r.saved_by) for r in revisions] == [
        (1, "The original text.", None),
        (2, "A new text.", ivy),
    ]


@time_machine.travel(NOW, tick=False)
def test_the_list_shows_drafts_scheduled_and_published_with_filters(ivy, signed_in, chicago):
    browser = signed_in(ivy)
    _write(browser, ivy, title="A draft about grief", new_category="Grief")
    _write(browser, ivy, title="Later", action="schedule", publish_at="2030-04-01T08:00")
    _write(browser, ivy, title="Out now", action="publish", body="Boundaries matter.")

    def titles(query=""):
        rows = find_all(page_tree(browser.get(LIST + query)), "tbody")
        return [text_of(next(find_all(row, "a"))) for body in rows for row in find_all(body, "tr")]

    assert titles() == ["Out now", "Later", "A draft about grief"]
    assert titles("?status=draft") == ["A draft about grief"]
    assert titles("?status=scheduled") == ["Later"]
    assert titles("?status=published") == ["Out now"]
    grief = Category.objects.get(name="Grief")
    assert titles(f"?category={grief.pk}") == ["A draft about grief"]
    assert titles("?q=boundaries") == ["Out now"]
    rows = list(find_all(page_tree(browser.get(LIST)), "tr"))
    assert "Scheduled for 1 Apr 2030, 08:00" in text_of(rows[2])
    assert browser.get(LIST + "?status=nonsense").status_code == 400
