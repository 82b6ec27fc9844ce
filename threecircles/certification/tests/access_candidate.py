"""The access-matrix rows of the certification's candidate part (records: tests/world.py)."""

from threecircles.tests.matrix import AccessRows

ROWS: list[AccessRows] = []
