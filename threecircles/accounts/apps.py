from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "threecircles.accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from threecircles.accounts import places
        from threecircles.accounts.mfa import on_authenticator_added
        from threecircles.lib import pagecache

        places.register()
        # Every model of every app is loaded by now: any write makes kept page parts stale.
        pagecache.connect_signals()
        # allauth's own event, not domain logic: a second factor was just set up.
        authenticator_added.connect(on_authenticator_added, dispatch_uid="mfa-set-up")
