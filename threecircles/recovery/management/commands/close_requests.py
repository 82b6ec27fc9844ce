from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Max
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.privacy.models import AccessEvent
from threecircles.recovery.erasure import CLOSE_REQUEST


class Command(BaseCommand):
    help = (
        "List clients who asked to close their account and whose account is still open. "
        "Close one with `manage.py erase_client <address> --reason ...`."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        asked = (
            AccessEvent.objects.filter(what=CLOSE_REQUEST)
            .values("client_id")
            .annotate(last=Max("at"))
            .order_by("last")
        )
        when = {row["client_id"]: row["last"] for row in asked}
        open_accounts = User.objects.clients().active().filter(pk__in=when)
        if not open_accounts.exists():
            self.stdout.write("No open requests to close an account.")
            return
        for client in sorted(open_accounts, key=lambda c: when[c.pk]):
            asked_at = timezone.localtime(when[client.pk])
            self.stdout.write(f"{asked_at:%Y-%m-%d %H:%M}  {client.email}")
