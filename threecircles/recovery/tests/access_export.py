"""Access rows of export and erasure. The URLs carry no client id: every client (Alice, Mallory,
Dan) reaches their own data only; no one else reaches any."""

from threecircles.tests.matrix import LOGIN, AccessRows, Redirect, row

OWN = {"alice": 200, "mallory": 200, "dan": 200}
CLIENTS = ("alice", "mallory", "dan")

ROWS = AccessRows(
    label="recovery-export",
    get={
        "export:page": row(anonymous=LOGIN, others=404, **OWN),
        "export:json": row(anonymous=LOGIN, others=404, **OWN),
        "export:pdf": row(anonymous=LOGIN, others=404, **OWN),
        "export:csv": row(anonymous=LOGIN, others=404, **OWN),
        # Only the fixed tables exist: any other name is 404, for everyone.
        "export:csv@unknown": row(anonymous=LOGIN, others=404),
    },
    post={
        # Without the typed word nothing is erased: the page comes back with its error.
        "export:erase": row(anonymous=LOGIN, others=404, alice=400, mallory=400, dan=400),
        "export:close_account": row(
            anonymous=LOGIN, others=404, **{p: Redirect("/me/export/") for p in CLIENTS}
        ),
    },
    kwargs_for={"export:csv": {"name": lambda world: "check_ins"}},
    variants={"export:csv@unknown": {"name": lambda world: "notes"}},
    payloads={"export:erase": lambda world: {"confirm": "erase"}},
    no_form={"export:close_account"},
)
