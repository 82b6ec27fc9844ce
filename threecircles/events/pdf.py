"""The documents of a registration, printed with weasyprint: the certificate of attendance
(the sessions attended and the hours they count) and the invoice (the fee, paid or due).

Each document is HTML first (`certificate_html`, `invoice_html`), so what it says can be
read and tested, then printed by `as_pdf`.
"""

from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone

from threecircles.events.attendance import hours_for
from threecircles.events.models import Registration


def _zone(registration: Registration) -> ZoneInfo:
    return ZoneInfo(registration.event.time_zone)


def certificate_context(registration: Registration) -> dict[str, Any]:
    zone = _zone(registration)
    attended = registration.attendance.select_related("session").order_by("session__starts_at")
    return {
        "registration": registration,
        "event": registration.event,
        "sessions": [
            (
                record.session,
                timezone.localtime(record.session.starts_at, zone),
                timezone.localtime(record.session.ends_at, zone),
                record.hours,
            )
            for record in attended
        ],
        "total_hours": hours_for(registration),
        "issued_on": timezone.localtime(timezone.now(), zone).date(),
    }


def certificate_html(registration: Registration) -> str:
    return render_to_string("events/pdf/certificate.html", certificate_context(registration))


def invoice_context(registration: Registration) -> dict[str, Any]:
    zone = _zone(registration)
    paid_at = registration.paid_at
    return {
        "registration": registration,
        "event": registration.event,
        "paid_on": timezone.localtime(paid_at, zone).date() if paid_at else None,
        "due": Decimal("0.00") if paid_at else registration.fee,
        "issued_on": timezone.localtime(
            registration.confirmed_at or registration.registered_at, zone
        ).date(),
    }


def invoice_html(registration: Registration) -> str:
    return render_to_string("events/pdf/invoice.html", invoice_context(registration))


def as_pdf(html: str) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
