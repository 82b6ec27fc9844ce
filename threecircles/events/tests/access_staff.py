"""The access-matrix rows of the events' staff part."""

from threecircles.tests.matrix import AccessRows

ROWS: list[AccessRows] = []
