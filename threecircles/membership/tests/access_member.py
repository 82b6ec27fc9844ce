"""The access-matrix rows of the membership's member part, and the helpers the membership's
tests share (`make_member_type`, `make_membership`, `make_resource`).

The member area, its resources and the member's profile are for the member only: Eve, a
member in good standing, gets 200 (an empty profile form is turned back with 400); everyone
else signed in gets 404, as if the pages did not exist, and anonymous visitors are sent to
sign in first. An unpublished resource is 404 for Eve too. Max, a member account whose
membership lapsed, still reads his standing and his profile, but no resource.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.membership.models import MemberResource, Membership, MemberType
from threecircles.tests.matrix import LOGIN, AccessRows, Filler, World, row

Status = Membership.Status
MEMBER_PAGE = row(anonymous=LOGIN, others=404, eve=200, max=200)
GOOD_STANDING_PAGE = row(anonymous=LOGIN, others=404, eve=200)


def make_member_type(
    slug: str = "practitioner",
    *,
    name: str = "Practitioner",
    yearly_fee: str = "180.00",
    open_for_applications: bool = True,
    description: str = "For licensed professionals in practice.",
) -> MemberType:
    member_type, _ = MemberType.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "yearly_fee": Decimal(yearly_fee),
            "open_for_applications": open_for_applications,
            "description": description,
        },
    )
    return member_type


def make_membership(
    person: User | None = None,
    *,
    member_type: MemberType | None = None,
    status: str = Status.ACTIVE,
    paid_days: int | None = 200,
    email: str = "",
    name: str = "",
    member_number: str | None = None,
) -> Membership:
    """A membership of `person` (or of nobody's account yet), paid through `paid_days` days
    from today (None: approved, first payment due). Active and ended memberships get a member
    number."""
    paid_through = (
        None if paid_days is None else timezone.localdate() + datetime.timedelta(days=paid_days)
    )
    if member_number is None:
        member_number = ""
        if status in (Status.ACTIVE, Status.ENDED):
            member_number = f"M-{Membership.objects.count() + 100001:06d}"
    return Membership.objects.create(
        member_type=member_type or make_member_type(),
        person=person,
        status=status,
        member_number=member_number,
        name=name or (person.display_name if person else "Jordan Reyes"),
        email=email or (person.email if person else "jordan@example.org"),
        profession="Licensed marriage and family therapist",
        paid_through=paid_through if status != Status.APPLIED else None,
        joined_on=None if paid_through is None else paid_through - datetime.timedelta(days=364),
        ended_at=timezone.now() if status == Status.ENDED else None,
    )


def make_resource(
    slug: str = "intake-checklist",
    *,
    title: str = "Intake checklist",
    published: bool = True,
    body: str = "A checklist for the **first session**.",
    link: str = "https://example.org/checklist.pdf",
    summary: str = "What to ask in a first session.",
) -> MemberResource:
    return MemberResource.objects.create(
        slug=slug, title=title, published=published, body=body, link=link, summary=summary
    )


def records(world: World) -> dict[str, Any]:
    member_type = make_member_type("matrix-member-type", name="Matrix member type")
    make_membership(world.people["eve"], member_type=member_type, paid_days=200)
    make_membership(world.people["max"], member_type=member_type, paid_days=-45)  # lapsed
    shown = make_resource("matrix-member-resource", title="Matrix member resource")
    hidden = make_resource("matrix-draft-resource", title="Matrix draft", published=False)
    return {"slug": shown.slug, "unpublished": hidden.slug}


def _record(name: str) -> Filler:
    return lambda world: world.records["membership-member"][name]


ROWS = [
    AccessRows(
        label="membership-member",
        records=records,
        get={
            "membership:member_area": MEMBER_PAGE,
            "membership:resource": GOOD_STANDING_PAGE,
            "membership:resource@unpublished": row(anonymous=LOGIN, others=404),
            "membership:profile": MEMBER_PAGE,
        },
        post={"membership:profile": row(anonymous=LOGIN, others=404, eve=400, max=400)},
        kwargs_for={"membership:resource": {"slug": _record("slug")}},
        variants={"membership:resource@unpublished": {"slug": _record("unpublished")}},
        payloads={
            "membership:profile": lambda world: {
                "name": "Eve Matrix",
                "profession": "Licensed clinical social worker",
                "city": "Chicago",
                "bio": "Group work with men in recovery.",
            }
        },
    )
]
