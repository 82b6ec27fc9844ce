"""A client's access history, grouped: one line per person per day, each expandable."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from threecircles.accounts.models import Role, User
from threecircles.privacy.models import AccessEvent, day_start

PAGE_EVENTS = 1000


@dataclass
class DayOfAccess:
    day: date
    who: str
    basis: str
    reason: str
    events: list[AccessEvent] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """What they did that day, each kind once, in the order it first happened."""
        seen: dict[str, None] = {}
        for event in reversed(self.events):
            seen[f"{event.get_action_display().lower()} {event.what}"] = None
        return "; ".join(seen)


@dataclass
class History:
    days: list[DayOfAccess]
    older_than: date | None  # set when there is more before the oldest day shown


def _names(events: Iterable[AccessEvent]) -> dict[int, str]:
    """People in recovery are named when the log is read, never in the log itself."""
    ids = {e.actor_id for e in events if e.actor_role == Role.CLIENT and e.actor_id is not None}
    return {user.pk: str(user) for user in User.objects.filter(pk__in=ids)}


def grouped_history(client: User, *, before: date | None = None) -> History:
    events = AccessEvent.objects.by_others(client.pk).order_by("-at", "-id")
    if before is not None:
        events = events.filter(at__lt=day_start(before))
    page = list(events[: PAGE_EVENTS + 1])
    more = len(page) > PAGE_EVENTS
    page = page[:PAGE_EVENTS]
    if more:
        # Whole days only: the oldest day on this page may continue on the next.
        oldest = timezone.localtime(page[-1].at).date()
        page = [e for e in page if timezone.localtime(e.at).date() > oldest] or page
    names = _names(page)
    days: dict[tuple[date, int | None, str, str], DayOfAccess] = {}
    for event in page:
        day = timezone.localtime(event.at).date()
        who = names.get(event.actor_id or 0, event.actor_label)
        key = (day, event.actor_id, event.actor_label, event.basis)
        if key not in days:
            days[key] = DayOfAccess(day=day, who=who, basis=event.basis, reason=event.reason)
        days[key].events.append(event)
    older = timezone.localtime(page[-1].at).date() if more and page else None
    return History(days=list(days.values()), older_than=older)
