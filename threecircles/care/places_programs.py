"""What the programs part of care adds to the shared places."""


def register() -> None:
    pass
