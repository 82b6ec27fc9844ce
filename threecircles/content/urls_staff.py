"""URLs of the public site's staff part (included by content/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
