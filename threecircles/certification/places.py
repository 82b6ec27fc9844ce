"""The certification's parts register their links, panels and recurring jobs."""

from threecircles.certification import (
    places_candidate,
    places_directory,
    places_holder,
    places_staff,
    places_supervision,
    places_verify,
)


def register() -> None:
    places_candidate.register()
    places_supervision.register()
    places_holder.register()
    places_verify.register()
    places_directory.register()
    places_staff.register()
