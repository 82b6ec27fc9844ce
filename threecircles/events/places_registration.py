"""What the events' registration part adds to shared places (links, panels)."""

from threecircles.accounts.models import User
from threecircles.accounts.registry import NavItem, register_nav


def has_registered(user: User) -> bool:
    # Only people who registered for an event see the link; nobody else needs it.
    return user.event_registrations.exists()


def register() -> None:
    register_nav(NavItem("My events", "events:my_events", 60, has_registered))
