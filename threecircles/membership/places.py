"""The membership's parts register their links and panels; the membership registers the
daily renewal reminders and what a member invitation does when it is accepted."""

from datetime import timedelta

from threecircles.accounts.models import Role
from threecircles.accounts.registry import register_invitation_handler
from threecircles.lib import schedule
from threecircles.membership import places_member, places_public, places_staff
from threecircles.membership.actions import link_account
from threecircles.membership.tasks import send_renewal_reminders


def register() -> None:
    places_public.register()
    places_member.register()
    places_staff.register()
    register_invitation_handler(Role.MEMBER, link_account)
    schedule.register(
        schedule.Recurring(
            "membership renewal reminders",
            every=timedelta(days=1),
            task=send_renewal_reminders,
            offset=timedelta(hours=14),  # early morning in the Americas
        )
    )
