"""A certified professional's own pages: their certifications with where each stands (active,
in the renewal grace period, lapsed, suspended or revoked) and what renewal needs, the
renewal itself (the institute's code of ethics signed with a typed name, the CE hours
counted), and the continuing-education ledger: the institute's events they attended, the
external courses they sent with a certificate, and a PDF transcript of what was approved.

Every page is the signed-in person's own: a certification that is not theirs is 404, staff
included (they have their own pages). What may happen is decided in `actions`; these views
call it and say in words what it answered. Attended events become ledger entries as these
pages are opened (`actions.credits_from_attendance`), so the hours shown are never behind.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import User
from threecircles.certification import actions, directory, documents
from threecircles.certification.badges import ISSUER_NAME
from threecircles.certification.forms_holder import ExternalCreditForm, RenewalForm
from threecircles.certification.models import (
    CECategory,
    CECredit,
    Certification,
    Decision,
    Standing,
)
from threecircles.events.pdf import as_pdf
from threecircles.lib.ratelimit import PerAddress

ZERO = Decimal("0.00")
# The institute's code of ethics, as the holder signs it with each renewal.
ETHICS_POINTS = [
    "I put the welfare and dignity of the people I serve first, and I do no harm.",
    "I practise only within my training, my licence and this credential, and I seek "
    "consultation or refer when a need goes beyond them.",
    "I keep what clients tell me confidential within the law, and I explain its limits at "
    "the start of our work.",
    "I never enter a sexual, romantic, financial or other exploitative relationship with a "
    "client, a client's partner or family member, or a supervisee.",
    "I treat every person with respect, without discrimination, and without shaming words "
    "about their sexuality, their behaviour or their recovery.",
    "I keep my knowledge current through continuing education, and I report my hours and "
    "records to the institute honestly.",
    "I tell the institute if my licence is restricted, suspended or revoked, or if a finding "
    "of professional misconduct is made against me.",
]
STATUS_WORDS = {
    Decision.APPROVED: "Approved",
    Decision.WAITING: "Waiting for staff",
    Decision.RETURNED: "Returned",
}
# Printing a PDF is heavy work: a limit per person keeps a loop from tying it up.
TRANSCRIPTS = PerAddress("certification-ce-transcripts", "ce-transcript", 20, 60 * 60)


def link_to(name: str, **kwargs: Any) -> str:
    """The address of a page another part of the certification provides, or "" while that
    part has none (so this page never breaks on a link it cannot make)."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def _day(day: datetime.date) -> str:
    return dateformat.format(day, "j F Y")


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _own_certification(request: AuthenticatedHttpRequest, certification_id: int) -> Certification:
    """The one way in to a certification from these pages: its holder's, or 404."""
    return get_object_or_404(
        Certification.objects.select_related("credential"),
        pk=certification_id,
        person=request.user,
    )


# --- where a certification stands ----------------------------------------------------------------


def grace_ends(certification: Certification) -> datetime.date:
    return certification.expires_on + datetime.timedelta(days=certification.credential.grace_days)


def standing_words(certification: Certification, today: datetime.date) -> str:
    """Where the certification stands, in a sentence for its holder."""
    standing = certification.standing(today)
    expires = _day(certification.expires_on)
    if standing == Standing.ACTIVE:
        return f"Active. Valid through {expires}."
    if standing == Standing.GRACE:
        last = grace_ends(certification)
        left = (last - today).days + 1
        if left == 1:
            when = f"today, {_day(last)}, is the last day to renew."
        else:
            when = f"{left} days left to renew, through {_day(last)}."
        return f"Expired on {expires}. You are in the renewal grace period: {when}"
    if standing == Standing.LAPSED:
        return (
            f"Lapsed. It expired on {expires} and the renewal grace period ended on "
            f"{_day(grace_ends(certification))}. The institute can reinstate it once you have "
            "the continuing-education hours of a full period: please get in touch."
        )
    reason = certification.status_reason.strip()
    said = f" The reason given: {reason}" if reason else ""
    if standing == Standing.SUSPENDED:
        return f"Suspended by the institute.{said}"
    return f"Revoked by the institute.{said}"


@dataclass
class CESummary:
    since: datetime.date
    approved: Decimal
    waiting: Decimal
    required: Decimal

    @property
    def still_needed(self) -> Decimal:
        return max(self.required - self.approved, ZERO)


def ce_summary(certification: Certification) -> CESummary:
    """The hours that count towards this certification's renewal, and those still waiting."""
    since = actions.period_start(certification)
    waiting = CECredit.objects.filter(
        person=certification.person_id,
        decision=Decision.WAITING,
        completed_on__gte=since,
        completed_on__lte=timezone.localdate(),
    ).aggregate(total=Sum("hours"))["total"]
    return CESummary(
        since=since,
        approved=actions.ce_hours_for_renewal(certification),
        waiting=Decimal(waiting or 0).quantize(Decimal("0.01")),
        required=certification.credential.ce_hours_required,
    )


