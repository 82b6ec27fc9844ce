"""Background jobs of the inquiries part. E-mails go out from the task worker, never inline.

The queue holds only the reply's id: its text stays sealed in the database, and is opened
here, as the e-mail is sent. The e-mail carries the reply staff wrote (it goes to the person
who wrote to us), never their original message.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from threecircles.content.models import InquiryReply


def one_line(text: str) -> str:
    """A header holds one line: whatever the public typed into a subject."""
    return " ".join(text.split())


@task()
def send_inquiry_reply(*, reply_id: int) -> int:
    reply = InquiryReply.objects.select_related("inquiry").filter(pk=reply_id).first()
    if reply is None:  # deleted while it waited: nothing to send
        return 0
    inquiry = reply.inquiry
    contact_url = settings.SITE_URL.rstrip("/") + reverse("content:contact")
    received = timezone.localtime(inquiry.received_at)
    body = (
        f"Hello {one_line(inquiry.name)},\n\n"
        f"{reply.text}\n\n"
        "Three Circles Institute\n\n"
        "--\n"
        f"You wrote to us on {received:%d %B %Y} about: {one_line(inquiry.subject)}\n"
        f"To write to us again, please use the contact form: {contact_url}\n"
    )
    return send_mail(f"Re: {one_line(inquiry.subject)}", body, None, [inquiry.email])
