"""The access-matrix rows of the certification's holder part (records: tests/world.py).

My certifications, the CE ledger, adding an external course and the transcript are each
professional's own (Max, Eve, Bob and Sam: 200, their own, maybe empty); everyone else 404.
Renewing a certification is its holder's alone: Eve's, issued today, shows why it cannot be
renewed yet (200), and a renewal sent now is refused with 400; anyone else 404. An external
course without its certificate is turned back with 400.
"""

import datetime

from django.utils import timezone

from threecircles.tests.matrix import LOGIN, AccessRows, Filler, row

LABEL = "certification-holder"
PROFESSIONALS_ONLY = row(anonymous=LOGIN, others=404, max=200, eve=200, bob=200, sam=200)
PROFESSIONALS_400 = row(anonymous=LOGIN, others=404, max=400, eve=400, bob=400, sam=400)
EVE_ONLY = row(anonymous=LOGIN, others=404, eve=200)


def _record(name: str) -> Filler:
    return lambda world: world.records["certification"][name]


EVES = {"certification_id": _record("certification")}

ROWS = [
    AccessRows(
        label=LABEL,
        get={
            "certification:my_certifications": PROFESSIONALS_ONLY,
            "certification:renew": EVE_ONLY,
            "certification:ce_ledger": PROFESSIONALS_ONLY,
            "certification:ce_add": PROFESSIONALS_ONLY,
            "certification:transcript": PROFESSIONALS_ONLY,
        },
        post={
            "certification:renew": row(anonymous=LOGIN, others=404, eve=400),
            "certification:ce_add": PROFESSIONALS_400,
        },
        kwargs_for={"certification:renew": EVES},
        payloads={
            "certification:renew": lambda world: {"name": world.people["eve"].display_name},
            "certification:ce_add": lambda world: {
                "title": "Matrix: a course never saved",
                "provider": "Matrix provider",
                "category": "ethics",
                "hours": "3",
                "completed_on": (timezone.localdate() - datetime.timedelta(days=40)).isoformat(),
            },
        },
    )
]
