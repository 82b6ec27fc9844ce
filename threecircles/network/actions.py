"""Inviting supporters and changing what each may see. The sharing itself is a set of grants
in `privacy`; these functions keep the network and the grants in step."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from threecircles.accounts.actions import create_invitation
from threecircles.accounts.models import Invitation, Role, User
from threecircles.network.models import SupportMember
from threecircles.privacy import actions as privacy
from threecircles.privacy.models import SUPPORTER_SCOPES, Scope
from threecircles.recovery.actions import settings_for
from threecircles.recovery.progress import zone


def shared_scopes(member: SupportMember) -> list[str]:
    """What the client shares with this person now, in the order the choices are listed."""
    shared = {grant.scope for grant in privacy.supporter_grants(member.invitation)}
    return [scope.value for scope in SUPPORTER_SCOPES if scope in shared]


@dataclass(frozen=True)
class Sharing:
    """What the client has chosen for one person: the scopes (shared now, or again after a
    pause), through which day, and whether a pause is on."""

    scopes: list[str]
    until: date | None
    paused_through: date | None


def client_zone(client: User) -> ZoneInfo:
    return zone(settings_for(client).time_zone)


def sharing_of(member: SupportMember) -> Sharing:
    grants = list(privacy.planned_supporter_grants(member.invitation))
    chosen = {grant.scope for grant in grants}
    tz = client_zone(member.client)
    ends = [grant.ends_at for grant in grants if grant.ends_at]
    until = (ends[0].astimezone(tz) - timedelta(days=1)).date() if ends else None
    later = [grant.starts_at for grant in grants if grant.starts_at > timezone.now()]
    paused = (min(later).astimezone(tz) - timedelta(days=1)).date() if later else None
    return Sharing(
        scopes=[scope.value for scope in SUPPORTER_SCOPES if scope in chosen],
        until=until,
        paused_through=paused,
    )


def history_of(member: SupportMember) -> list[dict[str, object]]:
    """Each consent record for this person, newest first, as the client reads it."""
    now = timezone.now()
    return [
        {
            "what": Scope(grant.scope).label,
            "from": grant.starts_at,
            "to": grant.ends_at,
            "later": grant.starts_at > now,
        }
        for grant in privacy.sharing_history(member.invitation)
    ]


def shared_labels(member: SupportMember) -> list[str]:
    return [str(Scope(scope).label) for scope in shared_scopes(member)]


@transaction.atomic
def invite_supporter(
    *,
    client: User,
    email: str,
    member: SupportMember,
    scopes: Iterable[str],
    until: date | None = None,
) -> tuple[SupportMember, str]:
    """Invite a supporter; `member` carries the name and relationship, `scopes` what the
    client chose to share (nothing unless chosen)."""
    invitation, url = create_invitation(
        invited_by=client, email=email, role=Role.SUPPORTER, client=client
    )
    member.client = client
    member.invitation = invitation
    member.save()
    privacy.set_supporter_scopes(
        client=client,
        invitation=invitation,
        relationship=member.relationship,
        scopes=scopes,
        until=until,
        tz=client_zone(client),
    )
    return member, url


@transaction.atomic
def change_sharing(
    *, member: SupportMember, scopes: Iterable[str], until: date | None = None
) -> None:
    """Takes effect on the supporter's next request. `until`: the last day shared."""
    privacy.set_supporter_scopes(
        client=member.client,
        invitation=member.invitation,
        relationship=member.relationship,
        scopes=scopes,
        until=until,
        tz=client_zone(member.client),
    )


@transaction.atomic
def pause_member(*, member: SupportMember, through: date) -> None:
    """This person sees nothing through `through`, then what they saw before, again."""
    privacy.pause_supporter(
        client=member.client,
        invitation=member.invitation,
        through=through,
        tz=client_zone(member.client),
    )
    member.paused_until = through
    member.save(update_fields=["paused_until"])


@transaction.atomic
def resume_member(*, member: SupportMember) -> None:
    privacy.resume_supporter(client=member.client, invitation=member.invitation)
    member.paused_until = None
    member.save(update_fields=["paused_until"])


@transaction.atomic
def revoke_supporter(*, member: SupportMember) -> None:
    """Stop sharing with this person at once. An unused invitation is withdrawn too."""
    now = timezone.now()
    member.revoked_at = now
    member.save(update_fields=["revoked_at"])
    member.calls.filter(ended_at__isnull=True).update(ended_at=now)
    privacy.end_supporter(client=member.client, invitation=member.invitation)
    invitation = member.invitation
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = now
        invitation.save(update_fields=["revoked_at"])


def join_as_supporter(*, invitation: Invitation, user: User) -> None:
    """Registered as the supporter invitation's handler: the chosen scopes reach the account."""
    privacy.link_supporter(invitation=invitation, supporter=user)


@transaction.atomic
def connect_supporter(
    *, client: User, supporter: User, name: str, relationship: str, shares: Iterable[str]
) -> SupportMember:
    """Link an existing account to a client as a supporter, as if an invitation had been
    accepted. For demo data and tests; people in the app go through `invite_supporter`."""
    _, token_hash = Invitation.new_token()
    now = timezone.now()
    invitation = Invitation.objects.create(
        email=supporter.email,
        role=Role.SUPPORTER,
        token_hash=token_hash,
        invited_by=client,
        client=client,
        expires_at=Invitation.default_expiry(),
        accepted_at=now,
        accepted_by=supporter,
    )
    member = SupportMember.objects.create(
        client=client, invitation=invitation, name=name, relationship=relationship
    )
    privacy.set_supporter_scopes(
        client=client, invitation=invitation, relationship=relationship, scopes=shares
    )
    return member
