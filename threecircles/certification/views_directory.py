"""The public directory of certified therapists, a therapist's profile, and the holder's own
listing.

Everything public reads through `directory.listed`: a listing is shown only while its person's
certification is active today and they chose to show it, and only what they wrote in it (never
their e-mail address or anything from their account). The profile's schema.org metadata is
escaped the way `json_script` escapes, so nothing typed into a listing can close its script
element.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods

from threecircles.accounts.http import AuthenticatedHttpRequest
from threecircles.certification import directory
from threecircles.certification.forms_directory import ListingForm, SearchForm
from threecircles.certification.models import (
    Certification,
    DirectoryListing,
    Issue,
    Population,
)
from threecircles.lib.jsonld import json_ld as schema_json

PER_PAGE = 20
ISSUER = "Three Circles Institute"


def _url(name: str, **kwargs: Any) -> str:
    """The path of another part's page, or "" while that part does not serve it."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def web_link(address: str) -> str:
    """The listing's website, only if it is a web address (never a `javascript:` one)."""
    return address if urlsplit(address).scheme in ("http", "https") else ""


def place_of(listing: DirectoryListing) -> str:
    return ", ".join(part for part in (listing.city, listing.region, listing.country) if part)


@dataclass(frozen=True)
class Shown:
    """A listing as the directory shows it."""

    listing: DirectoryListing
    codes: str
    place: str
    languages: list[str]
    issues: list[str]
    populations: list[str]


def _shown(listing: DirectoryListing) -> Shown:
    return Shown(
        listing=listing,
        codes=", ".join(directory.codes_of(listing)),
        place=place_of(listing),
        languages=directory.languages_of(listing),
        issues=directory.labels_of(listing.issues, Issue),
        populations=directory.labels_of(listing.populations, Population),
    )


# --- the public directory ----------------------------------------------------------------------


@require_GET
def directory_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    terms = form.terms()
    results = directory.search(directory.listed(), **terms)
    # get_page: a page number that is not one, or past the end, shows the first or last page.
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": [_shown(listing) for listing in page],
        "searched": any(terms.values()),
        "verify_url": _url("certification:verify_form"),
        "canonical_url": request.build_absolute_uri(reverse("certification:directory")),
    }
    return render(request, "certification/directory/list.html", context)


@require_GET
def directory_profile(request: HttpRequest, slug: str) -> HttpResponse:
    listing = get_object_or_404(directory.listed(), slug=slug)
    certifications = directory.active_certifications(listing.person)
    url = request.build_absolute_uri(reverse("certification:directory_profile", args=[slug]))
    verify = {
        each.pk: _url("certification:verify", code=each.verification_code)
        for each in certifications
    }
    shown = _shown(listing)
    website = web_link(listing.website)
    context = {
        "shown": shown,
        "listing": listing,
        "certifications": [(each, verify[each.pk]) for each in certifications],
        "website": website,
        "canonical_url": url,
        "description": _description(shown),
        "json_ld": json_ld(request, shown, certifications, verify, url=url, website=website),
    }
    return render(request, "certification/directory/profile.html", context)


def _description(shown: Shown) -> str:
    what = "Certified therapist"
    if shown.codes:
        what += f" ({shown.codes})"
    if shown.place:
        what += f" in {shown.place}"
    if shown.listing.telehealth:
        what += ", offering telehealth"
    return what + "."


def json_ld(
    request: HttpRequest,
    shown: Shown,
    certifications: list[Certification],
    verify: dict[int, str],
    *,
    url: str,
    website: str,
) -> SafeString:
    """schema.org Person metadata for `<script type="application/ld+json">`: only what the
    listing shows, and each active credential with the page that verifies it."""
    listing = shown.listing
    issuer = {
        "@type": "Organization",
        "name": ISSUER,
        "url": request.build_absolute_uri(reverse("content:public_home")),
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": listing.display_name,
        "url": url,
        "jobTitle": certifications[0].credential.name if certifications else "Therapist",
        "hasCredential": [
            {
                "@type": "EducationalOccupationalCredential",
                "name": each.credential.name,
                "credentialCategory": "certification",
                "recognizedBy": issuer,
                **({"url": request.build_absolute_uri(verify[each.pk])} if verify[each.pk] else {}),
            }
            for each in certifications
        ],
    }
    if listing.practice:
        data["worksFor"] = {"@type": "Organization", "name": listing.practice}
    if shown.place:
        address = {"@type": "PostalAddress"}
        for key, value in (
            ("addressLocality", listing.city),
            ("addressRegion", listing.region),
            ("addressCountry", listing.country),
        ):
            if value:
                address[key] = value
        data["address"] = address
    if shown.languages:
        data["knowsLanguage"] = shown.languages
    if shown.issues:
        data["knowsAbout"] = shown.issues
    if website:
        data["sameAs"] = website
    return schema_json(data)


# --- the holder's own listing ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_listing(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Only a holder of an active certification (or one in grace, to renew) keeps a listing.
    if not directory.may_keep_a_listing(request.user):
        raise Http404
    listing = DirectoryListing.objects.filter(person=request.user).first()
    if listing is None:
        listing = DirectoryListing(person=request.user)
    if request.method != "POST":
        initial = {} if listing.pk else {"display_name": _holder_name(request)}
        form = ListingForm(instance=listing, initial=initial)
        return render(request, "certification/directory/edit.html", _edit_context(form, listing))
    form = ListingForm(request.POST, instance=listing)
    if not form.is_valid():
        context = _edit_context(form, listing)
        return render(request, "certification/directory/edit.html", context, status=400)
    listing = form.save()
    if _is_listed(listing):
        messages.success(request, "Your listing is saved, and shown in the directory.")
    else:
        messages.success(request, "Your listing is saved. It is not shown in the directory now.")
    return redirect("certification:my_listing")


def _holder_name(request: AuthenticatedHttpRequest) -> str:
    """For a first listing: the name as printed on the newest certificate."""
    newest = Certification.objects.filter(person=request.user).order_by("-issued_on", "-pk").first()
    return newest.holder_name if newest else request.user.display_name


def _is_listed(listing: DirectoryListing) -> bool:
    return listing.pk is not None and directory.listed().filter(pk=listing.pk).exists()


def _edit_context(form: ListingForm, listing: DirectoryListing) -> dict[str, Any]:
    # Read from the saved listing, not from what was just typed: the page says what is shown.
    saved = DirectoryListing.objects.filter(pk=listing.pk).first() if listing.pk else None
    return {
        "form": form,
        "saved": saved,
        "listed": saved is not None and _is_listed(saved),
        "active": bool(directory.active_certifications(listing.person)),
    }
