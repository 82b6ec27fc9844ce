"""Alice's recovery, for the demo: a signed plan her clinician co-signed, about 90 days of
check-ins with two slips and their reviews, triggers, an environment plan, three workbook
tasks, journal entries and a safety plan. Made through the recovery actions, as the pages
would make them; the same every time (a fixed random seed)."""

import random
from datetime import date, time, timedelta

from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.privacy.models import Basis
from threecircles.recovery import actions, daily, workbook, workbook_actions
from threecircles.recovery.models import CheckIn, EnvironmentStatus

PLAN = {
    "inner": [
        {"text": "Paid sex", "note": "Including massage places"},
        {"text": "Pornography", "note": "Any device, any site"},
        {"text": "Hook-up and dating apps", "note": ""},
    ],
    "middle": [
        {"text": "Staying up alone after midnight", "note": "Especially with the laptop"},
        {"text": "Hotel bars on work trips", "note": ""},
        {"text": "Skipping meals on busy days", "note": "I get careless when hungry"},
        {"text": "Keeping secrets from Carol", "note": ""},
    ],
    "outer": [
        {"text": "Evening walk", "note": ""},
        {"text": "Calling Carol", "note": "Or another group member"},
        {"text": "Group meeting", "note": "Tuesday and Thursday"},
        {"text": "Cooking dinner with friends", "note": ""},
    ],
}
TRIGGERS = [
    ("Hotel rooms on work trips", "places"),
    ("Feeling lonely after an argument", "feelings"),
    ("Late nights alone with the laptop", "devices"),
    ("Friday evenings after a long week", "times"),
]
SLIPS = {
    61: {
        "preoccupation": "A stressful week of deadlines; I kept thinking I deserved a break.",
        "ritualization": "I stayed in the hotel bar, then took the laptop to bed.",
        "acting_out": "I watched pornography for a few hours.",
        "despair": "Ashamed the next morning, and tired.",
        "triggered_by": "Being alone in a hotel after a hard day.",
        "missing": "I had not called anyone all week, and skipped dinner.",
        "helped": "Calling Carol the next morning.",
        "change": "Call Carol before bed on work trips; laptop stays in the bag.",
    },
    23: {
        "preoccupation": "After an argument at home I felt unseen for days.",
        "ritualization": "I reinstalled a dating app 'just to look'.",
        "acting_out": "I met someone from the app.",
        "despair": "Low, but I knew what to do this time.",
        "triggered_by": "Loneliness after the argument.",
        "missing": "Going to group; I skipped two meetings.",
        "helped": "Telling Bob in session and making a plan.",
        "change": "Keep going to group even when I feel I do not need it.",
    },
}
JOURNAL = [
    (80, "Starting again", "First week of writing this down. The plan feels strange but right."),
    (40, "Thursday", "Group was good tonight. I said the thing I was scared to say."),
    (9, "Friday", "Urges were strong after work. I walked home the long way and called Carol."),
]


def seed_alices_recovery(alice: User, bob: User) -> None:
    if CheckIn.objects.filter(client=alice).exists():
        return  # seeded already
    today = timezone.localdate()
    plan = actions.write_plan(client=alice, author=alice, items=PLAN)
    assert plan is not None
    actions.sign_plan(version=plan, client=alice)
    actions.cosign_plan(version=plan, cosigner=bob, role="Care team", basis=Basis.CARE_TEAM)
    triggers = [daily.add_trigger(client=alice, name=n, kind=k) for n, k in TRIGGERS]
    _check_ins(alice, plan.items, [str(t.pk) for t in triggers], today)
    for days_ago, review in SLIPS.items():
        slip = actions.report_slip(client=alice, day=today - timedelta(days=days_ago))
        actions.save_slip_review(
            slip=slip,
            answers=review,
            proposals=[{"kind": "middle", "text": "Reinstalling an app 'just to look'"}]
            if days_ago == 23
            else [],
            thoughts_of_harm=False,
            complete=True,
        )
        actions.set_slip_sharing(slip=slip, tell_care_team=True, supporters=[])
    _environment(alice)
    for days_ago, title, body in JOURNAL:
        entry = daily.write_journal(client=alice, title=title, body=body)
        entry.written_at = timezone.now() - timedelta(days=days_ago)
        entry.save(update_fields=["written_at"])
    _workbook(alice, bob)
    daily.save_safety_plan(
        client=alice,
        sections={
            "warning_signs": ["Not sleeping", "Thinking nobody would notice if I disappeared"],
            "what_helps": ["A long walk", "A cold shower", "Writing in my journal"],
            "distractions": ["The climbing gym", "My sister's place"],
            "people_to_ask": ["Carol, my sponsor", "My sister"],
            "professionals": ["Bob Rivera, Harbor Counseling", "My GP"],
            "safe_environment": ["Laptop out of the bedroom"],
        },
    )


