"""What the plans part of care adds to the shared places: the plan on the client record for
the care team, and "My treatment plan" on the client's home (with the acknowledgement while
the current version is unacknowledged)."""

from typing import Any

from django.http import HttpRequest

from threecircles.accounts.models import User
from threecircles.accounts.registry import Home, HomePanel, register_panel
from threecircles.care import plans
from threecircles.care.forms_plans import AcknowledgeForm


def _record(request: HttpRequest, client: User) -> dict[str, Any]:
    # `client` was fetched (and the visit logged) by the page the panel sits on.
    plan = plans.current_plan(client)
    return {
        "client": client,
        "plan": plan,
        "content": plans.readable(client, plans.content_of(plan)),
    }


def _mine(request: HttpRequest, client: User) -> dict[str, Any] | None:
    """Shown once the care team has written a plan."""
    plan = plans.current_plan(client)
    if plan is None:
        return None
    return {
        "client": client,
        "plan": plan,
        "acknowledge_form": AcknowledgeForm(expected=client.display_name),
    }


def register() -> None:
    register_panel(
        HomePanel(Home.RECORD, "care-plan", "care/plans/panel.html", 28, _record),
        HomePanel(Home.CLIENT, "care-plan", "care/plans/mine.html", 28, _mine),
    )
