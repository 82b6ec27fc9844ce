"""Episodes of care as the care team runs them: admission, transfer between levels of care,
discharge, and who holds a place on the team. Each is logged on the client's access log.

Care-team places are privacy grants: a place starts and ends on whole days, so a member who
leaves (or a team at discharge) keeps access through the last day and loses it the next
morning.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from threecircles.accounts.models import CLINICAL_ROLES, Practice, User
from threecircles.care.actions import close_episode, open_episode
from threecircles.care.models import DischargeSummary, Episode, LevelChange
from threecircles.privacy.access import record_access
from threecircles.privacy.actions import add_care_team_member, end_care_team_grant
from threecircles.privacy.models import Action, CareTeamRole, Grant, GrantKind, day_start

WHAT = "episodes of care"


class EpisodeError(Exception):
    """A change the episode's rules do not allow; the message is shown as it is."""


@dataclass(frozen=True)
class TeamPlace:
    member: User
    role: str


def practice_staff(practice: Practice) -> list[User]:
    """Who may hold a place on a team at `practice`: its clinicians and supervisors."""
    return list(
        User.objects.filter(
            practice_memberships__practice=practice, role__in=CLINICAL_ROLES, is_active=True
        )
        .distinct()
        .order_by("display_name", "pk")
    )


def admission_practices(*, client: User, clinician: User) -> list[Practice]:
    """Practices `clinician` may admit `client` to: one they work at, where the client
    accepted an invitation or already has a care-team place."""
    tied = Q(grants__kind=GrantKind.CARE_TEAM, grants__client=client) | Q(
        invitation__accepted_by=client
    )
    return list(
        Practice.objects.filter(memberships__user=clinician)
        .filter(tied)
        .distinct()
        .order_by("name", "pk")
    )


def team_of(episode: Episode) -> list[Grant]:
    """The episode's care team: the places at its practice that overlapped its days (for an
    open episode, the places held now or from a later day)."""
    grants = Grant.objects.care_team().filter(client=episode.client, practice=episode.practice)
    if episode.ended_on is None:
        grants = grants.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now()))
    else:
        grants = grants.filter(
            starts_at__lt=day_start(episode.ended_on + timedelta(days=1))
        ).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=day_start(episode.started_on)))
    return list(grants.select_related("grantee").order_by("starts_at", "pk"))


def _log(*, actor: User, episode: Episode, action: str, reason: str) -> None:
    record_access(
        actor=actor,
        client_id=episode.client_id,
        action=action,
        what=WHAT,
        reason=reason,
        object_id=str(episode.pk),
    )


def _works_at(person: User, practice: Practice) -> bool:
    return person.role in CLINICAL_ROLES and practice.memberships.filter(user=person).exists()


@transaction.atomic
def admit(
    *,
    client: User,
    practice: Practice,
    level_of_care: str,
    started_on: date,
    primary_clinician: User,
    admitted_by: User,
    team: Iterable[TeamPlace] = (),
) -> Episode:
    """Open an episode at `practice`. One open episode per practice: a second would split the
    team and the level of care in two."""
    # One admission at a time per client, so two clicks never open two episodes.
    User.objects.select_for_update().get(pk=client.pk)
    if Episode.objects.open().filter(client=client, practice=practice).exists():
        raise EpisodeError(
            f"{client.display_name} already has an open episode at {practice.name}. "
            "Transfer or discharge it instead."
        )
    for person in (primary_clinician, *(place.member for place in team)):
        if not _works_at(person, practice):
            raise EpisodeError(f"{person.display_name} is not a clinician of {practice.name}.")
    episode = open_episode(
        client=client,
        practice=practice,
        primary_clinician=primary_clinician,
        level_of_care=level_of_care,
        started_on=started_on,
        admitted_by=admitted_by,
    )
    for place in team:
        add_care_team_member(
            client=client,
            member=place.member,
            practice=practice,
            role=place.role,
            started_on=started_on,
            added_by=admitted_by,
        )
    _log(actor=admitted_by, episode=episode, action=Action.CREATE, reason="Admitted")
    return episode


