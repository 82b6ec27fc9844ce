from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "threecircles.screening"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from threecircles.screening import places

        places.register()
