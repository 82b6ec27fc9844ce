"""URLs of the events' staff part (included by events/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
