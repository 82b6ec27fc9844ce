from django.apps import AppConfig


class MembershipConfig(AppConfig):
    """The institute's professional members. Imports no clinical app (the layer contract
    holds it); the certification app will extend the member's profile."""

    name = "threecircles.membership"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from threecircles.membership import places

        places.register()
