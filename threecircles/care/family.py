"""Family and collateral participants: a spouse or partner, or a family member, who takes part
in family sessions, and the releases of information that say what each of them may receive.

A release allows nothing until the client signs it, and nothing once it is revoked or expired.
The expiry day is inclusive in the client's own time zone (their recovery settings; UTC until
they choose one). A participant sees what the most recently signed active release allows, and
each item they read is logged against the client's record as a supporter's read.

In this first version a participant's account is linked only when one already exists (by its
e-mail address): inviting new people is the supporter network's, whose invitation handler owns
the supporter role.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from threecircles.accounts.actions import notify
from threecircles.accounts.models import User
from threecircles.care.models import (
    CollateralParticipant,
    Release,
    ReleaseItem,
    Session,
    SessionParticipant,
)
from threecircles.care.plans import content_of, current_plan, goals_of
from threecircles.privacy.access import record_access
from threecircles.privacy.models import Action, Basis
from threecircles.recovery.actions import settings_for, today_for

WHAT = "family and collateral participants"
MAX_RELEASE_DAYS = 366


class FamilyError(Exception):
    """Something that cannot be done; the message is shown as it is."""


# --- the care team ---------------------------------------------------------------------------


def account_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip(), is_active=True).first()


@transaction.atomic
def add_participant(
    *, client: User, added_by: User, name: str, relationship: str, person: User | None
) -> CollateralParticipant:
    """Callers got `client` through `get_client_for`; the write is logged here."""
    if person is not None and person.pk == client.pk:
        raise FamilyError("The client cannot be their own family participant.")
    participant = CollateralParticipant.objects.create(
        client=client, name=name, relationship=relationship, person=person, added_by=added_by
    )
    _log(added_by, Action.CREATE, client, f"family participant {participant.pk}")
    return participant


@transaction.atomic
def propose_release(
    *, participant: CollateralParticipant, actor: User, allows: list[str], starts_on: date,
    expires_on: date,
) -> Release:  # fmt: skip
    """Unsigned until the client signs it; the client is told that something waits."""
    if expires_on < starts_on:
        raise FamilyError("The expiry cannot be before the start.")
    if expires_on > starts_on + timedelta(days=MAX_RELEASE_DAYS - 1):
        raise FamilyError("A release lasts at most a year.")
    unknown = set(allows) - set(ReleaseItem.values)
    if unknown or not allows:
        raise FamilyError("Choose what the release allows.")
    release = Release.objects.create(
        participant=participant,
        client=participant.client,
        allows=[item for item in ReleaseItem.values if item in allows],
        starts_on=starts_on,
        expires_on=expires_on,
    )
    _log(actor, Action.CREATE, participant.client, f"release {release.pk}")
    notify(
        participant.client,
        text="A release of information is waiting for you to read.",
        url=reverse("care:family_release", args=[participant.client_id, release.pk]),
    )
    return release


def family_sessions_to_join(participant: CollateralParticipant) -> QuerySet[Session]:
    """Upcoming family sessions of the client that the participant is not in yet."""
    return (
        Session.objects.for_client(participant.client_id)
        .upcoming()
        .filter(kind=Session.Kind.FAMILY)
        .exclude(participants__participant=participant)
    )


@transaction.atomic
def add_to_session(
    *, participant: CollateralParticipant, session: Session, actor: User
) -> SessionParticipant:
    if session.client_id != participant.client_id or session.kind != Session.Kind.FAMILY:
        raise FamilyError("Choose one of this client's family sessions.")
    place, _ = SessionParticipant.objects.get_or_create(session=session, participant=participant)
    _log(actor, Action.UPDATE, participant.client, f"family participant {participant.pk}")
    return place


# --- the client ------------------------------------------------------------------------------


@transaction.atomic
def sign_release(*, release: Release, client: User, typed_name: str) -> None:
    """The client's e-signature; the form checked the name."""
    if release.client_id != client.pk:
        raise FamilyError("Only the client can sign their release.")
    if release.signed_at is not None or release.revoked_at is not None:
        raise FamilyError("This release can no longer be signed.")
    release.signed_at = timezone.now()
    release.signed_as = typed_name.strip()
    release.save(update_fields=["signed_at", "signed_as"])
    _log(client, Action.UPDATE, client, f"release {release.pk}")


@transaction.atomic
def revoke_release(*, release: Release, client: User) -> None:
    """Any time, signed or not: from the next request on it allows nothing."""
    if release.client_id != client.pk:
        raise FamilyError("Only the client can revoke their release.")
    if release.revoked_at is None:
        release.revoked_at = timezone.now()
        release.save(update_fields=["revoked_at"])
        _log(client, Action.UPDATE, client, f"release {release.pk}")


