"""Whether this session passed the second factor, and how long ago.

allauth records each step of a sign-in in the session ("password", then "mfa"); a session that
never passed the second step has no "mfa" record, whatever the account has set up.
"""

import time

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from django.http import HttpRequest

from threecircles.accounts.models import User


def _mfa_times(request: HttpRequest) -> list[float]:
    user = request.user
    if not isinstance(user, User):
        return []
    records = get_authentication_records(request, user)
    return [float(r.get("at", 0)) for r in records if r.get("method") == "mfa"]


def session_passed_mfa(request: HttpRequest) -> bool:
    return bool(_mfa_times(request))


def mfa_verified_within(request: HttpRequest, seconds: int) -> bool:
    """The second factor was given in the last `seconds` (for emergency access)."""
    return any(time.time() - at < seconds for at in _mfa_times(request))


def on_authenticator_added(
    sender: object, request: HttpRequest, user: User, authenticator: object, **kwargs: object
) -> None:
    """allauth's signal once a second factor is set up (connected in AccountsConfig).

    Setting up the *first* one proves it, like using it: this session has passed the second
    step (only this session: another signed in with the password alone still has not). Adding
    another one (a passkey next to the app) proves nothing new and records nothing.
    """
    from allauth.mfa.models import Authenticator

    others = (
        Authenticator.objects.filter(user_id=user.pk)
        .exclude(pk=getattr(authenticator, "pk", None))
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
    )
    if not others.exists():
        record_authentication(
            request, user, "mfa", type=str(getattr(authenticator, "type", "")), first=True
        )


SEALED_FIELDS = ("secret", "seed")
SEALED_LISTS = ("migrated_codes",)


def reseal_second_factors(*, only_plaintext: bool = False) -> int:
    """Seal every stored second-factor secret under the newest key (after a key rotation, or
    once for secrets written before sealing). Returns how many authenticators changed."""
    from allauth.mfa.models import Authenticator

    from threecircles.accounts.adapters import SEALED_PREFIX, is_sealed_under_newest, open_secret
    from threecircles.accounts.adapters import seal_secret as seal

    def needs(value: object) -> bool:
        if not isinstance(value, str):
            return False
        if only_plaintext:
            return not value.startswith(SEALED_PREFIX)
        return not is_sealed_under_newest(value)

    changed = 0
    for authenticator in Authenticator.objects.all().iterator():
        data = dict(authenticator.data or {})
        touched = False
        for name in SEALED_FIELDS:
            if needs(data.get(name)):
                data[name] = seal(open_secret(data[name]))
                touched = True
        for name in SEALED_LISTS:
            values = data.get(name)
            if isinstance(values, list) and any(needs(v) for v in values):
                data[name] = [seal(open_secret(v)) if needs(v) else v for v in values]
                touched = True
        if touched:
            authenticator.data = data
            authenticator.save(update_fields=["data"])
            changed += 1
    return changed
