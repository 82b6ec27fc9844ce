"""What the certification's directory part adds to shared places: "Find a therapist" among
the public links, and the listed profiles in the site's sitemap."""

from threecircles.accounts.registry import PublicLink, register_public_link
from threecircles.content.sitemaps import register_sitemap


def register() -> None:
    from threecircles.certification.directory import DirectorySitemap  # models are loaded

    register_public_link(PublicLink("Find a therapist", "certification:directory", 80))
    register_sitemap("directory", DirectorySitemap)
