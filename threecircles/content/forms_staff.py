"""Forms of the staff workspace: articles, position statements, FAQ entries, pages, and the
moderation of testimonials. What a save decides (which slug, which tags, may it be scheduled)
is decided here, in `clean`; the views only save what was cleaned."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from threecircles.accounts.models import Role, User
from threecircles.content.models import (
    Article,
    Category,
    FAQEntry,
    Page,
    PageSection,
    PositionStatement,
    Testimonial,
)

MAX_TAGS = 20
MARKDOWN_HELP = (
    "Markdown: a blank line between paragraphs, ## for a heading, - for a list, "
    "[words](https://…) for a link. Use Preview to see it as readers will."
)


def institute_zone() -> ZoneInfo:
    """The institute's time zone: schedules are typed and shown in it, whoever types them."""
    return ZoneInfo(settings.TIME_ZONE)


def unique_slug(queryset: QuerySet[Any], text: str, *, max_length: int, fallback: str) -> str:
    """A slug made from `text` that no row of `queryset` has yet: "name", "name-2", ..."""
    base = slugify(text)[:max_length].strip("-") or fallback
    slug, number = base, 2
    while queryset.filter(slug=slug).exists():
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        number += 1
    return slug


def _others(model: type[Model], instance: Model | None) -> QuerySet[Any]:
    rows = model._default_manager.all()
    return rows.exclude(pk=instance.pk) if instance is not None and instance.pk else rows


class InstituteDateTimeField(forms.DateTimeField):
    """A date and time typed, and shown, in the institute's time zone (settings.TIME_ZONE),
    whatever zone the server or the person is in."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value: Any) -> datetime | None:
        with timezone.override(institute_zone()):
            return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        with timezone.override(institute_zone()):
            return super().prepare_value(value)


class StaffChoiceField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class BodyWithPreview(forms.Form):
    """Forms whose text can be previewed before it is saved. The button pressed arrives as
    `action`; each form says which are allowed now."""

    allowed: tuple[str, ...] = ("preview", "save")

    def __init__(self, *args: Any, action: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.action not in self.allowed:
            raise forms.ValidationError("Choose one of the buttons at the end of the form.")
        return cleaned


# --- articles ---------------------------------------------------------------------------------


class ArticleState:
    """Where an article stands, and the buttons its form offers."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"

    ACTIONS = {
        DRAFT: ("preview", "draft", "publish", "schedule"),
        SCHEDULED: ("preview", "schedule", "publish", "draft"),
        PUBLISHED: ("preview", "save", "draft"),
    }

    @classmethod
    def of(cls, article: Article | None, now: datetime) -> str:
        if article is None or article.status == Article.Status.DRAFT:
            return cls.DRAFT
        if article.publish_at is None:
            return cls.DRAFT  # published without a time never shows: treat it as a draft
        return cls.SCHEDULED if article.publish_at > now else cls.PUBLISHED


