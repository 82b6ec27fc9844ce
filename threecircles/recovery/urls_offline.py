"""The installable, offline-capable check-in: manifest and service worker (included by
recovery/urls.py at its root)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
