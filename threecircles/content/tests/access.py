"""The access-matrix rows of the public pages: everyone may open them."""

from threecircles.tests.matrix import AccessRows, row

ROWS = AccessRows(
    label="content",
    get={
        "content:public_home": row(anonymous=200, others=200),
        "content:crisis": row(anonymous=200, others=200),
    },
)
