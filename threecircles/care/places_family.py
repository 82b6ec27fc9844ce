"""What the family part of care adds to the shared places: a "Family and collateral" panel on
the client record for the care team, the releases waiting on the client's home, and "Family
sessions" in the navigation of people who take part in someone's family sessions, or are asked
to."""

from typing import Any

from django.http import HttpRequest

from threecircles.accounts.models import User
from threecircles.accounts.registry import Home, HomePanel, NavItem, register_nav, register_panel
from threecircles.care.family import has_family_page, status_of
from threecircles.care.models import CollateralParticipant, Release
from threecircles.recovery.actions import today_for


def _record(request: HttpRequest, client: User) -> dict[str, Any]:
    # `client` was fetched (and the visit logged) by the page the panel sits on.
    return {
        "client": client,
        "participants": list(CollateralParticipant.objects.filter(client=client)),
    }


def _mine(request: HttpRequest, client: User) -> dict[str, Any] | None:
    """Releases the client may still sign or revoke; hidden when there are none."""
    today = today_for(client)
    releases = [
        (release, status_of(release, today))
        for release in Release.objects.filter(
            client=client, revoked_at__isnull=True, expires_on__gte=today
        ).select_related("participant")
    ]
    return {"client": client, "releases": releases} if releases else None


def register() -> None:
    register_nav(NavItem("Family sessions", "care:family_mine", 65, has_family_page))
    register_panel(
        HomePanel(Home.RECORD, "care-family", "care/family/panel.html", 32, _record),
        HomePanel(Home.CLIENT, "care-family", "care/family/releases.html", 32, _mine),
    )
