"""URLs of the events' registration part (included by events/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
