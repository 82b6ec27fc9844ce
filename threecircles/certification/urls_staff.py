"""URLs of the certification's staff part (included by certification/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
