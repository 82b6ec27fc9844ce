"""What machines read: the knowledge base's Atom feed (parsed with feedparser, as a feed reader
would), the sitemap (parsed as XML, as a search engine would) and robots.txt."""

import html
from datetime import UTC, date, datetime, timedelta
from typing import Any
from xml.etree import ElementTree

import feedparser  # type: ignore[import-untyped]
import pytest
import time_machine
from django.test import Client

from threecircles.accounts.models import User
from threecircles.content.models import (
    Article,
    Category,
    Page,
    PageSection,
    PositionStatement,
    PositionVersion,
    Tag,
)
from threecircles.content.tests.access_articles import make_article

pytestmark = pytest.mark.django_db

FEED = "/knowledge/feed/"
MARCH = datetime(2025, 3, 4, 12, tzinfo=UTC)
SITE = "http://testserver"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def read_feed(client: Client) -> feedparser.FeedParserDict:
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def xml_of(response: Any) -> ElementTree.Element:
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)  # noqa: S314 (what our own server wrote)


def sitemap_locations(client: Client) -> list[str]:
    root = xml_of(client.get("/sitemap.xml"))
    return [str(loc.text) for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]


# --- the feed ---------------------------------------------------------------------------------


def test_the_feed_parses_and_lists_published_articles_newest_first(
    client: Client, ivy: User
) -> None:
    partners = Category.objects.create(name="For partners", slug="for-partners")
    boundaries = Tag.objects.create(name="Boundaries", slug="boundaries")
    make_article(
        "Talking with a partner",
        summary="What to say **first**, and what can wait.",
        authors=(ivy,),
        category=partners,
        tags=(boundaries,),
        publish_at=MARCH,
        updated_at=MARCH + timedelta(days=1),
    )
    make_article("An older piece", publish_at=MARCH - timedelta(days=10))
    make_article("Still a draft", status=Article.Status.DRAFT)
    make_article("Out next month", publish_at=datetime.now(UTC) + timedelta(days=30))

    feed = read_feed(client)

    assert feed.feed.title == "Three Circles knowledge base"
    assert feed.feed.link == f"{SITE}/knowledge/"
    assert feed.feed.updated_parsed[:6] == (2025, 3, 5, 12, 0, 0)
    assert [entry.title for entry in feed.entries] == ["Talking with a partner", "An older piece"]
    newest = feed.entries[0]
    assert newest.link == f"{SITE}/knowledge/talking-with-a-partner/"
    assert newest.id == newest.link
    assert newest.summary == "What to say first, and what can wait."
    assert newest.published_parsed[:6] == (2025, 3, 4, 12, 0, 0)
    assert newest.updated_parsed[:6] == (2025, 3, 5, 12, 0, 0)
    assert newest.author == "Ivy"
    assert [tag.term for tag in newest.tags] == ["For partners", "Boundaries"]


def test_the_feed_carries_the_twenty_latest(client: Client) -> None:
    for day in range(22):
        make_article(f"Article {day:02}", publish_at=MARCH + timedelta(days=day))

    titles = [entry.title for entry in read_feed(client).entries]

    assert titles == [f"Article {day:02}" for day in range(21, 1, -1)]


def test_a_scheduled_article_joins_the_feed_and_the_sitemap_once_its_time_comes(
    client: Client,
) -> None:
    now = datetime(2025, 6, 1, 9, tzinfo=UTC)
    with time_machine.travel(now, tick=False) as traveller:
        make_article("Out at noon", publish_at=now + timedelta(hours=3))
        address = f"{SITE}/knowledge/out-at-noon/"

        assert read_feed(client).entries == []
        assert address not in sitemap_locations(client)

        traveller.move_to(now + timedelta(hours=3))

        assert [entry.link for entry in read_feed(client).entries] == [address]
        assert address in sitemap_locations(client)


HOSTILE_TITLE = 'Care </script><script>alert("title")</script>'
HOSTILE_SUMMARY = "Read on <img src=x onerror=alert(1)> [here](javascript:alert(2))"


