"""Certificates anyone can check: the public page of a verification code, the form to type
one, and what a verifier of an Open Badge fetches (the issuer, its keys and the revocation
list); for the holder alone, the certificate as a PDF and as a signed Open Badge.

The page of a code shows the holder's name as printed, the credential, the certificate number,
its standing and its dates, and nothing else. Codes are 130 random bits, and one connection
may try only a few unknown codes an hour: past that, every look-up from it is refused for a
while (refusing only the unknown ones would tell a guesser which codes exist).
"""

import math
from typing import Any

import segno
from allauth.account.adapter import get_adapter
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from threecircles.accounts.http import AuthenticatedHttpRequest
from threecircles.certification import badges
from threecircles.certification.forms_verify import VerifyForm, is_well_formed, normalise_code
from threecircles.certification.models import Certification, Standing
from threecircles.events.pdf import as_pdf
from threecircles.lib.ratelimit import PerAddress

UNKNOWN_CODES = PerAddress("certificate-unknown-codes", "certificate-verify", 30, 60 * 60)
CERTIFICATE_DOWNLOADS = PerAddress(
    "certification-pdf-downloads", "certification-pdf-download", 20, 60 * 60
)

# One plain sentence for each standing, under its name.
MEANINGS = {
    Standing.ACTIVE: "The certification is current.",
    Standing.GRACE: (
        "The expiry date has passed. The holder may still renew during the grace period."
    ),
    Standing.LAPSED: "The certification has expired and was not renewed.",
    Standing.SUSPENDED: "The institute has suspended this certification for now.",
    Standing.REVOKED: "The institute has withdrawn this certification.",
}


def _address(request: HttpRequest) -> str:
    address: str = get_adapter(request).get_client_ip(request)
    return address


def _too_many(request: HttpRequest, wait: int, form: VerifyForm | None = None) -> HttpResponse:
    """429; on the form, with what was typed kept."""
    template = "certification/verify/form.html" if form else "certification/verify/too_many.html"
    context = {"minutes": max(1, math.ceil(wait / 60)), "form": form}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(wait)
    return response


def _noindex(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    return response


# --- the public pages --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def verify_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "certification/verify/form.html", {"form": VerifyForm()})
    form = VerifyForm(request.POST)
    # The look-up itself is on the code's page and counted there; a connection already
    # refused there is refused here too, with what it typed kept.
    wait = UNKNOWN_CODES.seconds_to_wait(_address(request))
    if wait:
        return _too_many(request, wait, form)
    if not form.is_valid():
        return render(request, "certification/verify/form.html", {"form": form}, status=400)
    return redirect("certification:verify", code=form.cleaned_data["code"])


@never_cache
@require_safe
def verify(request: HttpRequest, code: str) -> HttpResponse:
    normalised = normalise_code(code)
    if normalised != code and is_well_formed(normalised):
        return redirect("certification:verify", code=normalised)
    address = _address(request)
    wait = UNKNOWN_CODES.seconds_to_wait(address)
    if wait:
        return _noindex(_too_many(request, wait))
    found = None
    if is_well_formed(code):
        found = (
            Certification.objects.select_related("credential")
            .filter(verification_code=code)
            .first()
        )
    if found is None:
        UNKNOWN_CODES.count(address)
        return _noindex(render(request, "certification/verify/unknown.html", status=404))
    today = timezone.localdate()
    standing = found.standing(today)
    context = {
        "certification": found,
        "standing": standing,
        "meaning": MEANINGS[standing],
        "today": today,
    }
    return _noindex(render(request, "certification/verify/certificate.html", context))


# --- what a verifier of an Open Badge fetches --------------------------------------------------


def _for_any_site(response: HttpResponse) -> HttpResponse:
    # Public, and read by verifiers running in other sites' pages.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@cache_control(public=True, max_age=badges.STATUS_LIST_SECONDS)
def issuer(request: HttpRequest) -> HttpResponse:
    return _for_any_site(JsonResponse(badges.issuer_profile()))


@require_safe
@cache_control(public=True, max_age=badges.STATUS_LIST_SECONDS)
def jwks(request: HttpRequest) -> HttpResponse:
    return _for_any_site(JsonResponse(badges.jwks()))


@require_safe
@cache_control(public=True, max_age=badges.STATUS_LIST_SECONDS)
def status_list(request: HttpRequest) -> HttpResponse:
    token = badges.status_list_credential()
    return _for_any_site(HttpResponse(token, content_type=badges.MEDIA_TYPE))


# --- the holder's certificate ------------------------------------------------------------------


def _held(request: AuthenticatedHttpRequest, certification_id: int) -> Certification:
    """The signed-in person's own certification; a suspended or revoked one is nothing to
    print or to show as a badge (a suspended one comes back when it is reinstated)."""
    return get_object_or_404(
        Certification.objects.select_related("credential").filter(
            status=Certification.Status.VALID
        ),
        pk=certification_id,
        person=request.user,
    )


def qr_svg(url: str) -> SafeString:
    """The verify address as a QR code, inline SVG (markup only, no script)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", svgclass="certificate-qr-code", omitsize=True
    )
    labelled = svg.replace(
        "<svg ", '<svg role="img" aria-label="QR code of the verification address" ', 1
    )
    # segno's own markup around our own address of URL-safe characters: nothing typed.
    return mark_safe(labelled)  # noqa: S308


def grouped(code: str) -> str:
    """The code in groups of four, easier to read out and type from paper."""
    return " ".join(code[start : start + 4] for start in range(0, len(code), 4))


def certificate_context(certification: Certification) -> dict[str, Any]:
    url = badges.verify_url(certification)
    return {
        "certification": certification,
        "credential": certification.credential,
        "issuer_name": badges.ISSUER_NAME,
        "code": grouped(certification.verification_code),
        "verify_url": url,
        "verify_form_url": badges.absolute(reverse("certification:verify_form")),
        "qr": qr_svg(url),
    }


def certificate_html(certification: Certification) -> str:
    return render_to_string(
        "certification/verify/certificate_pdf.html", certificate_context(certification)
    )


@never_cache
@login_required
@require_GET
def certificate_pdf(request: AuthenticatedHttpRequest, certification_id: int) -> HttpResponse:
    certification = _held(request, certification_id)
    # Printing a PDF is heavy work: a limit per connection keeps a loop from tying it up.
    address = _address(request)
    wait = CERTIFICATE_DOWNLOADS.seconds_to_wait(address)
    if wait:
        response = HttpResponse(
            "Too many downloads from this connection. Please try again in a few minutes.",
            content_type="text/plain; charset=utf-8",
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    CERTIFICATE_DOWNLOADS.count(address)
    response = HttpResponse(as_pdf(certificate_html(certification)), content_type="application/pdf")
    # The credential and number, never the person's name: downloads folders are shared too.
    filename = f"certificate-{slugify(certification.number)}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@login_required
@require_GET
def badge(request: AuthenticatedHttpRequest, certification_id: int) -> HttpResponse:
    certification = _held(request, certification_id)
    response = HttpResponse(badges.signed_credential(certification), content_type=badges.MEDIA_TYPE)
    filename = f"open-badge-{certification.verification_code}.jwt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
