"""The staff workspace: institute staff write articles, position statements, FAQ entries and
pages, and moderate testimonials. Staff only; everyone else gets 404.

What a save does beyond one row (an article's revision, a statement's numbered versions, a
testimonial's moderation record) is a keyword-only function in the first part of this module;
the views below call them.
"""

import difflib
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import Role, User
from threecircles.content.forms_staff import (
    ArticleFilterForm,
    ArticleForm,
    ArticleState,
    FAQEntryForm,
    ModerationForm,
    PageForm,
    StatementForm,
    VersionForm,
    institute_zone,
    unique_slug,
)
from threecircles.content.models import (
    Article,
    ArticleRevision,
    Category,
    FAQEntry,
    Page,
    PositionStatement,
    PositionVersion,
    Tag,
    Testimonial,
)

staff_only = role_required(Role.STAFF)

# --- what staff do ----------------------------------------------------------------------------


def _category_named(name: str) -> Category:
    found = Category.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    slug = unique_slug(Category.objects.all(), name, max_length=80, fallback="category")
    return Category.objects.create(name=name, slug=slug)


def _tag_named(name: str) -> Tag:
    found = Tag.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    return Tag.objects.create(
        name=name, slug=unique_slug(Tag.objects.all(), name, max_length=60, fallback="tag")
    )


def _write_revision(article: Article, *, by: User | None, at: datetime) -> ArticleRevision:
    latest = article.revisions.aggregate(latest=Max("number"))["latest"] or 0
    return ArticleRevision.objects.create(
        article=article,
        number=latest + 1,
        title=article.title,
        summary=article.summary,
        body=article.body,
        saved_by=by,
        saved_at=at,
    )


@transaction.atomic
def save_article(
    *, article: Article | None, data: dict[str, Any], action: str, by: User, now: datetime
) -> Article:
    """Save what the form cleaned and do what the button said (draft, publish now, schedule,
    or keep the status). A save that changes the title, summary or text writes a revision of
    what the article now says, by whom and when."""
    if article is None:
        article, before = Article(created_at=now), None
    else:
        before = (article.title, article.summary, article.body)
        if not article.revisions.exists():
            # Written before the workspace kept revisions (the demo, an import): keep that
            # text as the first revision, so restoring can bring it back.
            _write_revision(article, by=None, at=article.updated_at)
    article.title, article.slug = data["title"], data["slug"]
    article.summary, article.body = data["summary"], data["body"]
    new_category = data["new_category"]
    article.category = _category_named(new_category) if new_category else data["category"]
    if action == "draft":
        article.status, article.publish_at = Article.Status.DRAFT, None
    elif action == "publish":
        article.status, article.publish_at = Article.Status.PUBLISHED, now
    elif action == "schedule":
        article.status, article.publish_at = Article.Status.PUBLISHED, data["publish_at"]
    article.updated_at = now
    article.save()
    article.authors.set(data["authors"])
    article.tags.set([_tag_named(name) for name in data["tags"]])
    if before != (article.title, article.summary, article.body):
        _write_revision(article, by=by, at=now)
    return article


@transaction.atomic
def restore_revision(*, revision: ArticleRevision, by: User, now: datetime) -> bool:
    """Bring an earlier text back: itself a save, so it writes a new revision. False when the
    article already says exactly that."""
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    restored = (revision.title, revision.summary, revision.body)
    if restored == (article.title, article.summary, article.body):
        return False
    article.title, article.summary, article.body = restored
    article.updated_at = now
    article.save(update_fields=["title", "summary", "body", "updated_at"])
    _write_revision(article, by=by, at=now)
    return True


@transaction.atomic
def moderate_testimonial(
    *, testimonial: Testimonial, decision: str, by: User, now: datetime
) -> None:
    """Publish, decline or withdraw (a withdrawn testimonial is declined from then on), and
    record who decided and when."""
    published = decision == "publish"
    testimonial.status = Testimonial.Status.PUBLISHED if published else Testimonial.Status.DECLINED
    testimonial.moderated_by, testimonial.moderated_at = by, now
    testimonial.save(update_fields=["status", "moderated_by", "moderated_at"])


VERSION_FIELDS = ("summary", "body", "references", "what_changed")


def _version_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in VERSION_FIELDS}


def _version_text(version: PositionVersion) -> dict[str, Any]:
    return {key: getattr(version, key) for key in VERSION_FIELDS}


@transaction.atomic
def create_statement(*, data: dict[str, Any], by: User, now: datetime) -> PositionStatement:
    """A new statement with its first version, a draft until published."""
    statement = PositionStatement.objects.create(
        title=data["title"], slug=data["slug"], created_at=now
    )
    PositionVersion.objects.create(
        statement=statement, number=1, written_by=by, written_at=now, **_version_fields(data)
    )
    return statement


