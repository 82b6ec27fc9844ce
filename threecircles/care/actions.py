"""Care operations: they keep care-team membership (in accounts) in step with episodes."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from threecircles.accounts.actions import add_care_team_member, end_care_team_membership
from threecircles.accounts.models import (
    CareTeamMembership,
    CareTeamRole,
    Practice,
    Role,
    User,
)
from threecircles.care.models import Episode, Note, Session
from threecircles.privacy.access import record_access
from threecircles.privacy.models import Action
from threecircles.screening.actions import send_session_measures


@transaction.atomic
def open_episode(
    *,
    client: User,
    practice: Practice,
    primary_clinician: User,
    level_of_care: str,
    started_on: date | None = None,
) -> Episode:
    """Admit a client: the primary clinician and the practice's supervisors join the team."""
    started_on = started_on or timezone.localdate()
    episode = Episode.objects.create(
        client=client, practice=practice, level_of_care=level_of_care, started_on=started_on
    )
    add_care_team_member(
        client=client,
        member=primary_clinician,
        practice=practice,
        role=CareTeamRole.PRIMARY,
        started_on=started_on,
    )
    for membership in practice.memberships.filter(role=Role.SUPERVISOR).select_related("user"):
        add_care_team_member(
            client=client,
            member=membership.user,
            practice=practice,
            role=CareTeamRole.SUPERVISOR,
            started_on=started_on,
        )
    return episode


@transaction.atomic
def close_episode(*, episode: Episode, ended_on: date) -> None:
    """Discharge: the episode ends, and with it the team's access to the record."""
    episode.ended_on = ended_on
    episode.save(update_fields=["ended_on"])
    memberships = CareTeamMembership.objects.current().filter(
        client=episode.client, practice=episode.practice
    )
    for membership in memberships:
        end_care_team_membership(membership=membership, ended_on=ended_on)


@transaction.atomic
def add_note(*, client: User, author: User, text: str) -> Note:
    """Callers got `client` through `get_client_for`; the write is logged here."""
    note = Note(client=client, author=author, text=text)
    note.save()
    record_access(
        actor=author,
        client_id=client.pk,
        action=Action.CREATE,
        what="care notes",
        reason="Care team",
        object_id=str(note.pk),
    )
    return note


@transaction.atomic
def book_session(
    *, client: User, clinician: User, starts_at: datetime, minutes: int, kind: str
) -> Session:
    """Book a session; questionnaires the care team wants before each session go out now,
    due on the session's day."""
    session = Session.objects.create(
        client=client, clinician=clinician, starts_at=starts_at, minutes=minutes, kind=kind
    )
    record_access(
        actor=clinician,
        client_id=client.pk,
        action=Action.CREATE,
        what="sessions",
        reason="Care team",
        object_id=str(session.pk),
    )
    send_session_measures(
        client=client, session_on=timezone.localtime(starts_at).date(), actor=clinician
    )
    return session
