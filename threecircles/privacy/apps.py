from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "threecircles.privacy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from threecircles.privacy import places

        places.register()
