"""The installable, offline-capable check-in: manifest and service worker (included by
recovery/urls.py at its root)."""

from django.urls import path

from threecircles.recovery import views_offline

urlpatterns = [
    path("manifest.webmanifest", views_offline.manifest, name="manifest"),
    # At the root of /recovery/, so the worker's scope covers the check-in page.
    path("sw.js", views_offline.service_worker, name="service_worker"),
]
