"""Insights: patterns in a client's own check-ins and slips, in plain words.

The computations are pure (plain facts in, plain results out), so the tests feed them
hand-made days; `gather` reads the records of a client the caller already fetched through
`get_client_for`.

- Days are the client's own calendar days, counted as in progress.py: a slip day is a day with
  a slip reported or a check-in saying the inner circle was not kept; a day with no check-in
  and no slip is a day without a check-in, nothing more.
- A time of day is when the check-in was written or the slip reported, in the client's time
  zone, and only when that was on the day itself (or in the night after it): a check-in filled
  in days later says nothing of the hour, and is counted as "time not known".
- The care team sees only the slips the client chose to tell them (a check-in saying the inner
  circle was not kept is on their check-in calendar already).
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from threecircles.accounts.models import User
from threecircles.recovery.actions import settings_for
from threecircles.recovery.models import CheckIn, Slip, Trigger
from threecircles.recovery.progress import local_today, zone

WINDOW_DAYS = 90  # urges, triggers, when they cluster, slips
CALENDAR_WEEKS = 12
STRONG_URGE = 7
BEFORE_SLIP_DAYS = 3
TOP_TRIGGERS = 10
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class DayKind(StrEnum):
    SOBER = "sober"
    MIDDLE = "middle"
    SLIP = "slip"
    MISSED = "missed"

    @property
    def label(self) -> str:
        return DAY_LABELS[self]


DAY_LABELS = {
    DayKind.SOBER: "Sober",
    DayKind.MIDDLE: "Sober, with middle-circle signs",
    DayKind.SLIP: "A slip day",
    DayKind.MISSED: "No check-in",
}


class Period(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    NIGHT = "night"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return "Time not known" if self is Period.UNKNOWN else self.value.capitalize()


@dataclass(frozen=True)
class Voice:
    """Who the sentences speak to: the client ("you") or their care team ("they")."""

    they: str
    their: str

    def their_(self) -> str:
        return self.their.capitalize()


YOU = Voice("you", "your")
THEY = Voice("they", "their")


# --- the facts the computations work on -----------------------------------------------------


@dataclass(frozen=True)
class CheckInFacts:
    day: date
    inner_kept: bool
    middle: bool
    urge: int | None
    triggers: tuple[str, ...]
    written_at: datetime  # in the client's time zone


@dataclass(frozen=True)
class SlipFacts:
    day: date
    reported_at: datetime  # in the client's time zone


@dataclass
class Records:
    today: date
    check_ins: list[CheckInFacts]
    slips: list[SlipFacts]
    trigger_names: dict[str, str]  # trigger id → the client's own words


def _urge(raw: object) -> int | None:
    return raw if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= 10 else None


def gather(client: User, *, care_team: bool) -> Records:
    """The client's check-ins, slips and trigger names for the insights (sealed: read here)."""
    settings = settings_for(client)
    local = zone(settings.time_zone)
    today = local_today(settings.time_zone)
    first = today - timedelta(days=WINDOW_DAYS - 1 + BEFORE_SLIP_DAYS)
    check_ins = []
    for check_in in CheckIn.objects.for_client(client.pk).between(first, today):
        answers = check_in.answers
        check_ins.append(
            CheckInFacts(
                day=check_in.day,
                inner_kept=bool(answers.get("inner_kept")),
                middle=bool(answers.get("middle")),
                urge=_urge(answers.get("urge")),
                triggers=tuple(str(t) for t in answers.get("triggers") or ()),
                written_at=check_in.created_at.astimezone(local),
            )
        )
    slips = Slip.objects.for_client(client.pk).filter(day__gte=first, day__lte=today)
    if care_team:
        slips = slips.told_care_team()
    return Records(
        today=today,
        check_ins=sorted(check_ins, key=lambda c: c.day),
        slips=[SlipFacts(s.day, s.reported_at.astimezone(local)) for s in slips],
        # Archived triggers too: past check-ins still name them.
        trigger_names={str(t.pk): t.name for t in Trigger.objects.for_client(client.pk)},
    )


# --- days -----------------------------------------------------------------------------------


def day_kinds(check_ins: Iterable[CheckInFacts], slips: Iterable[SlipFacts]) -> dict[date, DayKind]:
    """What each day with a check-in or a slip was; any other day is MISSED."""
    kinds: dict[date, DayKind] = {}
    for check_in in check_ins:
        if not check_in.inner_kept:
            kinds[check_in.day] = DayKind.SLIP
        else:
            kinds[check_in.day] = DayKind.MIDDLE if check_in.middle else DayKind.SOBER
    for slip in slips:
        kinds[slip.day] = DayKind.SLIP
    return kinds


