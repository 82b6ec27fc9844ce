"""The demo's public content: `seed_demo` gives the institute's site something true to show
(pages in both sections, the position statement in two versions, six articles and one
scheduled, twelve questions, testimonials to show and one to moderate, two inquiries), and
running it again adds nothing."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test.html import parse_html
from django.urls import reverse
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.content import models as content
from threecircles.content.markdown import plain, render
from threecircles.demo.content import STATEMENT_SLUG
from threecircles.tests.html import find_all

CONTENT_MODELS = (
    content.Page,
    content.PositionStatement,
    content.PositionVersion,
    content.Category,
    content.Tag,
    content.Article,
    content.ArticleRevision,
    content.FAQEntry,
    content.Testimonial,
    content.Inquiry,
)


@pytest.fixture
def demo(db: None) -> User:
    call_command("seed_demo", verbosity=0)
    return User.objects.get(email__startswith="ivy@")


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in CONTENT_MODELS}


def test_the_demo_fills_every_part_of_the_public_site(demo):
    assert content.Article.objects.published().count() == 6
    [scheduled] = content.Article.objects.scheduled()
    assert not scheduled.is_public()
    assert scheduled.publish_at is not None
    assert scheduled.publish_at < timezone.now() + timedelta(days=8)
    assert scheduled not in content.Article.objects.published()

    published_faq = content.FAQEntry.objects.filter(published=True)
    assert published_faq.count() == 12
    assert set(published_faq.values_list("group", flat=True)) == {
        "Seeking help",
        "For partners",
        "About treatment",
        "For professionals",
    }

    testimonials = content.Testimonial.objects.values_list("status", flat=True)
    assert sorted(testimonials) == ["pending", "published", "published", "published"]

    assert sorted(content.Inquiry.objects.values_list("kind", "status")) == [
        (content.Inquiry.Kind.CONTACT, content.Inquiry.Status.NEW),
        (content.Inquiry.Kind.MEDIA, content.Inquiry.Status.NEW),
    ]

    pages = content.Page.objects.filter(published=True)
    about = pages.filter(section=content.PageSection.ABOUT)
    resources = pages.filter(section=content.PageSection.RESOURCES)
    assert set(about.values_list("slug", flat=True)) == {"mission", "history", "leadership"}
    assert set(resources.values_list("title", flat=True)) == {
        "For people seeking help",
        "For partners and families",
        "For professionals",
    }


def test_running_the_seed_again_adds_no_content(demo):
    counts = _counts()
    assert all(counts.values()), counts  # every kind was seeded: there is something to double

    call_command("seed_demo", verbosity=0)

    assert _counts() == counts


def test_the_position_statement_has_two_dated_versions_and_says_what_changed(demo):
    statement = content.PositionStatement.objects.get(slug=STATEMENT_SLUG)
    assert statement.title == "Compulsive sexual behavior and sexual offending are different"
    first, second = statement.versions.order_by("number")
    today = timezone.localdate()
    assert first.published_on == today - timedelta(days=365)
    assert second.published_on is not None
    assert first.published_on < second.published_on < today
    assert statement.current() == second
    assert second.what_changed
    # Both versions make the statement's points; the second adds the part on software.
    said = {
        first: ["is not the same as sexual offending", "has a victim"],
        second: ["is not sexual offending", "has a victim", "software screens and routes"],
    }
    assert len(first.references.splitlines()) == 2  # one reference a line
    assert len(second.references.splitlines()) == 4
    for version, phrases in said.items():
        assert version.summary
        assert "6C72" in version.references
        assert "Kraus" in version.references
        text = plain(version.body, limit=100_000).lower()
        for phrase in [
            *phrases,
            "a minority also have offending behavior",
            "refer offending behavior to specialist treatment",
        ]:
            assert phrase.lower() in text, (version, phrase)


def test_every_article_is_written_by_ivy_with_a_revision_and_a_readable_length(demo):
    articles = content.Article.objects.all()
    assert articles.count() == 7
    for article in articles:
        words = len(plain(article.body, limit=100_000).split())
        assert 300 <= words <= 700, (article.slug, words)
        assert list(article.authors.all()) == [demo]
        assert article.category is not None
        assert article.tags.exists()
        [revision] = article.revisions.all()
        assert (revision.number, revision.body, revision.saved_by) == (1, article.body, demo)


def test_each_resources_page_links_to_crisis_help(demo, client):
    crisis = reverse("content:crisis")
    assert client.get(crisis).status_code == 200
    pages = content.Page.objects.filter(section=content.PageSection.RESOURCES)
    assert pages.count() == 3
    for page in pages:
        links = list(find_all(parse_html(render(page.body)), "a", attrs={"href": crisis}))
        assert links, page.slug


def test_testimonials_carry_the_recorded_consent_and_published_ones_were_moderated(demo):
    for testimonial in content.Testimonial.objects.all():
        assert testimonial.consent_text
        assert testimonial.consent_recorded_at <= timezone.now()
        assert testimonial.contact.endswith("@example.org")
        if testimonial.status == content.Testimonial.Status.PUBLISHED:
            assert testimonial.moderated_by == demo
        else:
            assert testimonial.moderated_by is None


def test_inquiry_messages_are_sealed_at_rest(demo):
    for inquiry in content.Inquiry.objects.all():
        assert inquiry.email.endswith("@example.org")
        marker = inquiry.name
        assert marker in inquiry.message  # the sender signs: the marker is findable
        assert marker not in inquiry.message_sealed
