# Second-factor secrets (TOTP keys, recovery-code seeds) were stored in the clear by allauth's
# default adapter; seal them under a key derived from the newest key-encryption key, in the
# format MFAAdapter reads ("tc1:<key id>:<sealed, base64>").

import base64

from django.conf import settings
from django.db import migrations

from threecircles.lib import crypto

PURPOSE = "second-factor-secret"
PREFIX = "tc1:"


def seal_secrets(apps, schema_editor):
    Authenticator = apps.get_model("mfa", "Authenticator")
    kek = crypto.parse_keys(settings.THREECIRCLES_KEYS)[0]
    key = crypto.derive_key(kek, PURPOSE)

    def seal(text):
        sealed = crypto.seal(key, text.encode(), PURPOSE.encode())
        return f"{PREFIX}{kek.key_id}:{base64.urlsafe_b64encode(sealed).decode()}"

    for authenticator in Authenticator.objects.all().iterator():
        data = dict(authenticator.data or {})
        changed = False
        for name in ("secret", "seed"):
            value = data.get(name)
            if isinstance(value, str) and not value.startswith(PREFIX):
                data[name] = seal(value)
                changed = True
        codes = data.get("migrated_codes")
        if isinstance(codes, list):
            sealed = [c if str(c).startswith(PREFIX) else seal(str(c)) for c in codes]
            changed = changed or sealed != codes
            data["migrated_codes"] = sealed
        if changed:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_care_teams_are_grants'),
        ('mfa', '0003_authenticator_type_uniq'),
    ]

    operations = [
        migrations.RunPython(seal_secrets, migrations.RunPython.noop),
    ]
