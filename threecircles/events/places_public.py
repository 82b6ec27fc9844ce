"""What the events' public part adds to shared places: "Events" among the public links."""

from threecircles.accounts.registry import PublicLink, register_public_link
from threecircles.content.sitemaps import register_sitemap


def register() -> None:
    from threecircles.events.feeds import EventSitemap  # models are loaded by ready()

    register_public_link(PublicLink("Events", "events:event_list", 50))
    register_sitemap("events", EventSitemap)
