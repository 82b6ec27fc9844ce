"""What the inquiries part adds to shared places (links, panels)."""


def register() -> None:
    pass
