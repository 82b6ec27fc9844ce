"""The access-matrix rows of the events' registration part."""

from threecircles.tests.matrix import AccessRows

ROWS: list[AccessRows] = []
