"""What the certification's candidate part adds to shared places: "Certification" in the
navigation of professionals (clinicians, supervisors, institute members)."""

from threecircles.accounts.registry import NavItem, register_nav
from threecircles.certification.actions import PROFESSIONAL_ROLES


def register() -> None:
    register_nav(
        NavItem("Certification", "certification:home", 62, lambda u: u.role in PROFESSIONAL_ROLES)
    )
