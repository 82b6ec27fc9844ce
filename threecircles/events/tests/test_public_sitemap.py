"""/sitemap.xml lists upcoming published events, never an unpublished one."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from threecircles.events.models import Event, EventKind

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _event(slug: str, *, published: bool) -> Event:
    soon = timezone.localdate() + timedelta(days=20)
    return Event.objects.create(
        kind=EventKind.WORKSHOP,
        title=slug.title(),
        slug=slug,
        summary="A day on listening well.",
        description="",
        starts_on=soon,
        ends_on=soon,
        published=published,
    )


def test_the_sitemap_lists_published_upcoming_events_only(client):
    _event("listening-well", published=True)
    _event("not-yet-announced", published=False)
    page = client.get("/sitemap.xml")
    assert page.status_code == 200
    tree = ElementTree.fromstring(page.content)  # noqa: S314 (our own page)
    urls = [loc.text or "" for loc in tree.iterfind(".//s:loc", NS)]
    assert any(url.endswith("/events/listening-well/") for url in urls)
    assert not any("not-yet-announced" in url for url in urls)
