"""URLs of the certification's candidate part (included by certification/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
