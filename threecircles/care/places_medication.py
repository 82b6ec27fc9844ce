"""What the medication part of care adds to the shared places: a panel on the client record
for the care team, and "My medication" on the client's home."""

from typing import Any

from django.http import HttpRequest

from threecircles.accounts.models import User
from threecircles.accounts.registry import Home, HomePanel, register_panel
from threecircles.care.models import Medication


def _lists(client: User) -> dict[str, Any]:
    # `client` was fetched (and the visit logged) by the page the panel sits on.
    rows = list(Medication.objects.for_client(client.pk).select_related("prescriber"))
    return {
        "client": client,
        "current": [m for m in rows if m.stopped_on is None],
        "past": [m for m in rows if m.stopped_on is not None],
    }


def _record(request: HttpRequest, client: User) -> dict[str, Any]:
    return _lists(client)


def _mine(request: HttpRequest, client: User) -> dict[str, Any] | None:
    """Shown once there is something to show."""
    lists = _lists(client)
    return lists if lists["current"] or lists["past"] else None


def register() -> None:
    register_panel(
        HomePanel(Home.RECORD, "care-medication", "care/medication/panel.html", 27, _record),
        HomePanel(Home.CLIENT, "care-medication", "care/medication/mine.html", 27, _mine),
    )
