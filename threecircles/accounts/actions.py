"""Operations on people that cross models or have side effects."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from threecircles.accounts.models import Invitation, Notification, Practice, Role, User
from threecircles.accounts.registry import invitation_handler
from threecircles.accounts.tasks import INVITATION_PURPOSE, send_invitation_email
from threecircles.lib.sealing import seal_text


class InvitationError(Exception):
    pass


@transaction.atomic
def create_invitation(
    *,
    invited_by: User,
    email: str,
    role: str,
    practice: Practice | None = None,
    client: User | None = None,
) -> tuple[Invitation, str]:
    """Create a single-use invitation and e-mail its link. Returns the invitation and its URL.

    The e-mail names no clinical detail: only that someone invited them to Three Circles.
    """
    if role == Role.CLIENT and practice is None:
        raise InvitationError("A client invitation needs a practice.")
    if role == Role.SUPPORTER and client is None:
        raise InvitationError("A supporter invitation needs the client they will support.")
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        email=email.strip().lower(),
        role=role,
        token_hash=token_hash,
        invited_by=invited_by,
        practice=practice,
        client=client,
        expires_at=Invitation.default_expiry(),
    )
    url = settings.SITE_URL.rstrip("/") + reverse("accept_invitation", args=[token])
    # The database queue commits the e-mail job together with the invitation, or neither.
    # The link is a credential, so it waits in the queue sealed, not readable in the table.
    send_invitation_email.enqueue(
        to=invitation.email, sealed_url=seal_text(url, purpose=INVITATION_PURPOSE)
    )
    return invitation, url


def may_link(invitation: Invitation, user: User) -> str:
    """Why `user`, already signed in, may not take this invitation into their account; ""
    if they may. Only to the account of the address it was sent to. A supporter invitation
    links to anyone's but the inviting client's own or an administrator's (a client who is also
    someone's sponsor, a clinician's colleague); a client invitation only to a client's (who
    joins one more care team). Whoever invited learns none of this: their page and the e-mail
    are the same whatever the address, and only the account's owner reads these reasons."""
    if invitation.role not in (Role.SUPPORTER, Role.CLIENT, Role.MEMBER):
        return "This invitation is for a new account. Sign out first, then open the link again."
    if invitation.email.lower() != user.email.lower():
        return (
            "This invitation was sent to another e-mail address. Sign out and sign in with "
            "the account for that address, or ask the person who invited you to use the "
            "address of this account."
        )
    if invitation.role == Role.CLIENT:
        if user.role != Role.CLIENT or user.is_staff or user.is_superuser:
            return (
                "This invitation is for a client's account, and this account is not one: "
                "nothing was added to it. If you expected it, ask the person who invited you "
                "to use another address."
            )
        return ""
    if invitation.role == Role.MEMBER:
        # A professional's membership joins their own account (a clinician who is a member);
        # never a client's or an administrator's.
        if user.role in (Role.CLIENT, Role.ADMIN) or user.is_superuser:
            return (
                "A membership cannot be added to this kind of account: nothing was added. "
                "Sign out, then open the link again to make a member account."
            )
        return ""
    if invitation.client_id == user.pk:
        return "You cannot support yourself."
    if user.role == Role.ADMIN:
        return "Administrator accounts cannot support anyone. Use a personal account."
    return ""


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User, link: bool = False) -> None:
    """Give the account its place (a care team, a client to support), through the handler the
    inviting app registered for the invitation's role. A new account takes the invitation's
    role; an existing one that `link`s keeps its own (a client who becomes a sponsor stays a
    client)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.VALID:
        raise InvitationError(f"This invitation cannot be used: {invitation.get_status_label()}.")
    if link:
        reason = may_link(invitation, user)
        if reason:
            raise InvitationError(reason)
    else:
        user.role = invitation.role
        user.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    handler = invitation_handler(invitation.role)
    if handler is not None:
        handler(invitation=invitation, user=user)


def notify(person: User, *, text: str, url: str = "") -> None:
    """A line in the person's notifications. `text` holds no clinical content (it is shown on
    every page's header count and may be read over a shoulder): say that something waits."""
    Notification.objects.create(recipient=person, text=text[:200], url=url[:200])
