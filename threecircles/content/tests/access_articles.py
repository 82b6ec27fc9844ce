"""The access-matrix rows of the articles part."""

from threecircles.tests.matrix import AccessRows

ROWS: list[AccessRows] = []
