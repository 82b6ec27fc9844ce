"""The access-matrix rows of the public pages: everyone may open them."""

from threecircles.content.tests import (
    access_articles,
    access_inquiries,
    access_site,
    access_staff,
)
from threecircles.tests.matrix import AccessRows, row

BASE = AccessRows(
    label="content",
    get={
        "content:public_home": row(anonymous=200, others=200),
        "content:crisis": row(anonymous=200, others=200),
    },
)

# Each part of the public site brings its own rows.
ROWS = [
    BASE,
    *access_site.ROWS,
    *access_articles.ROWS,
    *access_inquiries.ROWS,
    *access_staff.ROWS,
]
