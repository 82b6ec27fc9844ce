"""Uploaded documents (evidence of eligibility, course certificates): checked, then sealed.

Only PDF, PNG and JPEG files up to `MAX_BYTES` are taken, recognised by their first bytes,
not by the name or type the browser claims. The content is sealed under a key derived from
the newest key-encryption key (AES-256-GCM, bound to its owner), so the database alone does
not show a person's licence or diploma; the key's id travels with it, so keys can rotate.
"""

from django.core.files.uploadedfile import UploadedFile

from threecircles.accounts.models import User
from threecircles.certification.models import Document
from threecircles.lib import crypto, keyring

MAX_BYTES = 10 * 1024 * 1024
PURPOSE = "certification-documents"
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
TOO_LARGE = "Please send a file of 10 MB or less."
WRONG_KIND = "Please send a PDF, PNG or JPEG file."


class DocumentRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def kind_of(head: bytes) -> str:
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), "")


def problem_with(upload: UploadedFile[bytes]) -> str:
    """Why this upload is refused; "" when it is taken."""
    if upload.size is None or upload.size > MAX_BYTES:
        return TOO_LARGE
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    return "" if kind_of(head) else WRONG_KIND


def _binding(owner_id: int) -> bytes:
    return f"certification.Document:{owner_id}".encode()


def store(upload: UploadedFile[bytes], *, owner: User) -> Document:
    problem = problem_with(upload)
    if problem:
        raise DocumentRefused(problem)
    upload.seek(0)
    content = upload.read()
    kek = keyring.newest_kek()
    key = keyring.derived_key(kek, PURPOSE)
    sealed = kek.key_id.encode() + b":" + crypto.seal(key, content, _binding(owner.pk))
    name = (upload.name or "document").replace("\\", "/").rsplit("/", 1)[-1][:200]
    return Document.objects.create(
        owner=owner,
        name=name,
        content_type=kind_of(content[:8]),
        size=len(content),
        sealed=sealed,
    )


def open_document(document: Document) -> bytes:
    raw = bytes(document.sealed)
    key_id, _, sealed = raw.partition(b":")
    kek = keyring.kek_by_id(key_id.decode())
    if kek is None:
        raise crypto.DecryptionError("The key this document was sealed under is not configured.")
    key = keyring.derived_key(kek, PURPOSE)
    return crypto.open_sealed(key, sealed, _binding(document.owner_id))
