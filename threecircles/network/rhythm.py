"""The accountability rhythm: a supporter's weekly summary (and the e-mail that says it is
ready), the alert after a run of missed check-ins, and regular accountability calls.

What a supporter sees is read by the views through `privacy.access.get_client_for`, one scope
at a time; the figures here are computed from a client already fetched that way. The jobs
send only "something is waiting" and a link: never a name, a figure or a clinical word.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from threecircles.accounts.actions import notify
from threecircles.accounts.models import Role, User
from threecircles.accounts.tasks import send_notice_email
from threecircles.network.actions import shared_scopes
from threecircles.network.models import (
    AccountabilityCall,
    CallHappened,
    CallOccurrence,
    SupportMember,
    SupportMemberQuerySet,
    SupportRequest,
    SupportSettings,
    supports_someone,
)
from threecircles.privacy.access import record_access
from threecircles.privacy.models import Action, Basis, Grant, Scope
from threecircles.recovery.actions import current_plan, progress_for, settings_for, today_for
from threecircles.recovery.models import CheckIn, PlanVersion
from threecircles.recovery.progress import local_today, zone
from threecircles.recovery.summary import check_in_regularity, middle_circle_days, slips_told_to

WEEK = 7
CALL_WEEKS = 4
SUMMARY_SUBJECT = "Your weekly summary is ready"
MISSED_TEXT = "Someone you support may welcome a call from you."
MISSED_SUBJECT = "Someone you support may welcome a call"
CALLS_WHAT = "accountability calls"


def _site_link(url_name: str, *args: object) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(url_name, args=args)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def in_a_support_network(user: User) -> bool:
    """Someone a client invited to support them. Not a group's facilitator, who may be shared
    with through the group but has no weekly summary and no calls."""
    return user.role == Role.SUPPORTER or supports_someone(user)


# --- the weekly summary ----------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One line of the weekly summary: the scope it comes from, and what it says."""

    label: str
    text: str


def _sobriety(client: User, member: SupportMember, today: date) -> str:
    days = progress_for(client, today).current_days
    if days is None:
        return "No sober time recorded yet."
    return f"Current sober time: {_plural(days, 'day')}."


def _checkins(client: User, member: SupportMember, today: date) -> str:
    regularity = check_in_regularity(client, days=WEEK)
    return f"Checked in on {regularity['checked_in']} of the last {WEEK} days."


def _slips(client: User, member: SupportMember, today: date) -> str:
    first = today - timedelta(days=WEEK - 1)
    told = [s for s in slips_told_to(client, member.invitation_id) if first <= s.day <= today]
    if not told:
        return f"No slip told to you in the last {WEEK} days."
    return f"Told you about {_plural(len(told), 'slip')} in the last {WEEK} days."


def _middle_circle(client: User, member: SupportMember, today: date) -> str:
    days = middle_circle_days(client, days=WEEK)
    return f"Middle-circle signs on {len(days)} of the last {WEEK} days."


def _milestones(client: User, member: SupportMember, today: date) -> str:
    before = set(progress_for(client, today - timedelta(days=WEEK)).milestones)
    reached = [m for m in progress_for(client, today).milestones if m not in before]
    if not reached:
        return f"No new milestone in the last {WEEK} days."
    return f"Reached in the last {WEEK} days: {', '.join(reached)}."


def _support_requests(client: User, member: SupportMember, today: date) -> str:
    since = timezone.now() - timedelta(days=WEEK)
    count = SupportRequest.objects.for_client(client.pk).filter(created_at__gte=since).count()
    if not count:
        return f"No request for support in the last {WEEK} days."
    return f"Asked for support {_plural(count, 'time')} in the last {WEEK} days."


def _plan(client: User, member: SupportMember, today: date) -> str:
    since = timezone.now() - timedelta(days=WEEK)
    if PlanVersion.objects.for_client(client.pk).filter(written_at__gte=since).exists():
        return f"The plan changed in the last {WEEK} days."
    if current_plan(client) is None:
        return "No plan written yet."
    return f"The plan did not change in the last {WEEK} days."


# Slip reviews have no weekly figure: their content is the review itself, which is read on
# the supporter's page, never summed up.
WEEKLY_FIGURES: dict[str, Callable[[User, SupportMember, date], str]] = {
    Scope.SOBRIETY: _sobriety,
    Scope.CHECKINS: _checkins,
    Scope.SLIPS: _slips,
    Scope.MIDDLE_CIRCLE: _middle_circle,
    Scope.MILESTONES: _milestones,
    Scope.SUPPORT_REQUESTS: _support_requests,
    Scope.PLAN: _plan,
}


