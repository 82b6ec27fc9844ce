"""What the certification's supervision part adds to shared places: "Supervision" in the
navigation of professionals who are approved supervisors or hold an agreement (as candidate
or supervisor)."""

from django.db.models import Q

from threecircles.accounts.models import User
from threecircles.accounts.registry import NavItem, register_nav
from threecircles.certification.actions import PROFESSIONAL_ROLES
from threecircles.certification.models import ApprovedSupervisor, SupervisionAgreement


def has_supervision(user: User) -> bool:
    # Runs on every page: the role first (free), then at most two indexed exists().
    if user.role not in PROFESSIONAL_ROLES:
        return False
    return (
        ApprovedSupervisor.objects.filter(person=user, active=True).exists()
        or SupervisionAgreement.objects.filter(
            Q(supervisor=user) | Q(candidacy__person=user)
        ).exists()
    )


def register() -> None:
    register_nav(NavItem("Supervision", "certification:supervision", 63, has_supervision))
