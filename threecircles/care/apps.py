from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "threecircles.care"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from threecircles.care import places

        places.register()
