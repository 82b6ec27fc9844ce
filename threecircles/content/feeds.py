"""The knowledge base's Atom feed: the latest published articles, each with its summary as
plain text. Django's syndication framework writes the XML (escaping every text) and makes the
links absolute."""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from threecircles.content import markdown
from threecircles.content.models import Article

LATEST = 20


class ArticleFeed(Feed[Article, None]):
    feed_type = Atom1Feed
    title = "Three Circles knowledge base"
    subtitle = (
        "Articles from the institute for people seeking help, for partners and for professionals."
    )

    def link(self) -> str:
        return reverse("content:article_list")

    def feed_url(self) -> str:
        return reverse("content:article_feed")

    def items(self) -> list[Article]:
        return list(
            Article.objects.published()
            .select_related("category")
            .prefetch_related("authors", "tags")
            .order_by("-publish_at", "-pk")[:LATEST]
        )

    def item_title(self, item: Article) -> str:
        # An Atom title is text (the generator escapes it for XML); Django's default would
        # escape it a second time and readers would show "&amp;".
        return item.title

    def item_description(self, item: Article) -> str:
        # Atom1Feed declares the summary as HTML, so the plain text is escaped once more:
        # whatever the summary says shows as text, never as markup.
        return escape(markdown.plain(item.summary))

    def item_link(self, item: Article) -> str:
        return reverse("content:article_detail", args=[item.slug])

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.publish_at

    def item_updateddate(self, item: Article) -> datetime:
        assert item.publish_at is not None  # published() holds only dated articles
        return max(item.updated_at, item.publish_at)

    def item_author_name(self, item: Article) -> str | None:
        names = [author.display_name for author in item.authors.all() if author.display_name]
        return ", ".join(names) or None

    def item_categories(self, item: Article) -> list[str]:
        section = [item.category.name] if item.category is not None else []
        return section + [tag.name for tag in item.tags.all()]
