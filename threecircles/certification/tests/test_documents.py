"""Uploaded documents: only PDF, PNG and JPEG, known by their first bytes whatever the name or
claimed type, up to 10 MB; sealed in the database (the plaintext is nowhere in the row), opened
whole for their owner only (the seal is bound to the owner), and still opened after the keys
rotate."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification import documents
from threecircles.certification.models import Document
from threecircles.lib import crypto, keyring

pytestmark = pytest.mark.django_db

MARKER = b"Licence LPC-88213 of Noor Haddad, issued by the Illinois board"
PDF = b"%PDF-1.7\n1 0 obj<</Title(" + MARKER + b")>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + MARKER
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + MARKER
HTML = b"<!doctype html><script>alert(1)</script>" + MARKER
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + MARKER
OLD = crypto.generate_key_entry("old")
NEW = crypto.generate_key_entry("new")


@pytest.fixture
def noor(db: None) -> User:
    return make_user("Noor", Role.CLINICIAN)


def upload(content: bytes, name: str, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def raw_row(document: Document) -> bytes:
    """Every column of the document's row, as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Document._meta.db_table} WHERE id = %s", [document.pk])
        row = cursor.fetchone()
    assert row is not None
    return b"|".join(
        bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
        for value in row
    )


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (PDF, "licence.pdf", "application/pdf"),
        (PNG, "diploma.png", "image/png"),
        (JPEG, "diploma.jpg", "image/jpeg"),
        # Known by the first bytes: a PDF named .png is still a PDF.
        (PDF, "scan.png", "application/pdf"),
    ],
)
def test_pdf_png_and_jpeg_are_taken_by_their_first_bytes(
    content: bytes, name: str, kind: str, noor: User
) -> None:
    file = upload(content, name, content_type="application/octet-stream")
    assert documents.problem_with(file) == ""
    document = documents.store(file, owner=noor)
    assert (document.owner, document.name, document.content_type, document.size) == (
        noor,
        name,
        kind,
        len(content),
    )


@pytest.mark.parametrize(
    ("content", "name", "claimed"),
    [
        (HTML, "licence.pdf", "application/pdf"),
        (EXE, "diploma.jpg", "image/jpeg"),
        (EXE, "setup.exe", "application/x-msdownload"),
        (b"", "empty.pdf", "application/pdf"),
        (b"%PDF", "short.pdf", "application/pdf"),
    ],
)
def test_anything_else_is_refused_whatever_its_name_says(
    content: bytes, name: str, claimed: str, noor: User
) -> None:
    file = upload(content, name, claimed)
    assert documents.problem_with(file) == "Please send a PDF, PNG or JPEG file."
    with pytest.raises(documents.DocumentRefused, match=r"^Please send a PDF, PNG or JPEG"):
        documents.store(file, owner=noor)
    assert not Document.objects.exists()


def test_a_file_over_10_mb_is_refused(noor: User) -> None:
    at_limit = PDF + b"0" * (documents.MAX_BYTES - len(PDF))
    assert documents.problem_with(upload(at_limit, "big.pdf")) == ""
    over = upload(at_limit + b"0", "bigger.pdf")
    assert documents.problem_with(over) == "Please send a file of 10 MB or less."
    with pytest.raises(documents.DocumentRefused, match="10 MB or less"):
        documents.store(over, owner=noor)
    assert not Document.objects.exists()


def test_the_database_holds_the_document_sealed(noor: User) -> None:
    document = documents.store(upload(PDF, "licence.pdf"), owner=noor)
    # The marker is findable where it is in the clear...
    assert MARKER in PDF
    assert MARKER in documents.open_document(Document.objects.get(pk=document.pk))
    # ...and is nowhere in the row.
    row = raw_row(document)
    assert b"licence.pdf" in row  # the search reads the row's bytes
    assert MARKER not in row
    assert b"LPC-88213" not in row
    assert b"%PDF" not in row


def test_a_document_opens_to_exactly_what_was_sent(noor: User) -> None:
    for content, name in ((PDF, "licence.pdf"), (PNG, "diploma.png"), (JPEG, "diploma.jpg")):
        document = documents.store(upload(content, name), owner=noor)
        assert documents.open_document(Document.objects.get(pk=document.pk)) == content


def test_only_the_file_name_is_kept_not_the_path(noor: User) -> None:
    file = upload(PDF, "licence.pdf")
    file.name = "C:\\Users\\noor\\Documents\\licence.pdf"
    assert documents.store(file, owner=noor).name == "licence.pdf"


def test_a_document_does_not_open_for_another_owner(noor: User) -> None:
    omar = make_user("Omar", Role.CLINICIAN)
    document = documents.store(upload(PDF, "licence.pdf"), owner=noor)
    Document.objects.filter(pk=document.pk).update(owner=omar)
    with pytest.raises(crypto.DecryptionError):
        documents.open_document(Document.objects.get(pk=document.pk))
    # Nor does its sealed content copied into a document of Omar's.
    omars = documents.store(upload(PNG, "omar.png"), owner=omar)
    Document.objects.filter(pk=omars.pk).update(sealed=document.sealed)
    with pytest.raises(crypto.DecryptionError):
        documents.open_document(Document.objects.get(pk=omars.pk))


def test_a_document_sealed_under_an_old_key_opens_after_a_new_key_is_added(
    settings, noor: User
) -> None:
    settings.THREECIRCLES_KEYS = OLD
    keyring._parsed.cache_clear()
    before = documents.store(upload(PDF, "licence.pdf"), owner=noor)
    assert bytes(before.sealed).startswith(b"old:")

    settings.THREECIRCLES_KEYS = f"{NEW},{OLD}"
    keyring._parsed.cache_clear()
    assert documents.open_document(Document.objects.get(pk=before.pk)) == PDF
    after = documents.store(upload(PNG, "diploma.png"), owner=noor)
    assert bytes(after.sealed).startswith(b"new:")
    assert documents.open_document(Document.objects.get(pk=after.pk)) == PNG

    # Once the old key is removed, what it sealed no longer opens, and says why.
    settings.THREECIRCLES_KEYS = NEW
    keyring._parsed.cache_clear()
    with pytest.raises(crypto.DecryptionError, match="not configured"):
        documents.open_document(Document.objects.get(pk=before.pk))
    assert documents.open_document(Document.objects.get(pk=after.pk)) == PNG