def is_active(release: Release, today: date) -> bool:
    return (
        release.signed_at is not None
        and release.revoked_at is None
        and release.starts_on <= today <= release.expires_on
    )


def status_of(release: Release, today: date) -> str:
    """In words, for the client and the care team."""
    if release.revoked_at is not None:
        return "Revoked"
    if today > release.expires_on:
        return "Expired"
    if release.signed_at is None:
        return "Waiting for the client's signature"
    if today < release.starts_on:
        return "Signed, starts later"
    return "Active"


# --- the participant -------------------------------------------------------------------------


def active_release(participant: CollateralParticipant) -> Release | None:
    today = today_for(participant.client)
    signed = participant.releases.filter(
        signed_at__isnull=False, revoked_at__isnull=True, starts_on__lte=today,
        expires_on__gte=today,
    ).order_by("-signed_at", "-pk")  # fmt: skip
    return signed.first()


def participations_of(user: User) -> list[tuple[CollateralParticipant, Release]]:
    """The people `user` takes part in family sessions for, with an active release now."""
    found = []
    for participant in CollateralParticipant.objects.filter(
        person=user, client__is_active=True
    ).select_related("client"):
        release = active_release(participant)
        if release is not None:
            found.append((participant, release))
    return found


def is_participant(user: User) -> bool:
    return user.is_authenticated and CollateralParticipant.objects.filter(person=user).exists()


@dataclass(frozen=True)
class Shared:
    """What a participant's page shows: only the items the release allows are filled in."""

    items: list[str]
    schedule: list[datetime]
    attendance: tuple[int, int] | None
    goals: list[str]
    progress: str


def shared_with(user: User, participant_id: int) -> tuple[CollateralParticipant, Shared]:
    """What the participant (signed in as `user`) may see now; 404 for everyone else, and for
    the participant too without an active release. Each item shown is logged."""
    participant = (
        CollateralParticipant.objects.filter(pk=participant_id, person=user, person__isnull=False)
        .filter(client__is_active=True)
        .select_related("client")
        .first()
    )
    if participant is None or not user.is_authenticated:
        raise Http404
    release = active_release(participant)
    if release is None:
        raise Http404
    items = [item for item in ReleaseItem.values if item in release.allows]
    client = participant.client
    zone = ZoneInfo(settings_for(client).time_zone)
    data: dict[str, Any] = {"items": items, "schedule": [], "attendance": None, "goals": [],
                            "progress": ""}  # fmt: skip
    if ReleaseItem.SCHEDULE in items:
        sessions = Session.objects.for_client(client.pk).upcoming()
        sessions = sessions.filter(kind=Session.Kind.FAMILY, participants__participant=participant)
        data["schedule"] = [s.starts_at.astimezone(zone) for s in sessions]
    if ReleaseItem.ATTENDANCE in items:
        data["attendance"] = _attendance_this_month(client, zone)
    if ReleaseItem.PLAN_SUMMARY in items:
        data["goals"] = [goal["text"] for _, goal in goals_of(content_of(current_plan(client)))]
    if ReleaseItem.PROGRESS in items:
        data["progress"] = progress_sentence(client)
    for item in items:
        record_access(
            actor=user,
            client_id=client.pk,
            action=Action.VIEW,
            what=f"family release: {item}",
            reason=participant.relationship,
            basis=Basis.SUPPORTER,
            object_id=str(release.pk),
        )
    return participant, Shared(**data)


def _attendance_this_month(client: User, zone: ZoneInfo) -> tuple[int, int]:
    """(attended, held) among this month's sessions so far, in the client's time zone."""
    today = today_for(client)
    month_start = datetime.combine(today.replace(day=1), time.min, tzinfo=zone)
    held = Session.objects.for_client(client.pk).filter(
        starts_at__gte=month_start, starts_at__lte=timezone.now()
    ).exclude(status=Session.Status.CANCELLED)  # fmt: skip
    return held.filter(status=Session.Status.ATTENDED).count(), held.count()


def progress_sentence(client: User) -> str:
    """Neutral, and from attendance only: nothing clinical, no judgement."""
    since = timezone.now() - timedelta(days=30)
    attended = (
        Session.objects.for_client(client.pk)
        .filter(starts_at__gte=since, status=Session.Status.ATTENDED)
        .count()
    )
    if attended == 0:
        return "No sessions are recorded as attended in the last 30 days."
    plural = "session" if attended == 1 else "sessions"
    return f"Taking part in treatment: {attended} {plural} attended in the last 30 days."


def _log(actor: User, action: str, client: User, object_id: str) -> None:
    record_access(
        actor=actor, client_id=client.pk, action=action, what=WHAT,
        reason="Own record" if actor.pk == client.pk else "Care team", object_id=object_id,
    )  # fmt: skip
