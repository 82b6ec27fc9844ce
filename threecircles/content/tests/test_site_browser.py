"""The public site in a real browser: a visitor on a 360 px phone goes from the home page to
about, searches the FAQ and shares a testimonial, and no page scrolls sideways; axe finds no
serious or critical issue on any page of the site part, on a phone or a desktop."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from threecircles.content import models
from threecircles.content.models import (
    FAQEntry,
    PageSection,
    PositionStatement,
    PositionVersion,
)
from threecircles.tests.browser import (
    BROWSER_MARKS,
    PHONE,
    axe_page,
    needs_axe,
    serious_violations,
)

pytestmark = BROWSER_MARKS
DESKTOP = {"width": 1280, "height": 800}


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.fixture
def site(transactional_db: None) -> None:
    models.Page.objects.create(
        section=PageSection.ABOUT, slug="mission", title="Our mission", order=1,
        summary="Why the institute exists.", published=True,
        body="## What we do\n\nWe train and certify therapists, and we speak in public for "
        "care without shame.\n\n- Training\n- Certification\n- Public answers",
    )  # fmt: skip
    models.Page.objects.create(
        section=PageSection.RESOURCES, slug="for-partners", title="For partners",
        summary="When someone you love is in recovery.", published=True,
        body="What you feel makes sense. **You are not to blame.**",
    )  # fmt: skip
    statement = PositionStatement.objects.create(
        slug="treatment-and-offending",
        title="Compulsive sexual behavior, offending and their treatment",
    )
    for number, day in ((1, datetime.date(2025, 3, 1)), (2, datetime.date(2026, 5, 12))):
        PositionVersion.objects.create(
            statement=statement, number=number, published_on=day,
            summary="Compulsive sexual behavior and sexual offending are different things, "
            "and each needs its own assessment.",
            body="## Our position\n\nA long word to test wrapping: "
            "assessment-before-treatment-in-every-single-case-always.",
            references="Author A. A study of outcomes. Journal of Examples. 2020. "
            "https://example.org/a-very-long-address-of-a-study/that-should-wrap/on-a-phone",
            what_changed="Clearer wording." if number == 2 else "",
        )  # fmt: skip
    for group, question, answer in (
        ("Seeking help", "What is compulsive sexual behavior?", "A pattern of urges and acts."),
        ("Seeking help", "Is it my fault?", "No. Asking for help is a strong first step."),
        ("For partners", "How can I support my partner?", "Look after yourself first."),
    ):
        FAQEntry.objects.create(group=group, question=question, answer=answer)
    models.Testimonial.objects.create(
        author_name="Jo Park", author_role="Counselor",
        text="Clear, kind teaching that I use every week.",
        consent_text="I agree.",
        consent_recorded_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
        status=models.Testimonial.Status.PUBLISHED,
    )  # fmt: skip


def test_a_visitor_on_a_phone_reads_about_searches_the_faq_and_shares_a_testimonial(
    new_context, site
):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Recovery from compulsive")
    _fits(page)

    page.get_by_role("main").get_by_role("link", name="About the institute").click()
    expect(page).to_have_url("/about/")
    _fits(page)
    page.get_by_role("link", name="Our mission").click()
    expect(page.get_by_role("heading", name="What we do")).to_be_visible()
    _fits(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="FAQ").click()
    expect(page).to_have_url("/faq/")
    _fits(page)
    page.get_by_label("Search the questions").fill("partner")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 question match “partner”.")).to_be_visible()
    expect(page.get_by_role("heading", name="How can I support my partner?")).to_be_visible()
    expect(page.get_by_role("heading", name="Is it my fault?")).to_have_count(0)
    _fits(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Testimonials").click()
    expect(page.get_by_text("Clear, kind teaching that I use every week.")).to_be_visible()
    _fits(page)
    page.get_by_role("link", name="Share your experience").click()
    page.get_by_label("Your name, as it should appear").fill("Dr Rosa Lind")
    page.get_by_label("What you would like to say").fill("It changed how I talk about slips.")
    page.get_by_role("button", name="Send for review").click()
    # Without consent it comes back, with what was typed and the cursor on the tick box.
    expect(page.get_by_text("Please tick the box to agree.")).to_be_visible()
    expect(page.get_by_label("What you would like to say")).to_have_value(
        "It changed how I talk about slips."
    )
    _fits(page)
    page.get_by_label("I agree that the Three Circles Institute may publish").check()
    page.get_by_role("button", name="Send for review").click()
    expect(page).to_have_url("/testimonials/")
    expect(page.get_by_role("status")).to_contain_text("Staff will read what you wrote")
    expect(page.get_by_text("It changed how I talk about slips.")).to_have_count(0)
    assert models.Testimonial.objects.get(author_name="Dr Rosa Lind").status == "pending"


PATHS = [
    "/",
    "/about/",
    "/about/mission/",
    "/positions/",
    "/positions/treatment-and-offending/",
    "/positions/treatment-and-offending/v1/",
    "/resources/",
    "/resources/for-partners/",
    "/faq/",
    "/faq/?q=partner",
    "/faq/?q=nothing-matches-this",
    "/testimonials/",
    "/testimonials/share/",
]


@needs_axe
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_serious_issue_on_any_page_of_the_public_site(new_context, site, viewport):
    page = axe_page(new_context, viewport=viewport)
    found = []
    for path in PATHS:
        found += serious_violations(page, path)
        if viewport is PHONE:
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    # The share form with its errors showing, too.
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("Please enter your name.")).to_be_visible()
    found += serious_violations(page)
    assert found == []