class ArticleForm(BodyWithPreview):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Give the article a title."}
    )
    slug = forms.SlugField(
        label="Web address",
        max_length=100,
        required=False,
        help_text="The end of the article's address: lower-case letters, digits and hyphens. "
        "Leave it empty to make it from the title.",
    )
    summary = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One or two sentences, shown in lists, feeds and search results.",
        error_messages={"required": "Write a short summary."},
    )
    body = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=MARKDOWN_HELP,
        error_messages={"required": "Write the article's text."},
    )
    authors = StaffChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Institute staff who wrote it.",
        error_messages={"required": "Choose at least one author."},
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(), required=False, empty_label="No category"
    )
    new_category = forms.CharField(
        label="Or a new category",
        max_length=80,
        required=False,
        help_text="Type a name to make a new category for this article.",
    )
    tags = forms.CharField(
        max_length=1000,
        required=False,
        help_text="Separated by commas, for example: partners, first steps. New ones are made.",
    )
    publish_at = InstituteDateTimeField(
        label="Appears on",
        required=False,
        help_text="Only for scheduling: the date and time it appears.",
    )

    def __init__(self, *args: Any, article: Article | None, now: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.article, self.now = article, now
        self.allowed = ArticleState.ACTIONS[ArticleState.of(article, now)]
        authors = Q(role=Role.STAFF, is_active=True)
        if article is not None:
            # Whoever wrote it stays choosable, even after leaving the staff.
            authors |= Q(pk__in=article.authors.values("pk"))
        field = self.fields["authors"]
        assert isinstance(field, StaffChoiceField)
        field.queryset = User.objects.filter(authors).order_by("display_name", "pk")
        self.fields[
            "publish_at"
        ].help_text += f" In the institute's time zone ({institute_zone()})."

    @staticmethod
    def initial_for(article: Article | None, author: User) -> dict[str, Any]:
        if article is None:
            return {"authors": [author.pk]}
        return {
            "title": article.title,
            "slug": article.slug,
            "summary": article.summary,
            "body": article.body,
            "authors": [user.pk for user in article.authors.all()],
            "category": article.category_id,
            "tags": ", ".join(tag.name for tag in article.tags.all()),
            "publish_at": article.publish_at,
        }

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug and _others(Article, self.article).filter(slug=slug).exists():
            raise forms.ValidationError(
                "Another article already has this address: choose another, or leave it empty."
            )
        return slug

    def clean_new_category(self) -> str:
        return " ".join(self.cleaned_data["new_category"].split())

    def clean_tags(self) -> list[str]:
        names: list[str] = []
        for typed in self.cleaned_data["tags"].split(","):
            name = " ".join(typed.split())
            if not name or name.casefold() in {n.casefold() for n in names}:
                continue
            if len(name) > 60:
                raise forms.ValidationError(f"Keep each tag to 60 characters: “{name[:60]}…”.")
            names.append(name)
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(f"Use at most {MAX_TAGS} tags.")
        return names

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("category") and cleaned.get("new_category"):
            self.add_error("new_category", "Choose a category or type a new one, not both.")
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = unique_slug(
                _others(Article, self.article),
                cleaned["title"],
                max_length=100,
                fallback="article",
            )
        if self.action == "schedule" and "publish_at" not in self.errors:
            when = cleaned.get("publish_at")
            if when is None:
                self.add_error("publish_at", "Choose the date and time it appears.")
            elif when <= self.now:
                self.add_error(
                    "publish_at", "That time has passed: choose a time ahead, or publish now."
                )
        return cleaned


class ArticleFilterForm(forms.Form):
    STATUSES = [
        ("", "All"),
        (ArticleState.DRAFT, "Drafts"),
        (ArticleState.SCHEDULED, "Scheduled"),
        (ArticleState.PUBLISHED, "Published"),
    ]

    status = forms.ChoiceField(choices=STATUSES, required=False)
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(), required=False, empty_label="All categories"
    )
    q = forms.CharField(label="Words in the title or text", max_length=200, required=False)

    def filter(self, articles: Any, now: datetime) -> Any:
        data = self.cleaned_data
        if data["status"] == ArticleState.DRAFT:
            articles = articles.filter(Q(status=Article.Status.DRAFT) | Q(publish_at__isnull=True))
        elif data["status"] == ArticleState.SCHEDULED:
            articles = articles.scheduled(now)
        elif data["status"] == ArticleState.PUBLISHED:
            articles = articles.published(now)
        if data["category"] is not None:
            articles = articles.filter(category=data["category"])
        for word in data["q"].split()[:10]:
            articles = articles.filter(Q(title__icontains=word) | Q(body__icontains=word))
        return articles


# --- testimonials -----------------------------------------------------------------------------


