"""The Open Badges 3.0 credential: the holder downloads it signed, and anyone checks it with a
maintained JOSE library (joserfc) against the keys the institute publishes; one changed byte,
or another key, fails; the signed revocation list marks it once revoked or suspended."""

import base64
import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from joserfc import jws
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet, OKPKey

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification import actions, badges
from threecircles.certification.models import Certification, Credential
from threecircles.certification.tests.factories import certify, make_credential
from threecircles.lib import crypto, keyring

pytestmark = [
    pytest.mark.django_db,
    # joserfc warns that RFC 9864 renamed EdDSA; wallets know it by this name.
    pytest.mark.filterwarnings("ignore::joserfc.errors.SecurityWarning"),
]
SITE = "https://institute.example.org"
ISSUED = datetime.date(2025, 3, 1)


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.SITE_URL = SITE
    settings.TIME_ZONE = "UTC"


@pytest.fixture
def credential() -> Credential:
    return make_credential()


@pytest.fixture
def rosa() -> User:
    return make_user("Rosa Marquez", Role.CLINICIAN)


@pytest.fixture
def certification(rosa: User, credential: Credential) -> Certification:
    return certify(rosa, credential, issued_on=ISSUED)


@pytest.fixture
def holder(rosa: User, signed_in: Callable[[User], Client]) -> Client:
    return signed_in(rosa)


def published_keys(client: Client) -> KeySet:
    response = client.get(reverse("certification:jwks"))
    assert response.status_code == 200
    return KeySet.import_key_set(response.json())


def checked(token: str, keys: KeySet) -> dict[str, Any]:
    """What a verifier does: joserfc checks the signature against the published keys."""
    payload: dict[str, Any] = json.loads(
        jws.deserialize_compact(token, keys, algorithms=["EdDSA"]).payload
    )
    return payload


