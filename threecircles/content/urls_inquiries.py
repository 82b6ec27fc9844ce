"""URLs of the public site's inquiries part (included by content/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
