"""The access-matrix rows of the certification's staff part (records: tests/world.py)."""

from threecircles.tests.matrix import AccessRows

ROWS: list[AccessRows] = []