def _check_ins(
    alice: User, plan: dict[str, list[dict[str, str]]], triggers: list[str], today: date
) -> None:
    """About 90 days, a few missed, two of them slips; urges higher on Friday evenings."""
    rng = random.Random(7)  # demo data: the same every time
    middle = [item["id"] for item in plan["middle"]]
    outer = [item["id"] for item in plan["outer"]]
    for days_ago in range(92, -1, -1):
        day = today - timedelta(days=days_ago)
        if days_ago not in SLIPS and rng.random() < 0.08:
            continue  # a missed day
        friday = day.weekday() == 4
        slipped = days_ago in SLIPS
        before_slip = any(0 < s - days_ago <= 3 for s in SLIPS)
        urge = min(10, rng.randint(0, 4) + (4 if friday else 0) + (3 if before_slip else 0))
        actions.save_check_in(
            client=alice,
            day=day,
            answers={
                "inner_kept": not slipped,
                "middle": rng.sample(middle, 2)
                if before_slip or slipped
                else (rng.sample(middle, 1) if rng.random() < 0.2 else []),
                "outer": rng.sample(outer, rng.randint(1, 3)),
                "urge": urge,
                "triggers": rng.sample(triggers, 1) if urge >= 5 else [],
                "halt": ["tired"] if rng.random() < 0.3 else [],
                "mood": rng.randint(2, 5) if not slipped else 1,
                "sleep": round(rng.uniform(5.5, 8.5) * 2) / 2,
            },
            note="",
        )
        CheckIn.objects.filter(client=alice, day=day).update(late=False)


def _environment(alice: User) -> None:
    for text, status in [
        ("Content filter on my phone and laptop", EnvironmentStatus.IN_PLACE),
        ("Laptop stays in the living room after 10 pm", EnvironmentStatus.IN_PLACE),
        ("Deleted the dating apps", EnvironmentStatus.IN_PLACE),
        ("Take the bus home instead of walking past the old street", EnvironmentStatus.PLANNED),
    ]:
        change = daily.add_environment_change(client=alice, text=text)
        if status != change.status:
            daily.change_environment_item(item=change, status=status, remove=False)
    daily.add_high_risk_time(
        client=alice,
        label="Friday evenings after work",
        weekdays=["4"],
        starts_at=time(20, 0),
        ends_at=time(23, 30),
        remind=True,
    )


def _workbook(alice: User, bob: User) -> None:
    """Task 1 reviewed by Bob, task 2 sent and waiting for him, task 3 begun."""
    pack = workbook.get_pack("thirty_tasks")
    first, second, third = (pack.task(code) for code in ("task_01", "task_02", "task_03"))
    assert first and second and third
    done = workbook_actions.save_task_answers(
        client=alice,
        pack=pack,
        task=first,
        answers={
            "t01_what_happened": "It started with pornography at university and grew from there.",
            "t01_ways_of_not_seeing": ["Telling myself everyone does it", "Only on work trips"],
            "t01_costs": "Money, sleep, and hiding things from people I love.",
        },
    )
    assert done is not None
    workbook_actions.submit_task(work=done)
    workbook_actions.review_task(
        work=done, clinician=bob, comment="Honest and clear. Let's look at the costs next session."
    )
    waiting = workbook_actions.save_task_answers(
        client=alice,
        pack=pack,
        task=second,
        answers={
            "t02_preoccupation": "Thinking about hotel bars days before a trip.",
            "t02_afterwards": "Ashamed, then the urge to hide it.",
        },
    )
    assert waiting is not None
    workbook_actions.submit_task(work=waiting)
    workbook_actions.save_task_answers(
        client=alice,
        pack=pack,
        task=third,
        answers={"t03_why_now": "Because I want my evenings back."},
    )
