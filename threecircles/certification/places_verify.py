"""What the certification's verify part adds to shared places (links, panels, jobs)."""


def register() -> None:
    pass
