"""The installable, offline-capable check-in: its web app manifest and its service worker.

Both are the same bytes for everyone and name no one, so both are public. Browsers fetch a
manifest without cookies, and a worker's update check must not be bounced to the sign-in page
(a redirected worker script fails to install), so neither asks who is there. What the worker
keeps on the device is the person's own check-in page, fetched with their own session, and the
sign-out script throws it away (static/js/sign-out.js).
"""

import hashlib
import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

# Brand colours from static/css/site.css.
BRAND = "#1f5f7a"
PAPER = "#ffffff"

# The files the check-in page needs to work with no connection (its page itself is added by
# the worker, fetched with the person's session).
SHELL = [
    "css/site.css",
    "js/drafts.js",
    "js/sign-out.js",
    "js/check-in-offline.js",
    "icons/check-in.svg",
    "icons/check-in-192.png",
    "icons/check-in-512.png",
]


def _scope() -> str:
    return reverse("recovery:today")


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """Lets a phone put the check-in on its home screen, opening as an app."""
    check_in = reverse("recovery:check_in")
    document = {
        "id": check_in,
        "name": "Three Circles check-in",
        "short_name": "Check in",
        "description": "Your daily check-in, in under a minute, even without a connection.",
        "start_url": check_in,
        "scope": _scope(),
        "display": "standalone",
        "background_color": PAPER,
        "theme_color": BRAND,
        "icons": [
            {"src": static("icons/check-in.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("icons/check-in-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/check-in-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    return JsonResponse(document, content_type="application/manifest+json")


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from /recovery/ so that its scope covers the check-in page."""
    shell = [static(path) for path in SHELL]
    # Hashed static names change with each release, so the cache's name does too and the
    # worker's activation drops the previous release's files.
    version = hashlib.sha256(json.dumps(shell).encode()).hexdigest()[:12]
    context = {
        "config": json.dumps(
            {
                "cache": f"threecircles-check-in-{version}",
                "checkIn": reverse("recovery:check_in"),
                "shell": shell,
            }
        ),
    }
    response = render(
        request, "recovery/offline/sw.js", context, content_type="text/javascript; charset=utf-8"
    )
    # The browser checks for a new worker on every visit; never answer from a cache.
    response["Cache-Control"] = "no-store"
    return response
