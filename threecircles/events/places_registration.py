"""What the events' registration part adds to shared places (links, panels)."""


def register() -> None:
    pass
