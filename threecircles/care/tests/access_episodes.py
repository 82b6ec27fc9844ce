"""The access-matrix rows of the episode pages: admission, an episode with its transfer,
discharge and care team (Alice's at Harbor Counseling, run by Bob and Sam), and the client's
own care history."""

from datetime import date
from typing import Any

from threecircles.care.models import Episode
from threecircles.privacy.models import CareTeamRole, Grant
from threecircles.tests.matrix import LOGIN, AccessRows, Redirect, World, row


def records(world: World) -> dict[str, Any]:
    """Alice's open episode, Sam's place on its team, and Dan's episode elsewhere (Eve's)."""
    return {
        "episode": Episode.objects.open().get(client=world.alice, practice=world.practice),
        "place": Grant.objects.care_team().get(
            client=world.alice, grantee=world.people["sam"], role=CareTeamRole.SUPERVISOR
        ),
        "dan_episode": Episode.objects.open().get(client=world.dan),
    }


# Alice's care team at Harbor runs her episodes; nobody else, Alice included, has these pages.
TEAM = {"bob": 200, "sam": 200}
EPISODE = Redirect("/care/clients/{client_id}/episodes/{episode_id}/")
DAN_EPISODE = {
    "client_id": lambda world: world.dan.pk,
    "episode_id": lambda world: world.records["care_episodes"]["dan_episode"].pk,
}

ROWS = [
    AccessRows(
        label="care_episodes",
        order=25,
        records=records,
        get={
            "care:episode_admit": row(anonymous=LOGIN, others=404, **TEAM),
            "care:episode_detail": row(anonymous=LOGIN, others=404, **TEAM),
            # Dan's episode is Eve's to run: not Bob's, not Alice's (whom Dan supports).
            "care:episode_detail@dan": row(anonymous=LOGIN, others=404, eve=200),
            # Dan's episode asked for under Alice's record: nobody's.
            "care:episode_detail@mismatch": row(anonymous=LOGIN, others=404),
            # Every client has their own care history; nobody else has one.
            "care:episode_history": row(
                anonymous=LOGIN, others=404, alice=200, mallory=200, dan=200
            ),
        },
        post={
            # Empty forms: what is missing is said on the page.
            "care:episode_admit": row(anonymous=LOGIN, others=404, **TEAM),
            "care:episode_transfer": row(anonymous=LOGIN, others=404, **TEAM),
            "care:episode_discharge": row(anonymous=LOGIN, others=404, **TEAM),
            "care:episode_add_member": row(anonymous=LOGIN, others=404, **TEAM),
            "care:episode_end_member": row(anonymous=LOGIN, others=404, bob=EPISODE, sam=EPISODE),
        },
        kwargs={
            "episode_id": lambda world: world.records["care_episodes"]["episode"].pk,
            "place_id": lambda world: world.records["care_episodes"]["place"].pk,
        },
        variants={
            "care:episode_detail@dan": DAN_EPISODE,
            "care:episode_detail@mismatch": {"episode_id": DAN_EPISODE["episode_id"]},
        },
        no_form={"care:episode_end_member"},
        payloads={
            "care:episode_admit": lambda world: {
                "practice": world.practice.pk,
                "level_of_care": "iop",
                "started_on": date.today().isoformat(),
                "primary_clinician": world.people["bob"].pk,
            },
            "care:episode_transfer": lambda world: {
                "to_level": "iop",
                "changed_on": date.today().isoformat(),
                "reason": "Stepped up as planned",
            },
            "care:episode_discharge": lambda world: {
                "ended_on": date.today().isoformat(),
                "reason": "completed",
                "summary": "Matrix: a summary that must not be saved",
            },
            "care:episode_add_member": lambda world: {
                "member": world.people["bob"].pk,
                "role": "clinician",
            },
        },
    )
]
