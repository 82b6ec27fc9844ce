"""What the certification's staff part adds to shared places (links, panels, jobs)."""


def register() -> None:
    pass
