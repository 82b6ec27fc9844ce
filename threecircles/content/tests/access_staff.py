"""The access-matrix rows of the staff workspace: Ivy (institute staff) opens every page;
anyone else signed in gets 404, and anonymous visitors are sent to sign in."""

from datetime import date
from typing import Any

from django.utils import timezone

from threecircles.content.models import (
    Article,
    ArticleRevision,
    FAQEntry,
    Page,
    PageSection,
    PositionStatement,
    PositionVersion,
    Testimonial,
)
from threecircles.tests.matrix import LOGIN, AccessRows, Redirect, World, row

STAFF = row(anonymous=LOGIN, others=404, ivy=200)
# An empty form: the page comes back with what is missing, said on it.
STAFF_EMPTY_POST = row(anonymous=LOGIN, others=404, ivy=400)


def records(world: World) -> dict[str, Any]:
    ivy = world.people["ivy"]
    article = Article.objects.create(
        title="Matrix article", slug="matrix-article", summary="Matrix summary", body="Matrix text"
    )
    article.authors.set([ivy])
    ArticleRevision.objects.create(
        article=article, number=1, title=article.title, summary=article.summary,
        body=article.body, saved_by=ivy,
    )  # fmt: skip
    testimonial = Testimonial.objects.create(
        author_name="Matrix author",
        text="Matrix testimonial",
        consent_text="Matrix consent wording",
        consent_recorded_at=timezone.now(),
    )
    statement = PositionStatement.objects.create(title="Matrix statement", slug="matrix-statement")
    for number, published_on in ((1, date(2025, 1, 2)), (2, None)):
        PositionVersion.objects.create(
            statement=statement, number=number, summary=f"Matrix v{number}",
            body="Matrix statement text", published_on=published_on, written_by=ivy,
        )  # fmt: skip
    faq = FAQEntry.objects.create(group="Matrix", question="Matrix question?", answer="Matrix.")
    page = Page.objects.create(
        section=PageSection.ABOUT, slug="matrix-page", title="Matrix page", body="Matrix page"
    )
    return {
        "article": article,
        "testimonial": testimonial,
        "statement": statement,
        "faq": faq,
        "page": page,
    }


def _record(name: str) -> Any:
    return lambda world: world.records["content_staff"][name].pk


def _version(world: World) -> dict[str, str]:
    return {
        "summary": "Matrix: a version that must not be saved",
        "body": "Matrix text",
        "what_changed": "Matrix change",
        "action": "save",
    }


ROWS = [
    AccessRows(
        label="content_staff",
        records=records,
        get={
            name: STAFF
            for name in (
                "content:staff_articles",
                "content:staff_article_new",
                "content:staff_article_edit",
                "content:staff_article_revisions",
                "content:staff_testimonials",
                "content:staff_positions",
                "content:staff_position_new",
                "content:staff_position",
                "content:staff_version_new",
                "content:staff_version_edit",
                "content:staff_faq",
                "content:staff_faq_new",
                "content:staff_faq_edit",
                "content:staff_pages",
                "content:staff_page_new",
                "content:staff_page_edit",
            )
        },
        post={
            **{
                name: STAFF_EMPTY_POST
                for name in (
                    "content:staff_article_new",
                    "content:staff_article_edit",
                    "content:staff_testimonial_decide",
                    "content:staff_position_new",
                    "content:staff_version_new",
                    "content:staff_version_edit",
                    "content:staff_faq_new",
                    "content:staff_faq_edit",
                    "content:staff_page_new",
                    "content:staff_page_edit",
                )
            },
            # Restoring revision 1, which the article already says: nothing to change.
            "content:staff_article_restore": row(
                anonymous=LOGIN,
                others=404,
                ivy=Redirect("/institute/staff/articles/{article_id}/"),
            ),
            "content:staff_version_publish": row(
                anonymous=LOGIN,
                others=404,
                ivy=Redirect("/institute/staff/positions/{statement_id}/"),
            ),
        },
        kwargs={
            "article_id": _record("article"),
            "testimonial_id": _record("testimonial"),
            "statement_id": _record("statement"),
            "faq_id": _record("faq"),
            "page_id": _record("page"),
        },
        kwargs_for={
            "content:staff_article_restore": {"revision": lambda world: 1},
            # Version 2 is a draft: it may still be edited and published.
            "content:staff_version_edit": {"version": lambda world: 2},
            "content:staff_version_publish": {"version": lambda world: 2},
        },
        payloads={
            "content:staff_article_new": lambda world: {
                "title": "Matrix: an article that must not be saved",
                "summary": "Matrix summary",
                "body": "Matrix text",
                "authors": [world.people["ivy"].pk],
                "action": "draft",
            },
            "content:staff_article_edit": lambda world: {
                "title": "Matrix: a title that must not be saved",
                "summary": "Matrix summary",
                "body": "Matrix text",
                "authors": [world.people["ivy"].pk],
                "action": "draft",
            },
            "content:staff_testimonial_decide": lambda world: {"decision": "publish"},
            "content:staff_position_new": lambda world: {
                "title": "Matrix: a statement that must not be saved",
                "summary": "Matrix summary",
                "body": "Matrix text",
                "action": "save",
            },
            "content:staff_version_new": _version,
            "content:staff_version_edit": _version,
            "content:staff_faq_new": lambda world: {
                "group": "Matrix",
                "question": "Matrix: a question that must not be saved?",
                "answer": "Matrix answer",
                "order": "1",
                "published": "on",
                "action": "save",
            },
            "content:staff_faq_edit": lambda world: {
                "group": "Matrix",
                "question": "Matrix: a changed question that must not be saved?",
                "answer": "Matrix answer",
                "order": "1",
                "action": "save",
            },
            "content:staff_page_new": lambda world: {
                "section": "about",
                "title": "Matrix: a page that must not be saved",
                "body": "Matrix page text",
                "order": "1",
                "action": "save",
            },
            "content:staff_page_edit": lambda world: {
                "section": "about",
                "title": "Matrix: a changed page that must not be saved",
                "body": "Matrix page text",
                "order": "1",
                "action": "save",
            },
        },
        no_form={"content:staff_article_restore", "content:staff_version_publish"},
    )
]
