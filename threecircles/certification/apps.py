from django.apps import AppConfig


class CertificationConfig(AppConfig):
    """Credentials, candidacies, supervision, certificates anyone can verify, the CE ledger
    and the directory. Imports no clinical app (the layer contract holds it)."""

    name = "threecircles.certification"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from threecircles.certification import places

        places.register()