def weekly_scopes(member: SupportMember) -> list[str]:
    """The scopes shared now that have a line in the weekly summary, in the listed order."""
    return [scope for scope in shared_scopes(member) if scope in WEEKLY_FIGURES]


def weekly_figure(*, client: User, member: SupportMember, scope: str) -> Figure:
    """`client` was fetched through `get_client_for` for `scope` by the caller."""
    text = WEEKLY_FIGURES[scope](client, member, today_for(client))
    return Figure(str(Scope(scope).label), text)


def set_weekly_summary(*, member: SupportMember, on: bool) -> None:
    member.weekly_summary = on
    member.save(update_fields=["weekly_summary"])


def _due_summaries(now: datetime) -> SupportMemberQuerySet:
    return (
        SupportMember.objects.active()
        .filter(weekly_summary=True, invitation__accepted_by__is_active=True)
        .filter(
            Q(last_summary_at__isnull=True) | Q(last_summary_at__lte=now - timedelta(days=WEEK))
        )
    )


@transaction.atomic
def send_weekly_summaries(now: datetime | None = None) -> int:
    """Every hour: one e-mail per supporter with a summary due (first time, or a week since
    the last), only while the person still shares something with them. Returns e-mails sent."""
    now = now or timezone.now()
    due: dict[int, list[SupportMember]] = {}
    for member in _due_summaries(now).select_for_update(of=("self",)).order_by("pk"):
        supporter = member.supporter
        if supporter is not None and weekly_scopes(member):
            due.setdefault(supporter.pk, []).append(member)
    for members in due.values():
        for member in members:
            member.last_summary_at = now
            member.save(update_fields=["last_summary_at"])
        supporter = members[0].supporter
        assert supporter is not None
        send_notice_email.enqueue(
            to=[supporter.email],
            subject=SUMMARY_SUBJECT,
            body=(
                "Hello,\n\nYour weekly summary is ready. Sign in to read it:\n\n"
                f"{_site_link('network:rhythm_weekly')}\n\n"
                "You can stop these e-mails on the same page.\n"
            ),
        )
    return len(due)


@task()
def weekly_summaries_job() -> int:
    """Every hour, from the scheduler."""
    return send_weekly_summaries()


# --- the alert after a run of missed check-ins -----------------------------------------------


def checkin_sharers(client: User) -> SupportMemberQuerySet:
    """The client's members who joined and hold the check-in regularity scope now: the only
    people who may be told that the client has gone quiet."""
    sharing = Grant.objects.supporters().active().filter(client=client, scope=Scope.CHECKINS)
    return (
        SupportMember.objects.of_client(client)
        .active()
        .filter(invitation__accepted_by__isnull=False, invitation__in=sharing.values("invitation"))
    )


def support_settings_for(client: User) -> SupportSettings:
    """The client's support settings; unsaved defaults until they save some."""
    found = SupportSettings.objects.filter(client=client).first()
    return found or SupportSettings(client=client)


def _quiet_since(client: User) -> tuple[date, date] | None:
    """(the last check-in day, the day the quiet run counts from), or None with no check-in.
    A day filled in late still shows the person was here the day they filled it in."""
    last = CheckIn.objects.for_client(client.pk).order_by("-day").first()
    if last is None:
        return None
    made = CheckIn.objects.for_client(client.pk).order_by("-created_at").first()
    assert made is not None
    made_on = made.created_at.astimezone(zone(settings_for(client).time_zone)).date()
    return last.day, max(last.day, made_on)


@transaction.atomic
def save_missed_checkin_alert(
    *, client: User, after_days: int, members: list[SupportMember]
) -> SupportSettings:
    """The client's choice. A quiet run already past the new number of days when it is
    chosen is not reported: the count is for days after the client agreed to it."""
    row = SupportSettings.objects.select_for_update().filter(client=client).first()
    row = row or SupportSettings(client=client)
    if after_days and after_days != row.missed_checkins_alert_after:
        quiet = _quiet_since(client)
        if quiet and (today_for(client) - quiet[1]).days >= after_days:
            row.missed_alert_sent_for = quiet[0]
    row.missed_checkins_alert_after = after_days
    row.save()
    chosen = {member.pk for member in members}
    for member in SupportMember.objects.of_client(client).active():
        if member.alert_missed_checkins != (member.pk in chosen):
            member.alert_missed_checkins = member.pk in chosen
            member.save(update_fields=["alert_missed_checkins"])
    return row


