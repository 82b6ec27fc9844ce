"""The access-matrix rows of the certification's verify part (records: tests/world.py).

The page of a verification code, the form to type one, the issuer's profile, its published
keys and its revocation list are public: everyone gets them, signed in or not. An unknown code
is 404 for everyone. An empty form is turned back with 400. The certificate PDF and the signed
Open Badge are Eve's alone (she holds the world's certification): everyone else signed in gets
404, and a visitor is sent to sign in.
"""

from threecircles.tests.matrix import LOGIN, AccessRows, Filler, row

PUBLIC = row(anonymous=200, others=200)
HOLDER_ONLY = row(anonymous=LOGIN, others=404, eve=200)


def _record(name: str) -> Filler:
    return lambda world: world.records["certification"][name]


ROWS = [
    AccessRows(
        label="certification-verify",
        get={
            "certification:verify_form": PUBLIC,
            "certification:verify": PUBLIC,
            "certification:verify@unknown": row(anonymous=404, others=404),
            "certification:issuer": PUBLIC,
            "certification:jwks": PUBLIC,
            "certification:status_list": PUBLIC,
            "certification:certificate_pdf": HOLDER_ONLY,
            "certification:badge": HOLDER_ONLY,
        },
        post={"certification:verify_form": row(anonymous=400, others=400)},
        kwargs_for={
            "certification:verify": {"code": _record("code")},
            "certification:certificate_pdf": {"certification_id": _record("certification")},
            "certification:badge": {"certification_id": _record("certification")},
        },
        variants={
            "certification:verify@unknown": {"code": lambda world: "ABCDEFGHJKLMNPQRSTUVWXYZ23"}
        },
        payloads={"certification:verify_form": lambda world: {"code": _record("code")(world)}},
    )
]
