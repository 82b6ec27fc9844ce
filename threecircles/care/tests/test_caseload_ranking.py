"""The caseload ranks who needs attention today, says why in words, shows each client's latest
measure with its trend and their last check-in, lets a supervisor look at a supervisee's
clients, and still runs the same number of queries for 5 and for 200 clients."""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.models import PracticeMembership, Role, User
from threecircles.care.actions import open_episode
from threecircles.care.notes import write_draft
from threecircles.care.plans import with_problem, write_plan
from threecircles.care.programs import create_program, enroll
from threecircles.recovery import actions as recovery
from threecircles.screening import actions as screening
from threecircles.screening.models import Provider
from threecircles.tests.html import find_all, page_tree, text_of

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.get_default_timezone())
TODAY = NOW.date()
PHQ9_MINIMAL: list[int | None] = [0, 0, 0, 0, 0, 0, 0, 0, 0]
PHQ9_MILD: list[int | None] = [1, 1, 1, 1, 1, 1, 0, 0, 0]
PHQ9_MODERATE: list[int | None] = [2, 2, 2, 1, 1, 1, 1, 1, 0]
PHQ9_SAFETY_FLAG: list[int | None] = [0, 0, 0, 0, 0, 0, 0, 0, 1]


def _client(name: str, *, bob: User, practice: Any) -> User:
    client = make_user(name, Role.CLIENT)
    open_episode(
        client=client, practice=practice, primary_clinician=bob, level_of_care="outpatient"
    )
    return client


def _phq9(client: User, bob: User, answers: list[int | None], *, days_ago: int) -> None:
    with time_machine.travel(NOW - timedelta(days=days_ago), tick=False):
        sent = screening.send_instrument(client=client, instrument="phq9", sent_by=bob)
        screening.complete_administration(administration=sent, answers=answers, actor=client)


def _with_every_signal(names: list[str], *, bob: User, practice: Any) -> dict[str, User]:
    """One client per signal (in the order the caseload ranks them), each set up with the
    project's own actions."""
    made = {name: _client(name, bob=bob, practice=practice) for name in names}
    alert, slip, worse, missed, plan, under, referral, note = (made[n] for n in names[:8])
    _phq9(alert, bob, PHQ9_SAFETY_FLAG, days_ago=1)
    with time_machine.travel(NOW, tick=False):
        told = recovery.report_slip(client=slip, day=TODAY - timedelta(days=2))
        recovery.set_slip_sharing(slip=told, tell_care_team=True, supporters=[])
    _phq9(worse, bob, PHQ9_MINIMAL, days_ago=30)
    _phq9(worse, bob, PHQ9_MODERATE, days_ago=2)
    recovery.save_check_in(
        client=missed, day=TODAY - timedelta(days=5), answers={"inner_kept": True}, note=""
    )
    write_plan(
        client=plan,
        author=bob,
        content=with_problem({"problems": []}, "Sleep"),
        review_on=TODAY - timedelta(days=1),
    )
    program = create_program(
        practice=practice,
        name="Day program",
        level_of_care="outpatient",
        weekly_target_hours=Decimal(9),
        time_zone="UTC",
    )
    enroll(program=program, client=under, started_on=TODAY - timedelta(days=20), actor=bob)
    provider = Provider.objects.create(name="Dr Lee", kind=Provider.Kind.PSYCHIATRIST)
    screening.create_referral(
        client=referral,
        provider=provider,
        created_by=bob,
        reason="Medication review",
        follow_up_on=TODAY + timedelta(days=2),
    )
    write_draft(client=note, author=bob, form="soap", sections={"subjective": "Draft"})
    return made


SIGNAL_NAMES = ["Zed", "Yara", "Xavi", "Wren", "Vera", "Uma", "Tom", "Sol"]


def _rows(page: Any, group: str) -> list[str]:
    tree = page_tree(page)
    body = next(find_all(tree, "tbody", group), None)
    if body is None:
        return []
    return [text_of(tr) for tr in find_all(body, "tr") if next(find_all(tr, "td"), None)]


def _row(page: Any, name: str) -> str:
    rows = [text_of(tr) for tr in find_all(page_tree(page), "tr") if name in text_of(tr)]
    assert len(rows) == 1, rows
    return rows[0]


@time_machine.travel(NOW, tick=False)
def test_clients_are_ranked_by_the_most_pressing_reason_and_the_rest_follow_by_name(
    bob, practice, signed_in
):
    _with_every_signal(SIGNAL_NAMES, bob=bob, practice=practice)
    _client("Quinn", bob=bob, practice=practice)
    _client("Abe", bob=bob, practice=practice)
    page = signed_in(bob).get("/care/caseload/")

    needing = _rows(page, "needs-you")
    assert [row.split()[0] for row in needing] == SIGNAL_NAMES
    reasons = [
        "Urgent: 1 safety alert open",
        f"Told you of a slip on {TODAY - timedelta(days=2):%-d %b}",
        "Reliable deterioration on the Patient Health Questionnaire-9 (PHQ-9): "
        "from Minimal depression to Moderate depression",
        f"No check-in since {TODAY - timedelta(days=5):%-d %b}",
        f"Treatment plan review due {TODAY - timedelta(days=1):%-d %b}",
        "Last week was under the program's hours target",
        "A referral is waiting for follow-up",
        "1 note of yours to sign",
    ]
    for row, reason in zip(needing, reasons, strict=True):
        assert reason in row
    assert [row.split()[0] for row in _rows(page, "everyone-else")] == ["Abe", "Quinn"]
    assert "8 need you today" in text_of(page_tree(page))


