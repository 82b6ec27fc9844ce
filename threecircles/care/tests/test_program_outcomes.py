"""The program page's Outcomes: how many clients enrolled now show reliable change on each
measure that has reliable-change values, counted over the viewer's own clients only, with
the totals read through the care team's logged opening of each record."""

import math
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_user
from threecircles.accounts.models import PracticeMembership, Role, User
from threecircles.care.actions import open_episode
from threecircles.care.models import Program
from threecircles.care.outcomes import WHAT, program_outcomes
from threecircles.care.programs import create_program, end_enrollment, enroll
from threecircles.privacy.keys import keys_cached_for_request
from threecircles.privacy.models import AccessEvent
from threecircles.screening.actions import complete_administration, send_instrument
from threecircles.screening.instruments import (
    NO_RELIABLE_CHANGE,
    RCI_THRESHOLD,
    RELIABLE_DETERIORATION,
    RELIABLE_IMPROVEMENT,
    Pack,
    get_pack,
    reliable_change,
    score,
)
from threecircles.tests.html import find_all, page_tree, text_of

NEW_YORK = ZoneInfo("America/New_York")
JOINED = date(2027, 1, 4)
LONG_BEFORE = datetime(2026, 12, 1, 10, tzinfo=NEW_YORK)
JUST_BEFORE = datetime(2027, 1, 3, 22, tzinfo=NEW_YORK)  # Monday already in UTC
FIRST_WEEK = datetime(2027, 1, 5, 10, tzinfo=NEW_YORK)
MIDWAY = datetime(2027, 1, 26, 10, tzinfo=NEW_YORK)
LATEST = datetime(2027, 2, 16, 10, tzinfo=NEW_YORK)
VIEWED = datetime(2027, 3, 1, 12, tzinfo=NEW_YORK)

PHQ9 = get_pack("phq9")


def reliable_points(pack: Pack) -> int:
    """The smallest whole change the pack's SD and reliability call reliable."""
    values = pack.reliable_change
    assert values.sd is not None and values.reliability is not None
    s_diff = math.sqrt(2) * values.sd * math.sqrt(1 - values.reliability)
    return math.floor(RCI_THRESHOLD * s_diff) + 1


STEP = reliable_points(PHQ9)


def answers_totalling(pack: Pack, total: int) -> list[int | None]:
    """Answers filling items in order (the PHQ-9's last item, about self-harm, stays 0)."""
    answers: list[int | None] = []
    left = total
    for item in pack.items:
        given = min(left, max(item.scores))
        answers.append(given)
        left -= given
    assert score(pack, answers).total == total
    return answers


def scored(client: User, pack: Pack, total: int, when: datetime, by: User) -> None:
    with time_machine.travel(when, tick=False):
        administration = send_instrument(client=client, instrument=pack.code, sent_by=by)
        complete_administration(
            administration=administration, answers=answers_totalling(pack, total), actor=by
        )


def client_of(clinician: User, name: str) -> User:
    client = make_user(name, Role.CLIENT)
    membership = PracticeMembership.objects.filter(user=clinician).order_by("pk").first()
    assert membership is not None
    open_episode(
        client=client,
        practice=membership.practice,
        primary_clinician=clinician,
        level_of_care="iop",
    )
    return client


def verdict(pack: Pack, before: int, after: int) -> str:
    return reliable_change(pack, before, after).verdict


@pytest.fixture
def program(practice) -> Program:
    return create_program(
        practice=practice,
        name="Evening IOP",
        level_of_care="iop",
        weekly_target_hours=Decimal(9),
        time_zone="America/New_York",
    )


