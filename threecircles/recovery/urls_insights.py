"""The insights pages (included by recovery/urls.py under insights/)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
