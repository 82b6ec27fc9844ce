"""Markdown written by staff (articles, pages, position statements, FAQ answers), rendered
safely: markdown-it-py with raw HTML off (CommonMark plus tables), then nh3 keeps only the
tags and attributes below, links only to http(s) and mailto, and marks outside links
`rel="noopener noreferrer nofollow"`. Headings start at h2: the page's title is its h1."""

import html

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_parser = MarkdownIt("commonmark", {"html": False}).enable("table")

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
# No images: the pages' content policy loads none from elsewhere, and staff upload none.
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}}


def _shift_headings(html: str) -> str:
    for level in (5, 4, 3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{min(level + 1, 4)}>")
        html = html.replace(f"</h{level}>", f"</h{min(level + 1, 4)}>")
    return html


def render(text: str) -> SafeString:
    html = _shift_headings(_parser.render(text or ""))
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 (sanitized just above)


def plain(text: str, limit: int = 300) -> str:
    """The text without markup, for summaries, feeds and meta descriptions."""
    words = html.unescape(nh3.clean(_parser.render(text or ""), tags=set())).split()
    out = " ".join(words)
    return out if len(out) <= limit else out[: limit - 1].rsplit(" ", 1)[0] + "…"
