"""What the membership's staff part adds to shared places (links, panels)."""


def register() -> None:
    pass
