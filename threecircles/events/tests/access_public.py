"""The access-matrix rows of the events' public part: the events list, an event's page and the
calendar feed are public, for everyone alike; an unpublished event is 404 for everyone, staff
included (they read it in their workspace)."""

from typing import Any

from threecircles.events.tests.access_registration import make_event
from threecircles.tests.matrix import AccessRows, Filler, World, row

PUBLIC = row(anonymous=200, others=200)


def records(world: World) -> dict[str, Any]:
    shown = make_event("matrix-public-event", title="Matrix public event")
    hidden = make_event("matrix-unpublished-event", title="Matrix unpublished event")
    hidden.published = False
    hidden.save(update_fields=["published"])
    return {"slug": shown.slug, "unpublished": hidden.slug}


def _record(name: str) -> Filler:
    return lambda world: world.records["events_public"][name]


ROWS = [
    AccessRows(
        label="events_public",
        records=records,
        get={
            "events:event_list": PUBLIC,
            "events:event_detail": PUBLIC,
            "events:event_detail@unpublished": row(anonymous=404, others=404),
            "events:ical_feed": PUBLIC,
        },
        kwargs={"slug": _record("slug")},
        variants={"events:event_detail@unpublished": {"slug": _record("unpublished")}},
    )
]
