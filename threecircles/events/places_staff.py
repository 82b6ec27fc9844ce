"""What the events' staff part adds to shared places (links, panels)."""


def register() -> None:
    pass
