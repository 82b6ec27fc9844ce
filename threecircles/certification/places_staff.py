"""What the certification's staff part adds to shared places: on the staff home, the counts
of what waits for staff, linking to the queues."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.accounts.registry import Home, HomePanel, register_panel


def _certification(request: HttpRequest, person: User) -> dict[str, Any]:
    from threecircles.certification.views_staff import queues

    found = queues(timezone.localdate())
    return {
        "waiting": found.waiting,
        "evidence": found.evidence_count,
        "quizzes": len(found.quizzes),
        "gate_open": len(found.gate_open),
        "under_review": len(found.under_review),
        "renewals": len(found.renewals),
        "credits": len(found.credits),
        "disputes": len(found.disputes),
    }


def register() -> None:
    register_panel(
        HomePanel(
            Home.STAFF, "certification-staff", "certification/staff/panel.html", 45, _certification
        )
    )