@dataclass(frozen=True)
class CalendarDay:
    day: date
    kind: DayKind


@dataclass(frozen=True)
class CalendarWeek:
    start: date  # a Monday
    days: list[CalendarDay | None]  # Monday to Sunday; None for days still to come

    @property
    def summary(self) -> list[tuple[DayKind, str]]:
        """Which days of the week were of each kind, in short: "Fri, Sat", "All week"."""
        found = []
        for kind in DayKind:
            names = [WEEKDAYS[d.day.weekday()][:3] for d in self.days if d and d.kind is kind]
            found.append((kind, "All week" if len(names) == 7 else ", ".join(names) or "None"))
        return found


def calendar(kinds: dict[date, DayKind], today: date) -> list[CalendarWeek]:
    """The last CALENDAR_WEEKS weeks, Monday to Sunday, oldest first, ending with this week."""
    this_monday = today - timedelta(days=today.weekday())
    weeks = []
    for back in range(CALENDAR_WEEKS - 1, -1, -1):
        monday = this_monday - timedelta(weeks=back)
        days: list[CalendarDay | None] = []
        for offset in range(7):
            day = monday + timedelta(days=offset)
            days.append(CalendarDay(day, kinds.get(day, DayKind.MISSED)) if day <= today else None)
        weeks.append(CalendarWeek(monday, days))
    return weeks


def _plural(count: int, one: str, many: str = "") -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def calendar_sentences(weeks: Sequence[CalendarWeek]) -> list[str]:
    shown = [d for week in weeks for d in week.days if d is not None]
    counts = Counter(d.kind for d in shown)
    if counts[DayKind.MISSED] == len(shown):
        return [f"No check-ins in these {CALENDAR_WEEKS} weeks yet."]
    parts = [
        text
        for count, text in (
            (counts[DayKind.SOBER], _plural(counts[DayKind.SOBER], "sober day")),
            (
                counts[DayKind.MIDDLE],
                _plural(counts[DayKind.MIDDLE], "sober day") + " with middle-circle signs",
            ),
            (counts[DayKind.SLIP], _plural(counts[DayKind.SLIP], "slip day")),
            (
                counts[DayKind.MISSED],
                _plural(counts[DayKind.MISSED], "day") + " without a check-in",
            ),
        )
        if count
    ]
    listed = f"{', '.join(parts[:-1])} and {parts[-1]}" if len(parts) > 1 else parts[0]
    return [f"Of the last {len(shown)} days: {listed}."]


# --- urges ----------------------------------------------------------------------------------


def _in_window(day: date, today: date) -> bool:
    return today - timedelta(days=WINDOW_DAYS - 1) <= day <= today


def urge_points(check_ins: Iterable[CheckInFacts], today: date) -> list[tuple[date, int]]:
    return [(c.day, c.urge) for c in check_ins if c.urge is not None and _in_window(c.day, today)]


@dataclass(frozen=True)
class UrgeWeek:
    start: date
    count: int
    average: float
    highest: int


def urge_weeks(points: Sequence[tuple[date, int]]) -> list[UrgeWeek]:
    """The urges of each week (Monday to Sunday) that has any, oldest first."""
    weeks: dict[date, list[int]] = {}
    for day, urge in points:
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(urge)
    return [
        UrgeWeek(start, len(urges), sum(urges) / len(urges), max(urges))
        for start, urges in sorted(weeks.items())
    ]


def _average(values: Sequence[int]) -> float:
    return sum(values) / len(values)


def urge_sentences(points: Sequence[tuple[date, int]], today: date, voice: Voice) -> list[str]:
    if not points:
        return [f"No urge strengths in the last {WINDOW_DAYS} days yet."]
    strong = sum(1 for _, urge in points if urge >= STRONG_URGE)
    high = (
        f"they were {STRONG_URGE} or more on {_plural(strong, 'day')}"
        if strong
        else f"none reached {STRONG_URGE}"
    )
    sentences = [
        f"Over the last {WINDOW_DAYS} days {voice.their} urges averaged "
        f"{_average([u for _, u in points]):.1f} out of 10; {high}."
    ]
    recent = [u for d, u in points if d > today - timedelta(days=30)]
    before = [u for d, u in points if d <= today - timedelta(days=30)]
    if len(recent) >= 5 and len(before) >= 5:
        now, then = _average(recent), _average(before)
        if abs(now - then) < 1:
            change = "about the same as"
        else:
            change = "lower than" if now < then else "higher than"
        sentences.append(
            f"In the last 30 days they were {change} in the {WINDOW_DAYS - 30} days before "
            f"({now:.1f} against {then:.1f} on average)."
        )
    return sentences


