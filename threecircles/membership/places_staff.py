"""What the membership's staff part adds to shared places: on the staff home, the
applications waiting for a decision, the renewals due within 30 days and the memberships in
their grace period."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.accounts.registry import Home, HomePanel, register_panel
from threecircles.membership.forms_staff import RENEWING, with_standing
from threecircles.membership.models import Membership, Standing


def _membership(request: HttpRequest, person: User) -> dict[str, Any]:
    today = timezone.localdate()
    memberships = Membership.objects.all()
    return {
        "applications": memberships.filter(status=Membership.Status.APPLIED).count(),
        "renewals_due": with_standing(memberships, RENEWING, today).count(),
        "in_grace": with_standing(memberships, Standing.GRACE, today).count(),
    }


def register() -> None:
    register_panel(
        HomePanel(Home.STAFF, "membership-staff", "membership/staff/panel.html", 40, _membership)
    )
