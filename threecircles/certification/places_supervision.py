"""What the certification's supervision part adds to shared places (links, panels, jobs)."""


def register() -> None:
    pass
