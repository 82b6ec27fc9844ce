"""The access-matrix rows of the membership: each part brings its own."""

from threecircles.membership.tests import access_member, access_public, access_staff
from threecircles.tests.matrix import AccessRows

BASE = AccessRows(label="membership")
ROWS = [BASE, *access_public.ROWS, *access_member.ROWS, *access_staff.ROWS]
