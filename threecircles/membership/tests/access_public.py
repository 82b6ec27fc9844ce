"""The access-matrix rows of the membership's public part."""

from threecircles.tests.matrix import AccessRows

ROWS: list[AccessRows] = []
