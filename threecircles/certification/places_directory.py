"""What the certification's directory part adds to shared places (links, panels, jobs)."""


def register() -> None:
    pass
