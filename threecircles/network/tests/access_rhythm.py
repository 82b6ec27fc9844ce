"""The access-matrix rows of the accountability rhythm: Carol's weekly summary of Alice, Alice's
settings, and the weekly call Alice set with Carol (one of its times has come already)."""

from datetime import time, timedelta

from django.utils import timezone

from threecircles.network.models import AccountabilityCall, CallOccurrence, SupportMember
from threecircles.network.rhythm import occurrences_for
from threecircles.tests.matrix import LOGIN, AccessRows, Redirect, World, row

LABEL = "network_rhythm"


def records(world: World) -> CallOccurrence:
    """A weekly call between Alice and Carol set three weeks ago, and its latest time."""
    carol = SupportMember.objects.get(
        client=world.alice, invitation__accepted_by=world.people["carol"]
    )
    yesterday = timezone.now() - timedelta(days=1)
    call = AccountabilityCall.objects.create(
        member=carol,
        weekday=yesterday.weekday(),
        time=time(0, 0),
        created_at=timezone.now() - timedelta(days=21),
    )
    return occurrences_for(call)[0]


WEEKLY = Redirect("/support/weekly-summary/")
SETTINGS = Redirect("/support/accountability/")
CALLS = Redirect("/support/accountability/calls/")
ROWS = [
    AccessRows(
        label=LABEL,
        order=42,
        records=records,
        get={
            # Carol and Dan support Alice; a client who supports no one has no summary.
            "network:rhythm_weekly": row(anonymous=LOGIN, others=404, carol=200, dan=200),
            "network:rhythm_settings": row(
                anonymous=LOGIN, others=404, alice=200, mallory=200, dan=200
            ),
            # Clients see their own calls; Carol (and Dan) the calls of people they support.
            "network:rhythm_calls": row(
                anonymous=LOGIN, others=404, alice=200, mallory=200, dan=200, carol=200
            ),
        },
        post={
            # Carol's membership: only Carol chooses her e-mail (empty: turned off).
            "network:rhythm_weekly_email": row(anonymous=LOGIN, others=404, carol=WEEKLY),
            # An empty form is shown again with its errors.
            "network:rhythm_settings": row(
                anonymous=LOGIN, others=404, alice=200, mallory=200, dan=200
            ),
            "network:rhythm_add_call": row(
                anonymous=LOGIN, others=404, alice=200, mallory=200, dan=200
            ),
            # Alice's call with Carol: only Alice ends it.
            "network:rhythm_end_call": row(anonymous=LOGIN, others=404, alice=SETTINGS),
            # Either side of the call says whether it happened; Dan is in neither.
            "network:rhythm_mark_call": row(anonymous=LOGIN, others=404, alice=CALLS, carol=CALLS),
        },
        kwargs={
            "call_id": lambda world: world.records[LABEL].call_id,
            "occurrence_id": lambda world: world.records[LABEL].pk,
        },
        no_form={"network:rhythm_end_call"},
        payloads={
            "network:rhythm_weekly_email": lambda world: {
                f"m{world.records['network'].pk}-weekly_summary": "on"
            },
            "network:rhythm_settings": lambda world: {
                "after_days": "3",
                "members": [str(world.records["network"].pk)],
            },
            "network:rhythm_add_call": lambda world: {
                "member": str(world.records["network"].pk),
                "weekday": "6",
                "time": "19:00",
            },
            "network:rhythm_mark_call": lambda world: {"happened": "yes"},
        },
    )
]
