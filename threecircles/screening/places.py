"""What screening adds to the shared places."""

from datetime import timedelta
from typing import Any

from django.http import HttpRequest

from threecircles.accounts.models import CLINICAL_ROLES, Role, User
from threecircles.accounts.registry import (
    Home,
    HomePanel,
    NavItem,
    has_role,
    register_nav,
    register_panel,
    register_urgent_alert,
)
from threecircles.lib import schedule
from threecircles.screening.actions import CLINICIAN_ONLY, raise_alert_from
from threecircles.screening.models import Administration
from threecircles.screening.tasks import send_due_measures_task


def _waiting(request: HttpRequest, client: User) -> dict[str, Any] | None:
    waiting = (
        Administration.objects.for_client(client.pk)
        .open()
        .exclude(instrument__in=CLINICIAN_ONLY)
        .count()
    )
    return {"waiting": waiting} if waiting else None


def register() -> None:
    register_nav(
        NavItem("Questionnaires", "screening:my_questionnaires", 20, has_role(Role.CLIENT)),
        NavItem("Providers", "screening:providers", 30, lambda user: user.role in CLINICAL_ROLES),
        NavItem(
            "Licensed instruments",
            "screening:licensed_text",
            40,
            has_role(Role.SUPERVISOR, Role.STAFF),
        ),
    )
    register_panel(
        HomePanel(
            Home.CLIENT,
            "questionnaires",
            "screening/panels/questionnaires_waiting.html",
            5,
            _waiting,
        )
    )
    register_urgent_alert(raise_alert_from)
    # Daily, early in the morning (UTC); sending twice on one day sends nothing twice.
    schedule.register(
        schedule.Recurring(
            "send due measures",
            every=timedelta(days=1),
            task=send_due_measures_task,
            offset=timedelta(hours=6, minutes=15),
        )
    )
