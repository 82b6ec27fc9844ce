"""A certification as an Open Badges 3.0 credential (a W3C Verifiable Credential, data model
2.0), signed by the institute as a JWT, and the signed revocation list that says whether it
still stands.

The institute's signing keys are Ed25519 keys derived from the key-encryption keys
(`THREECIRCLES_KEYS`, newest first, then `THREECIRCLES_RETIRED_KEYS`), so no further secret
has to be kept. The newest signs; every one is published (`jwks`), so a badge signed before a
key rotation still verifies. Each key's id is its key-encryption key's id.

A badge is made when the holder downloads it and is never stored: it says what the
certification says at that moment (its expiry included). Revocation and suspension are
published in one Bitstring Status List (`status_list_credential`), where each certification
has its own place (`Certification.status_index`).
"""

import base64
import datetime
import gzip
import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from joserfc import jws
from joserfc.errors import SecurityWarning
from joserfc.jwk import KeySet, OKPKey

from threecircles.certification.actions import STATUS_LIST_SIZE
from threecircles.certification.models import Certification, Credential
from threecircles.lib import crypto, keyring

ISSUER_NAME = "Three Circles Institute"
PURPOSE = "open-badges"
# Wallets and verifiers know Ed25519 signatures as "EdDSA" (RFC 8037). RFC 9864 names the
# same signature "Ed25519" and joserfc warns about the older name; few verifiers know the new
# one yet.
ALGORITHM = "EdDSA"
CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
MEDIA_TYPE = "application/vc+jwt"
# How long a verifier may keep the status list before fetching it again.
STATUS_LIST_SECONDS = 5 * 60


@contextmanager
def _eddsa() -> Iterator[None]:
    with warnings.catch_warnings(action="ignore", category=SecurityWarning):
        yield


# --- the keys ----------------------------------------------------------------------------------


def _keks() -> list[crypto.KeyEncryptionKey]:
    retired = settings.THREECIRCLES_RETIRED_KEYS
    return keyring.configured_keks() + (crypto.parse_keys(retired) if retired else [])


@cache
def _signing_key(kek: crypto.KeyEncryptionKey) -> OKPKey:
    private = crypto.signing_key(kek, PURPOSE)
    return OKPKey.import_key(private, {"kid": kek.key_id, "alg": ALGORITHM, "use": "sig"})


def jwks() -> dict[str, Any]:
    """The public halves of the institute's signing keys, as a JSON Web Key Set."""
    return {"keys": [_signing_key(kek).as_dict(private=False) for kek in _keks()]}


def _published_keys() -> KeySet:
    return KeySet.import_key_set(jwks())  # type: ignore[arg-type]


# --- addresses ---------------------------------------------------------------------------------


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def issuer_id() -> str:
    return absolute(reverse("certification:issuer"))


def verify_url(certification: Certification) -> str:
    return absolute(
        reverse("certification:verify", kwargs={"code": certification.verification_code})
    )


def status_list_url() -> str:
    return absolute(reverse("certification:status_list"))


def _timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, timezone.get_current_timezone())


def _end_of(day: datetime.date) -> datetime.datetime:
    """The last second of `day`: a certification is valid through its expiry date."""
    return _start_of(day + datetime.timedelta(days=1)) - datetime.timedelta(seconds=1)


# --- the credential ----------------------------------------------------------------------------


def _profile() -> dict[str, Any]:
    return {
        "id": issuer_id(),
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": absolute(reverse("content:public_home")),
    }


def issuer_profile() -> dict[str, Any]:
    """The institute as an Open Badges issuer (served at its own `id`)."""
    return {"@context": CONTEXT, **_profile()}


def _achievement(credential: Credential) -> dict[str, Any]:
    description = credential.description or f"The {ISSUER_NAME}'s {credential.name} credential."
    return {
        "id": f"{issuer_id()}#achievement-{credential.slug}",
        "type": ["Achievement"],
        "name": f"{credential.name} ({credential.code})",
        "description": description,
        "criteria": {
            "narrative": (
                f"Awarded by the {ISSUER_NAME} after the {credential.name} requirements were "
                "met and checked: eligibility, training modules and their quizzes, "
                "supervised practice, an assessment and a final review by institute staff. "
                f"Renewed every {credential.valid_years} years with continuing education."
            )
        },
    }


