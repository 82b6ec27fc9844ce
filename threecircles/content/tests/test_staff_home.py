"""The staff home: what needs staff today (testimonials to moderate, the next articles
scheduled with their times, drafts), and a link to every tool."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from threecircles.content import models
from threecircles.content.models import Article
from threecircles.tests.html import find_all, page_tree, text_of

HOME = "/institute/staff/"
NOW = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)


def _article(title, **fields):
    return Article.objects.create(
        title=title, slug=title.lower().replace(" ", "-"), summary="S", body="B", **fields
    )


def _card(page, heading):
    return next(
        card
        for card in find_all(page_tree(page), "section", "card")
        if text_of(next(find_all(card, "h2"))) == heading
    )


@time_machine.travel(NOW, tick=False)
def test_needs_you_today_counts_testimonials_and_lists_scheduled_and_drafts(
    ivy, signed_in, settings
):
    settings.TIME_ZONE = "Asia/Tokyo"
    for name in ("A", "B"):
        models.Testimonial.objects.create(
            author_name=name, text="T", consent_text="C", consent_recorded_at=timezone.now()
        )
    models.Testimonial.objects.create(
        author_name="Shown", text="T", consent_text="C", consent_recorded_at=timezone.now(),
        status=models.Testimonial.Status.PUBLISHED,
    )  # fmt: skip
    published = Article.Status.PUBLISHED
    _article("Live one", status=published, publish_at=NOW - timedelta(days=1))
    for days in range(1, 8):
        _article(f"Coming {days}", status=published, publish_at=NOW + timedelta(days=days))
    _article("Half written", updated_at=NOW - timedelta(hours=1))
    _article("Newest draft", updated_at=NOW)

    today = _card(signed_in(ivy).get(HOME), "Needs you today")
    text = text_of(today)
    assert "2 testimonials waiting" in text
    items = [text_of(li) for li in find_all(today, "li")]
    # The next five scheduled, soonest first, at 12:00 UTC: 21:00 in Tokyo.
    assert items[:5] == [f"Coming {d} : {1 + d} Jun 2030, 21:00" for d in range(1, 6)]
    assert items[5:] == ["Newest draft", "Half written"]
    assert "All 7 scheduled" in text
    assert "Times in Asia/Tokyo." in text
    assert "Live one" not in text


def test_with_nothing_waiting_the_panel_says_so(ivy, signed_in):
    text = text_of(_card(signed_in(ivy).get(HOME), "Needs you today"))
    for said in ("None waiting.", "None scheduled.", "No drafts."):
        assert said in text


def test_the_tools_link_to_every_page_of_the_workspace(ivy, signed_in):
    tools = _card(signed_in(ivy).get(HOME), "Tools")
    hrefs = {dict(a.attributes)["href"] for a in find_all(tools, "a")}
    for name in (
        "staff_articles",
        "staff_article_new",
        "staff_positions",
        "staff_position_new",
        "staff_testimonials",
        "staff_faq",
        "staff_faq_new",
        "staff_pages",
        "staff_page_new",
    ):
        assert reverse(f"content:{name}") in hrefs, name
    for href in hrefs:
        assert signed_in(ivy).get(href).status_code == 200, href
