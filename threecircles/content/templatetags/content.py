from django import template
from django.utils.safestring import SafeString

from threecircles.content import markdown

register = template.Library()


@register.filter
def as_markdown(text: str) -> SafeString:
    """`{{ article.body|as_markdown }}`: rendered and sanitized (content/markdown.py)."""
    return markdown.render(text)
