"""What the membership's member part adds to shared places (links, panels)."""


def register() -> None:
    pass