@transaction.atomic
def add_version(
    *, statement: PositionStatement, data: dict[str, Any], by: User, now: datetime
) -> PositionVersion:
    statement = PositionStatement.objects.select_for_update().get(pk=statement.pk)
    latest = statement.versions.aggregate(latest=Max("number"))["latest"] or 0
    return PositionVersion.objects.create(
        statement=statement,
        number=latest + 1,
        written_by=by,
        written_at=now,
        **_version_fields(data),
    )


def why_not_publishable(version: PositionVersion) -> str:
    """Empty when the version may be published; otherwise why not, in a sentence."""
    if version.published_on is not None:
        return f"Version {version.number} was published on {version.published_on:%d %B %Y}."
    later = version.statement.versions.filter(published_on__isnull=False, number__gt=version.number)
    if later.exists():
        return (
            f"A later version is already published: write a new version instead of "
            f"publishing version {version.number}."
        )
    return ""


@transaction.atomic
def publish_version(*, version: PositionVersion, today: date) -> str:
    """Publish a draft version: from then on it never changes, so a citation of it stays
    true. Returns why not, or "" once published."""
    PositionStatement.objects.select_for_update().get(pk=version.statement_id)
    version.refresh_from_db()
    reason = why_not_publishable(version)
    if not reason:
        version.published_on = today
        version.save(update_fields=["published_on"])
    return reason


# --- pages of the workspace -------------------------------------------------------------------