def _require_open(episode: Episode) -> None:
    if not episode.is_open:
        raise EpisodeError("This episode has ended; admit the client again to reopen care.")


def _latest_change_on(episode: Episode) -> date:
    last = episode.level_changes.order_by("-changed_on", "-pk").first()
    return last.changed_on if last else episode.started_on


@transaction.atomic
def transfer(
    *, episode: Episode, to_level: str, changed_on: date, reason: str, changed_by: User
) -> LevelChange:
    """Move the episode to another level of care, keeping the move as history."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    _require_open(episode)
    if to_level == episode.level_of_care:
        raise EpisodeError(f"The episode is already at {episode.get_level_of_care_display()}.")
    if changed_on < _latest_change_on(episode):
        raise EpisodeError(
            f"Choose a day on or after {_latest_change_on(episode):%d %B %Y}, "
            "the start of the current level of care."
        )
    change = LevelChange.objects.create(
        episode=episode,
        from_level=episode.level_of_care,
        to_level=to_level,
        changed_on=changed_on,
        changed_by=changed_by,
        reason=reason.strip(),
    )
    episode.level_of_care = to_level
    episode.save(update_fields=["level_of_care"])
    _log(actor=changed_by, episode=episode, action=Action.UPDATE, reason="Level of care changed")
    return change


@transaction.atomic
def discharge(
    *, episode: Episode, ended_on: date, reason: str, summary: str, discharged_by: User
) -> DischargeSummary:
    """End the episode with a reason and a summary. The care team keeps access through
    `ended_on` and loses it the next morning."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    _require_open(episode)
    if ended_on < _latest_change_on(episode):
        raise EpisodeError(
            f"Choose a discharge day on or after {_latest_change_on(episode):%d %B %Y}."
        )
    if ended_on > timezone.localdate():
        raise EpisodeError("The discharge day cannot be in the future.")
    episode.discharge_reason, episode.discharged_by = reason, discharged_by
    episode.save(update_fields=["discharge_reason", "discharged_by"])
    close_episode(episode=episode, ended_on=ended_on, closed_by=discharged_by)
    written = DischargeSummary(
        episode=episode, client=episode.client, author=discharged_by, text=summary.strip()
    )
    written.save()
    _log(actor=discharged_by, episode=episode, action=Action.UPDATE, reason="Discharged")
    return written


@transaction.atomic
def add_member(*, episode: Episode, member: User, role: str, added_by: User) -> Grant:
    """A place on the open episode's team from today."""
    _require_open(episode)
    if not _works_at(member, episode.practice):
        raise EpisodeError(f"{member.display_name} is not a clinician of {episode.practice.name}.")
    held = (
        Grant.objects.care_team()
        .active()
        .filter(client=episode.client, practice=episode.practice, grantee=member)
    )
    if held.exists():
        raise EpisodeError(f"{member.display_name} is already on the care team.")
    return add_care_team_member(
        client=episode.client,
        member=member,
        practice=episode.practice,
        role=role,
        added_by=added_by,
    )


@transaction.atomic
def end_member(*, episode: Episode, place: Grant, ended_by: User) -> None:
    """The member keeps access through today. The last primary clinician stays until another
    is named, so an open episode always has someone responsible."""
    _require_open(episode)
    if place.ends_at is not None:
        raise EpisodeError(
            f"{place.grantee} already leaves the care team after {place.last_day:%d %B %Y}."
        )
    if place.role == CareTeamRole.PRIMARY:
        others = (
            Grant.objects.care_team()
            .active()
            .filter(client=episode.client, practice=episode.practice, role=CareTeamRole.PRIMARY)
            .filter(ends_at__isnull=True)
            .exclude(pk=place.pk)
        )
        if not others.exists():
            raise EpisodeError("Name another primary clinician before ending this place.")
    end_care_team_grant(grant=place, last_day=timezone.localdate(), ended_by=ended_by)
