"""The access-matrix rows of family and collateral participants: Alice's care team (Bob, Sam)
adds participants, proposes releases and books them into family sessions; Alice reads, signs
and revokes her releases; Carol, linked as Alice's partner (she accepted) with a signed
release, reads what it allows; Dan, whose account Bob named as Alice's brother, may accept or
decline that request and nothing more. Nobody else opens any of it."""

from datetime import timedelta

from django.utils import timezone

from threecircles.care.family import (
    accept_participation,
    add_participant,
    propose_release,
    sign_release,
)
from threecircles.care.models import Session
from threecircles.tests.matrix import LOGIN, AccessRows, Redirect, World, row

TEAM = row(anonymous=LOGIN, others=404, bob=200, sam=200)
# An empty form: the page comes back with what is missing, said on it.
TEAM_EMPTY_POST = row(anonymous=LOGIN, others=404, bob=400, sam=400)
PARTICIPANT = row(anonymous=LOGIN, others=404, carol=200)
# Only the person asked answers a request; the client, her care team and Carol get 404 too.
ASKED = row(anonymous=LOGIN, others=404, dan=Redirect("/care/family/"))


def records(world: World) -> dict[str, int]:
    """Carol as Alice's partner, with a signed release and a pending one; Dan asked to be her
    brother in family sessions, not answered yet; a family session."""
    alice, bob, carol = world.alice, world.people["bob"], world.people["carol"]
    today = timezone.localdate()
    participant = add_participant(
        client=alice, added_by=bob, name="Carol", relationship="partner", person=carol
    )
    accept_participation(participant=participant, person=carol)
    asked = add_participant(
        client=alice, added_by=bob, name="Dan", relationship="brother", person=world.dan
    )
    signed = propose_release(
        participant=participant, actor=bob, allows=["schedule", "attendance"],
        starts_on=today, expires_on=today + timedelta(days=300),
    )  # fmt: skip
    sign_release(release=signed, client=alice, typed_name="Alice")
    pending = propose_release(
        participant=participant, actor=bob, allows=["progress"],
        starts_on=today, expires_on=today + timedelta(days=300),
    )  # fmt: skip
    session = Session.objects.create(
        client=alice, clinician=bob, starts_at=timezone.now() + timedelta(days=7),
        kind=Session.Kind.FAMILY,
    )  # fmt: skip
    return {
        "participant": participant.pk, "pending": pending.pk, "session": session.pk,
        "asked": asked.pk,
    }  # fmt: skip


def _today() -> str:
    return timezone.localdate().isoformat()


ROWS = [
    AccessRows(
        label="care_family",
        order=32,
        records=records,
        get={
            "care:family_list": TEAM,
            "care:family_participant_new": TEAM,
            "care:family_release_new": TEAM,
            "care:family_session_add": TEAM,
            "care:family_release": row(anonymous=LOGIN, others=404, alice=200),
            # Dan finds the request waiting for his answer there.
            "care:family_mine": row(anonymous=LOGIN, others=404, carol=200, dan=200),
            "care:family_shared": PARTICIPANT,
        },
        post={
            "care:family_participant_new": TEAM_EMPTY_POST,
            "care:family_release_new": TEAM_EMPTY_POST,
            "care:family_session_add": TEAM_EMPTY_POST,
            "care:family_release": row(anonymous=LOGIN, others=404, alice=400),
            "care:family_release_revoke": row(anonymous=LOGIN, others=404, alice=Redirect("/me/")),
            "care:family_accept": ASKED,
            # Declined, Dan has no family page left: back to his home.
            "care:family_decline": row(anonymous=LOGIN, others=404, dan=Redirect("/home/")),
        },
        kwargs={
            "participant_id": lambda world: world.records["care_family"]["participant"],
            "release_id": lambda world: world.records["care_family"]["pending"],
        },
        kwargs_for={
            name: {"participant_id": lambda world: world.records["care_family"]["asked"]}
            for name in ("care:family_accept", "care:family_decline")
        },
        payloads={
            "care:family_participant_new": lambda world: {
                "name": "Matrix Pat",
                "relationship": "partner",
            },
            "care:family_release_new": lambda world: {
                "allows": ["schedule"],
                "starts_on": _today(),
                "expires_on": _today(),
            },
            "care:family_session_add": lambda world: {
                "session": world.records["care_family"]["session"]
            },
            "care:family_release": lambda world: {"name": "Alice"},
        },
        no_form={"care:family_release_revoke", "care:family_accept", "care:family_decline"},
    )
]
