"""The access-matrix rows of the events: each part brings its own."""

from threecircles.events.tests import access_public, access_registration, access_staff
from threecircles.tests.matrix import AccessRows

BASE = AccessRows(label="events")
ROWS = [BASE, *access_public.ROWS, *access_registration.ROWS, *access_staff.ROWS]
