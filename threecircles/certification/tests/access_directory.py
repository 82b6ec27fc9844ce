"""The access-matrix rows of the certification's directory part (records: tests/world.py).

Eve's listing ("eve-matrix") is visible and her certification active: the directory and her
profile are public, 200 for everyone. Her own listing's page is hers alone (she holds the
certification); everyone else signed in gets 404, and the anonymous visitor is sent to sign
in. An empty form from Eve is turned back with 400 (her name is needed).
"""

from typing import Any

from threecircles.tests.matrix import LOGIN, AccessRows, World, row

LABEL = "certification-directory"
EVERYONE = row(anonymous=200, others=200)


def _listing(world: World) -> Any:
    return world.records["certification"]["listing"]


def _listing_form(world: World) -> dict[str, Any]:
    return {
        "display_name": "Matrix: never saved",
        "city": "Nowhere",
        "issues": ["offending"],
        "visible": "on",
    }


ROWS = [
    AccessRows(
        label=LABEL,
        get={
            "certification:directory": EVERYONE,
            "certification:directory_profile": EVERYONE,
            "certification:my_listing": row(anonymous=LOGIN, others=404, eve=200),
        },
        post={"certification:my_listing": row(anonymous=LOGIN, others=404, eve=400)},
        kwargs_for={"certification:directory_profile": {"slug": _listing}},
        payloads={"certification:my_listing": _listing_form},
    )
]
