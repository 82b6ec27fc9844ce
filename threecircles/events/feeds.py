"""What machines read of the events: the iCalendar feed of upcoming events, and their sitemap.

The feed has an entry per session, with the same UIDs as the file attached to a confirmation
e-mail (events/ical.py makes both), so a calendar holding both shows each session once; an
event with no program yet has one entry spanning its days. Only published events that are not
over are in it, and only what their public page shows.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from threecircles.events.ical import calendar_of
from threecircles.events.models import Event
from threecircles.events.views_public import upcoming


def ical_feed(request: HttpRequest) -> HttpResponse:
    events = upcoming().prefetch_related("sessions")
    response = HttpResponse(calendar_of(events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="three-circles-events.ics"'
    return response


class EventSitemap(Sitemap[Event]):
    """Every upcoming published event, for the site's sitemap (no last-modified date: an
    event records none).

    Not listed yet: content/sitemaps.py has no way for another app to add a section, and
    content may not import events (the layer contract).
    """

    changefreq = "weekly"

    def items(self) -> QuerySet[Event]:
        return upcoming()

    def location(self, item: Event) -> str:
        return reverse("events:event_detail", args=[item.slug])
