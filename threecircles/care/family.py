"""Family and collateral participants: a spouse or partner, or a family member, who takes part
in family sessions, and the releases of information that say what each of them may receive.

A release allows nothing until the client signs it, and nothing once it is revoked or expired.
The expiry day is inclusive in the client's own time zone (their recovery settings; UTC until
they choose one). A participant sees what the most recently signed active release allows, and
each item they read is logged against the client's record as a supporter's read.

In this first version a participant's account is linked only when one already exists (by its
e-mail address): inviting new people is the supporter network's, whose invitation handler owns
the supporter role. Whether an address has an account is never shown to the care team (most
accounts are clients', so that would say who is in treatment): an address with an account that
may be linked, an address with one that may not (staff, the client's own) and an address with
none all read the same. A linked account is only asked: the link grants nothing until its owner
accepts it, and declining removes it. The request names nobody (neither the client, nor the
clinician, nor the practice): a mistyped or reused address must not tell a stranger who is in
treatment where. A decline is kept on the person's own log, never on the client's, so the
client does not learn whose account the address was either.

A release covers, online, the account that was linked and had accepted when the client signed
it (the client's release page names that account, with a masked address, so they can check it
before signing). A link accepted after the signing is not covered: the client signs a new
release, which names it.
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
from threecircles.accounts.models import Role, User
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
# On the declining person's own log: no client's name or id, only the request's.
DECLINED = "a family sessions request declined"
MAX_RELEASE_DAYS = 366
# The accounts a family participant's link may name: never anyone who works here (clinicians,
# supervisors, institute staff, administrators), whose accounts open other people's records.
LINKABLE_ROLES = (Role.CLIENT, Role.SUPPORTER)


class FamilyError(Exception):
    """Something that cannot be done; the message is shown as it is."""


# --- the care team ---------------------------------------------------------------------------


def may_be_linked(person: User, client: User) -> bool:
    return (
        person.is_active
        and person.role in LINKABLE_ROLES
        and not person.is_staff
        and not person.is_superuser
        and person.pk != client.pk
    )


def linkable_account(email: str, *, client: User) -> User | None:
    """The account a participant added under `email` is asked to link, if any. None for an
    address without an account and for one whose account may not be linked alike: callers show
    the same thing either way."""
    found = User.objects.filter(email__iexact=email.strip()).order_by("pk").first()
    return found if found is not None and may_be_linked(found, client) else None


@transaction.atomic
def add_participant(
    *, client: User, added_by: User, name: str, relationship: str, person: User | None
) -> CollateralParticipant:
    """Callers got `client` through `get_client_for`; the write is logged here. `person`, when
    given, is asked to confirm (a line without any name or clinical word); until they accept,
    the link grants them nothing."""
    if person is not None and not may_be_linked(person, client):
        raise FamilyError("That account cannot be linked to a family participant.")
    participant = CollateralParticipant.objects.create(
        client=client, name=name, relationship=relationship, person=person, added_by=added_by
    )
    _log(added_by, Action.CREATE, client, f"family participant {participant.pk}")
    if person is not None:
        notify(
            person,
            text="You have a request to join family sessions.",
            url=reverse("care:family_mine"),
        )
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
def sign_release(
    *, release: Release, client: User, typed_name: str, reader_shown: str | None = None
) -> None:
    """The client's e-signature; the form checked the name. `reader_shown` is the account
    the page named as reading it online (its id, or "" for nobody): if someone accepted the
    link since, the client did not see them named, and nothing is signed. None where no page
    showed anything (demo data, tests)."""
    if release.client_id != client.pk:
        raise FamilyError("Only the client can sign their release.")
    if release.signed_at is not None or release.revoked_at is not None:
        raise FamilyError("This release can no longer be signed.")
    if reader_shown is not None:
        # Locked: an acceptance waits until the signature is written, or comes first.
        participant = CollateralParticipant.objects.select_for_update().get(
            pk=release.participant_id
        )
        reader = participant.person_id if participant.person_confirmed_at is not None else None
        if reader_shown != ("" if reader is None else str(reader)):
            raise FamilyError(
                "Who reads this release online changed while you were reading it. Read it "
                "again, then sign."
            )
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
    """The release the linked account reads now: active, and signed once the link was
    accepted (so the client saw that account named on it). None without an accepted link."""
    if participant.person_confirmed_at is None:
        return None
    today = today_for(participant.client)
    signed = participant.releases.filter(
        signed_at__gte=participant.person_confirmed_at, revoked_at__isnull=True,
        starts_on__lte=today, expires_on__gte=today,
    ).order_by("-signed_at", "-pk")  # fmt: skip
    return signed.first()


def covered_account(release: Release) -> User | None:
    """The account that reads `release` online, as the client's release page names it: the
    participant's linked account once its owner accepted, and, for a signed release, only if
    they had accepted by the signing. A pending link reads like no link at all: the client
    must not learn from it whether the address has an account."""
    participant = release.participant
    confirmed = participant.person_confirmed_at
    if participant.person is None or confirmed is None:
        return None
    if release.signed_at is not None and release.signed_at < confirmed:
        return None
    return participant.person


def masked_email(email: str) -> str:
    """Enough for the client to recognise an address they know: c***@example.net."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def _confirmed(user: User) -> QuerySet[CollateralParticipant]:
    """The links `user` accepted: the only ones that let them see or join anything."""
    return CollateralParticipant.objects.filter(person=user, person_confirmed_at__isnull=False)


