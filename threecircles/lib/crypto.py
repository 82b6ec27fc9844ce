"""Envelope encryption on AES-256-GCM.

Each client has a random 256-bit data key (DEK). The DEK is stored wrapped (encrypted) under a
key-encryption key (KEK) from `THREECIRCLES_KEYS`: "id:base64key,id:base64key", newest first.
Rotation re-wraps DEKs under the newest KEK; ciphertext never changes. Destroying a DEK makes
every copy of that client's ciphertext unreadable (crypto-shredding).

Every ciphertext carries "associated data" naming its model, field and row, so a ciphertext
copied to another row or field fails to decrypt instead of showing the wrong person's text.
"""

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """The ciphertext cannot be opened: wrong key, wrong binding, or tampered bytes."""


class KeyDestroyed(DecryptionError):
    """The client's data key was destroyed (erasure); their ciphertext is gone for good."""


@dataclass(frozen=True)
class KeyEncryptionKey:
    key_id: str
    key: bytes


def parse_keys(raw: str) -> list[KeyEncryptionKey]:
    keys: list[KeyEncryptionKey] = []
    for entry in raw.split(","):
        entry = entry.strip()
        if not entry:
            continue
        key_id, sep, encoded = entry.partition(":")
        if not sep or not key_id:
            raise ValueError("THREECIRCLES_KEYS entries look like id:base64key")
        try:
            key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except (binascii.Error, ValueError) as exc:
            raise ValueError(f"THREECIRCLES_KEYS: key {key_id!r} is not valid base64") from exc
        if len(key) != 32:
            raise ValueError(f"key {key_id!r} must be 32 bytes (AES-256)")
        keys.append(KeyEncryptionKey(key_id, key))
    if not keys:
        raise ValueError("THREECIRCLES_KEYS holds no key")
    if len({k.key_id for k in keys}) != len(keys):
        raise ValueError("THREECIRCLES_KEYS has a repeated key id")
    return keys


def generate_key_entry(key_id: str) -> str:
    """A new `id:base64key` entry for THREECIRCLES_KEYS."""
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(32)).decode()}"


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def seal(key: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return FORMAT_VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, associated_data)


def open_sealed(key: bytes, sealed: bytes, associated_data: bytes) -> bytes:
    if len(sealed) < 1 + NONCE_BYTES + 16 or sealed[:1] != FORMAT_VERSION:
        raise DecryptionError("not a Three Circles ciphertext")
    nonce = sealed[1 : 1 + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, sealed[1 + NONCE_BYTES :], associated_data)
    except InvalidTag as exc:
        raise DecryptionError("ciphertext does not open under this key and binding") from exc


def wrap_key(kek: KeyEncryptionKey, data_key: bytes, owner: str) -> bytes:
    return seal(kek.key, data_key, f"datakey:{owner}".encode())


def unwrap_key(keks: list[KeyEncryptionKey], key_id: str, wrapped: bytes, owner: str) -> bytes:
    for kek in keks:
        if kek.key_id == key_id:
            return open_sealed(kek.key, wrapped, f"datakey:{owner}".encode())
    raise DecryptionError(f"key-encryption key {key_id!r} is not configured")


def derive_key(kek: KeyEncryptionKey, purpose: str) -> bytes:
    """A 256-bit key for one purpose (the access log's MAC, its anchors' signatures, second
    factors), derived from a key-encryption key, so no second secret has to be configured."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=f"threecircles:{purpose}:{kek.key_id}".encode(),
    ).derive(kek.key)


def mac(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def signing_key(kek: KeyEncryptionKey, purpose: str) -> Ed25519PrivateKey:
    """An Ed25519 key derived from a key-encryption key: whoever holds only the public half
    can check a signature but cannot make one."""
    return Ed25519PrivateKey.from_private_bytes(derive_key(kek, purpose))


def public_key_hex(private: Ed25519PrivateKey) -> str:
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def verify_signature(public_hex: str, signature_hex: str, message: bytes) -> bool:
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        public.verify(bytes.fromhex(signature_hex), message)
    except (ValueError, InvalidSignature):
        return False
    return True
