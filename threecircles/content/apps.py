from django.apps import AppConfig


class ContentConfig(AppConfig):
    """The institute's public pages. Imports no clinical app (the layer contract holds it)."""

    name = "threecircles.content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from threecircles.content import places

        places.register()