def download(holder: Client, certification: Certification) -> str:
    response = holder.get(reverse("certification:badge", args=[certification.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _unb64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


# --- the badge -----------------------------------------------------------------------------


def test_the_downloaded_badge_verifies_with_the_published_key(
    client: Client, holder: Client, certification: Certification
):
    token = download(holder, certification)
    credential = checked(token, published_keys(client))

    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    code = certification.verification_code
    assert credential["id"] == f"{SITE}/verify/{code}/"
    assert credential["issuer"]["id"] == f"{SITE}/certification/issuer/"
    assert credential["issuer"]["name"] == "Three Circles Institute"
    assert credential["validFrom"] == "2025-03-01T00:00:00Z"
    assert credential["validUntil"] == "2027-03-01T23:59:59Z"
    subject = credential["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Rosa Marquez"
    assert subject["achievement"]["name"] == "Certified Sex Addiction Therapist (CSAT)"
    assert subject["achievement"]["criteria"]["narrative"]
    assert credential["credentialStatus"] == {
        "id": f"{SITE}/certification/issuer/status/revocation/#{certification.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(certification.status_index),
        "statusListCredential": f"{SITE}/certification/issuer/status/revocation/",
    }
    # The JWT claims repeat the credential, as Open Badges asks.
    assert (credential["iss"], credential["jti"]) == (credential["issuer"]["id"], credential["id"])
    assert credential["nbf"] == int(datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC).timestamp())
    # Nothing else about the holder: no e-mail address, no account number.
    assert certification.person.email not in json.dumps(credential)


def test_the_badge_says_how_it_is_signed(holder: Client, certification: Certification):
    header = json.loads(_b64(download(holder, certification).split(".")[0]))
    kek_id = keyring.newest_kek().key_id
    assert {k: header[k] for k in ("alg", "kid", "typ", "cty")} == {
        "alg": "EdDSA",
        "kid": kek_id,
        "typ": "vc+jwt",
        "cty": "vc",
    }
    assert header["jwk"]["kid"] == kek_id
    assert "d" not in header["jwk"]  # the public half only


def test_the_issuer_profile_is_where_the_badge_says(client: Client):
    response = client.get(reverse("certification:issuer"))
    profile = response.json()
    assert profile["id"] == f"{SITE}/certification/issuer/"
    assert (profile["type"], profile["name"]) == (["Profile"], "Three Circles Institute")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_published_key_set_holds_no_private_key(client: Client):
    for key in client.get(reverse("certification:jwks")).json()["keys"]:
        assert (key["kty"], key["crv"], key["alg"]) == ("OKP", "Ed25519", "EdDSA")
        assert "d" not in key


def test_one_changed_byte_in_what_the_badge_says_fails(
    client: Client, holder: Client, certification: Certification
):
    header, payload, signature = download(holder, certification).split(".")
    raw = _b64(payload)
    assert raw.count(b"Rosa Marquez") == 1
    forged = _unb64(raw.replace(b"Rosa Marquez", b"Rosa Marquey"))
    keys = published_keys(client)
    assert checked(f"{header}.{payload}.{signature}", keys)  # untouched, it passes
    with pytest.raises(BadSignatureError):
        checked(f"{header}.{forged}.{signature}", keys)
    # The institute's own helper (for the docs and for support) says the same.
    assert badges.verify(f"{header}.{payload}.{signature}")["id"] == badges.verify_url(
        certification
    )
    with pytest.raises(BadSignatureError):
        badges.verify(f"{header}.{forged}.{signature}")


def test_one_changed_byte_in_the_signature_fails(
    client: Client, holder: Client, certification: Certification
):
    header, payload, signature = download(holder, certification).split(".")
    raw = bytearray(_b64(signature))
    raw[10] ^= 0x01
    with pytest.raises(BadSignatureError):
        checked(f"{header}.{payload}.{_unb64(bytes(raw))}", published_keys(client))


def test_a_badge_signed_with_any_other_key_fails(client: Client, certification: Certification):
    """Someone who copies the header (the key id and the public key) still cannot sign."""
    kek_id = keyring.newest_kek().key_id
    other = OKPKey.import_key(
        crypto.signing_key(crypto.KeyEncryptionKey(kek_id, b"\x07" * 32), "open-badges"),
        {"kid": kek_id},
    )
    forged = jws.serialize_compact(
        {"alg": "EdDSA", "kid": kek_id, "typ": "vc+jwt"},
        json.dumps(badges.credential_for(certification)),
        other,
        algorithms=["EdDSA"],
    )
    with pytest.raises(BadSignatureError):
        checked(forged, published_keys(client))


def test_after_a_key_rotation_badges_signed_before_still_verify(
    settings: Any, client: Client, holder: Client, certification: Certification
):
    before = download(holder, certification)
    old_kid = keyring.newest_kek().key_id
    settings.THREECIRCLES_KEYS = (
        f"{crypto.generate_key_entry('rotated')},{settings.THREECIRCLES_KEYS}"
    )

    keys = published_keys(client)
    assert checked(before, keys)["id"] == badges.verify_url(certification)
    after = download(holder, certification)
    assert json.loads(_b64(after.split(".")[0]))["kid"] == "rotated"
    assert checked(after, keys)
    # Once the old key is retired it still verifies what it signed.
    old = next(
        entry for entry in settings.THREECIRCLES_KEYS.split(",") if entry.startswith(old_kid)
    )
    settings.THREECIRCLES_KEYS = settings.THREECIRCLES_KEYS.split(",")[0]
    settings.THREECIRCLES_RETIRED_KEYS = old
    assert checked(before, published_keys(client))


def test_a_renewed_certification_gives_a_badge_with_the_new_expiry(
    holder: Client, certification: Certification
):
    Certification.objects.filter(pk=certification.pk).update(expires_on=datetime.date(2029, 3, 1))
    credential = json.loads(_b64(download(holder, certification).split(".")[1]))
    assert credential["validUntil"] == "2029-03-01T23:59:59Z"


# --- the revocation list -------------------------------------------------------------------


def withdrawn(client: Client, certification: Certification) -> bool:
    """Fetch the signed list as a verifier does, check its signature, and read the bit."""
    response = client.get(reverse("certification:status_list"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    status_list = checked(response.content.decode(), published_keys(client))
    assert status_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    subject = status_list["credentialSubject"]
    assert subject["statusPurpose"] == "revocation"
    bits = badges.decode_list(subject["encodedList"])
    assert len(bits) * 8 == actions.STATUS_LIST_SIZE
    return badges.is_set(bits, certification.status_index)


def test_the_status_list_marks_a_certification_once_revoked(
    client: Client, certification: Certification, credential: Credential, ivy: User
):
    other = certify(make_user("Noor Haddad", Role.CLINICIAN), credential)
    assert not withdrawn(client, certification)
    actions.revoke(certification=certification, by=ivy, reason="Board decision")
    assert withdrawn(client, certification)
    assert not withdrawn(client, other)


def test_a_suspension_is_marked_until_it_is_lifted(
    client: Client, certification: Certification, ivy: User
):
    with time_machine.travel(datetime.date(2025, 6, 1)):
        actions.suspend(certification=certification, by=ivy, reason="Under review")
        assert withdrawn(client, certification)
        actions.reinstate(certification=certification, by=ivy, reason="Review closed")
        assert not withdrawn(client, certification)


def test_the_list_counts_bits_from_the_first_bytes_highest():
    """Bitstring Status List: index 0 is the leftmost bit of the uncompressed list."""
    bits = badges.decode_list(badges.encode_list([0, 9, actions.STATUS_LIST_SIZE - 1]))
    assert (bits[0], bits[1], bits[-1]) == (0b1000_0000, 0b0100_0000, 0b0000_0001)
    assert not any(bits[2:-1])


def test_verifiers_may_keep_the_list_for_a_few_minutes(client: Client):
    response = client.get(reverse("certification:status_list"))
    assert "max-age=300" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"


# --- only the holder downloads it ----------------------------------------------------------


def test_the_badge_downloads_as_a_file_named_by_its_code(
    holder: Client, certification: Certification
):
    response = holder.get(reverse("certification:badge", args=[certification.pk]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="open-badge-{certification.verification_code}.jwt"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_nobody_but_the_holder_downloads_the_badge(
    client: Client, signed_in: Callable[[User], Client], certification: Certification, ivy: User
):
    url = reverse("certification:badge", args=[certification.pk])
    other = make_user("Noor Haddad", Role.CLINICIAN)
    assert signed_in(other).get(url).status_code == 404
    assert signed_in(ivy).get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_a_revoked_certification_has_no_badge_to_download(
    holder: Client, certification: Certification, ivy: User
):
    url = reverse("certification:badge", args=[certification.pk])
    assert holder.get(url).status_code == 200
    actions.revoke(certification=certification, by=ivy, reason="Board decision")
    assert holder.get(url).status_code == 404
