"""The knowledge base as a reader meets it: the list (newest first, a page at a time, by
category, by tag, searched), one article with its metadata, and nothing that is not out yet."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.html import Element
from django.urls import reverse

from threecircles.accounts.models import User
from threecircles.content.models import Article, Category, Tag
from threecircles.content.tests.access_articles import make_article
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db

LIST = "/knowledge/"
MARCH = datetime(2025, 3, 4, 12, tzinfo=UTC)


@pytest.fixture
def partners() -> Category:
    return Category.objects.create(name="For partners", slug="for-partners")


@pytest.fixture
def boundaries() -> Tag:
    return Tag.objects.create(name="Boundaries", slug="boundaries")


def titles(root: Element) -> list[str]:
    return [text_of(card.children[0]) for card in find_all(root, "article", "article-card")]


def meta(root: Element, prop: str) -> str:
    [tag] = find_all(root, "meta", attrs={"property": prop})
    return str(dict(tag.attributes)["content"])


def json_ld(root: Element) -> dict[str, object]:
    [script] = find_all(root, "script", attrs={"type": "application/ld+json"})
    data = json.loads("".join(str(child) for child in script.children))
    assert isinstance(data, dict)
    return data


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_published_articles_newest_first_with_what_a_reader_needs(
    client: Client, ivy: User, partners: Category, boundaries: Tag
) -> None:
    make_article("Older piece", publish_at=MARCH - timedelta(days=30), authors=(ivy,))
    make_article(
        "Talking with a partner",
        summary="What to say **first**, and what can wait.",
        body="word " * 450,
        authors=(ivy,),
        category=partners,
        tags=(boundaries,),
        publish_at=MARCH,
    )
    make_article("Still a draft", status=Article.Status.DRAFT)
    make_article("Out next month", publish_at=datetime.now(UTC) + timedelta(days=30))

    root = page_tree(client.get(LIST))

    assert titles(root) == ["Talking with a partner", "Older piece"]
    card = next(find_all(root, "article", "article-card"))
    read = text_of(card)
    assert "By Ivy · 4 March 2025 · 3 min read" in read
    # The summary is written in Markdown and shown as plain text.
    assert "What to say first, and what can wait." in read
    [category] = find_all(card, "a", attrs={"href": "/knowledge/category/for-partners/"})
    assert text_of(category) == "For partners"
    [tag] = find_all(card, "a", "tag")
    assert (text_of(tag), dict(tag.attributes)["href"]) == (
        "Boundaries",
        "/knowledge/tag/boundaries/",
    )
    [title_link] = find_all(card, "a", attrs={"href": "/knowledge/talking-with-a-partner/"})
    assert text_of(title_link) == "Talking with a partner"


def test_the_list_links_its_feed_and_says_what_it_is(client: Client) -> None:
    root = page_tree(client.get(LIST))
    [feed] = find_all(root, "link", attrs={"rel": "alternate", "type": "application/atom+xml"})
    assert dict(feed.attributes)["href"] == "/knowledge/feed/"
    assert meta(root, "og:url") == "http://testserver/knowledge/"
    assert text_of(next(find_all(root, "h1"))) == "Knowledge base"


def test_a_visitor_finds_the_knowledge_base_in_the_navigation(client: Client) -> None:
    root = page_tree(client.get(reverse("content:public_home")))
    [nav] = find_all(root, "nav", attrs={"aria-label": "Main"})
    links = {text_of(a): dict(a.attributes)["href"] for a in find_all(nav, "a")}
    assert links["Knowledge base"] == LIST


def test_the_list_goes_ten_articles_a_page_and_handles_any_page_number(client: Client) -> None:
    for day in range(12):
        make_article(f"Article {day:02}", publish_at=MARCH + timedelta(days=day))

    first = page_tree(client.get(LIST))
    assert titles(first) == [f"Article {day:02}" for day in range(11, 1, -1)]
    [older] = find_all(first, "a", attrs={"rel": "next"})
    assert (text_of(older), dict(older.attributes)["href"]) == ("Older articles", "?page=2")
    assert "Page 1 of 2" in text_of(first)

    second = page_tree(client.get(LIST, {"page": "2"}))
    assert titles(second) == ["Article 01", "Article 00"]
    # Not a number: the first page; past the end: the last one. Never an error.
    assert titles(page_tree(client.get(LIST, {"page": "two"}))) == titles(first)
    assert titles(page_tree(client.get(LIST, {"page": "99"}))) == titles(second)
    assert titles(page_tree(client.get(LIST, {"page": "-1"}))) == titles(second)


def test_paging_through_search_results_keeps_the_search(client: Client) -> None:
    for day in range(11):
        make_article(f"Recovery note {day:02}", publish_at=MARCH + timedelta(days=day))
    make_article("Something else", publish_at=MARCH)

    root = page_tree(client.get(LIST, {"q": "recovery"}))
    [older] = find_all(root, "a", attrs={"rel": "next"})
    assert dict(older.attributes)["href"] == "?q=recovery&page=2"
    assert len(titles(root)) == 10
    assert "11 articles found for “recovery”." in text_of(root)
    assert len(titles(page_tree(client.get(LIST, {"q": "recovery", "page": "2"})))) == 1


def test_a_category_lists_only_its_published_articles(client: Client, partners: Category) -> None:
    make_article("For a partner", category=partners)
    make_article("For everyone")
    make_article("Partner draft", category=partners, status=Article.Status.DRAFT)

    root = page_tree(client.get("/knowledge/category/for-partners/"))

    assert titles(root) == ["For a partner"]
    assert text_of(next(find_all(root, "h1"))) == "Articles in For partners"
    assert client.get("/knowledge/category/no-such-thing/").status_code == 404


def test_a_tag_lists_only_its_published_articles(client: Client, boundaries: Tag) -> None:
    make_article("Setting limits", tags=(boundaries,))
    make_article("Untagged")
    make_article(
        "Tagged later", tags=(boundaries,), publish_at=datetime.now(UTC) + timedelta(days=1)
    )

    root = page_tree(client.get("/knowledge/tag/boundaries/"))

    assert titles(root) == ["Setting limits"]
    assert text_of(next(find_all(root, "h1"))) == "Articles tagged Boundaries"
    assert client.get("/knowledge/tag/no-such-thing/").status_code == 404


# --- search -----------------------------------------------------------------------------------


def test_search_finds_articles_by_words_in_their_title_or_body(client: Client) -> None:
    make_article("Rebuilding trust", body="Honesty takes time.", publish_at=MARCH)
    make_article("A quiet evening", body="Plans that keep trust growing.", publish_at=MARCH)
    make_article("Sleep and stress", body="Rest matters.", publish_at=MARCH)
    make_article("Draft on trust", status=Article.Status.DRAFT)

    by_title_or_body = titles(page_tree(client.get(LIST, {"q": "trust"})))
    assert sorted(by_title_or_body) == ["A quiet evening", "Rebuilding trust"]
    assert titles(page_tree(client.get(LIST, {"q": "honesty"}))) == ["Rebuilding trust"]
    # Every word must be found.
    assert titles(page_tree(client.get(LIST, {"q": "trust plans"}))) == ["A quiet evening"]

    nothing = page_tree(client.get(LIST, {"q": "gardening"}))
    assert titles(nothing) == []
    assert "No articles found for “gardening”. Try fewer or different words." in text_of(nothing)


def test_search_within_a_category_stays_in_the_category(client: Client, partners: Category) -> None:
    make_article("Trust for partners", category=partners)
    make_article("Trust for everyone")

    root = page_tree(client.get("/knowledge/category/for-partners/", {"q": "trust"}))

    assert titles(root) == ["Trust for partners"]
    [form] = find_all(root, "form", attrs={"role": "search"})
    assert dict(form.attributes)["action"] == "/knowledge/category/for-partners/"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_on_postgresql_search_ranks_title_matches_first_and_knows_word_forms(
    client: Client,
) -> None:
    make_article("Boundaries that hold", body="Saying no kindly.", publish_at=MARCH)
    make_article("Newer piece", body="A note on boundaries.", publish_at=MARCH + timedelta(days=5))

    # The older article names it in its title, so it comes first; "boundary" finds "boundaries".
    assert titles(page_tree(client.get(LIST, {"q": "boundary"}))) == [
        "Boundaries that hold",
        "Newer piece",
    ]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's simpler search")
def test_on_sqlite_search_matches_words_anywhere_newest_first(client: Client) -> None:
    make_article("Boundaries that hold", body="Saying no kindly.", publish_at=MARCH)
    make_article("Newer piece", body="A note on boundaries.", publish_at=MARCH + timedelta(days=5))

    assert titles(page_tree(client.get(LIST, {"q": "boundaries"}))) == [
        "Newer piece",
        "Boundaries that hold",
    ]


# --- one article ------------------------------------------------------------------------------


def test_an_article_shows_its_text_authors_date_reading_time_and_filing(
    client: Client, ivy: User, bob: User, partners: Category, boundaries: Tag
) -> None:
    make_article(
        "Talking with a partner",
        body="## Before you start\n\nPick a **calm** moment.\n\n" + "word " * 400,
        authors=(ivy, bob),
        category=partners,
        tags=(boundaries,),
        publish_at=MARCH,
    )

    root = page_tree(client.get("/knowledge/talking-with-a-partner/"))

    [article] = find_all(root, "article", "article")
    assert text_of(next(find_all(article, "h1"))) == "Talking with a partner"
    # The page's title is its only h1: the article's own headings start below it.
    assert text_of(next(find_all(article, "h3"))) == "Before you start"
    assert text_of(next(find_all(article, "strong"))) == "calm"
    assert "By Bob, Ivy · 4 March 2025 · 3 min read" in text_of(article)
    [tag] = find_all(article, "a", "tag")
    assert dict(tag.attributes)["href"] == "/knowledge/tag/boundaries/"
    assert find_all(article, "a", attrs={"href": "/knowledge/category/for-partners/"})


def test_an_article_lists_related_articles_from_its_category(
    client: Client, partners: Category
) -> None:
    make_article("Talking with a partner", category=partners)
    make_article("After a disclosure", category=partners)
    make_article("Partner draft", category=partners, status=Article.Status.DRAFT)
    make_article("Elsewhere entirely")

    root = page_tree(client.get("/knowledge/talking-with-a-partner/"))

    [related] = find_all(root, "section", "article-related")
    assert [text_of(a) for a in find_all(related, "a")] == ["After a disclosure"]


def test_an_article_carries_open_graph_and_schema_org_metadata(
    client: Client, ivy: User, partners: Category, boundaries: Tag
) -> None:
    make_article(
        "Talking with a partner",
        summary="What to say *first*.",
        body="word " * 450,
        authors=(ivy,),
        category=partners,
        tags=(boundaries,),
        publish_at=MARCH,
        updated_at=MARCH + timedelta(days=2),
    )

    root = page_tree(client.get("/knowledge/talking-with-a-partner/"))

    url = "http://testserver/knowledge/talking-with-a-partner/"
    assert meta(root, "og:type") == "article"
    assert meta(root, "og:title") == "Talking with a partner"
    assert meta(root, "og:description") == "What to say first."
    assert meta(root, "og:url") == url
    assert meta(root, "article:published_time") == "2025-03-04T12:00:00+00:00"
    [description] = find_all(root, "meta", attrs={"name": "description"})
    assert dict(description.attributes)["content"] == "What to say first."
    [feed] = find_all(root, "link", attrs={"rel": "alternate", "type": "application/atom+xml"})
    assert dict(feed.attributes)["href"] == "/knowledge/feed/"

    data = json_ld(root)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["headline"] == "Talking with a partner"
    assert data["description"] == "What to say first."
    assert data["url"] == url
    assert data["datePublished"] == "2025-03-04T12:00:00+00:00"
    assert data["dateModified"] == "2025-03-06T12:00:00+00:00"
    assert data["author"] == [{"@type": "Person", "name": "Ivy"}]
    assert data["articleSection"] == "For partners"
    assert data["keywords"] == ["Boundaries"]
    assert data["timeRequired"] == "PT3M"


def test_a_draft_or_an_unknown_article_is_not_found(client: Client, ivy: User) -> None:
    make_article("Not ready", status=Article.Status.DRAFT, authors=(ivy,))
    assert client.get("/knowledge/not-ready/").status_code == 404
    assert client.get("/knowledge/never-written/").status_code == 404


def test_a_scheduled_article_appears_once_its_time_comes(client: Client) -> None:
    now = datetime(2025, 6, 1, 9, tzinfo=UTC)
    with time_machine.travel(now, tick=False) as traveller:
        make_article("Out at noon", publish_at=now + timedelta(hours=3))

        assert client.get("/knowledge/out-at-noon/").status_code == 404
        assert titles(page_tree(client.get(LIST))) == []

        traveller.move_to(now + timedelta(hours=3))

        assert client.get("/knowledge/out-at-noon/").status_code == 200
        assert titles(page_tree(client.get(LIST))) == ["Out at noon"]


# --- hostile text -----------------------------------------------------------------------------

HOSTILE_TITLE = 'Care </script><script>alert("title")</script>'
HOSTILE_SUMMARY = "Read on <img src=x onerror=alert(1)> [here](javascript:alert(2))"
HOSTILE_BODY = (
    "<script>alert(3)</script>\n\n"
    "<img src=x onerror=alert(4)>\n\n"
    '[click me](javascript:alert(5)) and <a href="javascript:alert(6)">raw</a>\n\n'
    "[a real link](https://example.org/)"
)
# The summary as plain text: the image is text, the javascript: link never became a link.
HOSTILE_SUMMARY_SHOWN = "Read on <img src=x onerror=alert(1)> [here](javascript:alert(2))"


def every_element(root: Element) -> list[Element]:
    found = []
    for child in root.children:
        if isinstance(child, Element):
            found.append(child)
            found.extend(every_element(child))
    return found


def assert_nothing_can_run(root: Element) -> None:
    for element in every_element(root):
        attributes = dict(element.attributes)
        handlers = [name for name in attributes if name.lower().startswith("on")]
        assert not handlers, f"<{element.name}> has {handlers}"
        href = str(attributes.get("href") or "").strip().lower()
        assert not href.startswith("javascript:"), f"<{element.name} href={href}>"
        assert element.name != "img", "an image from the article's text"
        if element.name == "script":
            # Only our own files, and the JSON-LD data block.
            assert "src" in attributes or attributes.get("type") == "application/ld+json"


@pytest.fixture
def hostile(partners: Category) -> Article:
    return make_article(
        HOSTILE_TITLE,
        slug="hostile",
        summary=HOSTILE_SUMMARY,
        body=HOSTILE_BODY,
        category=partners,
    )


def test_script_tags_handlers_and_javascript_links_never_run_on_the_list(
    client: Client, hostile: Article
) -> None:
    response = client.get(LIST)
    root = page_tree(response)

    assert_nothing_can_run(root)
    # Shown as text, so the reader sees what was written and nothing runs.
    assert titles(root) == [HOSTILE_TITLE]
    assert HOSTILE_SUMMARY_SHOWN in text_of(root)
    assert b"<script>alert(" not in response.content


def test_script_tags_handlers_and_javascript_links_never_run_on_the_article(
    client: Client, hostile: Article
) -> None:
    response = client.get("/knowledge/hostile/")
    root = page_tree(response)

    assert_nothing_can_run(root)
    assert b"<script>alert(" not in response.content
    [article] = find_all(root, "article", "article")
    assert text_of(next(find_all(article, "h1"))) == HOSTILE_TITLE
    [body] = find_all(article, "div", "article-body")
    assert "<script>alert(3)</script>" in text_of(body)
    assert [dict(a.attributes)["href"] for a in find_all(body, "a")] == ["https://example.org/"]
    assert meta(root, "og:title") == HOSTILE_TITLE
    assert meta(root, "og:description") == HOSTILE_SUMMARY_SHOWN


def test_a_closing_script_tag_in_a_title_stays_inside_the_json_ld(
    client: Client, hostile: Article
) -> None:
    html = client.get("/knowledge/hostile/").content.decode()
    start = html.index('<script type="application/ld+json">')
    block = html[start : html.index("</script>", start)]
    # The only way out of a script element is "</script": the data never contains "<".
    assert "<" not in block.removeprefix('<script type="application/ld+json">')
    data = json_ld(page_tree(client.get("/knowledge/hostile/")))
    assert data["headline"] == HOSTILE_TITLE
    assert data["description"] == HOSTILE_SUMMARY_SHOWN
