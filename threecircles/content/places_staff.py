"""What the staff workspace adds to shared places: on the staff home, what needs staff today
(testimonials to moderate, articles scheduled, drafts) and the workspace's tools."""

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from threecircles.accounts.models import User
from threecircles.accounts.registry import Home, HomePanel, register_panel
from threecircles.content.forms_staff import institute_zone
from threecircles.content.models import Article, Testimonial

SHOWN = 5


def _today(request: HttpRequest, person: User) -> dict[str, Any]:
    now = timezone.now()
    scheduled = Article.objects.scheduled(now).order_by("publish_at", "pk")
    drafts = Article.objects.filter(
        Q(status=Article.Status.DRAFT) | Q(publish_at__isnull=True)
    ).order_by("-updated_at", "-pk")
    zone = institute_zone()
    return {
        "testimonials_waiting": Testimonial.objects.filter(
            status=Testimonial.Status.PENDING
        ).count(),
        # Written out here, in the institute's time zone: the home page renders in no
        # particular zone.
        "scheduled": [
            (article, format_date(timezone.localtime(article.publish_at, zone), "j M Y, H:i"))
            for article in scheduled[:SHOWN]
        ],
        "scheduled_count": scheduled.count(),
        "drafts": list(drafts[:SHOWN]),
        "draft_count": drafts.count(),
        "institute_zone": str(zone),
    }


# Tools of other parts of the institute's side, linked here while they exist.
OTHER_TOOLS = [
    ("Inquiries inbox", "content:inquiry_inbox"),
    ("Membership applications and members", "membership:staff_applications"),
]


def _tools(request: HttpRequest, person: User) -> dict[str, Any]:
    others = []
    for label, name in OTHER_TOOLS:
        try:
            others.append((label, reverse(name)))
        except NoReverseMatch:
            continue
    return {"others": others}


def register() -> None:
    register_panel(
        HomePanel(Home.STAFF, "content-today", "content/staff/panel_today.html", 10, _today),
        HomePanel(Home.STAFF, "content-tools", "content/staff/panel_tools.html", 90, _tools),
    )
