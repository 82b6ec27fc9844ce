"""The access-matrix rows of the site part: every page is public (anyone gets it, signed in
or not); what is not published is 404 for everyone, as if it did not exist. Sharing a
testimonial is open to all: the matrix's empty form is turned back with 400."""

import datetime
from typing import Any

from threecircles.content.models import (
    FAQEntry,
    Page,
    PageSection,
    PositionStatement,
    PositionVersion,
    Testimonial,
)
from threecircles.tests.matrix import AccessRows, World, row

PUBLIC = row(anonymous=200, others=200)
NOWHERE = row(anonymous=404, others=404)


def records(world: World) -> dict[str, Any]:
    def page(section: str, slug: str, published: bool) -> str:
        return Page.objects.create(
            section=section, slug=slug, title=slug.replace("-", " ").title(),
            body="Written for the matrix.", published=published,
        ).slug  # fmt: skip

    statement = PositionStatement.objects.create(slug="matrix-position", title="Matrix position")
    PositionVersion.objects.create(
        statement=statement, number=1, summary="First.", body="Text.",
        published_on=datetime.date(2026, 1, 5),
    )  # fmt: skip
    PositionVersion.objects.create(statement=statement, number=2, summary="Draft.", body="Text.")
    unpublished = PositionStatement.objects.create(slug="matrix-draft", title="Matrix draft")
    PositionVersion.objects.create(statement=unpublished, number=1, summary="D.", body="D.")
    FAQEntry.objects.create(group="Seeking help", question="Matrix question?", answer="Yes.")
    Testimonial.objects.create(
        author_name="Matrix Author", text="Matrix words.", consent_text="I agree.",
        consent_recorded_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
        status=Testimonial.Status.PUBLISHED,
    )  # fmt: skip
    return {
        "about": page(PageSection.ABOUT, "matrix-mission", published=True),
        "about_draft": page(PageSection.ABOUT, "matrix-history", published=False),
        "resource": page(PageSection.RESOURCES, "matrix-partners", published=True),
        "resource_draft": page(PageSection.RESOURCES, "matrix-professionals", published=False),
        "position": statement.slug,
        "position_draft": unpublished.slug,
    }


def _record(name: str) -> Any:
    return lambda world: world.records["content_site"][name]


ROWS = [
    AccessRows(
        label="content_site",
        records=records,
        get={
            "content:about": PUBLIC,
            "content:about_page": PUBLIC,
            "content:about_page@draft": NOWHERE,
            # A resources page is not an about page.
            "content:about_page@resource": NOWHERE,
            "content:positions": PUBLIC,
            "content:position": PUBLIC,
            "content:position@draft": NOWHERE,
            "content:position_version": PUBLIC,
            "content:position_version@draft": NOWHERE,
            "content:resources": PUBLIC,
            "content:resource_page": PUBLIC,
            "content:resource_page@draft": NOWHERE,
            "content:faq": PUBLIC,
            "content:testimonials": PUBLIC,
            "content:testimonial_share": PUBLIC,
        },
        post={"content:testimonial_share": row(anonymous=400, others=400)},
        kwargs_for={
            "content:about_page": {"slug": _record("about")},
            "content:resource_page": {"slug": _record("resource")},
            "content:position": {"slug": _record("position")},
            "content:position_version": {"slug": _record("position"), "number": lambda w: 1},
        },
        variants={
            "content:about_page@draft": {"slug": _record("about_draft")},
            "content:about_page@resource": {"slug": _record("resource")},
            "content:position@draft": {"slug": _record("position_draft")},
            # Version 2 is written but not published.
            "content:position_version@draft": {"number": lambda w: 2},
            "content:resource_page@draft": {"slug": _record("resource_draft")},
        },
        payloads={
            "content:testimonial_share": lambda world: {
                "author_name": "Matrix Author",
                "text": "The training changed how I work.",
                "consent": "on",
            }
        },
    )
]
