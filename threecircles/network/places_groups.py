"""What the groups part of network adds to the shared places: "My groups" in the navigation,
and the client's open invitations on their home."""

from typing import Any

from django.http import HttpRequest

from threecircles.accounts.models import User
from threecircles.accounts.registry import (
    Home,
    HomePanel,
    NavItem,
    register_erasure_hook,
    register_nav,
    register_panel,
)
from threecircles.network.groups import leave_every_group, shows_groups_in_nav
from threecircles.network.models import GroupMembership


def _invitations(request: HttpRequest, client: User) -> dict[str, Any] | None:
    invitations = list(
        GroupMembership.objects.pending()
        .filter(person=client, group__ended_at__isnull=True)
        .select_related("group", "group__facilitator")
    )
    return {"invitations": invitations} if invitations else None


def register() -> None:
    register_nav(NavItem("My groups", "network:group_list", 32, shows_groups_in_nav))
    register_panel(
        HomePanel(
            Home.CLIENT,
            "group-invitations",
            "network/groups/panel_invitations.html",
            25,
            _invitations,
        )
    )
    register_erasure_hook("network-groups", leave_every_group)
