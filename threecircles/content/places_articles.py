"""What the articles part adds to shared places (links, panels)."""


def register() -> None:
    pass
