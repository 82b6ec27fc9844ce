"""What privacy adds to the shared places: the client's home and access log, emergency
access and second-factor resets for administrators."""

from datetime import timedelta
from typing import Any

from django.conf import settings
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
from threecircles.privacy.models import AccessEvent, Grant, SecondFactorReset
from threecircles.privacy.tasks import prune_finished_tasks, write_access_log_anchor


def _access_panel(request: HttpRequest, client: User) -> dict[str, Any]:
    return {
        "views_by_others": AccessEvent.objects.by_others(client.pk).count(),
        "break_glass": Grant.objects.break_glass().filter(client=client)[:3],
    }


def _emergency_panel(request: HttpRequest, admin: User) -> dict[str, Any]:
    active = Grant.objects.break_glass().active().filter(grantee=admin).select_related("client")
    return {"active": active[:10]}


def _resets_panel(request: HttpRequest, admin: User) -> dict[str, Any]:
    return {"waiting": SecondFactorReset.objects.open().count()}


def register() -> None:
    register_nav(
        NavItem("Home", "client_home", 10, has_role(Role.CLIENT)),
        NavItem("Who has seen my record", "privacy:my_access_log", 80, has_role(Role.CLIENT)),
        NavItem("Emergency access", "privacy:break_glass_list", 20, has_role(Role.ADMIN)),
        NavItem(
            "Second-factor resets",
            "privacy:second_factor_resets",
            30,
            has_role(Role.ADMIN, Role.SUPERVISOR),
        ),
    )
    register_panel(
        HomePanel(Home.CLIENT, "access", "privacy/panels/access.html", 90, _access_panel),
        HomePanel(
            Home.ADMIN, "emergency", "privacy/panels/admin_emergency.html", 10, _emergency_panel
        ),
        HomePanel(Home.ADMIN, "resets", "privacy/panels/admin_resets.html", 20, _resets_panel),
    )
    schedule.register(
        schedule.Recurring(
            "prune finished jobs",
            every=timedelta(days=1),
            task=prune_finished_tasks,
            offset=timedelta(hours=3),
        )
    )
    schedule.register(
        schedule.Recurring(
            "access-log anchor",
            every=timedelta(minutes=settings.ACCESS_LOG_ANCHOR_MINUTES),
            task=write_access_log_anchor,
        )
    )
