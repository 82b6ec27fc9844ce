"""The access-matrix rows of the certification's staff part (records: tests/world.py): Ivy
(institute staff) opens every page; anyone else signed in gets 404, and anonymous visitors are
sent to sign in. An empty form comes back with what is missing (400); a valid one sent by
anyone else changes nothing."""

from typing import Any

from threecircles.certification.models import ApprovedSupervisor, Requirement, RequirementKind
from threecircles.tests.matrix import LOGIN, AccessRows, Filler, Redirect, World, row

STAFF = row(anonymous=LOGIN, others=404, ivy=200)
STAFF_EMPTY_POST = row(anonymous=LOGIN, others=404, ivy=400)
BASE = "/institute/staff/certification/"


def _record(name: str) -> Filler:
    return lambda world: world.records["certification"][name]


def _sams_approval(world: World) -> int:
    return ApprovedSupervisor.objects.get(person=world.people["sam"]).pk


def _module(world: World) -> Requirement:
    return Requirement.objects.filter(
        credential_id=world.records["certification"]["credential"], kind=RequirementKind.MODULE
    ).order_by("order")[0]


def _numbers(world: World) -> dict[str, Any]:
    prefix = f"credential-{world.records['certification']['credential']}"
    return {
        f"{prefix}-supervision_hours_required": "12.00",
        f"{prefix}-ce_hours_required": "20.00",
        f"{prefix}-application_fee": "400.00",
    }


def _offerings(world: World) -> dict[str, Any]:
    module = _module(world)
    return {f"module-{module.pk}-offerings": [e.pk for e in module.offerings.all()]}


ROWS = [
    AccessRows(
        label="certification-staff",
        get={
            f"certification:{name}": STAFF
            for name in (
                "staff_queues",
                "staff_candidacy",
                "staff_quiz",
                "staff_certifications",
                "staff_certification",
                "staff_ce",
                "staff_disputes",
                "staff_supervisors",
                "staff_credentials",
            )
        },
        post={
            # The search is a POST (it keeps names out of the address): an empty one finds all.
            "certification:staff_certifications": STAFF,
            # Max's evidence is for eligibility, which carries no fee: refused, said on the page.
            "certification:staff_fee_paid": row(
                anonymous=LOGIN, others=404, ivy=Redirect(BASE + "candidacies/{candidacy_id}/")
            ),
            "certification:staff_supervisor_deactivate": row(
                anonymous=LOGIN, others=404, ivy=Redirect(BASE + "supervisors/")
            ),
            **{
                f"certification:{name}": STAFF_EMPTY_POST
                for name in (
                    "staff_move",
                    "staff_evidence_decide",
                    "staff_quiz",
                    "staff_suspend",
                    "staff_revoke",
                    "staff_reinstate",
                    "staff_renewal_decide",
                    "staff_ce_decide",
                    "staff_dispute_resolve",
                    "staff_supervisors",
                    "staff_credential_edit",
                    "staff_module_offerings",
                )
            },
        },
        kwargs={
            "candidacy_id": _record("candidacy"),
            "evidence_id": _record("evidence"),
            "certification_id": _record("certification"),
            "credit_id": _record("credit"),
        },
        kwargs_for={
            "certification:staff_quiz": {"requirement_id": _record("quiz")},
            "certification:staff_dispute_resolve": {"supervision_session_id": _record("session")},
            "certification:staff_supervisor_deactivate": {"approved_supervisor_id": _sams_approval},
            "certification:staff_credential_edit": {"credential_id": _record("credential")},
            "certification:staff_module_offerings": {
                "requirement_id": lambda world: _module(world).pk
            },
        },
        payloads={
            "certification:staff_certifications": lambda world: {"q": "Eve", "standing": ""},
            "certification:staff_move": lambda world: {"to_state": "withdrawn", "note": "Matrix"},
            "certification:staff_evidence_decide": lambda world: {
                f"evidence-{world.records['certification']['evidence']}-decision": "approve"
            },
            # No attempt is waiting in the world: the form is whole, the attempt unknown.
            "certification:staff_quiz": lambda world: {"attempt": "0", "passed": "yes"},
            "certification:staff_suspend": lambda world: {"suspend-reason": "Matrix reason"},
            "certification:staff_revoke": lambda world: {"revoke-reason": "Matrix reason"},
            "certification:staff_reinstate": lambda world: {"reinstate-reason": "Matrix reason"},
            "certification:staff_renewal_decide": lambda world: {
                "renewal": "0",
                "decision": "approve",
            },
            "certification:staff_ce_decide": lambda world: {
                f"credit-{world.records['certification']['credit']}-decision": "approve"
            },
            "certification:staff_dispute_resolve": lambda world: {
                f"session-{world.records['certification']['session']}-count": "yes"
            },
            "certification:staff_supervisors": lambda world: {"email": "eve@example.org"},
            "certification:staff_credential_edit": _numbers,
            "certification:staff_module_offerings": _offerings,
        },
        no_form={"certification:staff_fee_paid", "certification:staff_supervisor_deactivate"},
    )
]
