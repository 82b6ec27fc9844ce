"""The knowledge base: published articles, newest first, by category or tag, searchable; one
article with its schema.org and Open Graph metadata; robots.txt. Anyone may read them.

Only what `Article.objects.published()` returns is ever shown: a draft, or an article
scheduled for later, answers 404 until its time comes (no job needed). Texts written by staff
go through `content.markdown` (the body rendered and sanitized, summaries as plain text), and
the JSON-LD is escaped so that nothing in a title can close its script element.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from threecircles.content import markdown
from threecircles.content.models import Article, ArticleQuerySet, Category, Tag
from threecircles.content.sitemaps import SITEMAPS
from threecircles.lib.jsonld import json_ld as schema_json

PER_PAGE = 10
RELATED = 3
SITE_NAME = "Three Circles"


@dataclass(frozen=True)
class Listed:
    """An article as a list shows it: its summary reduced to plain text, its authors' names."""

    article: Article
    summary: str
    authors: list[str]


def _published() -> ArticleQuerySet:
    return (
        Article.objects.published().select_related("category").prefetch_related("authors", "tags")
    )


def _listing(
    request: HttpRequest,
    articles: ArticleQuerySet,
    *,
    heading: str,
    description: str,
    category: Category | None = None,
    tag: Tag | None = None,
) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:200]
    if query:
        articles = articles.search(query)
    # get_page: a page number that is not one, or past the end, shows the first or last page.
    page = Paginator(articles, PER_PAGE).get_page(request.GET.get("page"))
    listed = [
        Listed(article, markdown.plain(article.summary), _author_names(article)) for article in page
    ]
    now = timezone.now()
    categories = (
        Category.objects.annotate(
            published_count=Count(
                "articles",
                filter=Q(articles__status=Article.Status.PUBLISHED, articles__publish_at__lte=now),
            )
        )
        .filter(published_count__gt=0)
        .order_by("name")
    )
    return render(
        request,
        "content/articles/list.html",
        {
            "heading": heading,
            "description": description,
            "canonical_url": request.build_absolute_uri(request.path),
            "page": page,
            "listed": listed,
            "query": query,
            "category": category,
            "tag": tag,
            "categories": categories,
        },
    )


def article_list(request: HttpRequest) -> HttpResponse:
    return _listing(
        request,
        _published(),
        heading="Knowledge base",
        description=(
            "Articles from the institute for people seeking help, for partners and for "
            "professionals."
        ),
    )


def article_category(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    return _listing(
        request,
        _published().filter(category=category),
        heading=f"Articles in {category.name}",
        description=f"Knowledge base articles in {category.name}.",
        category=category,
    )


def article_tag(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    return _listing(
        request,
        _published().filter(tags=tag),
        heading=f"Articles tagged {tag.name}",
        description=f"Knowledge base articles tagged {tag.name}.",
        tag=tag,
    )


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(_published(), slug=slug)
    related: list[Article] = []
    if article.category_id is not None:
        related = list(
            Article.objects.published()
            .filter(category_id=article.category_id)
            .exclude(pk=article.pk)[:RELATED]
        )
    description = markdown.plain(article.summary, limit=200)
    url = request.build_absolute_uri(reverse("content:article_detail", args=[article.slug]))
    return render(
        request,
        "content/articles/detail.html",
        {
            "article": article,
            "authors": _author_names(article),
            "related": related,
            "description": description,
            "canonical_url": url,
            "modified_at": _modified_at(article),
            "json_ld": json_ld(request, article, url=url, description=description),
        },
    )


def sitemap(request: HttpRequest) -> HttpResponse:
    """Every public page of the site (content/sitemaps.py), as Django's sitemap view lists it."""
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS)


def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("content:sitemap"))
    lines = ["User-agent: *", "Allow: /", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# --- metadata ---------------------------------------------------------------------------------


def _author_names(article: Article) -> list[str]:
    # Authors are institute staff; only the name they publish under is shown, never an address.
    return [author.display_name for author in article.authors.all() if author.display_name]


def _modified_at(article: Article) -> datetime:
    """An article edited before it went out was, for a reader, last changed when it appeared."""
    assert article.publish_at is not None  # published() holds only dated articles
    return max(article.updated_at, article.publish_at)


def json_ld(request: HttpRequest, article: Article, *, url: str, description: str) -> SafeString:
    """schema.org Article metadata for `<script type="application/ld+json">`, escaped the way
    `json_script` escapes (a data block, never run, so the page's CSP needs no nonce for it)."""
    assert article.publish_at is not None
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": description,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.publish_at.isoformat(),
        "dateModified": _modified_at(article).isoformat(),
        "author": [{"@type": "Person", "name": name} for name in _author_names(article)],
        "publisher": {
            "@type": "Organization",
            "name": SITE_NAME,
            "url": request.build_absolute_uri(reverse("content:public_home")),
        },
        "wordCount": len(article.body.split()),
        "timeRequired": f"PT{article.reading_minutes}M",
        "keywords": [tag.name for tag in article.tags.all()],
    }
    if article.category is not None:
        data["articleSection"] = article.category.name
    return schema_json(data)
