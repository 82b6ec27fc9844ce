"""Care operations: they keep the care team's grants (in privacy) in step with episodes."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from threecircles.accounts.models import Invitation, Practice, Role, User
from threecircles.care.models import Episode, Note, Session
from threecircles.privacy.access import record_access
from threecircles.privacy.actions import add_care_team_member, end_care_team_grant
from threecircles.privacy.models import Action, CareTeamRole, Grant
from threecircles.screening.actions import send_session_measures


@transaction.atomic
def open_episode(
    *,
    client: User,
    practice: Practice,
    primary_clinician: User,
    level_of_care: str,
    started_on: date | None = None,
    admitted_by: User | None = None,
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
        added_by=admitted_by,
    )
    supervisors = practice.memberships.filter(role=Role.SUPERVISOR).select_related("user")
    for membership in supervisors.order_by("pk"):
        add_care_team_member(
            client=client,
            member=membership.user,
            practice=practice,
            role=CareTeamRole.SUPERVISOR,
            started_on=started_on,
            added_by=admitted_by,
        )
    return episode


@transaction.atomic
def close_episode(*, episode: Episode, ended_on: date, closed_by: User | None = None) -> None:
    """Discharge: the episode ends on `ended_on`, and with it, after that day, the team's
    access to the record."""
    episode.ended_on = ended_on
    episode.save(update_fields=["ended_on"])
    team = (
        Grant.objects.care_team().active().filter(client=episode.client, practice=episode.practice)
    )
    for grant in team.order_by("pk"):
        end_care_team_grant(grant=grant, last_day=ended_on, ended_by=closed_by)


def join_care_team_from_invitation(*, invitation: Invitation, user: User) -> None:
    """Registered as the client invitation's handler: the inviting clinician becomes the new
    client's primary clinician at the invitation's practice."""
    if invitation.practice is not None:
        add_care_team_member(
            client=user,
            member=invitation.invited_by,
            practice=invitation.practice,
            role=CareTeamRole.PRIMARY,
            added_by=invitation.invited_by,
        )


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
