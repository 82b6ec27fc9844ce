"""The access-matrix rows of the site part."""

from threecircles.tests.matrix import AccessRows

ROWS: list[AccessRows] = []