def _renewal_row(certification: Certification, today: datetime.date) -> dict[str, Any]:
    standing = certification.standing(today)
    open_for_renewal = standing in (Standing.ACTIVE, Standing.GRACE)
    returned = certification.renewals.filter(
        period_end=certification.expires_on, decision=Decision.RETURNED
    ).first()
    last_renewed = (
        certification.renewals.filter(decision=Decision.APPROVED)
        .order_by("-decided_at", "-pk")
        .first()
    )
    problem = actions.renewal_problem(certification)
    return {
        "certification": certification,
        "credential": certification.credential,
        "standing": standing,
        "standing_label": standing.label,
        "standing_words": standing_words(certification, today),
        "renewal_problem": problem,
        "renew_url": ""
        if problem
        else reverse("certification:renew", kwargs={"certification_id": certification.pk}),
        "returned": returned,
        "last_renewed": last_renewed,
        "ce": ce_summary(certification) if open_for_renewal else None,
        # A suspended or revoked certificate is nothing to print or show as a badge.
        "certificate_url": ""
        if standing in (Standing.SUSPENDED, Standing.REVOKED)
        else link_to("certification:certificate_pdf", certification_id=certification.pk),
        "badge_url": ""
        if standing in (Standing.SUSPENDED, Standing.REVOKED)
        else link_to("certification:badge", certification_id=certification.pk),
    }


def _links(person: User) -> dict[str, str]:
    return {
        "listing_url": reverse("certification:my_listing")
        if directory.may_keep_a_listing(person)
        else "",
        "certification_home_url": link_to("certification:home"),
        "ledger_url": reverse("certification:ce_ledger"),
        "add_url": reverse("certification:ce_add"),
        "transcript_url": reverse("certification:transcript"),
    }


@role_required(*actions.PROFESSIONAL_ROLES)
def my_certifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    actions.credits_from_attendance(request.user)
    today = timezone.localdate()
    held = Certification.objects.filter(person=request.user).select_related("credential")
    context = {
        "rows": [_renewal_row(c, today) for c in held.order_by("-issued_on", "-pk")],
        **_links(request.user),
    }
    return render(request, "certification/holder/my_certifications.html", context)


# --- renewal -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def renew(request: AuthenticatedHttpRequest, certification_id: int) -> HttpResponse:
    certification = _own_certification(request, certification_id)
    actions.credits_from_attendance(request.user)
    expected = request.user.display_name
    status = 200
    if request.method == "POST":
        form = RenewalForm(request.POST, expected=expected)
        if form.is_valid():
            try:
                actions.submit_renewal(
                    certification=certification,
                    by=request.user,
                    typed_name=form.cleaned_data["name"],
                )
            except actions.Refused as refused:
                form.add_error(None, f"Your renewal could not be sent. {refused.message}")
            else:
                messages.success(
                    request,
                    f"Thank you: your renewal of {certification.credential.name} is sent. Staff "
                    "will look at it; their decision shows on this page.",
                )
                return redirect("certification:my_certifications")
        status = 400
    else:
        form = RenewalForm(expected=expected)
    today = timezone.localdate()
    problem = actions.renewal_problem(certification)
    context = {
        "certification": certification,
        "credential": certification.credential,
        "standing_words": standing_words(certification, today),
        "ethics_points": ETHICS_POINTS,
        "ce": ce_summary(certification),
        "problem": problem,
        "form": form,
        "returned": certification.renewals.filter(
            period_end=certification.expires_on, decision=Decision.RETURNED
        ).first(),
        **_links(request.user),
    }
    return render(request, "certification/holder/renew.html", context, status=status)


# --- the continuing-education ledger -------------------------------------------------------------


@dataclass
class Period:
    heading: str
    entries: list[dict[str, Any]] = field(default_factory=list)
    by_category: dict[str, Decimal] = field(default_factory=dict)
    approved: Decimal = ZERO
    waiting: Decimal = ZERO


def _anchor(person: User) -> Certification | None:
    """The certification whose renewal periods the ledger is read in: the one expiring last
    that is not revoked."""
    return (
        Certification.objects.filter(person=person)
        .exclude(status=Certification.Status.REVOKED)
        .select_related("credential")
        .order_by("-expires_on", "-pk")
        .first()
    )


def _period_for(
    day: datetime.date, anchor: Certification | None, periods: dict[Any, Period]
) -> Period:
    if anchor is None:
        if day.year not in periods:
            periods[day.year] = Period(heading=str(day.year))
        return periods[day.year]
    years = anchor.credential.valid_years
    end = anchor.expires_on
    start = actions.period_start(anchor)
    back = 0
    while day < start:
        end = start - datetime.timedelta(days=1)
        start = _years_before(start, years)
        back += 1
    if back not in periods:
        if back:
            heading = f"Earlier period: {_day(start)} to {_day(end)}"
        elif anchor.standing() == Standing.LAPSED:
            heading = f"Since {_day(start)}"
        elif timezone.localdate() > end:
            # After the expiry, hours still count towards this period's renewal.
            heading = f"Current renewal period: since {_day(start)} (expired on {_day(end)})"
        else:
            heading = f"Current renewal period: {_day(start)} to {_day(end)}"
        periods[back] = Period(heading=heading)
    return periods[back]


