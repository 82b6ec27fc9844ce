"""/sitemap.xml: every public page of the institute's site, and nothing that is not public yet.

Items are read at request time, so a scheduled article joins the sitemap when its time comes,
and a draft, an unpublished page or a position with no published version never appears.
"""

from datetime import date, datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from threecircles.content.models import (
    Article,
    Category,
    Page,
    PageSection,
    PositionStatement,
)

# The public site's fixed pages. Other parts of the site build some of them; a name that does
# not reverse (a part not there yet, or named otherwise) is left out, never a broken link.
STATIC_PAGES = (
    "content:public_home",
    "content:about",
    "content:positions",
    "content:position_list",
    "content:resources",
    "content:article_list",
    "content:faq",
    "content:testimonials",
    "content:testimonial_list",
    "content:contact",
    "content:crisis",
)
# Where the site part serves a published page of each section.
PAGE_URLS = {
    PageSection.ABOUT: "content:about_page",
    PageSection.RESOURCES: "content:resource_page",
}


def _reverses(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


class StaticSitemap(Sitemap[str]):
    changefreq = "monthly"

    def items(self) -> list[str]:
        return [name for name in STATIC_PAGES if _reverses(name)]

    def location(self, item: str) -> str:
        return reverse(item)


class ArticleSitemap(Sitemap[Article]):
    changefreq = "monthly"

    def items(self) -> QuerySet[Article]:
        return Article.objects.published().order_by("-publish_at", "pk")

    def location(self, item: Article) -> str:
        return reverse("content:article_detail", args=[item.slug])

    def lastmod(self, item: Article) -> datetime:
        assert item.publish_at is not None  # published() holds only dated articles
        return max(item.updated_at, item.publish_at)


class CategorySitemap(Sitemap[Category]):
    """The categories that have at least one published article, as of its latest one."""

    changefreq = "weekly"

    def items(self) -> QuerySet[Category]:
        return (
            Category.objects.filter(
                articles__status=Article.Status.PUBLISHED,
                articles__publish_at__lte=timezone.now(),
            )
            .annotate(latest=Max("articles__publish_at"))
            .order_by("name")
        )

    def location(self, item: Category) -> str:
        return reverse("content:article_category", args=[item.slug])

    def lastmod(self, item: Category) -> datetime:
        return item.latest  # type: ignore[attr-defined, no-any-return]


class PageSitemap(Sitemap[Page]):
    """Published pages of the about and resources sections."""

    changefreq = "monthly"

    def items(self) -> QuerySet[Page]:
        return Page.objects.filter(published=True).order_by("section", "order", "slug")

    def location(self, item: Page) -> str:
        return reverse(PAGE_URLS[PageSection(item.section)], args=[item.slug])

    def lastmod(self, item: Page) -> datetime:
        return item.updated_at


class PositionSitemap(Sitemap[PositionStatement]):
    """Position statements with a version published by today (one dated ahead is not out)."""

    changefreq = "yearly"

    def items(self) -> QuerySet[PositionStatement]:
        return (
            PositionStatement.objects.filter(versions__published_on__lte=timezone.localdate())
            .annotate(latest=Max("versions__published_on"))
            .order_by("slug")
        )

    def location(self, item: PositionStatement) -> str:
        return reverse("content:position", args=[item.slug])

    def lastmod(self, item: PositionStatement) -> date:
        return item.latest  # type: ignore[attr-defined, no-any-return]


SITEMAPS: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {
    "pages": StaticSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "site-pages": PageSitemap,
    "positions": PositionSitemap,
}


def register_sitemap(name: str, sitemap: type[Sitemap[Any]] | Sitemap[Any]) -> None:
    """Another part of the institute side (events) adds its section to /sitemap.xml."""
    SITEMAPS[name] = sitemap
