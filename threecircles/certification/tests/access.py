"""The access-matrix rows of the certification: one shared world (tests/world.py), and each
part's rows."""

from threecircles.certification.tests import (
    access_candidate,
    access_directory,
    access_holder,
    access_staff,
    access_supervision,
    access_verify,
)
from threecircles.certification.tests.world import matrix_world
from threecircles.tests.matrix import AccessRows

BASE = AccessRows(label="certification", records=matrix_world, order=40)
ROWS = [
    BASE,
    *access_candidate.ROWS,
    *access_supervision.ROWS,
    *access_holder.ROWS,
    *access_verify.ROWS,
    *access_directory.ROWS,
    *access_staff.ROWS,
]