# --- triggers -------------------------------------------------------------------------------


def trigger_counts(
    check_ins: Iterable[CheckInFacts], names: dict[str, str], today: date
) -> list[tuple[str, int]]:
    """The triggers named most often (on how many days), most first, in the client's words."""
    counts: Counter[str] = Counter()
    for check_in in check_ins:
        if _in_window(check_in.day, today):
            counts.update(t for t in set(check_in.triggers) if t in names)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], names[item[0]].lower()))
    return [(names[trigger], count) for trigger, count in ranked[:TOP_TRIGGERS]]


def trigger_sentences(counts: Sequence[tuple[str, int]], voice: Voice) -> list[str]:
    if not counts:
        return [f"No triggers named in check-ins in the last {WINDOW_DAYS} days."]
    most = counts[0][1]
    top = [f"“{name}”" for name, count in counts if count == most]
    if len(top) == 1:
        return [
            f"The trigger {voice.they} named most often was {top[0]}, on {_plural(most, 'day')}."
        ]
    named = ", ".join(top[:-1]) + f" and {top[-1]}"
    return [
        f"The triggers {voice.they} named most often were {named}, each on {_plural(most, 'day')}."
    ]


# --- when strong urges and slips cluster ----------------------------------------------------


def period_of(day: date, moment: datetime) -> Period:
    """The time of day of something about `day`, written at `moment` (local time)."""
    hour = moment.hour
    if moment.date() == day + timedelta(days=1) and hour < 5:
        return Period.NIGHT  # the night after the day, before dawn
    if moment.date() != day:
        return Period.UNKNOWN
    if 5 <= hour < 12:
        return Period.MORNING
    if 12 <= hour < 17:
        return Period.AFTERNOON
    if 17 <= hour < 22:
        return Period.EVENING
    return Period.NIGHT


@dataclass
class ClusterCell:
    strong_urges: int = 0
    slips: int = 0

    @property
    def total(self) -> int:
        return self.strong_urges + self.slips

    def describe(self) -> str:
        if not self.total:
            return "None"
        parts = []
        if self.strong_urges:
            parts.append(_plural(self.strong_urges, "strong urge"))
        if self.slips:
            parts.append(_plural(self.slips, "slip"))
        return ", ".join(parts)


@dataclass
class Clusters:
    """Strong urges and slip days by weekday (Monday is 0) and time of day."""

    cells: dict[tuple[int, Period], ClusterCell] = field(default_factory=dict)

    def cell(self, weekday: int, period: Period) -> ClusterCell:
        return self.cells.setdefault((weekday, period), ClusterCell())

    @property
    def total(self) -> int:
        return sum(cell.total for cell in self.cells.values())

    def periods(self) -> list[Period]:
        """The times of day, with "time not known" only when something's time is not known."""
        unknown = any(cell.total for (_, p), cell in self.cells.items() if p is Period.UNKNOWN)
        return [p for p in Period if p is not Period.UNKNOWN or unknown]

    def rows(self) -> list[tuple[str, list[tuple[Period, ClusterCell]]]]:
        periods = self.periods()
        return [
            (name, [(p, self.cells.get((weekday, p), ClusterCell())) for p in periods])
            for weekday, name in enumerate(WEEKDAYS)
        ]


def clusters(
    check_ins: Sequence[CheckInFacts], slips: Sequence[SlipFacts], today: date
) -> Clusters:
    """Each strong urge (STRONG_URGE or more) and each slip day counts once, where it fell."""
    found = Clusters()
    for check_in in check_ins:
        if _in_window(check_in.day, today) and (check_in.urge or 0) >= STRONG_URGE:
            period = period_of(check_in.day, check_in.written_at)
            found.cell(check_in.day.weekday(), period).strong_urges += 1
    # A slip day once: when the first slip of the day was reported, else when the check-in
    # saying so was written.
    moments: dict[date, datetime] = {}
    for check_in in check_ins:
        if not check_in.inner_kept:
            moments[check_in.day] = check_in.written_at
    for slip in sorted(slips, key=lambda s: s.reported_at, reverse=True):
        moments[slip.day] = slip.reported_at
    for day, moment in moments.items():
        if _in_window(day, today):
            found.cell(day.weekday(), period_of(day, moment)).slips += 1
    return found