class ModerationForm(forms.Form):
    """Publish (from waiting, or again after declining), decline (while waiting), withdraw
    (once published)."""

    DECISIONS = {
        "publish": (Testimonial.Status.PENDING, Testimonial.Status.DECLINED),
        "decline": (Testimonial.Status.PENDING,),
        "withdraw": (Testimonial.Status.PUBLISHED,),
    }
    DONE = {"publish": "published", "decline": "declined", "withdraw": "withdrawn"}

    decision = forms.ChoiceField(
        choices=[(d, d.capitalize()) for d in DECISIONS],
        error_messages={"required": "Choose publish, decline or withdraw."},
    )

    def __init__(self, *args: Any, testimonial: Testimonial, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.testimonial = testimonial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        decision = cleaned.get("decision")
        if decision and self.testimonial.status not in self.DECISIONS[decision]:
            raise forms.ValidationError(
                f"This testimonial is “{self.testimonial.get_status_display()}”: "
                f"it cannot be {self.DONE[decision]} now."
            )
        if decision == "publish" and not self.testimonial.consent_text.strip():
            raise forms.ValidationError(
                "No consent wording was recorded with it, so it cannot be published."
            )
        return cleaned


# --- position statements ----------------------------------------------------------------------


class VersionForm(BodyWithPreview):
    summary = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The position in one or two sentences.",
        error_messages={"required": "Write the position in a sentence or two."},
    )
    body = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=MARKDOWN_HELP,
        error_messages={"required": "Write the statement's text."},
    )
    references = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="Markdown, one reference per line.",
    )
    what_changed = forms.CharField(
        label="What changed",
        max_length=300,
        required=False,
        help_text="For readers who cited an earlier version.",
    )

    def __init__(self, *args: Any, first: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["what_changed"].required = not first
        self.fields["what_changed"].error_messages["required"] = (
            "Say what changed since the version before."
        )
        if first:
            self.fields["what_changed"].help_text = "Optional for the first version."


class StatementForm(VersionForm):
    """A new statement: its title and address, and its first version (a draft)."""

    title = forms.CharField(
        max_length=200, error_messages={"required": "Give the statement a title."}
    )
    slug = forms.SlugField(
        label="Web address",
        max_length=80,
        required=False,
        help_text="The end of the statement's address, kept for good so citations work. "
        "Leave it empty to make it from the title.",
    )
    field_order = ["title", "slug", "summary", "body", "references", "what_changed"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, first=True, **kwargs)

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug and PositionStatement.objects.filter(slug=slug).exists():
            raise forms.ValidationError("Another statement already has this address.")
        return slug

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = unique_slug(
                PositionStatement.objects.all(),
                cleaned["title"],
                max_length=80,
                fallback="statement",
            )
        return cleaned


# --- FAQ entries and pages --------------------------------------------------------------------


class FAQEntryForm(BodyWithPreview, forms.ModelForm[FAQEntry]):
    class Meta:
        model = FAQEntry
        fields = ["group", "question", "answer", "order", "published"]
        widgets = {
            "group": forms.TextInput(attrs={"list": "faq-groups"}),
            "question": forms.TextInput(),
            "answer": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "group": "The heading it sits under, for example “Seeking help” or “For partners”.",
            "answer": MARKDOWN_HELP,
            "order": "Lower comes first within its group.",
            "published": "Shown on the public FAQ.",
        }
        error_messages = {
            "group": {"required": "Choose or type a group."},
            "question": {"required": "Write the question."},
            "answer": {"required": "Write the answer."},
        }


class PageForm(BodyWithPreview, forms.ModelForm[Page]):
    slug = forms.SlugField(
        label="Web address",
        max_length=80,
        required=False,
        help_text="The end of the page's address. Leave it empty to make it from the title.",
    )
    section = forms.ChoiceField(choices=PageSection.choices)

    class Meta:
        model = Page
        fields = ["section", "title", "slug", "summary", "body", "order", "published"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2}), "body": forms.Textarea()}
        help_texts = {
            "summary": "One or two sentences, shown in lists and search results.",
            "body": MARKDOWN_HELP,
            "order": "Lower comes first within its section.",
            "published": "Shown on the public site.",
        }
        error_messages = {
            "title": {"required": "Give the page a title."},
            "body": {"required": "Write the page's text."},
        }

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug and _others(Page, self.instance).filter(slug=slug).exists():
            raise forms.ValidationError(
                "Another page already has this address: choose another, or leave it empty."
            )
        return slug

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = unique_slug(
                _others(Page, self.instance), cleaned["title"], max_length=80, fallback="page"
            )
        return cleaned
