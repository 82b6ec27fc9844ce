"""The access-matrix rows of the certification's candidate part (records: tests/world.py).

The certification home is for professionals (Max, Eve, Bob and Sam); a candidacy, its
evidence and quiz pages are Max's alone (staff have their own pages); a document is its
owner's and staff's (Ivy). Starting: Max already works towards the matrix credential, so he is
sent back to his candidacy with a message; Eve, Bob and Sam each start one and are sent to it
(the newest candidacy, read once the request is answered). Max, an applicant, sending his
application for review is turned back to his candidacy; an empty withdraw form (no tick)
too; an empty evidence or quiz form is turned back with 400.
"""

from typing import Any

from threecircles.certification.models import Candidacy, CECredit
from threecircles.tests.matrix import LOGIN, AccessRows, Filler, Redirect, World, row

LABEL = "certification-candidate"
PROFESSIONALS_ONLY = row(anonymous=LOGIN, others=404, max=200, eve=200, bob=200, sam=200)
MAX_ONLY = row(anonymous=LOGIN, others=404, max=200)
NOBODY = row(anonymous=LOGIN, others=404)
TO_MAX_CANDIDACY = Redirect("/certification/candidacies/{certification_candidacy}/")
TO_STARTED = Redirect("/certification/candidacies/{certification_started}/")


def _record(name: str) -> Filler:
    return lambda world: world.records["certification"][name]


def _newest_candidacy(world: World) -> int:
    newest = Candidacy.objects.order_by("-pk").first()
    assert newest is not None
    return newest.pk


def _eves_document(world: World) -> Any:
    return CECredit.objects.get(pk=world.records["certification"]["credit"]).certificate_id


OWN = {"candidacy_id": _record("candidacy")}
EVIDENCE = OWN | {"requirement_id": _record("eligibility")}
QUIZ = OWN | {"requirement_id": _record("quiz")}

ROWS = [
    AccessRows(
        label=LABEL,
        get={
            "certification:home": PROFESSIONALS_ONLY,
            "certification:candidacy": MAX_ONLY,
            "certification:evidence": MAX_ONLY,
            # A quiz is not evidence: even its owner gets 404 on the evidence page.
            "certification:evidence@quiz": NOBODY,
            "certification:quiz": MAX_ONLY,
            "certification:quiz@eligibility": NOBODY,
            "certification:document": row(anonymous=LOGIN, others=404, max=200, ivy=200),
            "certification:document@eves": row(anonymous=LOGIN, others=404, eve=200, ivy=200),
        },
        post={
            "certification:start": row(
                anonymous=LOGIN,
                others=404,
                max=TO_MAX_CANDIDACY,
                eve=TO_STARTED,
                bob=TO_STARTED,
                sam=TO_STARTED,
            ),
            "certification:apply_for_review": row(
                anonymous=LOGIN, others=404, max=TO_MAX_CANDIDACY
            ),
            "certification:withdraw": row(anonymous=LOGIN, others=404, max=TO_MAX_CANDIDACY),
            "certification:evidence": row(anonymous=LOGIN, others=404, max=400),
            "certification:quiz": row(anonymous=LOGIN, others=404, max=400),
        },
        # Only names no other part fills: the redirects above read them.
        kwargs={
            "certification_candidacy": _record("candidacy"),
            "certification_started": _newest_candidacy,
        },
        kwargs_for={
            "certification:start": {"slug": _record("credential_slug")},
            "certification:candidacy": OWN,
            "certification:apply_for_review": OWN,
            "certification:withdraw": OWN,
            "certification:evidence": EVIDENCE,
            "certification:quiz": QUIZ,
            "certification:document": {"document_id": _record("document")},
        },
        variants={
            "certification:evidence@quiz": {"requirement_id": _record("quiz")},
            "certification:quiz@eligibility": {"requirement_id": _record("eligibility")},
            "certification:document@eves": {"document_id": _eves_document},
        },
        payloads={
            "certification:withdraw": lambda world: {"confirm": "on"},
            "certification:evidence": lambda world: {"note": "Matrix: evidence never saved"},
            "certification:quiz": lambda world: {"answer_1": "Matrix", "answer_2": "Never saved"},
        },
        no_form={"certification:start", "certification:apply_for_review"},
    )
]
