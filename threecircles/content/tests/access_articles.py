"""The access-matrix rows of the articles part: the knowledge base, its feed, the sitemap and
robots.txt are public, for everyone alike; a draft or a scheduled article is 404 for everyone,
its authors and institute staff included (they read it in the staff workspace).

`make_article` is also how the article tests write their articles.
"""

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.content.models import Article, Category, Tag
from threecircles.tests.matrix import AccessRows, World, row


def make_article(
    title: str,
    *,
    slug: str = "",
    summary: str = "A short summary.",
    body: str = "Some words to read.",
    authors: tuple[User, ...] = (),
    category: Category | None = None,
    tags: tuple[Tag, ...] = (),
    status: str = Article.Status.PUBLISHED,
    publish_at: datetime | None = None,
    updated_at: datetime | None = None,
) -> Article:
    """A published article (an hour ago, unless told otherwise)."""
    when = publish_at or timezone.now() - timedelta(hours=1)
    article = Article.objects.create(
        title=title,
        slug=slug or title.lower().replace(" ", "-")[:100],
        summary=summary,
        body=body,
        category=category,
        status=status,
        publish_at=when,
        created_at=when,
        updated_at=updated_at or when,
    )
    article.authors.set(authors)
    article.tags.set(tags)
    return article


def records(world: World) -> dict[str, Any]:
    ivy = world.people["ivy"]
    category = Category.objects.create(name="For partners", slug="for-partners")
    tag = Tag.objects.create(name="Boundaries", slug="boundaries")
    published = make_article(
        "When a partner discloses", authors=(ivy,), category=category, tags=(tag,)
    )
    draft = make_article("Not ready yet", authors=(ivy,), status=Article.Status.DRAFT)
    scheduled = make_article(
        "Coming next week", authors=(ivy,), publish_at=timezone.now() + timedelta(days=7)
    )
    return {
        "article": published.slug,
        "draft": draft.slug,
        "scheduled": scheduled.slug,
        "category": category.slug,
        "tag": tag.slug,
    }


def _record(key: str) -> Any:
    return lambda world: world.records["content_articles"][key]


PUBLIC = row(anonymous=200, others=200)

ROWS: list[AccessRows] = [
    AccessRows(
        label="content_articles",
        records=records,
        get={
            "content:article_list": PUBLIC,
            "content:article_category": PUBLIC,
            "content:article_tag": PUBLIC,
            "content:article_detail": PUBLIC,
            "content:article_detail@draft": row(anonymous=404, others=404),
            "content:article_detail@scheduled": row(anonymous=404, others=404),
            "content:article_feed": PUBLIC,
            "content:sitemap": PUBLIC,
            "content:robots_txt": PUBLIC,
        },
        # The keyword is named `slug` on other parts' URLs too: filled for these URLs only.
        kwargs_for={
            "content:article_detail": {"slug": _record("article")},
            "content:article_category": {"slug": _record("category")},
            "content:article_tag": {"slug": _record("tag")},
        },
        variants={
            "content:article_detail@draft": {"slug": _record("draft")},
            "content:article_detail@scheduled": {"slug": _record("scheduled")},
        },
    )
]
