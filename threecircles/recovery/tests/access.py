"""The access-matrix rows of recovery's pages, and Alice's recovery records they point at.

Alice's own pages are hers alone (Mallory and Dan, clients too, open their own); her care team
sees her plan, check-ins and the slips she chose to tell them; Carol and Dan, who support her,
see only the scopes she shares, on their own supporter page (network), never these pages.
"""

from dataclasses import dataclass

from django.utils import timezone

from threecircles.recovery import actions, daily
from threecircles.recovery.models import JournalEntry, PlanVersion, Slip, Trigger
from threecircles.tests.matrix import LOGIN, AccessRows, Redirect, World, row


@dataclass
class AlicesRecovery:
    plan: PlanVersion
    slip: Slip
    proposal_id: str
    entry: JournalEntry
    trigger: Trigger


def alices_recovery(world: World) -> AlicesRecovery:
    alice = world.alice
    plan = actions.write_plan(
        client=alice,
        author=alice,
        items={
            "inner": [{"text": "Paid sex"}],
            "middle": [{"text": "Staying up alone after midnight"}],
            "outer": [{"text": "Evening walk"}],
        },
    )
    assert plan is not None
    actions.sign_plan(version=plan, client=alice)
    today = actions.today_for(alice)
    actions.save_check_in(client=alice, day=today, answers={"inner_kept": True, "urge": 2}, note="")
    slip = actions.report_slip(client=alice, day=today)
    actions.save_slip_review(
        slip=slip,
        answers={"triggered_by": "A long day"},
        proposals=[{"kind": "environment", "text": "Phone out of the bedroom"}],
        thoughts_of_harm=False,
        complete=True,
    )
    slip.refresh_from_db()
    entry = daily.write_journal(
        client=alice, title="Monday", body="A hard day, but I called Carol."
    )
    trigger = daily.add_trigger(client=alice, name="Hotel rooms", kind="places")
    daily.save_safety_plan(client=alice, sections={"what_helps": ["A walk"]})
    return AlicesRecovery(plan, slip, slip.proposals[0]["id"], entry, trigger)


def _records(world: World) -> AlicesRecovery:
    records: AlicesRecovery = world.records["recovery"]
    return records


