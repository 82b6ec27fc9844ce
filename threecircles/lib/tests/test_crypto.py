"""The envelope-encryption helpers, without a database."""

import base64
import os

import pytest

from threecircles.lib import crypto


def entry(key_id: str, key: bytes) -> str:
    return f"{key_id}:{base64.urlsafe_b64encode(key).decode()}"


# --- parse_keys: THREECIRCLES_KEYS as configured by an operator -----------------------------


def test_keys_are_read_newest_first_ignoring_spaces_and_a_trailing_comma():
    new, old = os.urandom(32), os.urandom(32)
    keys = crypto.parse_keys(f" {entry('new', new)} , {entry('old', old)} ,")
    assert [(k.key_id, k.key) for k in keys] == [("new", new), ("old", old)]


def test_keys_may_be_written_without_base64_padding():
    key = os.urandom(32)
    encoded = base64.urlsafe_b64encode(key).decode().rstrip("=")
    assert crypto.parse_keys(f"k1:{encoded}")[0].key == key


def test_a_generated_key_entry_is_accepted_as_a_fresh_256_bit_key():
    first, second = crypto.generate_key_entry("k2025"), crypto.generate_key_entry("k2025")
    (key,) = crypto.parse_keys(first)
    assert key.key_id == "k2025"
    assert len(key.key) == 32
    assert first != second


@pytest.mark.parametrize("raw", ["", "   ", ",", " , ,"])
def test_an_empty_setting_says_it_holds_no_key(raw):
    with pytest.raises(ValueError, match="THREECIRCLES_KEYS holds no key"):
        crypto.parse_keys(raw)


@pytest.mark.parametrize("raw", ["justakey", ":" + "A" * 43, "k1;" + "A" * 43])
def test_an_entry_without_an_id_shows_the_expected_shape(raw):
    with pytest.raises(ValueError, match=r"entries look like id:base64key"):
        crypto.parse_keys(raw)


@pytest.mark.parametrize("size", [0, 16, 31, 33, 64])
def test_a_key_of_the_wrong_size_is_refused_naming_the_key_but_not_showing_it(size):
    material = base64.urlsafe_b64encode(os.urandom(size)).decode()
    with pytest.raises(ValueError, match=r"key 'k1' must be 32 bytes \(AES-256\)") as caught:
        crypto.parse_keys(f"k1:{material}")
    if material:
        assert material not in str(caught.value)


def test_a_repeated_key_id_is_refused():
    raw = f"{entry('k1', os.urandom(32))},{entry('k1', os.urandom(32))}"
    with pytest.raises(ValueError, match="repeated key id"):
        crypto.parse_keys(raw)


def test_one_bad_entry_spoils_the_whole_setting():
    raw = f"{entry('good', os.urandom(32))},bad"
    with pytest.raises(ValueError, match="entries look like id:base64key"):
        crypto.parse_keys(raw)


@pytest.mark.parametrize("material", ["not base64!!", "a", "AAAAA"])
def test_a_key_that_is_not_base64_is_refused_naming_its_id(material):
    """An operator with several keys needs to know which entry is broken."""
    with pytest.raises(ValueError, match="'k1'"):
        crypto.parse_keys(f"k0:{base64.urlsafe_b64encode(os.urandom(32)).decode()},k1:{material}")


# --- seal / open -----------------------------------------------------------------------------


def test_sealed_text_opens_with_the_same_key_and_binding():
    key = crypto.new_data_key()
    sealed = crypto.seal(key, b"I relapsed on Friday", b"care.note.text:1")
    assert b"relapsed" not in sealed
    assert crypto.open_sealed(key, sealed, b"care.note.text:1") == b"I relapsed on Friday"


def test_the_same_text_sealed_twice_gives_different_ciphertext():
    key = crypto.new_data_key()
    assert crypto.seal(key, b"same", b"ad") != crypto.seal(key, b"same", b"ad")


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda key, sealed: (crypto.new_data_key(), sealed, b"ad"), id="wrong key"),
        pytest.param(lambda key, sealed: (key, sealed, b"other-row"), id="wrong binding"),
        pytest.param(
            lambda key, sealed: (key, sealed[:-1] + bytes([sealed[-1] ^ 1]), b"ad"),
            id="flipped bit",
        ),
        pytest.param(lambda key, sealed: (key, b"\x02" + sealed[1:], b"ad"), id="unknown format"),
        pytest.param(lambda key, sealed: (key, sealed[:20], b"ad"), id="truncated"),
        pytest.param(lambda key, sealed: (key, b"plain old text", b"ad"), id="not ciphertext"),
    ],
)
def test_ciphertext_that_does_not_match_fails_instead_of_showing_text(tamper):
    key = crypto.new_data_key()
    sealed = crypto.seal(key, b"secret", b"ad")
    with pytest.raises(crypto.DecryptionError):
        crypto.open_sealed(*tamper(key, sealed))


def test_a_wrapped_data_key_opens_only_for_its_owner_under_its_kek():
    kek = crypto.KeyEncryptionKey("k1", os.urandom(32))
    data_key = crypto.new_data_key()
    wrapped = crypto.wrap_key(kek, data_key, "client:7")
    assert crypto.unwrap_key([kek], "k1", wrapped, "client:7") == data_key
    with pytest.raises(crypto.DecryptionError):
        crypto.unwrap_key([kek], "k1", wrapped, "client:8")


def test_unwrapping_under_a_kek_that_is_not_configured_names_it():
    kek = crypto.KeyEncryptionKey("old", os.urandom(32))
    wrapped = crypto.wrap_key(kek, crypto.new_data_key(), "client:7")
    other = crypto.KeyEncryptionKey("new", os.urandom(32))
    with pytest.raises(crypto.DecryptionError, match="'old' is not configured"):
        crypto.unwrap_key([other], "old", wrapped, "client:7")


def test_a_destroyed_key_is_a_kind_of_decryption_error():
    assert issubclass(crypto.KeyDestroyed, crypto.DecryptionError)
