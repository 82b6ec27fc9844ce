"""What network adds to the shared places: supporters on the client home, the supporter's
own pages in the navigation."""

from typing import Any

from django.http import HttpRequest

from threecircles.accounts.models import Role, User
from threecircles.accounts.registry import (
    Home,
    HomePanel,
    NavItem,
    has_role,
    register_invitation_handler,
    register_nav,
    register_panel,
)
from threecircles.network import places_groups, places_guidance, places_rhythm, places_support
from threecircles.network.actions import join_as_supporter
from threecircles.network.models import SupportMember, supports_someone


def is_supporter(user: User) -> bool:
    """Anyone who supports someone: a supporter account, or a person (a client, a clinician's
    colleague) who joined someone's network. Sharing within a group is seen on the group's
    page instead."""
    return user.role == Role.SUPPORTER or supports_someone(user)


def _my_supporters(request: HttpRequest, client: User) -> dict[str, Any]:
    members = SupportMember.objects.of_client(client).active().select_related("invitation")
    return {"supporters": members}


def _people_i_support(request: HttpRequest, client: User) -> dict[str, Any] | None:
    count = SupportMember.objects.supported_by(client).values("client").distinct().count()
    return {"count": count} if count else None


def register() -> None:
    register_nav(
        NavItem("People I support", "network:supporter_home", 15, is_supporter),
        NavItem("My supporters", "network:my_supporters", 30, has_role(Role.CLIENT)),
    )
    register_panel(
        HomePanel(
            Home.CLIENT, "supporters", "network/panels/my_supporters.html", 20, _my_supporters
        ),
        HomePanel(
            Home.CLIENT,
            "supporting",
            "network/panels/people_i_support.html",
            30,
            _people_i_support,
        ),
    )
    register_invitation_handler(Role.SUPPORTER, join_as_supporter)
    for part in (places_support, places_groups, places_rhythm, places_guidance):
        part.register()
