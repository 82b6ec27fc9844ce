"""What the certification's candidate part adds to shared places (links, panels, jobs)."""


def register() -> None:
    pass
