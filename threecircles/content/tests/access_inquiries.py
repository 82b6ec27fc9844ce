"""The access-matrix rows of the inquiries part. The contact and media forms are open to all
(the matrix's empty form is turned back with 400); the staff inbox is institute staff's only
(Ivy): everyone else signed in gets 404, as if it did not exist."""

import time
from typing import Any

from threecircles.content.forms_inquiries import started_stamp
from threecircles.content.models import Inquiry
from threecircles.tests.matrix import LOGIN, AccessRows, Filler, World, row

PUBLIC = row(anonymous=200, others=200)
# Staff only; an empty form is turned back with 400.
STAFF_PAGE = row(anonymous=LOGIN, others=404, ivy=200)
STAFF_WRITE = row(anonymous=LOGIN, others=404, ivy=400)


def records(world: World) -> dict[str, Any]:
    inquiry = Inquiry(
        name="Matrix Sender", email="sender@example.org", subject="A question for the matrix"
    )
    inquiry.message = "Written for the matrix."
    inquiry.save()
    return {"inquiry": inquiry.pk}


def _inquiry(world: World) -> int:
    return int(world.records["content_inquiries"]["inquiry"])


def _form(kind: str, **extra: str) -> dict[str, Any]:
    return {
        "name": "Matrix Sender",
        "email": "sender@example.org",
        "subject": "A question",
        "message": "When is the next training?",
        "started": started_stamp(kind, at=time.time() - 60),
    } | extra


THE_INQUIRY: dict[str, Filler] = {"inquiry_id": _inquiry}

ROWS = [
    AccessRows(
        label="content_inquiries",
        records=records,
        get={
            "content:contact": PUBLIC,
            "content:media_inquiry": PUBLIC,
            "content:inquiry_sent": PUBLIC,
            "content:inquiry_inbox": STAFF_PAGE,
            "content:inquiry_detail": STAFF_PAGE,
            "content:inquiry_detail@missing": row(anonymous=LOGIN, others=404),
        },
        post={
            "content:contact": row(anonymous=400, others=400),
            "content:media_inquiry": row(anonymous=400, others=400),
            "content:inquiry_reply": STAFF_WRITE,
            "content:inquiry_assign": STAFF_WRITE,
            "content:inquiry_status": STAFF_WRITE,
        },
        kwargs_for={
            "content:inquiry_detail": THE_INQUIRY,
            "content:inquiry_reply": THE_INQUIRY,
            "content:inquiry_assign": THE_INQUIRY,
            "content:inquiry_status": THE_INQUIRY,
        },
        variants={"content:inquiry_detail@missing": {"inquiry_id": lambda world: 999_999}},
        payloads={
            "content:contact": lambda world: _form(Inquiry.Kind.CONTACT),
            "content:media_inquiry": lambda world: _form(
                Inquiry.Kind.MEDIA, organization="The Daily Matrix"
            ),
            "content:inquiry_reply": lambda world: {"text": "Thank you for writing."},
            "content:inquiry_assign": lambda world: {"assignee": str(world.people["ivy"].pk)},
            "content:inquiry_status": lambda world: {"status": Inquiry.Status.CLOSED},
        },
    )
]
