"""A visitor on a phone reads an article in a real browser: it fits the screen, the page's
strict CSP has nothing to refuse (the JSON-LD is data, never run), and axe finds no serious
or critical issue on the list or the article."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import ConsoleMessage, expect

from threecircles.content.models import Category, Tag
from threecircles.content.tests.access_articles import make_article
from threecircles.tests.browser import (
    BROWSER_MARKS,
    PHONE,
    axe_page,
    needs_axe,
    serious_violations,
)

pytestmark = BROWSER_MARKS

LONG_BODY = """Partners often ask where to begin. This article walks through a first conversation.

## Before you talk

Choose a calm moment, and agree on how long you will talk.

| What helps | What can wait |
| --- | --- |
| Listening without fixing | Every detail of the past, all at once, on the first evening |
| A pause when either of you needs one | Decisions about the relationship |

```
A long line of notes that a phone cannot show in one row: breathe, listen, pause, come back later.
```

Read more at https://example.org/a/very/long/address/that/goes/on/and/on/without/a/break/at/all

""" + ("More words to read, so that reading takes a few minutes. " * 60)


@pytest.fixture
def articles(ivy):
    partners = Category.objects.create(name="For partners", slug="for-partners")
    boundaries = Tag.objects.create(name="Boundaries", slug="boundaries")
    now = datetime.now(UTC)
    make_article(
        "Talking with a partner about recovery",
        summary="A first conversation: what helps, and what can wait.",
        body=LONG_BODY,
        authors=(ivy,),
        category=partners,
        tags=(boundaries,),
        publish_at=now - timedelta(days=1),
    )
    make_article(
        "After a disclosure",
        summary="The first weeks, for partners.",
        authors=(ivy,),
        category=partners,
        publish_at=now - timedelta(days=3),
    )


def test_a_visitor_on_a_phone_reads_an_article(new_context, articles):
    page = new_context(viewport=PHONE).new_page()
    refused: list[str] = []

    def note_violation(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", note_violation)

    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Knowledge base").click()
    expect(page).to_have_url("/knowledge/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Knowledge base")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("link", name="Talking with a partner about recovery").click()

    expect(page).to_have_url("/knowledge/talking-with-a-partner-about-recovery/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Talking with a partner about recovery"
    )
    expect(page.get_by_role("heading", name="Before you talk")).to_be_visible()
    expect(page.get_by_text("By Ivy")).to_be_visible()
    related = page.get_by_role("region", name="Related")
    expect(related.get_by_role("link", name="After a disclosure")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert refused == []


@needs_axe
def test_the_knowledge_base_has_no_serious_accessibility_issues(new_context, articles):
    for viewport in (PHONE, {"width": 1280, "height": 800}):
        page = axe_page(new_context, viewport=viewport)
        found = [
            violation
            for path in (
                "/knowledge/",
                "/knowledge/?q=partner",
                "/knowledge/category/for-partners/",
                "/knowledge/talking-with-a-partner-about-recovery/",
            )
            for violation in serious_violations(page, path)
        ]
        assert found == []
