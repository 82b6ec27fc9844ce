"""Background jobs for accounts. E-mails go out from the task worker, never inline."""

from django.core.mail import send_mail
from django.tasks import task


@task()
def send_plain_email(*, to: str, subject: str, body: str) -> int:
    """Send one plain-text e-mail. Callers keep clinical content out of subject and body."""
    return send_mail(subject, body, None, [to])
