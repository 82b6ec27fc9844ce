"""The access-matrix rows of the staff part."""

from threecircles.tests.matrix import AccessRows

ROWS: list[AccessRows] = []
