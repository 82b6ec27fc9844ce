"""What accounts adds to the shared places."""

from threecircles.accounts.models import Role
from threecircles.accounts.registry import NavItem, has_role, register_nav


def register() -> None:
    register_nav(
        NavItem("Administration", "admin_home", 10, has_role(Role.ADMIN)),
        NavItem("Institute", "staff_home", 10, has_role(Role.STAFF)),
        NavItem("Account security", "mfa_index", 90, lambda user: True),
    )
