"""Public pages: anyone may open them, signed in or not."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse


def _url_or_path(name: str, path: str) -> str:
    """Another part's page, by its name once it has one, else by the path it will have."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return path


def public_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "content/public_home.html",
        {
            "knowledge_url": _url_or_path("content:article_list", "/knowledge/"),
            "contact_url": _url_or_path("content:contact", "/contact/"),
        },
    )


def crisis(request: HttpRequest) -> HttpResponse:
    return render(request, "content/crisis.html")