@time_machine.travel(NOW, tick=False)
def test_a_safety_alert_outranks_every_lesser_reason_together(bob, practice, signed_in):
    many = _with_every_signal(
        ["Ann", "Ben", "Cat", "Dee", "Eli", "Fay", "Gus", "Hal"], bob=bob, practice=practice
    )
    # Ben also misses check-ins and has an unsigned note; Ann's single alert still comes first.
    recovery.save_check_in(
        client=many["Ben"], day=TODAY - timedelta(days=6), answers={"inner_kept": True}, note=""
    )
    write_draft(client=many["Ben"], author=bob, form="dap", sections={"data": "Draft"})
    needing = _rows(signed_in(bob).get("/care/caseload/"), "needs-you")
    assert needing[0].startswith("Ann")
    assert needing[1].startswith("Ben") and "1 note of yours to sign" in needing[1]


@time_machine.travel(NOW, tick=False)
def test_each_row_shows_the_latest_measure_its_trend_and_the_last_check_in(
    bob, practice, signed_in
):
    rising = _client("Rosa", bob=bob, practice=practice)
    steady = _client("Sid", bob=bob, practice=practice)
    _phq9(rising, bob, PHQ9_MINIMAL, days_ago=20)
    _phq9(rising, bob, PHQ9_MILD, days_ago=3)
    _phq9(steady, bob, PHQ9_MILD, days_ago=20)
    _phq9(steady, bob, PHQ9_MILD, days_ago=3)
    recovery.save_check_in(client=steady, day=TODAY, answers={"inner_kept": True}, note="")
    page = signed_in(bob).get("/care/caseload/")

    rosa = _row(page, "Rosa")
    assert "PHQ-9" in rosa and "Mild depression ↑ up from Minimal depression" in rosa
    # One band up is not surely a reliable change, so Rosa is not ranked for it.
    assert "Reliable deterioration" not in rosa and "None yet" in rosa
    sid = _row(page, "Sid")
    assert "Mild depression → steady" in sid
    assert f"{TODAY:%-d %b}" in sid


def test_a_supervisor_sees_the_supervisees_caseloads_with_the_primary_clinician(
    alice, bob, sam, practice, signed_in
):
    dana = make_user("Dana", Role.CLINICIAN)
    PracticeMembership.objects.create(practice=practice, user=dana, role=Role.CLINICIAN)
    ivy = make_user("Ivy", Role.CLIENT)
    open_episode(client=ivy, practice=practice, primary_clinician=dana, level_of_care="outpatient")
    four_days_ago = recovery.today_for(ivy) - timedelta(days=4)
    recovery.save_check_in(client=ivy, day=four_days_ago, answers={"inner_kept": True}, note="")
    browser = signed_in(sam)

    page = browser.get("/care/caseload/")
    assert "Bob" in _row(page, "Alice") and "Supervisor" in _row(page, "Alice")
    assert "Dana" in _row(page, "Ivy") and "No check-in since" in _row(page, "Ivy")
    options = [text_of(o) for o in find_all(page_tree(page), "option")]
    assert options == ["Everyone on your practices' caseloads", "Bob", "Dana"]

    only_dana = browser.get(f"/care/caseload/?clinician={dana.pk}")
    names = text_of(next(find_all(page_tree(only_dana), "table")))
    assert "Ivy" in names and "Alice" not in names
    assert "1 client of Dana" in names

    wrong = browser.get("/care/caseload/?clinician=nobody")
    assert "That clinician has no clients on your caseload; showing all." in wrong.text
    assert "Alice" in wrong.text and "Ivy" in wrong.text
    # A clinician has no such filter and sees only their own clients.
    bob_page = signed_in(bob).get("/care/caseload/")
    assert "Ivy" not in bob_page.text and not list(find_all(page_tree(bob_page), "select"))


def test_outsiders_see_nothing_of_the_caseload(alice, bob, mallory, signed_in):
    eve = User.objects.get(display_name="Eve")
    assert "Alice" not in signed_in(eve).get("/care/caseload/").text
    assert signed_in(mallory).get("/care/caseload/").status_code == 404
    assert signed_in(alice).get("/care/caseload/").status_code == 404


def _queries(browser: Any, *, built: bool = True) -> int:
    """Queries of one visit: as the page is built (the kept copy forgotten, see
    lib/pagecache.py), or as it is served kept."""
    if built:
        caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        page = browser.get("/care/caseload/")
    assert page.status_code == 200
    return len(captured)


@time_machine.travel(NOW, tick=False)
def test_the_ranked_caseload_runs_the_same_queries_for_8_and_for_200_clients_with_signals(
    bob, practice, signed_in
):
    def add(start: int, count: int) -> None:
        for block in range(start, start + count, 8):
            names = [f"C{n:03d}" for n in range(block, block + 8)]
            _with_every_signal(names, bob=bob, practice=practice)

    add(0, 8)
    browser = signed_in(bob)
    _queries(browser)  # the first visit logs the day's caseload summary once
    with_eight = _queries(browser)
    add(8, 192)
    _queries(browser)
    assert _queries(browser) == with_eight
    assert len(_rows(browser.get("/care/caseload/"), "needs-you")) == 200


def test_every_client_with_a_reason_is_in_the_caseload_summary_log(bob, practice, signed_in):
    from threecircles.privacy.access import CASELOAD_SUMMARY
    from threecircles.privacy.models import AccessEvent

    with time_machine.travel(NOW, tick=False):
        made = _with_every_signal(SIGNAL_NAMES, bob=bob, practice=practice)
        signed_in(bob).get("/care/caseload/")
    logged = set(
        AccessEvent.objects.filter(what=CASELOAD_SUMMARY, actor_id=bob.pk).values_list(
            "client_id", flat=True
        )
    )
    assert {client.pk for client in made.values()} <= logged
