"""What the rhythm part of network adds to the shared places: the supporter's weekly summary
and the client's accountability settings in the navigation, and the two hourly jobs."""

from datetime import timedelta

from threecircles.accounts.models import Role
from threecircles.accounts.registry import NavItem, has_role, register_nav
from threecircles.lib import schedule
from threecircles.network.rhythm import (
    in_a_support_network,
    missed_checkins_job,
    weekly_summaries_job,
)


def register() -> None:
    register_nav(
        NavItem("Weekly summary", "network:rhythm_weekly", 16, in_a_support_network),
        NavItem("Accountability", "network:rhythm_settings", 32, has_role(Role.CLIENT)),
    )
    schedule.register(
        schedule.Recurring("weekly summaries", every=timedelta(hours=1), task=weekly_summaries_job)
    )
    schedule.register(
        schedule.Recurring(
            "missed check-in alerts",
            every=timedelta(hours=1),
            task=missed_checkins_job,
            offset=timedelta(minutes=20),
        )
    )
