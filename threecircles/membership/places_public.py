"""What the membership's public part adds to shared places (links, panels)."""


def register() -> None:
    pass
