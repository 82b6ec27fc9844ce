"""The access-matrix rows of the membership's member part."""

from threecircles.tests.matrix import AccessRows

ROWS: list[AccessRows] = []
