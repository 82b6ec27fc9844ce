"""The recovery-task workbook's pages (included by recovery/urls.py under workbook/)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
