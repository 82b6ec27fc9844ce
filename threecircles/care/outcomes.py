"""Program outcomes: for each measure with reliable-change values, how many of the clients
enrolled now show reliable improvement, reliable deterioration or no reliable change
(Jacobson-Truax) between their baseline and their latest score.

The latest score is the last one completed since the client joined the program. The
baseline is their first score since joining, or, when they have only one since, their last
score before joining. A client without such a pair has fewer than two scores to compare.

The caller passes enrollments whose clients it has already opened through `get_client_for`
with `what=WHAT`, so that one access event per client covers the totals read here and this
module writes nothing of its own. All administrations come in one query; the totals are
sealed under each client's key, so opening them costs one key fetch per client compared
(cached for the rest of the request by `privacy.keys`).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone

from threecircles.care.models import Enrollment
from threecircles.screening.instruments import (
    NO_RELIABLE_CHANGE,
    RELIABLE_DETERIORATION,
    RELIABLE_IMPROVEMENT,
    Pack,
    all_packs,
    reliable_change,
)
from threecircles.screening.models import Administration

WHAT = "programs, attendance and screening scores"


@dataclass(frozen=True)
class Outcome:
    """One measure's counts over the clients enrolled now."""

    pack: Pack
    improved: int
    deteriorated: int
    unchanged: int
    too_few: int

    @property
    def compared(self) -> int:
        return self.improved + self.deteriorated + self.unchanged

    def _percent(self, count: int) -> int:
        # Whole percent, rounded half up (integers only, so 0.5 always goes up).
        return (200 * count + self.compared) // (2 * self.compared)

    @property
    def improved_percent(self) -> int:
        return self._percent(self.improved)

    @property
    def deteriorated_percent(self) -> int:
        return self._percent(self.deteriorated)

    @property
    def unchanged_percent(self) -> int:
        return self._percent(self.unchanged)

    @property
    def citations(self) -> list[str]:
        """Where the pack's SD and reliability come from, as the pack cites them."""
        texts = {citation.key: citation.text for citation in self.pack.citations}
        return [texts[key] for key in self.pack.reliable_change.citations if key in texts]


def packs_with_reliable_change() -> list[Pack]:
    return [pack for pack in all_packs() if pack.reliable_change.available]


def compared_pair(
    scores: list[Administration], started_on: date, zone: ZoneInfo
) -> tuple[Administration, Administration] | None:
    """The baseline and the latest score of one client on one measure, or None.

    `scores` are completed administrations, oldest first; days are the program's."""
    since: list[Administration] = []
    before: list[Administration] = []
    for score in scores:
        day = timezone.localtime(score.completed_at, zone).date()
        (since if day >= started_on else before).append(score)
    if not since:
        return None
    if len(since) >= 2:
        return since[0], since[-1]
    return (before[-1], since[0]) if before else None


def program_outcomes(enrollments: Iterable[Enrollment], zone: ZoneInfo) -> list[Outcome]:
    """Counts per measure over the clients of `enrollments` (each opened by the caller);
    measures that no client has two scores on to compare are left out."""
    started: dict[int, date] = {}
    for enrollment in enrollments:
        earlier = started.get(enrollment.client_id, enrollment.started_on)
        started[enrollment.client_id] = min(earlier, enrollment.started_on)
    packs = packs_with_reliable_change()
    if not started or not packs:
        return []
    scores: dict[tuple[str, int], list[Administration]] = defaultdict(list)
    completed = (
        Administration.objects.completed()
        .filter(
            client_id__in=started,
            instrument__in=[pack.code for pack in packs],
            completed_at__isnull=False,
        )
        .only("client", "instrument", "completed_at", "result_sealed")
        .order_by("completed_at", "pk")
    )
    for administration in completed:
        scores[(administration.instrument, administration.client_id)].append(administration)
    outcomes = []
    for pack in packs:
        verdicts: dict[str, int] = defaultdict(int)
        for client_id, started_on in started.items():
            pair = compared_pair(scores[(pack.code, client_id)], started_on, zone)
            if pair is None:
                continue
            # Only the two compared results are opened.
            before, after = (administration.result_total for administration in pair)
            if before is None or after is None:
                continue
            verdicts[reliable_change(pack, int(before), int(after)).verdict] += 1
        if verdicts:
            outcomes.append(
                Outcome(
                    pack=pack,
                    improved=verdicts[RELIABLE_IMPROVEMENT],
                    deteriorated=verdicts[RELIABLE_DETERIORATION],
                    unchanged=verdicts[NO_RELIABLE_CHANGE],
                    too_few=len(started) - sum(verdicts.values()),
                )
            )
    return outcomes
