"""URLs of the membership's staff part (included by membership/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
