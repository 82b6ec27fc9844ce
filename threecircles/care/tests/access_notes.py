from threecircles.tests.matrix import AccessRows

ROWS: list[AccessRows] = []
