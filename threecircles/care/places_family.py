"""What the family part of care adds to the shared places."""


def register() -> None:
    pass
