"""Background jobs for accounts. E-mails go out from the task worker, never inline."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task

from threecircles.lib.sealing import open_text

INVITATION_PURPOSE = "invitation-link"
# A single-use link other than an invitation (a second-factor reset to confirm).
LINK_PURPOSE = "single-use-link"


@task()
def send_invitation_email(*, to: str, sealed_url: str) -> int:
    """The invitation names no clinical detail: only that someone invited them."""
    url = open_text(sealed_url, purpose=INVITATION_PURPOSE)
    body = (
        "Hello,\n\n"
        "You have been invited to join Three Circles. Open this link to create your account, "
        "or, if you already have one, to add the invitation to it:\n\n"
        f"{url}\n\n"
        f"The link works once and expires in {settings.INVITATION_DAYS} days.\n"
        "If you were not expecting this, you can ignore this e-mail.\n"
    )
    return send_mail("You are invited to Three Circles", body, None, [to])


@task()
def send_link_email(*, to: str, subject: str, body: str, sealed_url: str) -> int:
    """`body` holds "{link}" where the link goes. The link is a credential: it waits in the
    queue sealed and is opened only here, as the e-mail is sent."""
    url = open_text(sealed_url, purpose=LINK_PURPOSE)
    return send_mail(subject, body.replace("{link}", url), None, [to])


@task()
def send_notice_email(*, to: list[str], subject: str, body: str) -> int:
    """A notice with no clinical content: it only asks the person to sign in."""
    return send_mail(subject, body, None, to)
