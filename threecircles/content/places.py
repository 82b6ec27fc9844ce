"""The public site's parts register their links and the staff home's panels."""

from threecircles.content import places_articles, places_inquiries, places_site, places_staff


def register() -> None:
    places_site.register()
    places_articles.register()
    places_inquiries.register()
    places_staff.register()
