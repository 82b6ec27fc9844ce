"""The access-matrix rows of the events' public part."""

from threecircles.tests.matrix import AccessRows

ROWS: list[AccessRows] = []
