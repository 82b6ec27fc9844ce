"""What the diagnoses part of care adds to the shared places: a panel on the client record
(the care team's view; the record page shows panels only to clinicians)."""

from typing import Any

from django.http import HttpRequest

from threecircles.accounts.models import User
from threecircles.accounts.registry import Home, HomePanel, register_panel
from threecircles.care.models import Diagnosis


def _record(request: HttpRequest, client: User) -> dict[str, Any]:
    # `client` was fetched (and the visit logged) by the record page.
    rows = list(Diagnosis.objects.for_client(client.pk).select_related("clinician"))
    return {
        "client": client,
        "current": [d for d in rows if d.resolved_on is None],
        "past": [d for d in rows if d.resolved_on is not None],
    }


def register() -> None:
    register_panel(
        HomePanel(Home.RECORD, "care-diagnoses", "care/diagnoses/panel.html", 26, _record)
    )
