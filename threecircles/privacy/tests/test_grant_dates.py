"""Access follows relationships, to the day: a care-team place opens the record from its first
day and through its last, and answers 404 the day after it or an episode ends."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from threecircles.care.actions import close_episode, open_episode
from threecircles.care.models import Episode
from threecircles.privacy.access import visible_clients
from threecircles.privacy.actions import add_care_team_member, end_care_team_grant
from threecircles.privacy.models import CareTeamRole, Grant, day_start


def record(client) -> str:
    return f"/care/clients/{client.pk}/"


def on(day: date):
    """Noon on `day`, local time."""
    return time_machine.travel(day_start(day) + timedelta(hours=12), tick=False)


@pytest.fixture
def today() -> date:
    return timezone.localdate()


def test_a_care_team_place_opens_the_record_from_its_first_day(alice, eve, signed_in, today):
    from threecircles.accounts.models import PracticeMembership

    PracticeMembership.objects.create(
        practice=Episode.objects.get(client=alice).practice, user=eve, role="clinician"
    )
    starts = today + timedelta(days=3)
    add_care_team_member(
        client=alice,
        member=eve,
        practice=Episode.objects.get(client=alice).practice,
        role=CareTeamRole.CLINICIAN,
        started_on=starts,
    )
    with on(starts - timedelta(days=1)):
        assert signed_in(eve).get(record(alice)).status_code == 404
    with on(starts):
        assert signed_in(eve).get(record(alice)).status_code == 200


def test_the_day_after_a_care_team_place_ends_the_clinician_gets_404(alice, bob, signed_in, today):
    grant = Grant.objects.care_team().active().get(client=alice, grantee=bob)
    last_day = today + timedelta(days=5)
    end_care_team_grant(grant=grant, last_day=last_day)

    with on(last_day):
        assert signed_in(bob).get(record(alice)).status_code == 200
        assert alice in visible_clients(bob)
    with on(last_day + timedelta(days=1)):
        assert signed_in(bob).get(record(alice)).status_code == 404
        assert alice not in visible_clients(bob)
        page = signed_in(bob).get("/care/caseload/")
        assert "Alice" not in page.text


def test_the_day_after_an_episode_ends_its_team_gets_404(alice, bob, sam, signed_in, today):
    episode = Episode.objects.get(client=alice)
    discharged_on = today + timedelta(days=2)
    close_episode(episode=episode, ended_on=discharged_on)

    with on(discharged_on):
        for clinician in (bob, sam):
            assert signed_in(clinician).get(record(alice)).status_code == 200
    with on(discharged_on + timedelta(days=1)):
        for clinician in (bob, sam):
            assert signed_in(clinician).get(record(alice)).status_code == 404
        # Alice keeps her own record, and sees her history.
        assert signed_in(alice).get(record(alice)).status_code == 200


def test_an_episode_opened_later_starts_access_on_its_first_day(
    mallory, bob, practice, signed_in, today
):
    starts = today + timedelta(days=10)
    open_episode(
        client=mallory,
        practice=practice,
        primary_clinician=bob,
        level_of_care="outpatient",
        started_on=starts,
    )
    with on(starts - timedelta(days=1)):
        assert signed_in(bob).get(record(mallory)).status_code == 404
    with on(starts):
        assert signed_in(bob).get(record(mallory)).status_code == 200


def test_a_place_on_the_team_without_practice_membership_opens_nothing(
    alice, eve, signed_in, practice
):
    add_care_team_member(client=alice, member=eve, practice=practice, role="clinician")
    assert signed_in(eve).get(record(alice)).status_code == 404


def test_joining_and_leaving_the_team_is_shown_to_the_client(alice, bob, today):
    from threecircles.privacy.models import AccessEvent

    grant = Grant.objects.care_team().active().get(client=alice, grantee=bob)
    end_care_team_grant(grant=grant, last_day=today)
    reasons = list(
        AccessEvent.objects.by_others(alice.pk)
        .filter(what="who may see your record")
        .values_list("reason", flat=True)
    )
    assert "Bob joined your care team (Primary clinician)" in reasons
    assert f"Bob leaves your care team after {today:%d %B %Y}" in reasons
