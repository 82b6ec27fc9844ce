"""Inviting supporters and changing what each may see. The sharing itself is a set of grants
in `privacy`; these functions keep the network and the grants in step."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from threecircles.accounts.actions import create_invitation
from threecircles.accounts.models import Invitation, Role, User
from threecircles.network.models import SupportMember
from threecircles.privacy import actions as privacy
from threecircles.privacy.models import SUPPORTER_SCOPES, Scope


def shared_scopes(member: SupportMember) -> list[str]:
    """What the client shares with this person now, in the order the choices are listed."""
    shared = {grant.scope for grant in privacy.supporter_grants(member.invitation)}
    return [scope.value for scope in SUPPORTER_SCOPES if scope in shared]


def shared_labels(member: SupportMember) -> list[str]:
    return [str(Scope(scope).label) for scope in shared_scopes(member)]


@transaction.atomic
def invite_supporter(
    *, client: User, email: str, member: SupportMember, scopes: Iterable[str]
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
        client=client, invitation=invitation, relationship=member.relationship, scopes=scopes
    )
    return member, url


@transaction.atomic
def change_sharing(*, member: SupportMember, scopes: Iterable[str]) -> None:
    """Takes effect on the supporter's next request."""
    privacy.set_supporter_scopes(
        client=member.client,
        invitation=member.invitation,
        relationship=member.relationship,
        scopes=scopes,
    )


@transaction.atomic
def revoke_supporter(*, member: SupportMember) -> None:
    """Stop sharing with this person at once. An unused invitation is withdrawn too."""
    now = timezone.now()
    member.revoked_at = now
    member.save(update_fields=["revoked_at"])
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
