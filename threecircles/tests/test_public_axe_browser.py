"""Every public page, on a desktop and on a 360 px phone: axe finds no serious or critical
issue, and on the phone no page scrolls sideways.

One world holds something for every page to show (an article with its category and tag, a
position statement with two versions, the FAQ, a testimonial, pages, a symposium with tracks,
sessions and speakers, a ticket with attended hours, member types). Each viewport's test
visits every page with one browser and names each failing page in one message. A guard,
without a browser, fails when a public URL is neither visited here nor named as no page.
"""

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import Page

from threecircles.accounts.models import User
from threecircles.content import models as content
from threecircles.content.tests.access_articles import make_article
from threecircles.events.models import (
    EventKind,
    EventSession,
    Registration,
    SessionAttendance,
    Speaker,
    Track,
)
from threecircles.events.tests.access_registration import make_event
from threecircles.membership.models import MemberType
from threecircles.tests.browser import (
    BROWSER_MARKS,
    PHONE,
    OpenContext,
    axe_page,
    needs_axe,
    serious_violations,
)

DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
CHICAGO = ZoneInfo("America/Chicago")

# Public URLs that are no page to read: feeds and files, a form's target, a signed-in page.
NOT_PAGES = {
    "content:article_feed": "an Atom feed",
    "content:sitemap": "XML for search engines",
    "content:robots_txt": "text for search engines",
    "events:ical_feed": "a calendar file",
    "events:cancel": "a form's target (POST only)",
    "events:my_certificate": "a PDF",
    "events:my_events": "for people signed in",
}
# What this file visits, by URL name; the path of each is in `_pages`.
SITE_PAGES = [
    "content:public_home",
    "content:crisis",
    "content:about",
    "content:about_page",
    "content:positions",
    "content:position",
    "content:position_version",
    "content:resources",
    "content:resource_page",
    "content:faq",
    "content:faq?q=",
    "content:testimonials",
    "content:testimonial_share",
    "content:contact",
    "content:media_inquiry",
    "content:inquiry_sent",
    "content:article_list",
    "content:article_list?q=",
    "content:article_detail",
    "content:article_category",
    "content:article_tag",
    "events:event_list",
    "events:event_detail",
    "events:register",
    "events:ticket",
    "account_login",
    "account_reset_password",
]
MEMBERSHIP_PAGES = ["membership:join", "membership:apply", "membership:applied"]


def _public_url_names() -> set[str]:
    """The named URLs of the institute's public side (not the staff's nor members' parts)."""

    def walk(patterns: list[URLPattern | URLResolver], route: str, space: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{space}{pattern.namespace}:" if pattern.namespace else space
                yield from walk(pattern.url_patterns, route + str(pattern.pattern), inner)
            elif pattern.name and not (route + str(pattern.pattern)).startswith(
                ("institute/staff/", "members/")
            ):
                yield space + pattern.name

    public_apps = ("content:", "events:", "membership:")
    return {
        name for name in walk(get_resolver().url_patterns, "", "") if name.startswith(public_apps)
    }


def test_every_public_page_is_visited_or_named_as_no_page() -> None:
    visited = {name.split("?")[0] for name in SITE_PAGES + MEMBERSHIP_PAGES}
    public = _public_url_names()
    assert "content:public_home" in public and "events:ticket" in public
    assert public - visited - set(NOT_PAGES) == set(), "add these pages to SITE_PAGES"
    assert set(NOT_PAGES) <= public, "a URL named in NOT_PAGES is gone"


def _world(ivy: User) -> dict[str, str]:
    """One of everything a public page shows; returns the slugs and the ticket code."""
    now = timezone.now()
    category = content.Category.objects.create(name="For partners", slug="for-partners")
    tag = content.Tag.objects.create(name="Boundaries", slug="boundaries")
    make_article(
        "Talking with a partner about recovery",
        slug="talking-with-a-partner",
        summary="A first conversation: what helps, and what can wait.",
        body="## Before you talk\n\nChoose a calm moment.\n\n| Helps | Can wait |\n| --- | --- |\n"
        "| Listening | Every detail of the past |\n\n> You are not to blame.",
        authors=(ivy,), category=category, tags=(tag,),
        publish_at=now - datetime.timedelta(days=1),
    )  # fmt: skip
    make_article(
        "After a disclosure", authors=(ivy,), category=category,
        publish_at=now - datetime.timedelta(days=3),
    )  # fmt: skip
    for section, slug, title in (
        (content.PageSection.ABOUT, "mission", "Our mission"),
        (content.PageSection.RESOURCES, "for-partners", "For partners"),
    ):
        content.Page.objects.create(
            section=section, slug=slug, title=title, summary="Why and how.", published=True,
            body="## What we do\n\nWe train therapists.\n\n- Training\n- Certification",
        )  # fmt: skip
    statement = content.PositionStatement.objects.create(
        slug="treatment-and-offending",
        title="Compulsive sexual behavior, offending and their treatment",
    )
    for number, day in ((1, datetime.date(2025, 3, 1)), (2, datetime.date(2026, 5, 12))):
        content.PositionVersion.objects.create(
            statement=statement, number=number, published_on=day,
            summary="Different things, each with its own assessment.",
            body="## Our position\n\nAssessment before treatment.",
            references="Author A. A study of outcomes. 2020. https://example.org/a-study",
            what_changed="Clearer wording." if number == 2 else "",
        )  # fmt: skip
    for group, question, answer in (
        ("Seeking help", "What is compulsive sexual behavior?", "A pattern of urges and acts."),
        ("For partners", "How can I support my partner?", "Look after yourself first."),
    ):
        content.FAQEntry.objects.create(group=group, question=question, answer=answer)
    content.Testimonial.objects.create(
        author_name="Jo Park", author_role="Counselor",
        text="Clear, kind teaching that I use every week.", consent_text="I agree.",
        consent_recorded_at=now, status=content.Testimonial.Status.PUBLISHED,
    )  # fmt: skip

    event = make_event("yearly-symposium", title="The yearly symposium", days=2, sessions=0)
    event.kind = EventKind.SYMPOSIUM
    event.save(update_fields=["kind"])
    speaker = Speaker.objects.create(
        name="Dr. Morgan Ellison", credentials="PhD, LMFT", bio="Works with **couples**."
    )
    for order, name in enumerate(("Clinical practice", "Research")):
        track = Track.objects.create(event=event, name=name, order=order)
        for offset in range(2):
            starts = datetime.datetime.combine(
                event.starts_on + datetime.timedelta(days=offset), datetime.time(9 + order), CHICAGO
            )
            session = EventSession.objects.create(
                event=event, track=track, room="Grand ballroom", title=f"{name}, day {offset + 1}",
                description="Shame, disclosure and *repair*.",
                starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90),
            )  # fmt: skip
            session.speakers.add(speaker)
    ticket = Registration.objects.create(
        event=event, registration_type=event.registration_types.get(name="Student"),
        name="Jordan Reyes", email="jordan@example.org", status=Registration.Status.CONFIRMED,
        fee=Decimal("40.00"), invoice_number="EV-2026-000001",
    )  # fmt: skip
    first = event.sessions.order_by("starts_at").first()
    assert first is not None
    SessionAttendance.objects.create(
        registration=ticket, session=first, method=SessionAttendance.Method.CODE,
        hours=first.hours, recorded_by=ivy,
    )  # fmt: skip
    return {"event": event.slug, "ticket": ticket.ticket_code}


