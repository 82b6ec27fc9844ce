from django.apps import AppConfig


class EventsConfig(AppConfig):
    """The institute's events. Imports no clinical app (the layer contract holds it)."""

    name = "threecircles.events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from threecircles.events import places

        places.register()
