"""URLs of the certification's directory part (included by certification/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