def _tell_missed(client: User) -> int:
    told = 0
    url = reverse("network:supporting", args=[client.pk])
    for member in checkin_sharers(client).filter(alert_missed_checkins=True):
        supporter = member.supporter
        if supporter is None or not supporter.is_active:
            continue
        notify(supporter, text=MISSED_TEXT, url=url)
        send_notice_email.enqueue(
            to=[supporter.email],
            subject=MISSED_SUBJECT,
            body=f"Hello,\n\n{MISSED_TEXT}\n\n{_site_link('network:supporting', client.pk)}\n",
        )
        told += 1
    return told


@transaction.atomic
def alert_missed_checkins(now: datetime | None = None) -> int:
    """Every hour: for each client who turned the alert on, once per quiet run of N days
    (counted in the client's own days), tell the people they chose. Returns clients alerted."""
    now = now or timezone.now()
    alerted = 0
    rows = SupportSettings.objects.select_for_update(of=("self",)).filter(
        missed_checkins_alert_after__gt=0, client__is_active=True
    )
    for row in rows.select_related("client").order_by("pk"):
        client = row.client
        quiet = _quiet_since(client)
        if quiet is None:
            continue
        last_day, since = quiet
        if row.missed_alert_sent_for is not None and last_day <= row.missed_alert_sent_for:
            continue
        today = local_today(settings_for(client).time_zone, now)
        if (today - since).days < row.missed_checkins_alert_after:
            continue
        told = _tell_missed(client)
        row.missed_alert_sent_for = last_day
        row.save(update_fields=["missed_alert_sent_for"])
        record_access(
            actor=None,
            client_id=client.pk,
            action=Action.VIEW,
            what="check-in days (missed check-in alert)",
            reason=f"The alert you turned on went to {told} of the people you chose",
            basis=Basis.SYSTEM,
        )
        alerted += 1
    return alerted


@task()
def missed_checkins_job() -> int:
    """Every hour, from the scheduler."""
    return alert_missed_checkins()


# --- accountability calls --------------------------------------------------------------------


def call_partners(client: User) -> SupportMemberQuerySet:
    """Who the client may set a call with: members who joined and were not removed."""
    return (
        SupportMember.objects.of_client(client)
        .active()
        .filter(invitation__accepted_by__isnull=False)
    )


def add_call(*, member: SupportMember, weekday: int, at: time) -> AccountabilityCall:
    return AccountabilityCall.objects.create(member=member, weekday=weekday, time=at)


def end_call(*, call: AccountabilityCall) -> None:
    call.ended_at = timezone.now()
    call.save(update_fields=["ended_at"])


def supporter_sees_calls(member: SupportMember) -> bool:
    """A supporter sees calls only while they are a member and are shown something."""
    return member.revoked_at is None and bool(shared_scopes(member))


def members_whose_calls_i_see(supporter: User) -> list[SupportMember]:
    members = SupportMember.objects.supported_by(supporter).select_related("client")
    return [member for member in members if supporter_sees_calls(member)]


def log_supporter_read(*, supporter: User, member: SupportMember, action: str) -> None:
    """Calls are part of the client's support, so the client sees who looked at them."""
    record_access(
        actor=supporter,
        client_id=member.client_id,
        action=action,
        what=CALLS_WHAT,
        reason=member.get_relationship_display(),
        basis=Basis.SUPPORTER,
    )


def occurrences_for(call: AccountabilityCall, now: datetime | None = None) -> list[CallOccurrence]:
    """The call's times in the last four weeks that have come, newest first; a row is made
    the first time one is shown, so either side can mark it."""
    now = now or timezone.now()
    tz = zone(settings_for(call.member.client).time_zone)
    today = now.astimezone(tz).date()
    first = today - timedelta(days=CALL_WEEKS * WEEK - 1)
    known = set(call.occurrences.filter(day__gte=first).values_list("day", flat=True))
    missing = []
    for day in (first + timedelta(days=n) for n in range(CALL_WEEKS * WEEK)):
        moment = datetime.combine(day, call.time, tzinfo=tz)
        if day in known or day.weekday() != call.weekday or not call.created_at <= moment <= now:
            continue
        if call.ended_at is None or moment < call.ended_at:
            missing.append(CallOccurrence(call=call, day=day))
    # Both sides may open their page at the same moment: the first row made stands.
    CallOccurrence.objects.bulk_create(missing, ignore_conflicts=True)
    return list(call.occurrences.filter(day__gte=first).order_by("-day"))


class Side:
    CLIENT = "client"
    SUPPORTER = "supporter"


def mark_occurrence(*, occurrence: CallOccurrence, side: str, happened: str) -> None:
    """Each side says what they saw; neither overwrites the other's answer."""
    if happened not in CallHappened.values:
        raise ValueError(happened)
    field = "client_says" if side == Side.CLIENT else "supporter_says"
    setattr(occurrence, field, happened)
    occurrence.save(update_fields=[field])
