"""The access-matrix rows of the certification's directory part (records: tests/world.py)."""

from threecircles.tests.matrix import AccessRows

ROWS: list[AccessRows] = []
