"""What care adds to the shared places: the caseload, and "your care" on the client home."""

from typing import Any

from django.http import HttpRequest

from threecircles.accounts.models import CLINICAL_ROLES, Role, User
from threecircles.accounts.registry import (
    Home,
    HomePanel,
    NavItem,
    register_invitation_handler,
    register_nav,
    register_panel,
)
from threecircles.care import (
    places_calendar,
    places_diagnoses,
    places_episodes,
    places_family,
    places_medication,
    places_notes,
    places_plans,
    places_programs,
)
from threecircles.care.actions import join_care_team_from_invitation
from threecircles.care.models import Episode
from threecircles.privacy.models import Grant


def _is_clinical(user: User) -> bool:
    return user.role in CLINICAL_ROLES


def _my_care(request: HttpRequest, client: User) -> dict[str, Any]:
    return {
        "client": client,
        "episode": Episode.objects.filter(client=client)
        .open()
        .select_related("practice")
        .order_by("-started_on", "-pk")
        .first(),
        "care_team": Grant.objects.care_team_of(client),
    }


def register() -> None:
    register_nav(
        NavItem("Caseload", "care:caseload", 10, _is_clinical),
        NavItem("Invite a client", "care:invite_client", 20, _is_clinical),
    )
    register_panel(HomePanel(Home.CLIENT, "care", "care/panels/my_care.html", 10, _my_care))
    register_invitation_handler(Role.CLIENT, join_care_team_from_invitation)
    for part in (
        places_episodes,
        places_diagnoses,
        places_medication,
        places_plans,
        places_programs,
        places_calendar,
        places_notes,
        places_family,
    ):
        part.register()
