"""One way in to a client's record.

Every view that reads or writes clinical data gets the client through `get_client_for`, which
decides (own record, current care team, active break-glass) and records an access event. Anyone
else gets a 404, so an outsider cannot even learn that the record exists.
"""

from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.utils import timezone

from threecircles.accounts.models import CareTeamMembership, Role, User, UserQuerySet
from threecircles.privacy.models import (
    GENESIS_HASH,
    AccessEvent,
    AccessLogHead,
    Action,
    BreakGlassGrant,
)

CASELOAD_SUMMARY = "caseload summary (alerts and to-dos)"


@dataclass(frozen=True)
class Grant:
    """Why a person may see a client's record."""

    basis: str  # "self", "care_team" or "break_glass"
    care_team_role: str = ""


def access_basis(user: User, client: User) -> Grant | None:
    if not user.is_authenticated or not user.is_active or client.role != Role.CLIENT:
        return None
    if user.pk == client.pk:
        return Grant("self")
    if user.role in (Role.CLINICIAN, Role.SUPERVISOR):
        # Practice membership too: a care-team row alone (say, added in the admin) is not enough.
        membership = (
            CareTeamMembership.objects.current()
            .filter(client=client, member=user, practice__memberships__user=user)
            .first()
        )
        if membership:
            return Grant("care_team", membership.role)
    if user.role == Role.ADMIN:
        now = timezone.now()
        active = BreakGlassGrant.objects.filter(
            admin=user, client=client, closed_at__isnull=True, expires_at__gt=now
        ).exists()
        if active:
            return Grant("break_glass")
    return None


def visible_clients(user: User) -> UserQuerySet:
    """Clients whose record `user` may open (without break-glass)."""
    users = User.objects.get_queryset()
    if not user.is_authenticated:
        return users.none()
    if user.role == Role.CLIENT:
        return users.filter(pk=user.pk)
    if user.role in (Role.CLINICIAN, Role.SUPERVISOR):
        return users.on_care_team_of(user).active()
    return users.none()


def record_access(
    *,
    actor: User | None,
    client_id: int,
    action: str,
    what: str,
    reason: str,
    object_id: str = "",
) -> AccessEvent:
    if actor is None:
        label = "Three Circles (system)"
    elif actor.role == Role.CLIENT:
        # The log cannot be edited later, so it never holds a client's name (erasure).
        label = "The client"
    else:
        label = str(actor)
    event = AccessEvent(
        actor_id=actor.pk if actor else None,
        actor_label=label,
        actor_role=actor.role if actor else "system",
        client_id=client_id,
        action=action,
        what=what,
        object_id=object_id,
        reason=reason,
    )
    return AccessLogHead.append(event)


def record_caseload_summary(*, actor: User, client_ids: set[int]) -> None:
    """The caseload shows clinical facts (an alert, a review waiting) without opening the
    record; log that once a day per person, so the client's list stays readable."""
    today_start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    already = set(
        AccessEvent.objects.filter(
            actor_id=actor.pk, client_id__in=client_ids, what=CASELOAD_SUMMARY, at__gte=today_start
        ).values_list("client_id", flat=True)
    )
    for client_id in sorted(client_ids - already):
        record_access(
            actor=actor,
            client_id=client_id,
            action=Action.VIEW,
            what=CASELOAD_SUMMARY,
            reason="Care team",
        )


def get_client_for(
    request: HttpRequest,
    client_id: int,
    *,
    what: str,
    action: str = Action.VIEW,
    reason: str = "",
    object_id: str = "",
) -> User:
    """The client record, if the signed-in person may open it; records the access. Else 404."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    client = User.objects.filter(pk=client_id, role=Role.CLIENT, is_active=True).first()
    if client is None:
        raise Http404
    grant = access_basis(user, client)
    if grant is None:
        raise Http404
    if not reason:
        reason = {
            "self": "Own record",
            "care_team": "Care team",
            "break_glass": "Emergency access (break-glass)",
        }[grant.basis]
    record_access(
        actor=user,
        client_id=client.pk,
        action=action,
        what=what,
        reason=reason,
        object_id=object_id,
    )
    return client


def verify_chain() -> tuple[bool, int, str]:
    """Walk the log in order. Returns (intact, rows checked, description of the first break)."""
    prev_hash = GENESIS_HASH
    checked = 0
    for event in AccessEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != prev_hash:
            return (
                False,
                checked,
                f"row {event.pk}: the row before it was changed or deleted "
                "(its previous-hash does not match)",
            )
        if event.compute_hash(prev_hash) != event.hash:
            return False, checked, f"row {event.pk}: its contents were changed"
        prev_hash = event.hash
        checked += 1
    head = AccessLogHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != prev_hash or head.count != checked):
        return (
            False,
            checked,
            f"the newest rows were deleted: the log ends at row with hash {prev_hash[:12]}, "
            f"but {head.count} events were written",
        )
    return True, checked, ""