@pytest.fixture
def cohort(program, alice, bob) -> dict[str, User]:
    """Four of Bob's clients enrolled now, one whose enrollment has ended, each with the
    PHQ-9 totals that give one verdict only by the program's baseline rule."""
    people = {"alice": alice} | {
        name: client_of(bob, name.title()) for name in ("bea", "cal", "dee", "eli")
    }
    for person in people.values():
        enroll(program=program, client=person, started_on=JOINED, actor=bob)
    high, low = 4 * STEP, STEP

    # Alice: one score since joining, so her last one before is the baseline.
    scored(alice, PHQ9, high - STEP, LONG_BEFORE, bob)
    scored(alice, PHQ9, high, JUST_BEFORE, bob)
    scored(alice, PHQ9, high - STEP, LATEST, bob)
    assert verdict(PHQ9, high, high - STEP) == RELIABLE_IMPROVEMENT
    assert verdict(PHQ9, high - STEP, high - STEP) == NO_RELIABLE_CHANGE

    # Bea: two scores since joining; the AUDIT-C has no reliable-change values.
    scored(bea := people["bea"], PHQ9, low, FIRST_WEEK, bob)
    scored(bea, PHQ9, low + STEP, LATEST, bob)
    assert verdict(PHQ9, low, low + STEP) == RELIABLE_DETERIORATION
    auditc = get_pack("auditc")
    assert not auditc.reliable_change.available
    scored(bea, auditc, auditc.min_total, FIRST_WEEK, bob)
    scored(bea, auditc, auditc.max_total, LATEST, bob)

    # Cal: three since joining, compared first with latest; the middle one and the one
    # before joining (Sunday evening in New York, already Monday in UTC) play no part.
    cal = people["cal"]
    scored(cal, PHQ9, high, JUST_BEFORE, bob)
    scored(cal, PHQ9, high - STEP, FIRST_WEEK, bob)
    scored(cal, PHQ9, low, MIDWAY, bob)
    scored(cal, PHQ9, high - 2 * STEP + 1, LATEST, bob)
    assert verdict(PHQ9, high - STEP, high - 2 * STEP + 1) == NO_RELIABLE_CHANGE
    assert verdict(PHQ9, low, high - 2 * STEP + 1) == RELIABLE_DETERIORATION
    assert verdict(PHQ9, high, high - 2 * STEP + 1) == RELIABLE_IMPROVEMENT

    # Dee: one score, nothing to compare it with.
    scored(people["dee"], PHQ9, high, FIRST_WEEK, bob)

    # Eli improved, but his enrollment has ended: not counted.
    scored(eli := people["eli"], PHQ9, high, FIRST_WEEK, bob)
    scored(eli, PHQ9, low, LATEST, bob)
    enrollment = program.enrollments.get(client=eli)
    end_enrollment(enrollment=enrollment, ended_on=date(2027, 2, 20), actor=bob)
    return people


def outcomes_section(page):
    tree = page_tree(page)
    sections = list(find_all(tree, "section", attrs={"aria-labelledby": "outcomes-title"}))
    assert len(sections) == 1
    return sections[0]


def measure(section, pack: Pack):
    """The lines of one measure's outcome: its paragraphs, then its list items."""
    found = [a for a in find_all(section, "article", "outcome") if pack.title in text_of(a)]
    assert len(found) == 1
    return [text_of(p) for p in find_all(found[0], "p")], [
        text_of(li) for li in find_all(found[0], "li")
    ]


def program_url(program: Program) -> str:
    return reverse("care:program_detail", kwargs={"program_id": program.pk})


def test_the_program_says_how_many_clients_show_each_kind_of_reliable_change(
    program, cohort, bob, signed_in
):
    with time_machine.travel(VIEWED, tick=False):
        section = outcomes_section(signed_in(bob).get(program_url(program)))
    paragraphs, items = measure(section, PHQ9)
    third = round(100 / 3)
    assert paragraphs[0] == (
        f"1 of 3 clients with two or more scores on the {PHQ9.title} shows reliable "
        f"improvement ({third}%)."
    )
    assert items == [
        f"1 shows reliable deterioration ({third}%).",
        f"1 shows no reliable change ({third}%).",
    ]
    assert "1 client has fewer than two scores to compare." in paragraphs
    explanation = paragraphs[-1]
    assert "Jacobson–Truax reliable change index" in explanation
    cited = {c.key: c.text for c in PHQ9.citations}
    assert PHQ9.reliable_change.citations
    for key in PHQ9.reliable_change.citations:
        assert cited[key] in explanation


