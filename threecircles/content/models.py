"""The institute's public content: pages, position statements, articles, FAQ, testimonials,
and the inquiries the public sends. Nothing here is clinical, and nothing here imports a
clinical app (the layer contract holds it).

Texts are Markdown, rendered safely by `content.markdown.render` (a maintained parser with
raw HTML off, then an HTML sanitizer). What a member of the public writes to us (an inquiry,
a testimonial's contact address) is sealed at rest: people write about their own lives.
"""

import math
import re
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from threecircles.lib.sealing import open_text, seal_text

WORDS_PER_MINUTE = 200


class SealedText:
    """A text attribute kept sealed in `<name>_sealed` (under a key derived from SECRET_KEY
    for this purpose alone)."""

    def __init__(self, purpose: str) -> None:
        self.purpose = purpose

    def __set_name__(self, owner: type, name: str) -> None:
        self.column = f"{name}_sealed"

    def __get__(self, instance: object, owner: type | None = None) -> str:
        if instance is None:
            return self  # type: ignore[return-value]
        sealed = getattr(instance, self.column)
        return open_text(sealed, purpose=self.purpose) if sealed else ""

    def __set__(self, instance: object, value: str) -> None:
        setattr(instance, self.column, seal_text(value, purpose=self.purpose) if value else "")


# --- pages and position statements ------------------------------------------------------------


class PageSection(models.TextChoices):
    ABOUT = "about", "About the institute"
    RESOURCES = "resources", "Resources"


class Page(models.Model):
    """A public page written by staff: mission, history, leadership, resources for people
    seeking help, for partners, for professionals."""

    section = models.CharField(max_length=20, choices=PageSection.choices)
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=160)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(help_text="Markdown.")
    order = models.PositiveSmallIntegerField(default=0)
    published = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["section", "order", "title"]

    def __str__(self) -> str:
        return self.title


class PositionStatement(models.Model):
    """A stated position of the institute. Its text lives in dated versions; a version once
    published is never changed, so a citation of it stays true."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def current(self) -> "PositionVersion | None":
        """The latest version published by today (a version dated ahead is not out yet)."""
        published = self.versions.filter(published_on__lte=timezone.localdate())
        return published.order_by("-number").first()


class PositionVersion(models.Model):
    statement = models.ForeignKey(
        PositionStatement, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    summary = models.CharField(max_length=300)
    body = models.TextField(help_text="Markdown.")
    references = models.TextField(blank=True, help_text="Markdown: one reference per line.")
    what_changed = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["statement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.statement} v{self.number}"


# --- the knowledge base -----------------------------------------------------------------------


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self, now: datetime | None = None) -> "ArticleQuerySet":
        """Published and due: a scheduled article appears at its time without a job."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=now or timezone.now())

    def scheduled(self, now: datetime | None = None) -> "ArticleQuerySet":
        return self.filter(status=Article.Status.PUBLISHED, publish_at__gt=now or timezone.now())

    def search(self, words: str) -> "ArticleQuerySet":
        """Full-text search on PostgreSQL (ranked); on SQLite every word must appear in the
        title, summary or body."""
        from django.db import connection

        words = " ".join(words.split())[:200]
        if not words:
            return self
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

            vector = (
                SearchVector("title", weight="A", config="english")
                + SearchVector("summary", weight="B", config="english")
                + SearchVector("body", weight="C", config="english")
            )
            query = SearchQuery(words, config="english", search_type="websearch")
            # Matched by the query itself: ts_rank gives a tiny rank, not 0, to a miss.
            return (
                self.annotate(document=vector, rank=SearchRank(vector, query))
                .filter(document=query)
                .order_by("-rank", "-publish_at")
            )
        found = self
        for word in words.split()[:10]:
            found = found.filter(
                Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
            )
        return found


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.CharField(max_length=300)
    body = models.TextField(help_text="Markdown.")
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="articles")
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        null=True, blank=True, help_text="When it appears; a time ahead schedules it."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def reading_minutes(self) -> int:
        words = len(re.findall(r"\w+", self.body))
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    def is_public(self, now: datetime | None = None) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= (now or timezone.now())
        )


class ArticleRevision(models.Model):
    """What an article said after each save (the first: as written), and who saved it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    body = models.TextField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="one_number_per_revision")
        ]

    def __str__(self) -> str:
        return f"{self.article} r{self.number}"


class FAQEntry(models.Model):
    group = models.CharField(max_length=80, help_text="e.g. 'Seeking help', 'For partners'.")
    question = models.CharField(max_length=300)
    answer = models.TextField(help_text="Markdown.")
    order = models.PositiveSmallIntegerField(default=0)
    published = models.BooleanField(default=True)

    class Meta:
        ordering = ["group", "order", "question"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self) -> str:
        return self.question


# --- what the public sends us -----------------------------------------------------------------


class Testimonial(models.Model):
    """What a professional says of the institute's training. Shown only after the author's
    consent was recorded and staff approved it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for moderation"
        PUBLISHED = "published", "Published"
        DECLINED = "declined", "Declined"

    author_name = models.CharField(max_length=120)
    author_role = models.CharField(max_length=160, blank=True, help_text="e.g. 'Therapist'.")
    text = models.TextField(max_length=2000)
    consent_text = models.TextField(help_text="The consent wording the author agreed to.")
    consent_recorded_at = models.DateTimeField()
    contact_sealed = models.TextField(blank=True, default="")
    contact = SealedText("content.testimonial-contact")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(default=timezone.now)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"Testimonial {self.pk}"


class Inquiry(models.Model):
    """A message from the public or the media. It never reaches the clinical side: nothing
    here links to a client, and staff answer it by e-mail."""

    class Kind(models.TextChoices):
        CONTACT = "contact", "General inquiry"
        MEDIA = "media", "Media inquiry"

    class Status(models.TextChoices):
        NEW = "new", "New"
        OPEN = "open", "In progress"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CONTACT)
    name = models.CharField(max_length=120)
    email = models.EmailField()
    organization = models.CharField(max_length=160, blank=True)
    subject = models.CharField(max_length=200)
    message_sealed = models.TextField()
    message = SealedText("content.inquiry")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries_assigned",
    )
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "inquiries"

    def __str__(self) -> str:
        return f"Inquiry {self.pk}"


class InquiryReply(models.Model):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text_sealed = models.TextField()
    text = SealedText("content.inquiry-reply")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at"]
        verbose_name_plural = "inquiry replies"

    def __str__(self) -> str:
        return f"Reply {self.pk} to inquiry {self.inquiry_id}"
