from django.db import transaction
from django.utils import timezone

from threecircles.accounts.actions import create_invitation
from threecircles.accounts.models import Role, User
from threecircles.network.models import SupportMember


@transaction.atomic
def invite_supporter(*, client: User, email: str, member: SupportMember) -> tuple[SupportMember, str]:
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
