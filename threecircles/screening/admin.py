"""Administrators keep the jurisdiction table and the provider directory here; nothing
clinical is registered."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from threecircles.screening.models import Provider, ReportingRule


@admin.register(ReportingRule)
class ReportingRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["jurisdiction", "category", "report_to", "deadline", "legal_citation"]
    list_filter = ["jurisdiction", "category"]
    search_fields = ["jurisdiction", "what_must_be_reported", "legal_citation"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "practice", "phone", "email"]
    list_filter = ["kind", "practice"]
    search_fields = ["name"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting would list the referrals made to the provider, and so name clients.
        return False
