"""What the membership's member part adds to shared places: "Member area" in the navigation
of people who have a membership."""

from threecircles.accounts.models import User
from threecircles.accounts.registry import NavItem, register_nav
from threecircles.membership.models import Membership


def has_membership(user: User) -> bool:
    # One indexed look-up on every page: a membership of theirs, other than a declined one.
    return (
        Membership.objects.filter(person=user).exclude(status=Membership.Status.DECLINED).exists()
    )


def register() -> None:
    register_nav(NavItem("Member area", "membership:member_area", 58, has_membership))
