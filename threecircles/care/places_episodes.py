"""What the episodes part of care adds to the shared places: the episodes panel on the
client's record (with admission for the care team) and a link to the client's care history."""

from typing import Any

from django.http import HttpRequest

from threecircles.accounts.models import User
from threecircles.accounts.registry import Home, HomePanel, register_panel
from threecircles.care.episodes import admission_practices
from threecircles.care.models import Episode


def _record_panel(request: HttpRequest, client: User) -> dict[str, Any] | None:
    """`client` was fetched (and the visit logged) by the record page."""
    viewer = request.user
    if not isinstance(viewer, User) or not viewer.is_clinical:
        return None
    episodes = list(
        Episode.objects.filter(client=client)
        .select_related("practice")
        .order_by("-started_on", "-pk")
    )
    mine = set(viewer.practice_memberships.values_list("practice_id", flat=True))
    open_at = {episode.practice_id for episode in episodes if episode.is_open}
    admissible = [
        practice
        for practice in admission_practices(client=client, clinician=viewer)
        if practice.pk not in open_at
    ]
    return {
        "client": client,
        "rows": [
            {"episode": episode, "manage": episode.practice_id in mine} for episode in episodes
        ],
        "can_admit": bool(admissible),
    }


def _history_link(request: HttpRequest, client: User) -> dict[str, Any]:
    return {}


def register() -> None:
    register_panel(
        HomePanel(Home.RECORD, "episodes", "care/panels/episodes_record.html", 5, _record_panel),
        HomePanel(
            Home.CLIENT,
            "care_history",
            "care/panels/episodes_history_link.html",
            11,
            _history_link,
        ),
    )
