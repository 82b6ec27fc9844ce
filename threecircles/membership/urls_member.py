"""URLs of the membership's member part (included by membership/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