def test_measures_without_reliable_change_values_or_pairs_are_left_out(
    program, cohort, bob, signed_in
):
    with time_machine.travel(VIEWED, tick=False):
        section = text_of(outcomes_section(signed_in(bob).get(program_url(program))))
    assert PHQ9.title in section  # the marker is findable
    assert get_pack("auditc").title not in section
    assert get_pack("gad7").reliable_change.available
    assert get_pack("gad7").title not in section


def test_with_nothing_to_compare_the_section_says_so(program, alice, bob, signed_in):
    enroll(program=program, client=alice, started_on=JOINED, actor=bob)
    scored(alice, PHQ9, STEP, FIRST_WEEK, bob)
    with time_machine.travel(VIEWED, tick=False):
        section = text_of(outcomes_section(signed_in(bob).get(program_url(program))))
    assert section == (
        "Outcomes No client of yours enrolled now has two scores to compare on a measure "
        "with reliable change values."
    )


def test_a_colleague_counts_only_the_clients_on_their_own_care_team(
    program, cohort, practice, bob, signed_in
):
    dana = make_user("Dana", Role.CLINICIAN)
    PracticeMembership.objects.create(practice=practice, user=dana, role=Role.CLINICIAN)
    gus = client_of(dana, "Gus")
    enroll(program=program, client=gus, started_on=JOINED, actor=dana)
    scored(gus, PHQ9, 4 * STEP, FIRST_WEEK, dana)
    scored(gus, PHQ9, STEP, LATEST, dana)
    with time_machine.travel(VIEWED, tick=False):
        bobs = outcomes_section(signed_in(bob).get(program_url(program)))
        danas = outcomes_section(signed_in(dana).get(program_url(program)))
    assert measure(bobs, PHQ9)[0][0].startswith("1 of 3 clients")
    assert "Only clients on your care team are counted." in text_of(bobs)
    assert measure(danas, PHQ9)[0][0] == (
        f"1 of 1 client with two or more scores on the {PHQ9.title} shows reliable "
        "improvement (100%)."
    )
    assert not AccessEvent.objects.filter(actor_id=bob.pk, client_id=gus.pk).exists()


def test_a_clinician_of_another_practice_gets_404_and_reads_nothing(
    program, cohort, eve, mallory, signed_in
):
    with time_machine.travel(VIEWED, tick=False):
        assert signed_in(eve).get(program_url(program)).status_code == 404
        assert signed_in(mallory).get(program_url(program)).status_code == 404
    assert not AccessEvent.objects.filter(actor_id=eve.pk).exists()


def test_reading_the_scores_is_one_logged_opening_per_client_enrolled_now(
    program, cohort, alice, bob, signed_in
):
    with time_machine.travel(VIEWED, tick=False):
        assert signed_in(bob).get(program_url(program)).status_code == 200
    opened = AccessEvent.objects.filter(actor_id=bob.pk, what=WHAT)
    now_enrolled = [cohort[name].pk for name in ("alice", "bea", "cal", "dee")]
    assert sorted(opened.values_list("client_id", flat=True)) == sorted(now_enrolled)
    assert {(e.action, e.reason) for e in opened} == {("view", "Care team")}
    with time_machine.travel(VIEWED, tick=False):
        alice_sees = text_of(page_tree(signed_in(alice).get("/privacy/my-record/access/")))
    assert f"Viewed: {WHAT}" in alice_sees


def test_outcomes_take_one_query_and_one_key_per_client_compared(program, cohort):
    enrollments = list(program.enrollments.filter(ended_on__isnull=True))
    with keys_cached_for_request(), CaptureQueriesContext(connection) as queries:
        outcomes = program_outcomes(enrollments, NEW_YORK)
    assert [o.compared for o in outcomes] == [3]
    tables = [q["sql"] for q in queries.captured_queries]
    assert sum("screening_administration" in sql for sql in tables) == 1
    assert sum("privacy_datakey" in sql for sql in tables) == 3
    assert len(tables) == 4
