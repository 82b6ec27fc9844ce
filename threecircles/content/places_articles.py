"""What the articles part adds to shared places: the knowledge base among the public links."""

from threecircles.accounts.registry import PublicLink, register_public_link


def register() -> None:
    register_public_link(PublicLink("Knowledge base", "content:article_list", 20))
