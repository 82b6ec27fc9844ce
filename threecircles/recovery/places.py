"""What recovery adds to the shared places: the client's navigation and home, the safety plan
one tap from every client page, the record the care team sees, the supporter's sections (one
per scope), and the recurring reminders."""

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
    register_quick_link,
)
from threecircles.lib import schedule
from threecircles.privacy.access import is_preview, supporter_grant
from threecircles.privacy.models import Scope
from threecircles.recovery import places_workbook, summary
from threecircles.recovery.actions import current_plan, progress_for, today_for
from threecircles.recovery.models import CheckIn
from threecircles.recovery.tasks import send_due_reminders

is_client = has_role(Role.CLIENT)


def _today(request: HttpRequest, client: User) -> dict[str, Any]:
    day = today_for(client)
    return {
        "progress": progress_for(client, day),
        "checked_in": CheckIn.objects.for_client(client.pk).filter(day=day).exists(),
        "plan": current_plan(client),
    }


def _record(request: HttpRequest, client: User) -> dict[str, Any] | None:
    if getattr(request.user, "role", None) not in CLINICAL_ROLES:
        return None
    return summary.record_summary(client)


def _invitation_of(request: HttpRequest, client: User, scope: str) -> int | None:
    grant = supporter_grant(request, client, scope)
    return grant.invitation_id if grant else None


def _sobriety(request: HttpRequest, client: User) -> dict[str, Any]:
    return {"client": client, "progress": progress_for(client)}


def _checkins(request: HttpRequest, client: User) -> dict[str, Any]:
    return {"client": client, "regularity": summary.check_in_regularity(client)}


def _slips(request: HttpRequest, client: User) -> dict[str, Any]:
    told = summary.slips_told_to(client, _invitation_of(request, client, Scope.SLIPS))
    return {"client": client, "slips": told, "reviews": False}


def _slip_reviews(request: HttpRequest, client: User) -> dict[str, Any]:
    told = summary.slips_told_to(client, _invitation_of(request, client, Scope.SLIP_REVIEWS))
    return {"client": client, "slips": [s for s in told if s.reviewed_at], "reviews": True}


def _middle(request: HttpRequest, client: User) -> dict[str, Any]:
    days = summary.middle_circle_days(client)
    last_week = summary.middle_circle_days(client, 7)
    return {"client": client, "days": days, "warning": len(last_week) >= 3}


def _plan(request: HttpRequest, client: User) -> dict[str, Any]:
    grant = supporter_grant(request, client, Scope.PLAN)
    plan = current_plan(client)
    return {
        "client": client,
        "plan": plan,
        "preview": is_preview(request),
        "may_cosign": bool(
            grant and grant.role == "sponsor" and plan and plan.signed_at and not plan.cosigned_at
        ),
    }


def _milestones(request: HttpRequest, client: User) -> dict[str, Any]:
    return {"client": client, "progress": progress_for(client)}


SUPPORTER_SECTIONS = [
    (Scope.SOBRIETY, "recovery/panels/sobriety.html", _sobriety),
    (Scope.CHECKINS, "recovery/panels/checkins.html", _checkins),
    (Scope.SLIPS, "recovery/panels/slips.html", _slips),
    (Scope.SLIP_REVIEWS, "recovery/panels/slips.html", _slip_reviews),
    (Scope.MIDDLE_CIRCLE, "recovery/panels/middle.html", _middle),
    (Scope.PLAN, "recovery/panels/plan.html", _plan),
    (Scope.MILESTONES, "recovery/panels/milestones.html", _milestones),
]


def register() -> None:
    register_nav(
        NavItem("My recovery", "recovery:today", 12, is_client),
        NavItem("Check in", "recovery:check_in", 14, is_client),
    )
    register_quick_link(NavItem("My safety plan", "recovery:safety_plan", 10, is_client))
    register_panel(
        HomePanel(Home.CLIENT, "recovery", "recovery/panels/today.html", 1, _today),
        HomePanel(Home.RECORD, "recovery", "recovery/panels/record.html", 20, _record),
        *(
            HomePanel(Home.SUPPORTING, f"recovery-{scope}", template, 10, context, scope=scope)
            for scope, template, context in SUPPORTER_SECTIONS
        ),
    )
    schedule.register(
        schedule.Recurring("reminders", every=timedelta(minutes=5), task=send_due_reminders)
    )
    places_workbook.register()