def credential_for(certification: Certification) -> dict[str, Any]:
    """The certification as an OpenBadgeCredential: who holds it (the name as printed on the
    certificate, nothing else about them), which credential, from when until when, and where
    its revocation is published."""
    return {
        "@context": CONTEXT,
        "id": verify_url(certification),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": _profile(),
        "validFrom": _timestamp(_start_of(certification.issued_on)),
        "validUntil": _timestamp(_end_of(certification.expires_on)),
        "name": certification.credential.name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            # Open Badges names a subject without an identifier of its own this way.
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": certification.holder_name,
                }
            ],
            "achievement": _achievement(certification.credential),
        },
        "credentialStatus": {
            "id": f"{status_list_url()}#{certification.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certification.status_index),
            "statusListCredential": status_list_url(),
        },
    }


def _claims(credential: dict[str, Any]) -> dict[str, Any]:
    """The JWT claims Open Badges 3.0 asks for beside the credential (they repeat it)."""
    issuer = credential["issuer"]
    claims = {
        "iss": issuer["id"] if isinstance(issuer, dict) else issuer,
        "jti": credential["id"],
        "iat": int(timezone.now().timestamp()),
        "nbf": int(datetime.datetime.fromisoformat(credential["validFrom"]).timestamp()),
    }
    if "validUntil" in credential:
        claims["exp"] = int(datetime.datetime.fromisoformat(credential["validUntil"]).timestamp())
    return credential | claims


def sign(payload: dict[str, Any]) -> str:
    """`payload` signed with the newest key, as a compact JWS. The header also carries the
    public key, for wallets that read it there; verify against the published keys."""
    key = _signing_key(keyring.newest_kek())
    header = {
        "alg": ALGORITHM,
        "kid": key.kid,
        "typ": "vc+jwt",
        "cty": "vc",
        "jwk": key.as_dict(private=False),
    }
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    with _eddsa():
        return jws.serialize_compact(header, body, key, algorithms=[ALGORITHM])


def signed_credential(certification: Certification) -> str:
    """The badge a holder downloads."""
    return sign(_claims(credential_for(certification)))


def verify(token: str) -> dict[str, Any]:
    """The credential inside `token` once its signature checks out against the published keys.
    Raises joserfc's BadSignatureError (a changed byte), InvalidKeyIdError (a key not ours) or
    DecodeError (not a JWS)."""
    with _eddsa():
        signed = jws.deserialize_compact(token, _published_keys(), algorithms=[ALGORITHM])
    payload: dict[str, Any] = json.loads(signed.payload)
    return payload


# --- the status list ---------------------------------------------------------------------------


def _withdrawn_places() -> list[int]:
    """The places of every revoked or suspended certification."""
    withdrawn = Certification.objects.filter(
        status__in=[Certification.Status.REVOKED, Certification.Status.SUSPENDED]
    )
    return list(withdrawn.values_list("status_index", flat=True))


def encode_list(places: list[int], size: int = STATUS_LIST_SIZE) -> str:
    """A Bitstring Status List's `encodedList`: `size` bits, place 0 the first byte's highest
    bit, gzipped, base64url without padding, with the multibase prefix "u"."""
    bits = bytearray(size // 8)
    for place in places:
        bits[place // 8] |= 0x80 >> (place % 8)
    packed = base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(b"=")
    return "u" + packed.decode()


def decode_list(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("not a base64url multibase value")
    packed = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4)))


def is_set(bits: bytes, place: int) -> bool:
    return bool(bits[place // 8] & (0x80 >> (place % 8)))


def status_list() -> dict[str, Any]:
    now = timezone.now()
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": status_list_url(),
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": _profile()["id"],
        "validFrom": _timestamp(now),
        "validUntil": _timestamp(now + datetime.timedelta(days=1)),
        "credentialSubject": {
            "id": f"{status_list_url()}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_list(_withdrawn_places()),
            "ttl": STATUS_LIST_SECONDS * 1000,
        },
    }


def status_list_credential() -> str:
    """The revocation list as a signed BitstringStatusListCredential: a certification's bit is
    1 while it is revoked or suspended."""
    return sign(_claims(status_list()))
