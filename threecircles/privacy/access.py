"""One way in to a client's record.

Every view that reads or writes a client's data gets the client through `get_client_for`,
which decides from grants (own record, a care-team place, a scope the client shared with a
supporter, an administrator's open emergency access) and records an access event. Anyone else
gets a 404, so an outsider cannot even learn that the record exists.
"""

from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.utils import timezone

from threecircles.accounts.models import CLINICAL_ROLES, Role, User, UserQuerySet
from threecircles.privacy.models import (
    CARE_TEAM_SCOPES,
    AccessChainHead,
    AccessEvent,
    Action,
    Basis,
    Grant,
    Scope,
)

CASELOAD_SUMMARY = "caseload summary (alerts and to-dos)"


@dataclass(frozen=True)
class Access:
    """Why a person may see (part of) a client's record, as the log and the client read it."""

    basis: str
    reason: str
    grant: Grant | None = None


def access_basis(user: User, client: User, scope: str = Scope.RECORD) -> Access | None:
    if not user.is_authenticated or not user.is_active or client.role != Role.CLIENT:
        return None
    if user.pk == client.pk:
        return Access(Basis.SELF, "Own record")
    grants = Grant.objects.filter(client=client).order_by("starts_at", "pk")
    if scope in CARE_TEAM_SCOPES and user.role in CLINICAL_ROLES:
        team = Grant.objects.usable_care_team(user).filter(client=client)
        grant = team.order_by("starts_at", "pk").first()
        if grant:
            return Access(Basis.CARE_TEAM, "Care team", grant)
    grant = grants.supporters().active().filter(grantee=user, scope=scope).first()
    if grant:
        return Access(Basis.SUPPORTER, grant.role_label, grant)
    if user.role == Role.ADMIN:
        grant = grants.break_glass().active().filter(grantee=user).first()
        if grant:
            return Access(Basis.BREAK_GLASS, "Emergency access (break-glass)", grant)
    return None


def visible_clients(user: User) -> UserQuerySet:
    """Clients whose record `user` may open as their care team (the caseload)."""
    users = User.objects.get_queryset()
    if not user.is_authenticated:
        return users.none()
    if user.role == Role.CLIENT:
        return users.filter(pk=user.pk)
    if user.role in CLINICAL_ROLES:
        team = Grant.objects.usable_care_team(user).values("client")
        return users.clients().active().filter(pk__in=team)
    return users.none()


def supported_clients(user: User) -> UserQuerySet:
    """Clients who share at least one scope with `user` now."""
    if not user.is_authenticated:
        return User.objects.none()
    shared = Grant.objects.supporters().active().filter(grantee=user).values("client")
    return User.objects.clients().active().filter(pk__in=shared)


def actor_label(actor: User | None, client_id: int) -> str:
    """The name the log keeps. The log cannot be edited later, so it never holds a client's
    name (erasure): a client acting on someone else's record is named when the log is read."""
    if actor is None:
        return "Three Circles (system)"
    if actor.role == Role.CLIENT:
        return "The client" if actor.pk == client_id else "A person in recovery"
    return str(actor)


def record_access(
    *,
    actor: User | None,
    client_id: int,
    action: str,
    what: str,
    reason: str,
    basis: str = "",
    object_id: str = "",
) -> AccessEvent:
    if not basis:
        basis = (
            Basis.SYSTEM
            if actor is None
            else Basis.SELF
            if actor.pk == client_id
            else Basis.CARE_TEAM
        )
    return AccessChainHead.append(
        _event(actor, client_id, action=action, what=what, reason=reason, basis=basis,
               object_id=object_id)
    )  # fmt: skip


def _event(
    actor: User | None,
    client_id: int,
    *,
    action: str,
    what: str,
    reason: str,
    basis: str,
    object_id: str = "",
) -> AccessEvent:
    return AccessEvent(
        at=timezone.now(),
        actor_id=actor.pk if actor else None,
        actor_label=actor_label(actor, client_id),
        actor_role=actor.role if actor else "system",
        client_id=client_id,
        basis=basis,
        action=action,
        what=what,
        object_id=object_id,
        reason=reason,
    )


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
            basis=Basis.CARE_TEAM,
        )


def get_client_for_scopes(
    request: HttpRequest, client_id: int, *, scopes: list[str], what: str, object_id: str = ""
) -> tuple[User, list[str]]:
    """The client and those of `scopes` the signed-in person may open now, in order. Each is
    logged as its own read (`what` followed by the scope, e.g. "your sobriety status"), all in
    one write to the client's chain. Everyone who may open none of them gets 404."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    client = User.objects.filter(pk=client_id, role=Role.CLIENT, is_active=True).first()
    if client is None:
        raise Http404
    opened = [(scope, access_basis(user, client, scope)) for scope in scopes]
    allowed = [(scope, access) for scope, access in opened if access is not None]
    if not allowed:
        raise Http404
    AccessChainHead.append_many(
        [
            _event(
                user,
                client.pk,
                action=Action.VIEW,
                what=f"{what}{Scope(scope).label.lower()}",
                reason=access.reason,
                basis=access.basis,
                object_id=object_id,
            )
            for scope, access in allowed
        ]
    )
    return client, [scope for scope, _ in allowed]


def get_client_for(
    request: HttpRequest,
    client_id: int,
    *,
    what: str,
    scope: str = Scope.RECORD,
    action: str = Action.VIEW,
    reason: str = "",
    object_id: str = "",
) -> User:
    """The client, if the signed-in person may open `scope` of their record; records the
    access. Everyone else gets 404."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    client = User.objects.filter(pk=client_id, role=Role.CLIENT, is_active=True).first()
    if client is None:
        raise Http404
    access = access_basis(user, client, scope)
    if access is None:
        raise Http404
    record_access(
        actor=user,
        client_id=client.pk,
        action=action,
        what=what,
        reason=reason or access.reason,
        basis=access.basis,
        object_id=object_id,
    )
    return client


# --- whose view a supporter page is ---------------------------------------------------------

_PREVIEW = "_threecircles_preview_invitation"


def preview_as(request: HttpRequest, invitation_id: int) -> None:
    """The client is looking at one supporter's page for themself ("see what Carol sees"):
    the panels show what that supporter's grants show, and nothing can be done from it."""
    setattr(request, _PREVIEW, invitation_id)


def is_preview(request: HttpRequest) -> bool:
    return getattr(request, _PREVIEW, None) is not None


def supporter_grant(request: HttpRequest, client: User, scope: str) -> Grant | None:
    """The grant by which a supporter page shows `scope` of `client`: the signed-in
    supporter's own, or in a preview the previewed supporter's."""
    grants = Grant.objects.supporters().active().filter(client=client, scope=scope)
    invitation_id = getattr(request, _PREVIEW, None)
    if invitation_id is not None:
        grants = grants.filter(invitation_id=invitation_id)
    else:
        grants = grants.filter(grantee_id=request.user.pk)
    return grants.order_by("pk").first()
