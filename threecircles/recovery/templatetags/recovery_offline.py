"""What the check-in page tells its offline script (static/js/check-in-offline.js)."""

from django import template

from threecircles.accounts.templatetags.device import device_owner

register = template.Library()
register.simple_tag(device_owner, takes_context=True, name="device_owner")
