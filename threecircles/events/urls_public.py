"""URLs of the events' public part (included by events/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
