"""What the guidance part of network adds to the shared places."""


def register() -> None:
    pass
