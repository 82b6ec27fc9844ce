"""Where an online payment provider plugs in: one small interface, and none shipped.

Without a provider (the default, and the only setting here), fees are paid by invoice and
staff mark payments. A provider is a class with the two methods of `PaymentProvider`, set
once at start-up (e.g. in an `AppConfig.ready()`):

    payments.use(MyProvider())

`start` returns where to send the person to pay (or None when it cannot take this
payment); the provider later calls back with a reference, and `confirm_payment` asks it
whether that reference was paid before marking the registration. Nothing here reaches out
to any network by itself.
"""

import datetime
from typing import Protocol

from django.db import transaction
from django.utils import timezone

from threecircles.events.models import Registration


class PaymentProvider(Protocol):
    name: str

    def start(self, registration: Registration) -> str | None:
        """Open a payment for the registration's fee; the address to send the person to."""
        ...

    def confirm(self, reference: str) -> bool:
        """Whether the payment with this reference went through."""
        ...


_provider: PaymentProvider | None = None


def use(provider: PaymentProvider | None) -> None:
    """Set (or, with None, remove) the online payment provider."""
    global _provider
    _provider = provider


def provider() -> PaymentProvider | None:
    return _provider


def pay_online_url(registration: Registration) -> str | None:
    """Where this person may pay online; None when they pay by invoice (no provider, nothing
    to pay, already paid, or not confirmed)."""
    if (
        _provider is None
        or registration.fee <= 0
        or registration.paid_at is not None
        or registration.status != Registration.Status.CONFIRMED
    ):
        return None
    return _provider.start(registration)


@transaction.atomic
def confirm_payment(
    *, registration: Registration, reference: str, now: datetime.datetime | None = None
) -> bool:
    """The provider called back: if it says `reference` was paid, mark the registration."""
    if _provider is None or not _provider.confirm(reference):
        return False
    registration.paid_at = now or timezone.now()
    registration.payment_reference = reference[:120]
    registration.save(update_fields=["paid_at", "payment_reference"])
    return True
