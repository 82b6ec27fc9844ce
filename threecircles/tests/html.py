"""Reading pages in tests as a person would, through a real HTML parser (no regexes)."""

import re
from collections.abc import Iterator
from typing import Any

from django.test.html import Element, parse_html


def page_tree(page: Any, status: int = 200) -> Element:
    assert page.status_code == status, page.status_code
    return parse_html(page.content.decode())


def _classes(element: Element) -> set[str]:
    for name, value in element.attributes:
        if name == "class" and value:
            return set(str(value).split())
    return set()


def find_all(
    root: Element, tag: str, css_class: str = "", attrs: dict[str, str] | None = None
) -> Iterator[Element]:
    """Every element below `root` with this tag (and class, and attributes), in order."""
    for child in root.children:
        if isinstance(child, Element):
            own = dict(child.attributes)
            if (
                child.name == tag
                and (not css_class or css_class in _classes(child))
                and all(own.get(name) == value for name, value in (attrs or {}).items())
            ):
                yield child
            yield from find_all(child, tag, css_class, attrs)


def text_of(element: Element | str) -> str:
    """The element's text as read: whitespace collapsed."""
    if isinstance(element, str):
        return element
    joined = " ".join(text_of(child) for child in element.children)
    return re.sub(r"\s+", " ", joined).strip()
