"""The access-matrix rows of the membership's staff part: Ivy (institute staff) opens every
page; anyone else signed in gets 404, and anonymous visitors are sent to sign in.

The records here belong to nobody in the cast: an application and a member known only by
their e-mail addresses (the member part makes Eve a member)."""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from threecircles.membership.models import MemberResource, Membership, MemberType
from threecircles.tests.matrix import LOGIN, AccessRows, Filler, Redirect, World, row

STAFF = row(anonymous=LOGIN, others=404, ivy=200)
# An empty form: the page comes back with what is missing, said on it.
STAFF_EMPTY_POST = row(anonymous=LOGIN, others=404, ivy=400)
LABEL = "membership-staff"


def make_type(slug: str, name: str = "Clinical member", fee: str = "180.00") -> MemberType:
    return MemberType.objects.create(name=name, slug=slug, yearly_fee=Decimal(fee))


def make_application(member_type: MemberType, name: str, email: str, **extra: Any) -> Membership:
    return Membership.objects.create(
        member_type=member_type,
        name=name,
        email=email,
        profession=extra.pop("profession", "Counselor"),
        **extra,
    )


def make_member(
    member_type: MemberType,
    name: str,
    email: str,
    paid_through: datetime.date | None,
    number: str = "",
    **extra: Any,
) -> Membership:
    """An approved membership, paid through `paid_through` (None: the first payment is due)."""
    number = number or f"M-9{Membership.objects.count():05d}"
    extra.setdefault("status", Membership.Status.ACTIVE)
    return make_application(
        member_type,
        name,
        email,
        member_number=number,
        paid_through=paid_through,
        joined_on=None if paid_through is None else paid_through - datetime.timedelta(days=364),
        **extra,
    )


def records(world: World) -> dict[str, Any]:
    fellow = make_type("matrix-staff-fellow", "Matrix staff fellow")
    associate = make_type("matrix-staff-associate", "Matrix staff associate", "90.00")
    applied = make_application(fellow, "Matrix Applicant", "matrix.applicant@example.net")
    member = make_member(
        fellow,
        "Matrix Member",
        "matrix.member@example.net",
        timezone.localdate() + datetime.timedelta(days=165),
        number="M-990001",
    )
    resource = MemberResource.objects.create(
        title="Matrix staff resource", slug="matrix-staff-resource", body="Text", published=True
    )
    return {
        "type": fellow.pk,
        "other_type": associate.pk,
        "application": applied.pk,
        "member": member.pk,
        "resource": resource.pk,
    }


def _record(name: str) -> Filler:
    return lambda world: world.records[LABEL][name]


def _type(slug: str) -> dict[str, Any]:
    return {
        "name": "Matrix: a type that must not be saved",
        "slug": slug,
        "description": "",
        "yearly_fee": "50.00",
        "currency": "USD",
        "open_for_applications": "on",
        "order": "3",
    }


def _resource(world: World) -> dict[str, Any]:
    return {
        "title": "Matrix: a resource that must not be saved",
        "slug": "",
        "summary": "",
        "body": "Matrix text",
        "link": "",
        "order": "0",
        "action": "save",
    }


MEMBER = {"membership_id": _record("member")}
SEARCH = {"q": "Matrix", "standing": "current"}

ROWS = [
    AccessRows(
        label=LABEL,
        records=records,
        get={
            name: STAFF
            for name in (
                "membership:staff_applications",
                "membership:staff_application",
                "membership:staff_members",
                "membership:staff_members_csv",
                "membership:staff_member",
                "membership:staff_types",
                "membership:staff_type_new",
                "membership:staff_type_edit",
                "membership:staff_resources",
                "membership:staff_resource_new",
                "membership:staff_resource_edit",
            )
        },
        post={
            # The search is a POST (it keeps names out of the address): an empty one finds all.
            "membership:staff_members": STAFF,
            "membership:staff_members_csv": STAFF,
            # Approving needs nothing but the button (the note is optional).
            "membership:staff_application_approve": row(
                anonymous=LOGIN, others=404, ivy=Redirect("/institute/staff/members/applications/")
            ),
            **{
                name: STAFF_EMPTY_POST
                for name in (
                    "membership:staff_application_decline",
                    "membership:staff_member_payment",
                    "membership:staff_member_end",
                    "membership:staff_member_type",
                    "membership:staff_type_new",
                    "membership:staff_type_edit",
                    "membership:staff_resource_new",
                    "membership:staff_resource_edit",
                )
            },
        },
        kwargs={
            "membership_id": _record("application"),
            "member_type_id": _record("type"),
            "member_resource_id": _record("resource"),
        },
        kwargs_for={
            "membership:staff_member": MEMBER,
            "membership:staff_member_payment": MEMBER,
            "membership:staff_member_end": MEMBER,
            "membership:staff_member_type": MEMBER,
        },
        payloads={
            "membership:staff_members": lambda world: SEARCH,
            "membership:staff_members_csv": lambda world: SEARCH,
            "membership:staff_application_approve": lambda world: {"note": "Matrix note"},
            "membership:staff_application_decline": lambda world: {"reason": "Matrix reason"},
            "membership:staff_member_payment": lambda world: {
                "amount": "180.00",
                "reference": "MATRIX-REF",
            },
            "membership:staff_member_end": lambda world: {"reason": "Matrix: resigned"},
            "membership:staff_member_type": lambda world: {
                "member_type": world.records[LABEL]["other_type"]
            },
            "membership:staff_type_new": lambda world: _type("matrix-unsaved-type"),
            "membership:staff_type_edit": lambda world: _type("matrix-staff-fellow"),
            "membership:staff_resource_new": _resource,
            "membership:staff_resource_edit": _resource,
        },
    )
]
