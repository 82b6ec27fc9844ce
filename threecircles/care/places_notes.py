"""What the notes part of care adds to the shared places."""


def register() -> None:
    pass