def test_markup_in_a_title_or_summary_is_text_in_the_feed(client: Client) -> None:
    make_article(HOSTILE_TITLE, slug="hostile", summary=HOSTILE_SUMMARY)

    # Nothing in the XML is an element of the article's making.
    root = xml_of(client.get(FEED))
    names = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert not names & {"script", "img", "a"}, names

    [entry] = read_feed(client).entries
    assert entry.title == HOSTILE_TITLE
    # The summary is HTML to a reader: escaped, it shows the text and runs nothing.
    assert "<" not in entry.summary
    assert html.unescape(entry.summary) == HOSTILE_SUMMARY
    assert entry.summary_detail.type == "text/html"


# --- the sitemap ------------------------------------------------------------------------------


@pytest.fixture
def site_content() -> None:
    """One of each kind of thing, published and not."""
    today = date.today()
    partners = Category.objects.create(name="For partners", slug="for-partners")
    Category.objects.create(name="Only drafts", slug="only-drafts")
    make_article("Published piece", category=partners)
    make_article(
        "Draft piece",
        status=Article.Status.DRAFT,
        category=Category.objects.get(slug="only-drafts"),
    )
    make_article("Scheduled piece", publish_at=datetime.now(UTC) + timedelta(days=2))
    Page.objects.create(
        section=PageSection.ABOUT, slug="mission", title="Our mission", body="x", published=True
    )
    Page.objects.create(
        section=PageSection.RESOURCES, slug="for-partners", title="For partners", body="x",
        published=True,
    )  # fmt: skip
    Page.objects.create(section=PageSection.ABOUT, slug="unfinished", title="Soon", body="x")
    stated = PositionStatement.objects.create(slug="treatment", title="On treatment")
    PositionVersion.objects.create(
        statement=stated, number=1, summary="s", body="b", published_on=today - timedelta(days=3)
    )
    unstated = PositionStatement.objects.create(slug="in-drafting", title="Being written")
    PositionVersion.objects.create(statement=unstated, number=1, summary="s", body="b")
    later = PositionStatement.objects.create(slug="next-month", title="Dated ahead")
    PositionVersion.objects.create(
        statement=later, number=1, summary="s", body="b", published_on=today + timedelta(days=30)
    )


def test_the_sitemap_lists_every_published_page_and_nothing_unpublished(
    client: Client, site_content: None
) -> None:
    locations = sitemap_locations(client)

    for path in (
        "/",
        "/about/",
        "/positions/",
        "/resources/",
        "/faq/",
        "/testimonials/",
        "/crisis/",
        "/knowledge/",
        "/knowledge/published-piece/",
        "/knowledge/category/for-partners/",
        "/about/mission/",
        "/resources/for-partners/",
        "/positions/treatment/",
    ):
        assert f"{SITE}{path}" in locations, path
    for path in (
        "/knowledge/draft-piece/",
        "/knowledge/scheduled-piece/",
        "/knowledge/category/only-drafts/",
        "/about/unfinished/",
        "/positions/in-drafting/",
        "/positions/next-month/",
    ):
        assert f"{SITE}{path}" not in locations, path
    assert len(locations) == len(set(locations))


def test_the_sitemap_dates_what_it_lists(client: Client) -> None:
    make_article("Dated piece", publish_at=MARCH, updated_at=MARCH + timedelta(days=2))

    root = xml_of(client.get("/sitemap.xml"))
    lastmod = {
        str(url.findtext("sm:loc", namespaces=SITEMAP_NS)): url.findtext(
            "sm:lastmod", namespaces=SITEMAP_NS
        )
        for url in root.findall("sm:url", SITEMAP_NS)
    }

    assert lastmod[f"{SITE}/knowledge/dated-piece/"] == "2025-03-06"


def test_robots_txt_points_at_the_sitemap(client: Client) -> None:
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