OWN = {"alice": 200, "mallory": 200, "dan": 200}  # each client's own page
TEAM = {"bob": 200, "sam": 200}
PLAN_ROWS = {"inner-TOTAL_FORMS": "1", "inner-INITIAL_FORMS": "0", "inner-0-text": "Matrix"}
PLAN_FORM = PLAN_ROWS | {
    f"{c}-{k}": "0" for c in ("middle", "outer") for k in ("TOTAL_FORMS", "INITIAL_FORMS")
}
OWN_PAGES = [
    "recovery:today",
    "recovery:check_in",
    "recovery:check_ins",
    "recovery:plan",
    "recovery:plan_edit",
    "recovery:plan_history",
    "recovery:slips",
    "recovery:settings",
    "recovery:safety_plan",
    "recovery:safety_plan_edit",
    "recovery:journal",
    "recovery:environment",
]
CORE = AccessRows(
    label="recovery",
    order=45,
    records=alices_recovery,
    get={
        **{name: row(anonymous=LOGIN, others=404, **OWN) for name in OWN_PAGES},
        "recovery:plan_pdf": row(anonymous=LOGIN, others=404, **OWN),
        # One of Alice's own records: hers alone.
        "recovery:slip": row(anonymous=LOGIN, others=404, alice=200),
        "recovery:journal_entry": row(anonymous=LOGIN, others=404, alice=200),
        # Her care team's view: not Alice herself, not her supporters, not Ada's break-glass.
        "recovery:client_recovery": row(anonymous=LOGIN, others=404, **TEAM),
        # Dan's recovery as his care team sees it: Eve only. Not Alice, whom he supports.
        "recovery:client_recovery@dan": row(anonymous=LOGIN, others=404, eve=200),
        "recovery:client_plan_edit": row(anonymous=LOGIN, others=404, **TEAM),
        "recovery:shared_journal": row(anonymous=LOGIN, others=404, **TEAM),
    },
    post={
        # An empty check-in is turned back (400) with its errors; the form keeps nothing lost.
        "recovery:check_in": row(anonymous=LOGIN, others=404, alice=400, mallory=400, dan=400),
        "recovery:plan_edit": row(anonymous=LOGIN, others=404, **OWN),
        # Only Alice has a plan to sign.
        # Mallory and Dan have no plan yet: they are sent to write one.
        "recovery:plan_sign": row(
            anonymous=LOGIN,
            others=404,
            **{p: Redirect("/recovery/plan/") for p in ("alice", "mallory", "dan")},
        ),
        "recovery:slips": row(anonymous=LOGIN, others=404, **OWN),
        "recovery:slip": row(anonymous=LOGIN, others=404, alice=400),
        "recovery:slip_proposal": row(
            anonymous=LOGIN, others=404, alice=Redirect("/recovery/slips/{slip_id}/")
        ),
        "recovery:settings": row(anonymous=LOGIN, others=404, **OWN),
        "recovery:safety_plan_edit": row(anonymous=LOGIN, others=404, **OWN),
        "recovery:journal": row(anonymous=LOGIN, others=404, **OWN),
        "recovery:journal_entry": row(anonymous=LOGIN, others=404, alice=200),
        "recovery:environment": row(anonymous=LOGIN, others=404, alice=400, mallory=400, dan=400),
        "recovery:environment_item": row(
            anonymous=LOGIN, others=404, alice=Redirect("/recovery/environment/")
        ),
        "recovery:client_plan_edit": row(anonymous=LOGIN, others=404, **TEAM),
        # The care team co-signs; a supporter only with the plan shared and as a sponsor.
        "recovery:plan_cosign": row(
            anonymous=LOGIN,
            others=404,
            bob=Redirect("/recovery/clients/{client_id}/"),
            sam=Redirect("/recovery/clients/{client_id}/"),
        ),
    },
    variants={"recovery:client_recovery@dan": {"client_id": lambda world: world.dan.pk}},
    kwargs={
        "slip_id": lambda world: _records(world).slip.pk,
        "proposal_id": lambda world: _records(world).proposal_id,
        "entry_id": lambda world: _records(world).entry.pk,
        "kind": lambda world: "trigger",
        "item_id": lambda world: _records(world).trigger.pk,
    },
    no_form={"recovery:plan_sign", "recovery:plan_cosign", "recovery:slip_proposal"},
    payloads={
        "recovery:check_in": lambda world: {
            "day": timezone.localdate().isoformat(),
            "inner_kept": "yes",
            "urge": "2",
            "new_trigger_kind": "other",
        },
        "recovery:plan_edit": lambda world: PLAN_FORM,
        "recovery:client_plan_edit": lambda world: PLAN_FORM,
        "recovery:slips": lambda world: {"day": timezone.localdate().isoformat()},
        "recovery:slip": lambda world: {"review": "1", "acting_out": "Matrix"},
        "recovery:slip_proposal": lambda world: {"decision": "accept"},
        "recovery:settings": lambda world: {"time_zone": "UTC"},
        "recovery:safety_plan_edit": lambda world: {"warning_signs": "Matrix"},
        "recovery:journal": lambda world: {"body": "Matrix"},
        "recovery:journal_entry": lambda world: {"body": "Matrix"},
        "recovery:environment": lambda world: {"trigger": "1", "name": "Matrix", "kind": "other"},
        "recovery:environment_item": lambda world: {"remove": "1"},
    },
)


def _features() -> list[AccessRows]:
    """Each feature module brings its own rows: `tests/access_<feature>.py`, with `ROWS`."""
    import importlib
    import pkgutil
    from pathlib import Path

    found = []
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("access_"):
            module = importlib.import_module(f"{__package__}.{info.name}")
            found.append(module.ROWS)
    return found


ROWS = [CORE, *_features()]