def cluster_sentences(found: Clusters, voice: Voice) -> list[str]:
    if not found.total:
        return [f"No urges of {STRONG_URGE} or more and no slips in the last {WINDOW_DAYS} days."]
    known = {key: cell for key, cell in found.cells.items() if key[1] is not Period.UNKNOWN}
    most = max((cell.total for cell in known.values()), default=0)
    top = sorted(key for key, cell in known.items() if cell.total == most and most)
    what = f"{voice.their_()} strong urges ({STRONG_URGE} or more) and slips"
    if not top:
        return [f"{what} were all recorded later, so their time of day is not known."]
    if len(top) > 2:
        return [f"{what} were spread out: no one day and time of day stood out."]
    when = " and ".join(f"{WEEKDAYS[weekday]} {period.value}s" for weekday, period in top)
    times = "each " + _plural(most, "time") if len(top) > 1 else _plural(most, "time")
    return [f"{what} came most often on {when}: {times} in the last {WINDOW_DAYS} days."]


# --- middle-circle signs before a slip ------------------------------------------------------


@dataclass(frozen=True)
class Lookback:
    day: date  # the slip day
    before: tuple[CalendarDay, ...]  # the BEFORE_SLIP_DAYS days before it, oldest first

    @property
    def after_middle(self) -> bool:
        return any(d.kind is DayKind.MIDDLE for d in self.before)

    @property
    def nothing_known(self) -> bool:
        return all(d.kind is DayKind.MISSED for d in self.before)


def lookbacks(kinds: dict[date, DayKind], today: date) -> list[Lookback]:
    """Each slip day of the window with the days before it, oldest first."""
    slip_days = sorted(d for d, k in kinds.items() if k is DayKind.SLIP and _in_window(d, today))
    return [
        Lookback(
            day,
            tuple(
                CalendarDay(d, kinds.get(d, DayKind.MISSED))
                for d in (day - timedelta(days=n) for n in range(BEFORE_SLIP_DAYS, 0, -1))
            ),
        )
        for day in slip_days
    ]


def lookback_sentences(found: Sequence[Lookback], voice: Voice) -> list[str]:
    if not found:
        return [f"No slips in the last {WINDOW_DAYS} days."]
    after = sum(1 for lookback in found if lookback.after_middle)
    unknown = sum(1 for lookback in found if lookback.nothing_known)
    window = f"in the {BEFORE_SLIP_DAYS} days before"
    if len(found) == 1:
        sentences = [
            f"{voice.their_()} slip followed a day with middle-circle signs {window}."
            if after
            else f"{voice.their_()} slip did not follow a day with middle-circle signs {window}."
        ]
        if unknown:
            sentences = [
                f"There was no check-in {window} {voice.their} slip, so there is nothing to tell."
            ]
    else:
        sentences = [
            f"{after} of {voice.their} {len(found)} slips followed a day with middle-circle "
            f"signs {window}."
        ]
        if unknown:
            sentences.append(
                f"For {unknown} of them there was no check-in {window}, so there is nothing "
                "to tell."
            )
    sentences.append(
        "Middle-circle signs are early warnings, not failures: noticing them is a chance to "
        "reach out early."
    )
    return sentences


# --- everything for one page ----------------------------------------------------------------


@dataclass
class Insights:
    today: date
    weeks: list[CalendarWeek]
    calendar_sentences: list[str]
    urges: list[tuple[date, int]]
    urge_weeks: list[UrgeWeek]
    urge_sentences: list[str]
    triggers: list[tuple[str, int]]
    trigger_sentences: list[str]
    clusters: Clusters
    cluster_sentences: list[str]
    lookbacks: list[Lookback]
    lookback_sentences: list[str]


def build(records: Records, voice: Voice) -> Insights:
    today = records.today
    kinds = day_kinds(records.check_ins, records.slips)
    weeks = calendar(kinds, today)
    points = urge_points(records.check_ins, today)
    counts = trigger_counts(records.check_ins, records.trigger_names, today)
    found = clusters(records.check_ins, records.slips, today)
    before = lookbacks(kinds, today)
    return Insights(
        today=today,
        weeks=weeks,
        calendar_sentences=calendar_sentences(weeks),
        urges=points,
        urge_weeks=urge_weeks(points),
        urge_sentences=urge_sentences(points, today, voice),
        triggers=counts,
        trigger_sentences=trigger_sentences(counts, voice),
        clusters=found,
        cluster_sentences=cluster_sentences(found, voice),
        lookbacks=before,
        lookback_sentences=lookback_sentences(before, voice),
    )
