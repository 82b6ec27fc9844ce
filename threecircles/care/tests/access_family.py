"""The access-matrix rows of family and collateral participants: Alice's care team (Bob, Sam)
adds participants, proposes releases and books them into family sessions; Alice reads, signs
and revokes her releases; Carol, linked as Alice's partner with a signed release, reads what it
allows. Nobody else opens any of it."""

from datetime import timedelta

from django.utils import timezone

from threecircles.care.family import add_participant, propose_release, sign_release
from threecircles.care.models import Session
from threecircles.tests.matrix import LOGIN, AccessRows, Redirect, World, row

TEAM = row(anonymous=LOGIN, others=404, bob=200, sam=200)
# An empty form: the page comes back with what is missing, said on it.
TEAM_EMPTY_POST = row(anonymous=LOGIN, others=404, bob=400, sam=400)
PARTICIPANT = row(anonymous=LOGIN, others=404, carol=200)


def records(world: World) -> dict[str, int]:
    """Carol as Alice's partner, with a signed release and a pending one; a family session."""
    alice, bob = world.alice, world.people["bob"]
    today = timezone.localdate()
    participant = add_participant(
        client=alice, added_by=bob, name="Carol", relationship="partner",
        person=world.people["carol"],
    )  # fmt: skip
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
    return {"participant": participant.pk, "pending": pending.pk, "session": session.pk}


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
            "care:family_mine": PARTICIPANT,
            "care:family_shared": PARTICIPANT,
        },
        post={
            "care:family_participant_new": TEAM_EMPTY_POST,
            "care:family_release_new": TEAM_EMPTY_POST,
            "care:family_session_add": TEAM_EMPTY_POST,
            "care:family_release": row(anonymous=LOGIN, others=404, alice=400),
            "care:family_release_revoke": row(anonymous=LOGIN, others=404, alice=Redirect("/me/")),
        },
        kwargs={
            "participant_id": lambda world: world.records["care_family"]["participant"],
            "release_id": lambda world: world.records["care_family"]["pending"],
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
        no_form={"care:family_release_revoke"},
    )
]
