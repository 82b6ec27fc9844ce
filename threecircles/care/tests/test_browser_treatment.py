"""Treatment in a real browser, as the clinic runs it.

Bob invites Jordan, who joins on her phone. Bob admits her to residential care, builds a
residential program's timetable and enrolls her from last Monday, records a 6C72 diagnosis and
writes a plan (a problem, a goal, an objective and three interventions of different
modalities). Jordan reads the plan on her phone and acknowledges it with her typed name. Bob
marks last week's attendance day by day, short of the program's 50-hour target; then both see
the week's scheduled and attended hours, the "under target" finding, and Bob's caseload says why
Jordan needs him today.

The clock is moved to next week's Wednesday morning (and keeps ticking), so "last week" and
"this week" never straddle a midnight while the test runs; cookies stay valid, the browser's
clock being earlier than the server's.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import Locator, Page, expect

from threecircles.tests.browser import PHONE, sign_in, with_totp

pytestmark = pytest.mark.browser

CLIENT_NAME = "Jordan"
CLIENT_EMAIL = "jordan@example.net"
CLIENT_PASSWORD = "a-long-pass-phrase-for-jordan"
PROGRAM = "Residential, weekday track"
# The program's target field is left empty: a residential program then has 50 hours a week.
TARGET_HOURS = 50

DIAGNOSIS_CODE = "6C72"
DIAGNOSIS_TITLE = "Compulsive sexual behaviour disorder"
DIAGNOSIS_EVIDENCE = "Intake interview and behaviour inventory: a pattern over three years."
PROBLEM = "Hours of pornography use every night crowd out sleep and family time"
GOAL = "Evenings spent in ways Jordan values"
OBJECTIVE = "Names three evening routines and keeps two of them, five nights a week"
INTERVENTIONS = [
    ("Cognitive behavioural therapy (CBT)", "twice a week", 8),
    ("Motivational interviewing", "weekly", 4),
    ("Mindfulness", "daily", 12),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class Slot:
    weekday: int
    starts: str
    minutes: int
    kind: str
    title: str
    therapy: bool = True

    @property
    def legend(self) -> str:
        return f"{self.starts} {self.title} ({self.minutes} minutes)"


@dataclass(frozen=True)
class Mark:
    """How Jordan attended one slot last week, as Bob records it."""

    slot: Slot
    status: str
    minutes: int | None = None  # for late or left early
    reason: str = ""  # for absent

    @property
    def minutes_counted(self) -> int:
        if not self.slot.therapy or self.status == "Absent":
            return 0
        return self.slot.minutes if self.status == "Present" else self.minutes or 0


WEEKDAY_SLOTS = [Slot(day, "09:00", 540, "Group therapy", "Therapy day") for day in range(5)]
WORKSHOP = Slot(5, "10:00", 360, "Experiential therapy", "Weekend workshop")
MEETING = Slot(3, "19:00", 90, "12-step meeting", "Twelve-step meeting", therapy=False)
SLOTS = [*WEEKDAY_SLOTS, WORKSHOP, MEETING]
MON, TUE, WED, THU, FRI = WEEKDAY_SLOTS
LAST_WEEK = [
    Mark(MON, "Present"),
    Mark(TUE, "Present"),
    Mark(WED, "Late", minutes=480),
    Mark(THU, "Absent", reason="Court date"),
    Mark(MEETING, "Present"),  # not therapy: it does not count toward the hours
    Mark(FRI, "Left early", minutes=300),
    Mark(WORKSHOP, "Present"),
]


def hours(minutes: int) -> str:
    """Hours with one decimal place, as the pages show them."""
    return f"{minutes / 60:.1f}"


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def next_wednesday_morning() -> datetime:
    today = datetime.now(UTC).date()
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    return datetime.combine(monday + timedelta(days=2), time(10), tzinfo=UTC)


def fits_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def nav(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=label, exact=True).click()


def messages(page: Page) -> Locator:
    return page.get_by_role("main").locator(".messages")


def region(page: Page, name: str) -> Locator:
    return page.get_by_role("region", name=name, exact=True)


def week_hours(scope: Locator) -> Locator:
    return scope.locator(".week-hours")


def expect_week(block: Locator, *, scheduled: int, attended: int, findings: list[str]) -> None:
    expect(block.locator("p")).to_have_text(
        f"Scheduled {hours(scheduled)} h, attended {hours(attended)} h, "
        f"target {hours(TARGET_HOURS * 60)} h."
    )
    expect(block.get_by_role("listitem")).to_have_text(findings)


def test_admit_diagnose_plan_acknowledge_attend_and_see_the_week_under_target(
    new_context, bob, practice, run_tasks
):
    with time_machine.travel(next_wednesday_morning(), tick=True):
        _treat(new_context, bob, practice, run_tasks)


def _treat(new_context, bob, practice, run_tasks) -> None:
    today = datetime.now(UTC).date()
    this_monday = today - timedelta(days=today.weekday())
    last_monday = this_monday - timedelta(weeks=1)
    therapy = [slot for slot in SLOTS if slot.therapy]
    scheduled = sum(slot.minutes for slot in therapy)
    attended = sum(mark.minutes_counted for mark in LAST_WEEK)
    target = hours(TARGET_HOURS * 60)
    assert scheduled >= TARGET_HOURS * 60 > attended  # the week this test is about

    # --- Bob invites Jordan; she joins on her phone ---
    bobs = new_context().new_page()
    sign_in(bobs, bob, totp_secret=with_totp(bob))
    nav(bobs, "Invite a client")
    bobs.get_by_label("Client's e-mail address").fill(CLIENT_EMAIL)
    expect(bobs.get_by_label("Practice")).to_have_value(str(practice.pk))
    bobs.get_by_role("button", name="Send invitation").click()
    expect(bobs.get_by_role("heading", level=1)).to_have_text("Invitation sent")
    # The link is only in her e-mail: the page is the same whether or not she has an account.
    run_tasks()
    link = re.search(r"https?://[^/\s]+(/invitation/\S+/)", str(mail.outbox[-1].body))
    assert link

    jordans = new_context(viewport=PHONE).new_page()
    jordans.goto(link.group(1))
    expect(jordans).to_have_url(re.compile("/accounts/signup/"))
    jordans.locator("input[name=display_name]").fill(CLIENT_NAME)
    jordans.locator("input[name=password1]").fill(CLIENT_PASSWORD)
    jordans.locator("input[name=password2]").fill(CLIENT_PASSWORD)
    jordans.get_by_role("button", name="Sign Up").click()
    expect(jordans.get_by_role("heading", level=1)).to_have_text(f"Welcome, {CLIENT_NAME}")
    expect(jordans.get_by_text("You are not in an episode of care right now.")).to_be_visible()
    fits_phone(jordans)

    # --- Bob admits her to residential care from last Monday ---
    nav(bobs, "Caseload")
    row = bobs.get_by_role("row", name=re.compile(CLIENT_NAME))
    expect(row.get_by_role("cell", name=re.compile("Not in an episode yet"))).to_be_visible()
    row.get_by_role("link", name="Admit").click()
    expect(bobs.get_by_role("heading", level=1)).to_have_text(f"Admit {CLIENT_NAME}")
    bobs.get_by_label("Level of care").select_option(label="Residential")
    bobs.get_by_label("Start date").fill(last_monday.isoformat())
    expect(bobs.get_by_label("Primary clinician")).to_have_value(str(bob.pk))
    bobs.get_by_role("button", name="Admit").click()
    expect(messages(bobs)).to_have_text(f"{CLIENT_NAME} was admitted.")
    record_url = bobs.url
    expect(region(bobs, "Episodes of care").get_by_role("listitem")).to_contain_text(
        f"Residential at {practice.name}, from {short_date(last_monday)} (current)"
    )

    # --- the program: its timetable, and Jordan enrolled from last Monday ---
    nav(bobs, "Programs")
    bobs.get_by_role("link", name="Create a program").click()
    bobs.get_by_label("Practice").select_option(label=practice.name)
    bobs.get_by_label("Name:", exact=True).fill(PROGRAM)
    bobs.get_by_label("Level of care").select_option(label="Residential")
    expect(bobs.get_by_label("Time zone")).to_have_value("UTC")
    bobs.get_by_role("button", name="Create program").click()
    expect(messages(bobs)).to_have_text("Program created. Now add its weekly sessions.")
    expect(bobs.get_by_role("main")).to_contain_text(
        f"Residential at {practice.name}. Target {TARGET_HOURS} therapy hours a week per client."
    )
    program_url = bobs.url
    for slot in SLOTS:
        bobs.get_by_role("link", name="Add a session").click()
        bobs.get_by_label("Day").select_option(label=WEEKDAYS[slot.weekday])
        bobs.get_by_label("Starts at").fill(slot.starts)
        bobs.get_by_label("Minutes").fill(str(slot.minutes))
        bobs.get_by_label("Kind").select_option(label=slot.kind)
        bobs.get_by_label("Title").fill(slot.title)
        bobs.get_by_label("Facilitator").select_option(label=bob.display_name)
        bobs.get_by_label("Room or video link").fill("Garden room")
        bobs.get_by_label("Counts toward the weekly therapy hours").set_checked(slot.therapy)
        bobs.get_by_role("button", name="Add session").click()
        expect(messages(bobs)).to_have_text("Session added to the timetable.")
    timetable = region(bobs, "Weekly timetable").get_by_role("table")
    expect(timetable.locator("tbody tr")).to_have_count(len(SLOTS))

    bobs.get_by_role("link", name="Enroll a client").click()
    bobs.get_by_label("Client").select_option(label=CLIENT_NAME)
    bobs.get_by_label("From").fill(last_monday.isoformat())
    bobs.get_by_role("button", name="Enroll").click()
    expect(messages(bobs)).to_have_text(f"{CLIENT_NAME} enrolled.")

    # This week: the timetable offers enough; attendance is "so far" and never flagged.
    enrolled = region(bobs, "Enrolled now, and this week's hours")
    expect(enrolled).to_contain_text(f"Week of Monday {long_date(this_monday)}.")
    expect(enrolled.get_by_role("heading", level=3)).to_have_text(CLIENT_NAME)
    expect(enrolled).to_contain_text(f"Since {long_date(last_monday)}.")
    expect_week(
        week_hours(enrolled),
        scheduled=scheduled,
        attended=0,
        findings=[
            f"{hours(scheduled)} h scheduled, meeting the target of {target} h.",
            f"{hours(0)} h attended so far; the week is not over.",
        ],
    )
    expect(week_hours(enrolled)).not_to_have_class(re.compile("under-target"))

    # --- a diagnosis, by code ---
    bobs.goto(record_url)
    region(bobs, "Diagnoses").get_by_role("link", name="Record a diagnosis").click()
    bobs.get_by_label("ICD-11 code").fill(DIAGNOSIS_CODE.lower())
    bobs.get_by_label("Title").fill(DIAGNOSIS_TITLE)
    expect(bobs.get_by_label("Date of diagnosis")).to_have_value(today.isoformat())
    bobs.get_by_label("Evidence").fill(DIAGNOSIS_EVIDENCE)
    bobs.get_by_role("button", name="Record diagnosis").click()
    expect(messages(bobs)).to_have_text("Diagnosis recorded.")
    diagnosis = region(bobs, "Diagnoses").locator("article.diagnosis")
    expect(diagnosis.get_by_role("heading")).to_have_text(f"{DIAGNOSIS_CODE} {DIAGNOSIS_TITLE}")
    expect(diagnosis).to_contain_text(f"Diagnosed on {short_date(today)} by {bob.display_name}.")
    expect(diagnosis).to_contain_text(f"Evidence: {DIAGNOSIS_EVIDENCE}")

    # --- the plan: problem, goal, objective, three interventions ---
    review_on = today + timedelta(weeks=12)
    region(bobs, "Treatment plan").get_by_role("link", name="Start the plan").click()
    start = region(bobs, "Start the plan")
    start.get_by_label("Problem:", exact=True).fill(PROBLEM)
    start.get_by_label("Review the plan on").fill(review_on.isoformat())
    start.get_by_role("button", name="Start the plan").click()
    expect(messages(bobs)).to_have_text("Plan saved.")

    goal = region(bobs, "Add a goal")
    goal.get_by_label("Under the problem").select_option(label=PROBLEM)
    goal.get_by_label("Goal:", exact=True).fill(GOAL)
    goal.get_by_role("button", name="Add goal").click()
    expect(messages(bobs)).to_have_text("Plan saved.")

    objective = region(bobs, "Add a measurable objective")
    objective.get_by_label("Under the goal").select_option(label=f"{PROBLEM} → {GOAL}")
    objective.get_by_label("Objective:", exact=True).fill(OBJECTIVE)
    objective.get_by_role("button", name="Add objective").click()
    expect(messages(bobs)).to_have_text("Plan saved.")

    expected_interventions = []
    for modality, frequency, weeks in INTERVENTIONS:
        by = today + timedelta(weeks=weeks)
        form = region(bobs, "Add an intervention")
        form.get_by_label("For the goal").select_option(label=f"{PROBLEM} → {GOAL}")
        form.get_by_label("Modality").select_option(label=modality)
        form.get_by_label("How often").fill(frequency)
        form.get_by_label("Responsible clinician").select_option(label=bob.display_name)
        form.get_by_label("Target date").fill(by.isoformat())
        form.get_by_role("button", name="Save intervention").click()
        expect(messages(bobs)).to_have_text("Plan saved.")
        expected_interventions.append(
            f"{modality}, {frequency}, {bob.display_name}, by {short_date(by)}"
        )
    version = 3 + len(INTERVENTIONS)  # start, goal, objective, then one per intervention
    expect(bobs.locator(".plan-version")).to_have_text(
        f"Version {version}, written by {bob.display_name} on {short_date(today)}. "
        f"Review on {short_date(review_on)}. Not yet acknowledged by the client."
    )

    # --- Jordan reads her plan on her phone and acknowledges it ---
    jordans.reload()
    expect(jordans.get_by_role("main")).to_contain_text(
        f"Residential care at {practice.name} since {long_date(last_monday)}."
    )
    mine = jordans.get_by_role("article", name="My treatment plan")
    expect(mine).to_contain_text("Not yet acknowledged by the client.")
    mine.get_by_role("link", name="Read my plan").click()
    expect(jordans.get_by_role("heading", level=1)).to_have_text("My treatment plan")
    expect(jordans.get_by_role("heading", level=3)).to_have_text(f"Problem: {PROBLEM}")
    expect(jordans.get_by_role("heading", level=4)).to_have_text(f"Goal: {GOAL}")
    expect(jordans.locator(".plan-objective")).to_have_text([OBJECTIVE])
    expect(jordans.locator(".plan-intervention")).to_have_text(expected_interventions)
    fits_phone(jordans)
    acknowledge = region(jordans, "Acknowledge this plan")
    acknowledge.get_by_label("Type your name to acknowledge this plan").fill(CLIENT_NAME)
    acknowledge.get_by_role("button", name="Acknowledge").click()
    expect(messages(jordans)).to_have_text("Thank you. You acknowledged your treatment plan.")
    acknowledged = f"Acknowledged by {CLIENT_NAME} on {short_date(today)}."
    expect(jordans.locator(".plan-version")).to_contain_text(acknowledged)
    expect(region(jordans, "Acknowledge this plan")).to_have_count(0)
    fits_phone(jordans)

    bobs.goto(record_url)
    expect(region(bobs, "Treatment plan").locator(".plan-version")).to_contain_text(acknowledged)

    # --- Bob marks last week's attendance, day by day ---
    bobs.goto(program_url)
    bobs.get_by_role("link", name="Record today's attendance").click()
    for _ in range((today - last_monday).days):
        bobs.get_by_role("link", name="Day before").click()
    for offset in range(7):
        day = last_monday + timedelta(days=offset)
        expect(bobs.get_by_role("heading", level=1)).to_have_text(
            f"Attendance, {PROGRAM}, {day:%A} {long_date(day)}"
        )
        marks = [mark for mark in LAST_WEEK if mark.slot.weekday == offset]
        if not marks:
            expect(bobs.get_by_text("No sessions on this day.")).to_be_visible()
        for mark in marks:
            cell = bobs.get_by_role("group", name=mark.slot.legend)
            cell.get_by_label("Attendance").select_option(label=mark.status)
            if mark.minutes is not None:
                cell.get_by_label("Minutes attended").fill(str(mark.minutes))
            if mark.reason:
                cell.get_by_label("Reason if absent").fill(mark.reason)
        if marks:
            bobs.get_by_role("button", name="Save attendance").click()
            expect(messages(bobs)).to_have_text("Attendance saved.")
            for mark in marks:
                cell = bobs.get_by_role("group", name=mark.slot.legend)
                chosen = cell.get_by_label("Attendance").locator("option:checked")
                expect(chosen).to_have_text(mark.status)
        bobs.get_by_role("link", name="Day after").click()

    # --- the week in hours: Bob's view ---
    week_of = f"Week of Monday {long_date(last_monday)}"
    last_week_findings = [
        f"{hours(scheduled)} h scheduled, meeting the target of {target} h.",
        f"Under target: {hours(attended)} h attended, below the target of {target} h.",
    ]
    bobs.goto(record_url)
    panel = region(bobs, "Therapy hours")
    expect(panel.get_by_role("heading", level=4)).to_have_text([week_of])
    past = panel.locator("h4 + .week-hours")
    expect_week(past, scheduled=scheduled, attended=attended, findings=last_week_findings)
    expect(past).to_have_class(re.compile(r"\bunder-target\b"))
    expect(panel.get_by_role("listitem").filter(has_text="Wednesday 09:00")).to_have_text(
        f"Wednesday 09:00, {WED.minutes} minutes: {WED.title}, Garden room"
    )

    nav(bobs, "Caseload")
    row = bobs.get_by_role("row", name=re.compile(CLIENT_NAME))
    expect(row.locator("ul.reasons > li")).to_have_text(
        ["Last week was under the program's hours target"]
    )
    expect(row.get_by_role("cell").nth(3)).to_have_text("Residential")
    needing = bobs.locator("tbody.needs-you")
    expect(needing.get_by_role("rowheader", name=re.compile(CLIENT_NAME))).to_be_visible()

    # --- the week in hours: Jordan's view, on her phone ---
    jordans.get_by_role("link", name="Back to my home").click()
    my_week = region(jordans, "My week")
    expect(my_week).to_contain_text(
        f"{PROGRAM}, week of Monday {long_date(this_monday)} (times in UTC)."
    )
    expect_week(
        week_hours(my_week),
        scheduled=scheduled,
        attended=0,
        findings=[
            f"{hours(scheduled)} h scheduled, meeting the target of {target} h.",
            f"{hours(0)} h attended so far; the week is not over.",
        ],
    )
    fits_phone(jordans)
    my_week.get_by_role("link", name="My week and the weeks before").click()
    expect(jordans.get_by_role("heading", level=1)).to_have_text("My week")
    expect(jordans.get_by_role("heading", level=4)).to_have_text([week_of])
    past = jordans.locator("h4 + .week-hours")
    expect_week(past, scheduled=scheduled, attended=attended, findings=last_week_findings)
    expect(past).to_have_class(re.compile(r"\bunder-target\b"))
    fits_phone(jordans)
