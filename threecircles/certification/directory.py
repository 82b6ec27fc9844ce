"""Who the public directory lists, and how it is searched.

A listing is shown only while its person holds a certification that is active on the day
asked about (`CertificationQuerySet.active_on`): never one in its grace period, lapsed,
suspended or revoked, and never one its person has hidden. Everything public about the
directory (the list, a profile, the sitemap) reads through `listed`, the one door.
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Q, QuerySet, StringAgg, Subquery, Value
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.certification.models import (
    Certification,
    DirectoryListing,
    Issue,
    Population,
    Standing,
)

# What a search may hold: longer text is cut, never refused (a search may come in a link).
SEARCH_MAX_LENGTH = 80


def _active(day: datetime.date) -> QuerySet[Certification]:
    return Certification.objects.active_on(day).filter(person=OuterRef("person"))


def listed(on: datetime.date | None = None) -> QuerySet[DirectoryListing]:
    """The listings shown on `on` (today by default), by name, each with `credential_codes`:
    the codes of its person's active credentials, joined by commas in no set order (SQLite
    cannot order inside an aggregate): read them with `codes_of`."""
    day = on or timezone.localdate()
    codes = (
        _active(day)
        .order_by()
        .values("person")
        .annotate(codes=StringAgg("credential__code", Value(",")))
        .values("codes")
    )
    return (
        DirectoryListing.objects.filter(visible=True)
        .filter(Exists(_active(day)))
        .annotate(credential_codes=Subquery(codes))
        .order_by(Lower("display_name"), "pk")
    )


def codes_of(listing: DirectoryListing) -> list[str]:
    """The codes of a listed person's active credentials, in alphabetical order."""
    joined = getattr(listing, "credential_codes", "") or ""
    return sorted({code for code in joined.split(",") if code})


def search(
    listings: QuerySet[DirectoryListing],
    *,
    place: str = "",
    need: str = "",
    population: str = "",
    telehealth: bool = False,
    language: str = "",
) -> QuerySet[DirectoryListing]:
    """Narrow `listings`. A place may be written "Portland, Oregon": each part must be found in
    the city, region or country. An unknown need or population narrows nothing."""
    for part in place[:SEARCH_MAX_LENGTH].split(","):
        if part := part.strip():
            listings = listings.filter(
                Q(city__icontains=part) | Q(region__icontains=part) | Q(country__icontains=part)
            )
    # The lists are JSON; the quoted value is found in their text the same way on SQLite and
    # PostgreSQL ("partners" is never found inside "partner_betrayal").
    if need in Issue.values:
        listings = listings.filter(issues__icontains=f'"{need}"')
    if population in Population.values:
        listings = listings.filter(populations__icontains=f'"{population}"')
    if telehealth:
        listings = listings.filter(telehealth=True)
    if language := language[:SEARCH_MAX_LENGTH].strip():
        listings = listings.filter(languages__icontains=language)
    return listings


def active_certifications(person: User, on: datetime.date | None = None) -> list[Certification]:
    """The person's certifications active on `on`, in the credentials' order."""
    return list(
        Certification.objects.active_on(on)
        .filter(person=person)
        .select_related("credential")
        .order_by("credential__order", "credential__code", "pk")
    )


def may_keep_a_listing(person: User, on: datetime.date | None = None) -> bool:
    """A listing is kept (edited) by the holder of a certification that is active or in its
    grace period: renewing late should not mean typing it all again."""
    day = on or timezone.localdate()
    valid = Certification.objects.filter(
        person=person, status=Certification.Status.VALID, issued_on__lte=day
    ).select_related("credential")
    return any(each.standing(day) in (Standing.ACTIVE, Standing.GRACE) for each in valid)


def labels_of(values: list[str], choices: type[Issue] | type[Population]) -> list[str]:
    """The labels of the values chosen, in the choices' own order (unknown values left out)."""
    chosen = set(values)
    return [str(label) for value, label in choices.choices if value in chosen]


def languages_of(listing: DirectoryListing) -> list[str]:
    return [each.strip() for each in listing.languages.split(",") if each.strip()]


class DirectorySitemap(Sitemap[DirectoryListing]):
    """The profiles listed today (a lapsed one leaves the sitemap the day it leaves the list)."""

    changefreq = "monthly"

    def items(self) -> QuerySet[DirectoryListing]:
        return listed()

    def location(self, item: DirectoryListing) -> str:
        return reverse("certification:directory_profile", args=[item.slug])

    def lastmod(self, item: DirectoryListing) -> datetime.datetime:
        return item.updated_at
