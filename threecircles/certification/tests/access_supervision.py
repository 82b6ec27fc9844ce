"""The access-matrix rows of the certification's supervision part (records: tests/world.py).

In the shared world Max (a candidate) has an active agreement with Sam (an approved
supervisor) and one session waiting for Sam. The supervision page is for professionals: Max
and Sam see their sides; Bob and Eve, professionals with no supervision, see a page that
says how to begin (200, with nothing of anyone else's); clients, supporters, staff (Ivy) and
the administrator get 404. Asking a supervisor and logging a session are Max's (an empty form
comes back with 400); answering a request or a session is Sam's alone; ending the agreement
is Max's or Sam's. Sam's answer to the request is refused (it was accepted already) and sent
back to the page with a message, as is an empty answer or an end without the tick.
"""

from django.utils import timezone

from threecircles.tests.matrix import LOGIN, AccessRows, Filler, Redirect, row

LABEL = "certification-supervision"
TO_PAGE = Redirect("/certification/supervision/")
MAX_ONLY = row(anonymous=LOGIN, others=404, max=200)


def _record(name: str) -> Filler:
    return lambda world: world.records["certification"][name]


AGREEMENT = {"agreement_id": _record("agreement")}

ROWS = [
    AccessRows(
        label=LABEL,
        get={
            "certification:supervision": row(
                anonymous=LOGIN, others=404, max=200, sam=200, bob=200, eve=200
            ),
            "certification:propose_agreement": MAX_ONLY,
            "certification:log_session": MAX_ONLY,
        },
        post={
            "certification:propose_agreement": row(anonymous=LOGIN, others=404, max=400),
            "certification:log_session": row(anonymous=LOGIN, others=404, max=400),
            "certification:answer_agreement": row(anonymous=LOGIN, others=404, sam=TO_PAGE),
            "certification:end_agreement": row(
                anonymous=LOGIN, others=404, max=TO_PAGE, sam=TO_PAGE
            ),
            "certification:answer_session": row(anonymous=LOGIN, others=404, sam=TO_PAGE),
        },
        kwargs_for={
            "certification:propose_agreement": {"candidacy_id": _record("candidacy")},
            "certification:log_session": AGREEMENT,
            "certification:answer_agreement": AGREEMENT,
            "certification:end_agreement": AGREEMENT,
            "certification:answer_session": {"session_id": _record("session")},
        },
        payloads={
            "certification:propose_agreement": lambda world: {"supervisor": world.people["sam"].pk},
            "certification:log_session": lambda world: {
                "held_on": timezone.localdate().isoformat(),
                "hours": "1.00",
                "topic": "Matrix: never saved",
            },
            "certification:answer_agreement": lambda world: {"answer": "accept"},
            "certification:end_agreement": lambda world: {"confirm": "on"},
            "certification:answer_session": lambda world: {"answer": "confirm"},
        },
    )
]
