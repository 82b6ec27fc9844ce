"""The client erases their own recovery data at once, or asks to close their whole account.

Erasure shreds the client's *recovery* data key (every copy of that ciphertext, backups
included, becomes unreadable) and deletes the rows. The clinical record their practice must
keep (notes, questionnaires, episodes, sealed under the record key) is not touched. Closing the
account is an administrator's act (`manage.py erase_client`); here the client only asks.
"""

from datetime import datetime, timedelta

from django.db import models, transaction
from django.utils import timezone

from threecircles.accounts.models import Role, User
from threecircles.accounts.tasks import send_notice_email
from threecircles.lib.pagecache import forget_all_parts
from threecircles.privacy.access import record_access
from threecircles.privacy.keys import destroy_data_key
from threecircles.privacy.models import AccessEvent, Action, Basis, KeyDomain
from threecircles.recovery.models import (
    CheckIn,
    EnvironmentChange,
    HighRiskTime,
    JournalEntry,
    PlanVersion,
    RecoverySettings,
    SafetyPlan,
    Slip,
    TaskWork,
    Trigger,
)

# Every recovery model holding the client's rows; their settings (time zone, country, reminder
# time) stay, so their days are still counted where they live when they start again.
CLIENT_RECORDS: tuple[type[models.Model], ...] = (
    CheckIn,
    EnvironmentChange,
    HighRiskTime,
    Slip,
    Trigger,
    JournalEntry,
    SafetyPlan,
    TaskWork,
    PlanVersion,
)
ERASED = "own recovery data (erased)"
CLOSE_REQUEST = "account (asked to close it)"
# A client pressing the button twice does not send the administrators two e-mails.
TELL_AGAIN_AFTER = timedelta(days=1)


@transaction.atomic
def erase_recovery_data(*, client: User) -> None:
    for model in CLIENT_RECORDS:
        model._default_manager.filter(client=client).delete()
    RecoverySettings.objects.filter(client=client).update(sobriety_date=None, last_reminded_on=None)
    forget_all_parts()  # kept pages may show their check-ins and slips
    # The next write makes a new key; nothing sealed under the old one can be opened again.
    destroy_data_key(
        client_id=client.pk,
        erased_by_id=client.pk,
        reason="The client erased their own recovery data",
        domain=KeyDomain.RECOVERY,
    )
    record_access(
        actor=client,
        client_id=client.pk,
        action=Action.ERASE,
        what=ERASED,
        reason="Own record",
        basis=Basis.SELF,
    )


def close_requested_at(client: User) -> datetime | None:
    """When the client last asked to close their account, if they did."""
    asked = AccessEvent.objects.for_client(client.pk).filter(what=CLOSE_REQUEST, actor_id=client.pk)
    latest = asked.order_by("-seq").first()
    return latest.at if latest else None


@transaction.atomic
def ask_to_close_account(*, client: User) -> None:
    """Logged on the client's own chain; the administrators get a notice that names no one
    (they see who asked with `manage.py close_requests`)."""
    asked_before = close_requested_at(client)
    record_access(
        actor=client,
        client_id=client.pk,
        action=Action.UPDATE,
        what=CLOSE_REQUEST,
        reason="Own record",
        basis=Basis.SELF,
    )
    if asked_before is not None and timezone.now() - asked_before < TELL_AGAIN_AFTER:
        return
    admins = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk")
    for admin in admins:
        send_notice_email.enqueue(
            to=[admin.email],
            subject="A request to close an account",
            body=(
                "Someone asked to close their Three Circles account.\n\n"
                "On the server, `manage.py close_requests` lists who asked; "
                "`manage.py erase_client` closes an account.\n"
            ),
        )
