"""What the certification's holder part adds to shared places (links, panels, jobs)."""


def register() -> None:
    pass
