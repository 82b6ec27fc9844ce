"""What the calendar part of care adds to the shared places: "My calendar" in the navigation
of clients and clinicians."""

from threecircles.accounts.registry import NavItem, register_nav
from threecircles.care.calendar import has_calendar


def register() -> None:
    register_nav(NavItem("My calendar", "care:calendar_week", 34, has_calendar))
