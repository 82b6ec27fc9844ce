"""What support requests add to the shared places: "I need support" in the client's
navigation and on their home, the requests on the supporter's page for a client who shares
them, and the job that asks the next people when nobody answered."""

from datetime import timedelta
from typing import Any

from django.http import HttpRequest

from threecircles.accounts.models import Role, User
from threecircles.accounts.registry import (
    Home,
    HomePanel,
    NavItem,
    has_role,
    register_nav,
    register_panel,
)
from threecircles.lib import schedule
from threecircles.network.models import SupportNotice, SupportRequest
from threecircles.network.support import client_clock, escalate_support_requests_task
from threecircles.privacy.models import Scope

RECENT = 5


def _client_panel(request: HttpRequest, client: User) -> dict[str, Any]:
    found = SupportRequest.objects.for_client(client.pk).open().first()
    return {
        "open_request": found,
        "asked_at": client_clock(client, found.created_at) if found else None,
    }


def _supporting_panel(request: HttpRequest, client: User) -> dict[str, Any]:
    """The client's recent requests that asked this supporter; `client` was read through the
    support-requests grant by the supporter's page."""
    notices = (
        SupportNotice.objects.filter(person_id=request.user.pk, request__client=client)
        .select_related("request")
        .order_by("-notified_at", "-pk")[:RECENT]
    )
    rows = [
        {"notice": notice, "asked_at": client_clock(client, notice.request.created_at)}
        for notice in notices
    ]
    return {"client": client, "rows": rows}


def register() -> None:
    register_nav(NavItem("I need support", "network:support_now", 16, has_role(Role.CLIENT)))
    register_panel(
        HomePanel(
            Home.CLIENT, "support-now", "network/support/panels/client.html", 2, _client_panel
        ),
        HomePanel(
            Home.SUPPORTING,
            "network-support_requests",
            "network/support/panels/supporting.html",
            10,
            _supporting_panel,
            scope=Scope.SUPPORT_REQUESTS,
        ),
    )
    schedule.register(
        schedule.Recurring(
            "support requests", every=timedelta(minutes=1), task=escalate_support_requests_task
        )
    )