def _pending(user: User) -> QuerySet[CollateralParticipant]:
    return CollateralParticipant.objects.filter(
        person=user, person_confirmed_at__isnull=True, client__is_active=True
    )


def participations_of(user: User) -> list[tuple[CollateralParticipant, Release]]:
    """The people `user` takes part in family sessions for, with an active release now."""
    found = []
    for participant in _confirmed(user).filter(client__is_active=True).select_related("client"):
        release = active_release(participant)
        if release is not None:
            found.append((participant, release))
    return found


def is_participant(user: User) -> bool:
    """Someone who accepted taking part in a client's family sessions."""
    return user.is_authenticated and _confirmed(user).exists()


def has_family_page(user: User) -> bool:
    """A participant, or someone asked to become one: both find "Family sessions"."""
    return user.is_authenticated and (is_participant(user) or _pending(user).exists())


def requests_for(user: User) -> list[CollateralParticipant]:
    """Links waiting for `user` to accept or decline, oldest first. Their page names nobody
    (see the module's docstring), so nothing else is fetched."""
    return list(_pending(user).order_by("added_at", "pk"))


def pending_request(user: User, participant_id: int) -> CollateralParticipant:
    """The link waiting for `user` to answer; 404 for anyone else, and once answered."""
    if not user.is_authenticated:
        raise Http404
    found = _pending(user).filter(pk=participant_id).select_related("client").first()
    if found is None:
        raise Http404
    return found


@transaction.atomic
def accept_participation(*, participant: CollateralParticipant, person: User) -> None:
    """From now on the link counts: a release the client signs from now on names the account,
    and what it allows is shared with them. Logged on the client's record under the person,
    who will read it (the request page says so)."""
    if participant.person_id != person.pk or participant.person_confirmed_at is not None:
        raise FamilyError("This request is no longer waiting for you.")
    participant.person_confirmed_at = timezone.now()
    participant.save(update_fields=["person_confirmed_at"])
    _log_participant(person, participant)


@transaction.atomic
def decline_participation(*, participant: CollateralParticipant, person: User) -> None:
    """The account is unlinked; the participant stays on the care team's list without it.
    Logged on the person's own record, not the client's: the client's log must not say whose
    account the address was (it may have been mistyped)."""
    if participant.person_id != person.pk or participant.person_confirmed_at is not None:
        raise FamilyError("This request is no longer waiting for you.")
    participant.person = None
    participant.save(update_fields=["person"])
    record_access(
        actor=person, client_id=person.pk, action=Action.UPDATE, what=DECLINED,
        reason="Own record", object_id=f"family participant {participant.pk}",
    )  # fmt: skip


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
    if not user.is_authenticated:
        raise Http404
    participant = (
        _confirmed(user)
        .filter(pk=participant_id, client__is_active=True)
        .select_related("client")
        .first()
    )
    if participant is None:
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


def _log_participant(person: User, participant: CollateralParticipant) -> None:
    """The person's acceptance, on the client's record."""
    record_access(
        actor=person, client_id=participant.client_id, action=Action.UPDATE, what=WHAT,
        reason=participant.relationship, basis=Basis.SUPPORTER,
        object_id=f"family participant {participant.pk}",
    )  # fmt: skip