def _entry(credit: CECredit) -> dict[str, Any]:
    status = STATUS_WORDS.get(Decision(credit.decision), credit.decision)
    return {
        "credit": credit,
        "source": CECredit.Source(credit.source).label,
        "category": CECategory(credit.category).label,
        "status": status,
        "certificate_url": link_to("certification:document", document_id=credit.certificate_id)
        if credit.certificate_id
        else "",
    }


def ledger_periods(person: User) -> list[Period]:
    """The person's entries by renewal period (newest first), with each period's approved
    hours per category and in all, and the hours still waiting for staff."""
    anchor = _anchor(person)
    periods: dict[Any, Period] = {}
    credits = CECredit.objects.filter(person=person).order_by("-completed_on", "-pk")
    for credit in credits:
        period = _period_for(credit.completed_on, anchor, periods)
        period.entries.append(_entry(credit))
        if credit.decision == Decision.APPROVED:
            period.approved += credit.hours
            label = CECategory(credit.category).label
            period.by_category[label] = period.by_category.get(label, ZERO) + credit.hours
        elif credit.decision == Decision.WAITING:
            period.waiting += credit.hours
    ordered = sorted(periods.values(), key=lambda p: p.entries[0]["credit"].completed_on)
    for period in ordered:
        period.by_category = dict(sorted(period.by_category.items()))
    return list(reversed(ordered))


@role_required(*actions.PROFESSIONAL_ROLES)
def ce_ledger(request: AuthenticatedHttpRequest) -> HttpResponse:
    actions.credits_from_attendance(request.user)
    today = timezone.localdate()
    held = (
        Certification.objects.filter(person=request.user)
        .select_related("credential")
        .order_by("-expires_on", "-pk")
    )
    summaries = [
        (c, ce_summary(c)) for c in held if c.standing(today) in (Standing.ACTIVE, Standing.GRACE)
    ]
    context = {
        "summaries": summaries,
        "periods": ledger_periods(request.user),
        **_links(request.user),
    }
    return render(request, "certification/holder/ce_ledger.html", context)


@role_required(*actions.PROFESSIONAL_ROLES)
@require_http_methods(["GET", "POST"])
def ce_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = ExternalCreditForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                # A certificate refused with its course is not kept.
                with transaction.atomic():
                    certificate = documents.store(data["certificate"], owner=request.user)
                    actions.send_external_credit(
                        person=request.user,
                        title=data["title"],
                        provider=data["provider"],
                        category=data["category"],
                        hours=data["hours"],
                        completed_on=data["completed_on"],
                        certificate=certificate,
                    )
            except (actions.Refused, documents.DocumentRefused) as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(
                    request,
                    "Thank you: your course is sent. Institute staff will look at the "
                    "certificate; once they approve it, its hours count towards renewal.",
                )
                return redirect("certification:ce_ledger")
        status = 400
    else:
        form = ExternalCreditForm()
    return render(
        request,
        "certification/holder/ce_add.html",
        {"form": form, **_links(request.user)},
        status=status,
    )


# --- the transcript --------------------------------------------------------------------------


def transcript_context(person: User) -> dict[str, Any]:
    approved = list(
        CECredit.objects.filter(person=person, decision=Decision.APPROVED).order_by(
            "completed_on", "pk"
        )
    )
    by_category: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for credit in approved:
        by_category[CECategory(credit.category).label] += credit.hours
    today = timezone.localdate()
    # Only what a reader may rely on: certifications active today, never a reason or a lapse.
    active = (
        Certification.objects.filter(person=person)
        .active_on(today)
        .select_related("credential")
        .order_by("-issued_on", "-pk")
    )
    return {
        "issuer_name": ISSUER_NAME,
        "name": person.display_name,
        "entries": [_entry(credit) for credit in approved],
        "by_category": dict(sorted(by_category.items())),
        "total": sum((credit.hours for credit in approved), ZERO),
        "certifications": list(active),
        "issued_on": today,
    }


def transcript_html(person: User) -> str:
    return render_to_string("certification/holder/transcript_pdf.html", transcript_context(person))


@never_cache
@role_required(*actions.PROFESSIONAL_ROLES)
@require_GET
def transcript(request: AuthenticatedHttpRequest) -> HttpResponse:
    key = f"person:{request.user.pk}"
    wait = TRANSCRIPTS.seconds_to_wait(key)
    if wait:
        response = HttpResponse(
            "Too many transcripts in a short time. Please try again in a few minutes.",
            content_type="text/plain; charset=utf-8",
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    TRANSCRIPTS.count(key)
    actions.credits_from_attendance(request.user)
    response = HttpResponse(as_pdf(transcript_html(request.user)), content_type="application/pdf")
    # Never the person's name: downloads folders are shared too.
    response["Content-Disposition"] = 'attachment; filename="ce-transcript.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
