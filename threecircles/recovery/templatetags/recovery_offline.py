"""What the check-in page tells its offline script (static/js/check-in-offline.js)."""

from django import template
from django.template.context import Context
from django.utils.crypto import salted_hmac

register = template.Library()


@register.simple_tag(takes_context=True)
def device_owner(context: Context) -> str:
    """An opaque tag for the signed-in person. A check-in kept on the phone is sent only while
    the same person is signed in, never under someone else's session; it is not their id, so
    the browser's storage names no one."""
    user_id = context["request"].user.pk
    return salted_hmac("threecircles.recovery.device-owner", str(user_id)).hexdigest()[:20]
