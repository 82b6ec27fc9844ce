"""Privacy operations with side effects: erasure, break-glass."""

import json
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from threecircles.accounts.models import CareTeamMembership, Invitation, Role, User
from threecircles.accounts.tasks import send_notice_email
from threecircles.privacy.access import record_access
from threecircles.privacy.keys import destroy_data_key
from threecircles.privacy.models import Action, BreakGlassGrant


class BreakGlassError(Exception):
    pass


@transaction.atomic
def erase_client(*, client: User, erased_by: User | None, reason: str) -> None:
    """Crypto-shred a client: destroy their data key and strip identifying account details.

    Every copy of their ciphertext (database, replicas, backups) becomes unreadable at once;
    other clients' data is untouched. The access log keeps the numeric id only.
    """
    if client.role != Role.CLIENT:
        raise ValueError("Only a client's record can be erased.")
    destroy_data_key(
        client_id=client.pk, erased_by_id=erased_by.pk if erased_by else None, reason=reason
    )
    record_access(
        actor=erased_by,
        client_id=client.pk,
        action=Action.ERASE,
        what="whole record",
        reason=reason,
    )
    # Identifying traces outside the encrypted record: invitations to and from them (deleting
    # the ones they sent removes their supporters' names), care teams, queued e-mails.
    placeholder = f"erased-{client.pk}@erased.invalid"
    sent = Invitation.objects.filter(invited_by=client)
    _purge_queued_mail({client.email, *sent.values_list("email", flat=True)})
    sent.delete()
    Invitation.objects.filter(accepted_by=client).update(email=placeholder)
    CareTeamMembership.objects.current().filter(client=client).update(ended_on=timezone.localdate())
    client.email = placeholder
    client.display_name = "Erased account"
    client.is_active = False
    client.set_unusable_password()
    client.save(update_fields=["email", "display_name", "is_active", "password"])
    client.emailaddress_set.all().delete()  # type: ignore[attr-defined]


def _purge_queued_mail(addresses: set[str]) -> None:
    """Delete task rows (queued or finished) whose arguments name any of these addresses."""
    from django_tasks_db.models import DBTaskResult

    needles = {address.lower() for address in addresses}
    for row in DBTaskResult.objects.only("pk", "args_kwargs").iterator():
        arguments = json.dumps(row.args_kwargs).lower()
        if any(needle in arguments for needle in needles):
            row.delete()


@transaction.atomic
def open_break_glass(*, admin: User, client: User, reason: str, minutes: int) -> BreakGlassGrant:
    if admin.role != Role.ADMIN:
        raise BreakGlassError("Only administrators can use emergency access.")
    if client.role != Role.CLIENT:
        raise BreakGlassError("Emergency access is only for client records.")
    reason = reason.strip()
    if len(reason) < 10:
        raise BreakGlassError("State the reason for emergency access (at least 10 characters).")
    if not 1 <= minutes <= settings.BREAK_GLASS_MAX_MINUTES:
        raise BreakGlassError(
            f"Emergency access lasts between 1 and {settings.BREAK_GLASS_MAX_MINUTES} minutes."
        )
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        admin=admin,
        client=client,
        reason=reason,
        opened_at=now,
        expires_at=now + timedelta(minutes=minutes),
    )
    # Tell the client now, not only on their access page; the e-mail says nothing clinical.
    send_notice_email.enqueue(
        to=[client.email],
        subject="Your record was opened for an emergency",
        body=(
            "An administrator opened your Three Circles record using emergency access.\n\n"
            'Sign in and open "Who has seen my record" to see who, when and why:\n'
            f"{settings.SITE_URL.rstrip('/')}/privacy/my-record/access/\n"
        ),
    )
    record_access(
        actor=admin,
        client_id=client.pk,
        action=Action.BREAK_GLASS,
        what="whole record",
        reason=reason,
        object_id=str(grant.pk),
    )
    return grant


@transaction.atomic
def close_break_glass(*, grant: BreakGlassGrant) -> None:
    if grant.closed_at is None:
        grant.closed_at = timezone.now()
        grant.save(update_fields=["closed_at"])
