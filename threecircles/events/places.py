"""The events' parts register their links and the staff home's panels."""

from threecircles.events import places_public, places_registration, places_staff


def register() -> None:
    places_public.register()
    places_registration.register()
    places_staff.register()
