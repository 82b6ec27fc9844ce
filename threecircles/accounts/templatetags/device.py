"""What the browser is told of who is signed in: an opaque tag, never the person's id."""

from django import template
from django.template.context import Context
from django.utils.crypto import salted_hmac

register = template.Library()


def owner_tag(user_id: object) -> str:
    # SHA-1 as before (a drafts' owner tag must not change under people's feet); an HMAC
    # truncated to 80 bits only tells one person's drafts from another's.
    tag = salted_hmac("threecircles.recovery.device-owner", str(user_id), algorithm="sha1")
    return tag.hexdigest()[:20]


@register.simple_tag(takes_context=True)
def device_owner(context: Context) -> str:
    """Drafts, check-ins kept offline and the cached check-in page carry this tag: whatever the
    browser keeps is given back only to the person who left it ("" when signed out)."""
    user = context["request"].user
    return owner_tag(user.pk) if user.is_authenticated else ""
