from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "threecircles.network"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from threecircles.network import places

        places.register()
