"""The staff workspace in a real browser, on a phone: Ivy writes an article, previews it and
schedules it; every workspace page fits 360 px without sideways scrolling, and axe finds no
serious or critical issue on any of them."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from threecircles.content import models
from threecircles.content.forms_staff import institute_zone
from threecircles.content.models import Article
from threecircles.tests.browser import (
    BROWSER_MARKS,
    PHONE,
    axe_page,
    needs_axe,
    serious_violations,
    sign_in,
    with_totp,
)

pytestmark = BROWSER_MARKS


def _workspace_pages(ivy) -> list[str]:
    article = Article.objects.create(
        title="A long title about recovery for partners and families, written to wrap",
        slug="a-long-title",
        summary="Summary.",
        body="## Heading\n\n```\n" + "a-very-long-line-of-code-" * 8 + "\n```",
    )
    article.authors.set([ivy])
    models.Testimonial.objects.create(
        author_name="Jordan Lee",
        author_role="Therapist",
        text="The training helped. " * 10,
        consent_text="I agree that the institute may publish this with my name and role.",
        consent_recorded_at=timezone.now(),
    )
    statement = models.PositionStatement.objects.create(title="Our position", slug="our-position")
    models.PositionVersion.objects.create(statement=statement, number=1, summary="S", body="Text.")
    faq = models.FAQEntry.objects.create(
        group="Seeking help", question="Where do I start?", answer="A."
    )
    page = models.Page.objects.create(section="about", slug="mission", title="Mission", body="B.")
    staff = "/institute/staff/"
    return [
        staff,
        f"{staff}articles/",
        f"{staff}articles/new/",
        f"{staff}articles/{article.pk}/",
        f"{staff}articles/{article.pk}/revisions/",
        f"{staff}testimonials/",
        f"{staff}positions/",
        f"{staff}positions/new/",
        f"{staff}positions/{statement.pk}/",
        f"{staff}positions/{statement.pk}/versions/1/",
        f"{staff}faq/",
        f"{staff}faq/{faq.pk}/",
        f"{staff}pages/",
        f"{staff}pages/{page.pk}/",
    ]


def _fits_the_screen(page: Page) -> bool:
    return bool(
        page.evaluate(
            "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


def test_staff_write_preview_and_schedule_an_article_on_a_phone(new_context, ivy):
    secret = with_totp(ivy)
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, ivy, secret)
    page.goto("/institute/staff/")
    page.get_by_role("link", name="write one").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write an article")
    page.get_by_label("Title").fill("Talking with a partner about recovery")
    page.get_by_label("Summary").fill("Ways to start the conversation.")
    page.get_by_label("Text").fill("## First steps\n\nChoose a calm moment.")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator(".staff-preview")
    expect(preview.get_by_role("heading", name="First steps")).to_be_visible()
    assert _fits_the_screen(page)

    when = timezone.localtime(timezone.now() + timedelta(days=2), institute_zone())
    page.get_by_label("Appears on").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule for the time above").click()
    expect(page.get_by_role("status")).to_contain_text("Scheduled: it appears on")
    article = Article.objects.get()
    assert list(Article.objects.scheduled()) == [article]
    page.goto("/institute/staff/")
    expect(page.get_by_role("link", name=article.title)).to_be_visible()


def test_every_workspace_page_fits_a_phone(new_context, ivy):
    urls = _workspace_pages(ivy)
    secret = with_totp(ivy)
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, ivy, secret)
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert _fits_the_screen(page), f"{url} scrolls sideways at 360 px"


@needs_axe
@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}])
def test_axe_finds_no_serious_issue_on_the_workspace(new_context, ivy, viewport):
    urls = _workspace_pages(ivy)
    secret = with_totp(ivy)
    page = axe_page(new_context, viewport=viewport)
    sign_in(page, ivy, secret)
    found = [issue for url in urls for issue in serious_violations(page, url)]
    assert not found, "\n".join(found)
