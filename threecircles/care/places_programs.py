"""What the programs part of care adds to the shared places: "Programs" in the clinicians'
navigation, "Therapy hours" on the client record and "My week" on the client's home."""

from typing import Any

from django.http import HttpRequest

from threecircles.accounts.models import CLINICAL_ROLES, User
from threecircles.accounts.registry import Home, HomePanel, NavItem, register_nav, register_panel
from threecircles.care.programs import week_summary


def _is_clinical(user: User) -> bool:
    return user.role in CLINICAL_ROLES


def _week(request: HttpRequest, client: User) -> dict[str, Any] | None:
    """Shown once the client is in a program or has a session this week. `client` was
    fetched (and the visit logged) by the page the panel sits on."""
    summary = week_summary(client)
    return summary if summary["current"] or summary["past"] or summary["entries"] else None


def register() -> None:
    register_nav(NavItem("Programs", "care:program_list", 15, _is_clinical))
    register_panel(
        HomePanel(Home.RECORD, "care-hours", "care/programs/record_panel.html", 29, _week),
        HomePanel(Home.CLIENT, "care-my-week", "care/programs/mine_panel.html", 29, _week),
    )