def _render(
    request: AuthenticatedHttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Every workspace page shows times in the institute's time zone."""
    zone = institute_zone()
    with timezone.override(zone):
        context = {"institute_zone": str(zone)} | context
        return render(request, f"content/staff/{template}", context, status=status)


def _posted(request: AuthenticatedHttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _preview(request: AuthenticatedHttpRequest, **fields: str) -> dict[str, str] | None:
    """What was typed, for the preview (keys: title, summary, body, references; values: the
    form's field names); None unless the Preview button was pressed."""
    if request.method != "POST" or request.POST.get("action") != "preview":
        return None
    return {key: request.POST.get(name, "") for key, name in fields.items()}


# --- articles ---------------------------------------------------------------------------------


@staff_only
def articles(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Drafts, scheduled and published articles, newest change first, with filters."""
    now = timezone.now()
    form = ArticleFilterForm(request.GET or None)
    found = Article.objects.select_related("category").prefetch_related("authors")
    if form.is_valid():
        found = form.filter(found, now)
    page = Paginator(found.order_by("-updated_at", "-pk"), 50).get_page(request.GET.get("page"))
    rows = [(article, ArticleState.of(article, now)) for article in page]
    status = 400 if form.is_bound and not form.is_valid() else 200
    return _render(
        request, "articles.html", {"form": form, "page": page, "rows": rows}, status=status
    )


def _article_form(request: AuthenticatedHttpRequest, article: Article | None) -> HttpResponse:
    now = timezone.now()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = ArticleForm(
        _posted(request),
        article=article,
        now=now,
        action=action,
        initial=ArticleForm.initial_for(article, request.user),
    )
    if form.is_valid() and action != "preview":
        saved = save_article(
            article=article, data=form.cleaned_data, action=action, by=request.user, now=now
        )
        messages.success(request, _saved_message(saved, action, now))
        return redirect("content:staff_article_edit", article_id=saved.pk)
    context = {
        "form": form,
        "article": article,
        "state": ArticleState.of(article, now),
        "preview": _preview(request, title="title", summary="summary", body="body"),
    }
    return _render(request, "article_form.html", context, status=400 if form.errors else 200)


def _saved_message(article: Article, action: str, now: datetime) -> str:
    if action == "publish":
        return "Published: it is on the public site now."
    if action == "schedule" and article.publish_at is not None:
        when = timezone.localtime(article.publish_at, institute_zone())
        return f"Scheduled: it appears on {when.day} {when:%B %Y at %H:%M} ({institute_zone()})."
    if action == "draft":
        return "Saved as a draft. It does not show on the public site."
    return "Changes saved."


@staff_only
def article_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _article_form(request, None)


@staff_only
def article_edit(request: AuthenticatedHttpRequest, article_id: int) -> HttpResponse:
    return _article_form(request, get_object_or_404(Article, pk=article_id))


@staff_only
def article_revisions(request: AuthenticatedHttpRequest, article_id: int) -> HttpResponse:
    """Every revision: what it said, who saved it and when, and what changed from the one
    before."""
    article = get_object_or_404(Article, pk=article_id)
    revisions = list(article.revisions.select_related("saved_by").order_by("number"))
    current = (article.title, article.summary, article.body)
    rows = []
    for before, revision in zip([None, *revisions], revisions, strict=False):
        changed = [
            label
            for label, attribute in (("title", "title"), ("summary", "summary"), ("text", "body"))
            if before is None or getattr(before, attribute) != getattr(revision, attribute)
        ]
        diff = (
            list(
                difflib.unified_diff(
                    before.body.splitlines(), revision.body.splitlines(), lineterm="", n=1
                )
            )[2:]
            if before is not None
            else []
        )
        rows.append(
            {
                "revision": revision,
                "changed": changed,
                "diff": "\n".join(diff),
                "is_current": (revision.title, revision.summary, revision.body) == current,
            }
        )
    rows.reverse()
    return _render(request, "article_revisions.html", {"article": article, "rows": rows})


@require_POST
@staff_only
def article_restore(
    request: AuthenticatedHttpRequest, article_id: int, revision: int
) -> HttpResponse:
    found = get_object_or_404(ArticleRevision, article_id=article_id, number=revision)
    if restore_revision(revision=found, by=request.user, now=timezone.now()):
        messages.success(request, f"Revision {found.number} restored, as a new revision.")
    else:
        messages.info(request, f"The article already says what revision {found.number} says.")
    return redirect("content:staff_article_edit", article_id=article_id)


# --- testimonials -----------------------------------------------------------------------------


def _testimonial_lists() -> dict[str, Any]:
    rows = Testimonial.objects.select_related("moderated_by")
    return {
        "pending": rows.filter(status=Testimonial.Status.PENDING).order_by("submitted_at"),
        "published": rows.filter(status=Testimonial.Status.PUBLISHED).order_by(
            "-moderated_at", "-pk"
        ),
        "declined": rows.filter(status=Testimonial.Status.DECLINED).order_by(
            "-moderated_at", "-pk"
        )[:50],
    }


@staff_only
def testimonials(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Waiting for moderation first (oldest first), then published, then declined."""
    return _render(request, "testimonials.html", _testimonial_lists())


@require_POST
@staff_only
def testimonial_decide(request: AuthenticatedHttpRequest, testimonial_id: int) -> HttpResponse:
    testimonial = get_object_or_404(Testimonial, pk=testimonial_id)
    form = ModerationForm(request.POST, testimonial=testimonial)
    if not form.is_valid():
        context = _testimonial_lists() | {"refused": form, "refused_id": testimonial.pk}
        return _render(request, "testimonials.html", context, status=400)
    decision = form.cleaned_data["decision"]
    moderate_testimonial(
        testimonial=testimonial, decision=decision, by=request.user, now=timezone.now()
    )
    done = ModerationForm.DONE[decision]
    messages.success(request, f"Testimonial from {testimonial.author_name} {done}.")
    return redirect("content:staff_testimonials")


# --- position statements ----------------------------------------------------------------------


@staff_only
def positions(request: AuthenticatedHttpRequest) -> HttpResponse:
    statements = PositionStatement.objects.annotate(
        version_count=Count("versions"),
        published_count=Count("versions", filter=Q(versions__published_on__isnull=False)),
        latest_published=Max("versions__published_on"),
    ).order_by("title")
    return _render(request, "positions.html", {"statements": statements})


@staff_only
def position_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = StatementForm(_posted(request), action=action)
    if form.is_valid() and action != "preview":
        statement = create_statement(data=form.cleaned_data, by=request.user, now=timezone.now())
        messages.success(request, "Statement saved with its first version, as a draft.")
        return redirect("content:staff_position", statement_id=statement.pk)
    context = {
        "form": form,
        "preview": _preview(
            request, title="title", summary="summary", body="body", references="references"
        ),
    }
    return _render(request, "position_new.html", context, status=400 if form.errors else 200)


@staff_only
def position(request: AuthenticatedHttpRequest, statement_id: int) -> HttpResponse:
    """The statement's versions, newest first: drafts to edit or publish, published ones kept
    as they were."""
    statement = get_object_or_404(PositionStatement, pk=statement_id)
    versions = list(statement.versions.select_related("written_by").order_by("-number"))
    newest_published = max((v.number for v in versions if v.published_on is not None), default=0)
    rows = [
        {
            "version": version,
            "publishable": version.published_on is None and version.number > newest_published,
        }
        for version in versions
    ]
    context = {"statement": statement, "rows": rows, "current": statement.current()}
    return _render(request, "position.html", context)


@staff_only
def version_new(request: AuthenticatedHttpRequest, statement_id: int) -> HttpResponse:
    """A new version starts from the newest one's text."""
    statement = get_object_or_404(PositionStatement, pk=statement_id)
    newest = statement.versions.order_by("-number").first()
    initial = {} if newest is None else _version_text(newest) | {"what_changed": ""}
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = VersionForm(_posted(request), action=action, first=newest is None, initial=initial)
    if form.is_valid() and action != "preview":
        version = add_version(
            statement=statement, data=form.cleaned_data, by=request.user, now=timezone.now()
        )
        messages.success(request, f"Version {version.number} saved as a draft.")
        return redirect("content:staff_position", statement_id=statement.pk)
    context = {
        "statement": statement,
        "form": form,
        "version": None,
        "preview": _preview(request, summary="summary", body="body", references="references"),
    }
    return _render(request, "version_form.html", context, status=400 if form.errors else 200)


@staff_only
def version_edit(
    request: AuthenticatedHttpRequest, statement_id: int, version: int
) -> HttpResponse:
    """A draft version is edited in place; a published one is shown as it stands (409 to a
    change: only a new version may say something else)."""
    found = get_object_or_404(
        PositionVersion.objects.select_related("statement", "written_by"),
        statement_id=statement_id,
        number=version,
    )
    context: dict[str, Any] = {"statement": found.statement, "version": found}
    if found.published_on is not None:
        status = 409 if request.method == "POST" else 200
        return _render(request, "version_form.html", context | {"form": None}, status=status)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = VersionForm(
        _posted(request),
        action=action,
        first=found.number == 1,
        initial=_version_text(found),
    )
    if form.is_valid() and action != "preview":
        for key, value in _version_fields(form.cleaned_data).items():
            setattr(found, key, value)
        found.save(update_fields=list(VERSION_FIELDS))
        messages.success(request, f"Version {found.number} saved. It is still a draft.")
        return redirect("content:staff_position", statement_id=statement_id)
    context |= {
        "form": form,
        "preview": _preview(request, summary="summary", body="body", references="references"),
    }
    return _render(request, "version_form.html", context, status=400 if form.errors else 200)


@require_POST
@staff_only
def version_publish(
    request: AuthenticatedHttpRequest, statement_id: int, version: int
) -> HttpResponse:
    found = get_object_or_404(PositionVersion, statement_id=statement_id, number=version)
    reason = publish_version(version=found, today=timezone.localdate())
    if reason:
        messages.error(request, reason)
    else:
        messages.success(request, f"Version {found.number} published. It can no longer be changed.")
    return redirect("content:staff_position", statement_id=statement_id)


# --- FAQ entries and pages --------------------------------------------------------------------


@staff_only
def faq(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _render(request, "faq.html", {"entries": FAQEntry.objects.order_by("group", "order")})


def _faq_form(request: AuthenticatedHttpRequest, entry: FAQEntry | None) -> HttpResponse:
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = FAQEntryForm(_posted(request), instance=entry, action=action)
    if form.is_valid() and action != "preview":
        form.save()
        messages.success(request, "FAQ entry saved.")
        return redirect("content:staff_faq")
    context = {
        "form": form,
        "entry": entry,
        "groups": FAQEntry.objects.order_by("group").values_list("group", flat=True).distinct(),
        "preview": _preview(request, title="question", body="answer"),
    }
    return _render(request, "faq_form.html", context, status=400 if form.errors else 200)


@staff_only
def faq_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _faq_form(request, None)


@staff_only
def faq_edit(request: AuthenticatedHttpRequest, faq_id: int) -> HttpResponse:
    return _faq_form(request, get_object_or_404(FAQEntry, pk=faq_id))


@staff_only
def pages(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _render(request, "pages.html", {"pages": Page.objects.order_by("section", "order")})


def _page_form(request: AuthenticatedHttpRequest, page: Page | None) -> HttpResponse:
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = PageForm(_posted(request), instance=page, action=action)
    if form.is_valid() and action != "preview":
        saved = form.save(commit=False)
        saved.updated_at = timezone.now()
        saved.save()
        messages.success(request, "Page saved.")
        return redirect("content:staff_pages")
    context = {
        "form": form,
        "page": page,
        "preview": _preview(request, title="title", summary="summary", body="body"),
    }
    return _render(request, "page_form.html", context, status=400 if form.errors else 200)


@staff_only
def page_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _page_form(request, None)


@staff_only
def page_edit(request: AuthenticatedHttpRequest, page_id: int) -> HttpResponse:
    return _page_form(request, get_object_or_404(Page, pk=page_id))
