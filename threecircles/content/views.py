"""Public pages: anyone may open them, signed in or not."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def public_home(request: HttpRequest) -> HttpResponse:
    return render(request, "content/public_home.html")


def crisis(request: HttpRequest) -> HttpResponse:
    return render(request, "content/crisis.html")
