"""The access-matrix rows of the inquiries part."""

from threecircles.tests.matrix import AccessRows

ROWS: list[AccessRows] = []