def _pages(world: dict[str, str]) -> dict[str, str]:
    """Each visited page's path, by its name in SITE_PAGES."""

    def slug(name: str, value: str) -> str:
        return reverse(name, args=[value])

    return {
        "content:public_home": reverse("content:public_home"),
        "content:crisis": reverse("content:crisis"),
        "content:about": reverse("content:about"),
        "content:about_page": slug("content:about_page", "mission"),
        "content:positions": reverse("content:positions"),
        "content:position": slug("content:position", "treatment-and-offending"),
        "content:position_version": reverse(
            "content:position_version", args=["treatment-and-offending", 1]
        ),
        "content:resources": reverse("content:resources"),
        "content:resource_page": slug("content:resource_page", "for-partners"),
        "content:faq": reverse("content:faq"),
        "content:faq?q=": reverse("content:faq") + "?q=partner",
        "content:testimonials": reverse("content:testimonials"),
        "content:testimonial_share": reverse("content:testimonial_share"),
        "content:contact": reverse("content:contact"),
        "content:media_inquiry": reverse("content:media_inquiry"),
        "content:inquiry_sent": reverse("content:inquiry_sent"),
        "content:article_list": reverse("content:article_list"),
        "content:article_list?q=": reverse("content:article_list") + "?q=partner",
        "content:article_detail": slug("content:article_detail", "talking-with-a-partner"),
        "content:article_category": slug("content:article_category", "for-partners"),
        "content:article_tag": slug("content:article_tag", "boundaries"),
        "events:event_list": reverse("events:event_list"),
        "events:event_detail": slug("events:event_detail", world["event"]),
        "events:register": slug("events:register", world["event"]),
        "events:ticket": slug("events:ticket", world["ticket"]),
        "account_login": reverse("account_login"),
        "account_reset_password": reverse("account_reset_password"),
    }


def in_a_browser[T: Callable[..., None]](test: T) -> T:
    for mark in BROWSER_MARKS:
        test = mark(test)
    return test


def _problems(page: Page, name: str, path: str, viewport: dict[str, int]) -> list[str]:
    found = [f"{name}: {violation}" for violation in serious_violations(page, path)]
    if viewport is PHONE:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            found.append(f"{name}: {path} scrolls sideways at 360 px ({width} px wide)")
    return found


@in_a_browser
@needs_axe
@VIEWPORTS
def test_axe_finds_no_serious_issue_on_any_public_page(
    new_context: OpenContext, ivy: User, viewport: dict[str, int]
) -> None:
    paths = _pages(_world(ivy))
    assert list(paths) == SITE_PAGES
    page = axe_page(new_context, viewport=viewport)
    found = [
        problem for name in SITE_PAGES for problem in _problems(page, name, paths[name], viewport)
    ]
    assert found == [], "\n".join(found)


@in_a_browser
@needs_axe
@VIEWPORTS
def test_axe_finds_no_serious_issue_on_the_membership_pages(
    new_context: OpenContext, transactional_db: None, viewport: dict[str, int]
) -> None:
    try:
        paths = {name: reverse(name) for name in MEMBERSHIP_PAGES}
    except NoReverseMatch:
        pytest.skip("The membership pages are not there yet.")
    MemberType.objects.create(
        name="Clinical member", slug="clinical", yearly_fee=Decimal("180.00"),
        description="For licensed clinicians who treat compulsive sexual behavior.",
    )  # fmt: skip
    MemberType.objects.create(name="Student member", slug="student", yearly_fee=Decimal("40.00"))
    page = axe_page(new_context, viewport=viewport)
    found = [
        problem
        for name in MEMBERSHIP_PAGES
        for problem in _problems(page, name, paths[name], viewport)
    ]
    assert found == [], "\n".join(found)
