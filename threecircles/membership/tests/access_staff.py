"""The access-matrix rows of the membership's staff part."""

from threecircles.tests.matrix import AccessRows

ROWS: list[AccessRows] = []
