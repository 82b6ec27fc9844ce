"""The public site's pages: about, position statements, resources, FAQ and testimonials.

Anyone may open them, signed in or not. Only what is published is shown: anything else is
404, as if it did not exist.
"""

import math
import re

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods

from threecircles.content import markdown
from threecircles.content.forms_site import TestimonialForm
from threecircles.content.models import (
    FAQEntry,
    Page,
    PageSection,
    PositionStatement,
    PositionVersion,
    Testimonial,
)
from threecircles.lib.ratelimit import PerAddress

# --- pages: about and resources -------------------------------------------------------------


def _published_pages(section: str) -> QuerySet[Page]:
    return Page.objects.filter(section=section, published=True)


def about(request: HttpRequest) -> HttpResponse:
    return render(
        request, "content/site/about.html", {"pages": _published_pages(PageSection.ABOUT)}
    )


def about_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(_published_pages(PageSection.ABOUT), slug=slug)
    return render(request, "content/site/page.html", {"page": page, "section": "about"})


def resources(request: HttpRequest) -> HttpResponse:
    return render(
        request, "content/site/resources.html", {"pages": _published_pages(PageSection.RESOURCES)}
    )


def resource_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(_published_pages(PageSection.RESOURCES), slug=slug)
    return render(request, "content/site/page.html", {"page": page, "section": "resources"})


# --- position statements --------------------------------------------------------------------

CITED_AS = "Three Circles Institute"
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def _published_versions() -> QuerySet[PositionVersion]:
    """A version is out from its publication date on (as in the sitemap): one without a date
    is a draft, one dated ahead is not out yet; nobody but staff sees either."""
    return PositionVersion.objects.filter(published_on__lte=timezone.localdate()).order_by(
        "-number"
    )


def positions(request: HttpRequest) -> HttpResponse:
    statements = (
        PositionStatement.objects.filter(versions__published_on__lte=timezone.localdate())
        .distinct()
        .prefetch_related(
            Prefetch("versions", queryset=_published_versions(), to_attr="published_versions")
        )
    )
    listed = [(statement, statement.published_versions[0]) for statement in statements]
    return render(request, "content/site/positions.html", {"statements": listed})


def references(text: str) -> SafeString:
    """References are written one a line: each line becomes an item of a numbered list,
    whether or not it was written as one."""
    lines = [_LIST_MARKER.sub("", line).strip() for line in text.splitlines()]
    return markdown.render("\n".join(f"1. {line}" for line in lines if line))


def _position_page(request: HttpRequest, slug: str, number: int | None) -> HttpResponse:
    statement = get_object_or_404(PositionStatement, slug=slug)
    versions = list(_published_versions().filter(statement=statement))
    if not versions:
        raise Http404
    current = versions[0]
    version = current if number is None else next((v for v in versions if v.number == number), None)
    if version is None:
        raise Http404
    version_url = reverse(
        "content:position_version", kwargs={"slug": statement.slug, "number": version.number}
    )
    return render(
        request,
        "content/site/position.html",
        {
            "statement": statement,
            "version": version,
            "current": current,
            "versions": versions,
            "references": references(version.references),
            "cited_as": CITED_AS,
            "cite_url": request.build_absolute_uri(version_url),
        },
    )


def position(request: HttpRequest, slug: str) -> HttpResponse:
    return _position_page(request, slug, None)


def position_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _position_page(request, slug, number)


# --- frequently asked questions -------------------------------------------------------------


SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 10


def search_words(typed: str) -> list[str]:
    """The words searched for: a longer query is cut, never refused (it may come in a link)."""
    return typed[:SEARCH_MAX_LENGTH].split()[:SEARCH_MAX_WORDS]


def faq(request: HttpRequest) -> HttpResponse:
    words = search_words(request.GET.get("q", ""))
    entries = FAQEntry.objects.filter(published=True)
    for word in words:
        entries = entries.filter(Q(question__icontains=word) | Q(answer__icontains=word))
    return render(
        request,
        "content/site/faq.html",
        {"entries": entries, "searched": " ".join(words), "max_length": SEARCH_MAX_LENGTH},
    )


# --- testimonials ---------------------------------------------------------------------------

SHARES_PER_HOUR = 5
SHARE_WINDOW_SECONDS = 60 * 60


def testimonials(request: HttpRequest) -> HttpResponse:
    published = Testimonial.objects.filter(status=Testimonial.Status.PUBLISHED)
    return render(request, "content/site/testimonials.html", {"testimonials": published})


SHARES = PerAddress("testimonial-shares", "testimonial", SHARES_PER_HOUR, SHARE_WINDOW_SECONDS)
_share_places = SHARES.places
seconds_before_sharing = SHARES.seconds_to_wait
_count_share = SHARES.count


@require_http_methods(["GET", "POST"])
def testimonial_share(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "content/site/share.html", {"form": TestimonialForm()})
    form = TestimonialForm(request.POST)
    address = get_adapter(request).get_client_ip(request)
    wait = seconds_before_sharing(address)
    if wait:
        # What they wrote stays on the page, to send again later.
        response = render(
            request,
            "content/site/share.html",
            {"form": form, "minutes": max(1, math.ceil(wait / 60))},
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    if not form.is_valid():
        return render(request, "content/site/share.html", {"form": form}, status=400)
    # A filled-in hidden field: a program, not a person. It is told what a person is told,
    # so it learns nothing, and nothing is saved.
    if not form.is_from_a_program:
        form.save()
    _count_share(address)
    messages.success(
        request,
        "Thank you. Staff will read what you wrote before it appears here; "
        "it is not shown until then.",
    )
    return redirect("content:testimonials")
