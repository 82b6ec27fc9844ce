from django.db import transaction
from django.utils import timezone

from threecircles.accounts.actions import create_invitation
from threecircles.accounts.models import Invitation, Role, User
from threecircles.network.models import SCOPES, SupportMember


@transaction.atomic
def invite_supporter(
    *, client: User, email: str, member: SupportMember
) -> tuple[SupportMember, str]:
    """Invite a supporter; `member` carries the name, relationship and sharing choices."""
    invitation, url = create_invitation(
        invited_by=client, email=email, role=Role.SUPPORTER, client=client
    )
    member.client = client
    member.invitation = invitation
    member.save()
    return member, url


@transaction.atomic
def revoke_supporter(*, member: SupportMember) -> None:
    """Stop sharing with this person at once. An unused invitation is withdrawn too."""
    now = timezone.now()
    member.revoked_at = now
    member.save(update_fields=["revoked_at"])
    invitation = member.invitation
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = now
        invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def connect_supporter(
    *, client: User, supporter: User, name: str, relationship: str, shares: list[str]
) -> SupportMember:
    """Link an existing supporter account to a client, as if they had accepted an invitation.

    For demo data and tests; people in the app always go through `invite_supporter`.
    """
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
    member = SupportMember(
        client=client, invitation=invitation, name=name, relationship=relationship
    )
    for field, _label in SCOPES:
        setattr(member, field, field in shares)
    member.save()
    return member
