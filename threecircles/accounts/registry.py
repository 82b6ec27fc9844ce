"""What each app adds to the shared places: the navigation and the panels of the home pages.

Apps register here from their `AppConfig.ready()`. The shared places (the navigation bar, the
client, staff and administrator homes) read from here, so they never import the apps above
them, and a new app adds its links and panels without editing a central file.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from threecircles.accounts.models import User


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # Lower comes first. Leave gaps (10, 20, ...) so apps can slot in between.
    order: int
    # Whether this person sees the link; keep it cheap, it runs on every page.
    show: Callable[[User], bool]


class Home:
    """The home pages that show panels."""

    CLIENT = "client"
    STAFF = "staff"
    ADMIN = "admin"
    # The member area of a professional member of the institute.
    MEMBER = "member"
    # The page a supporter sees for one client: one section per scope the client shares.
    SUPPORTING = "supporting"
    # The client's record as their care team sees it.
    RECORD = "record"


@dataclass(frozen=True)
class HomePanel:
    """A panel on a home page. `context` returns the template's context, or None to hide it.

    On the client home and the supporter's page, `context` receives the client already fetched
    through `privacy.access.get_client_for` (for the panel's `scope` on the supporter's page),
    so a panel never opens the record a second way.
    """

    home: str
    name: str
    template: str
    order: int
    context: Callable[[HttpRequest, User], dict[str, Any] | None]
    scope: str = ""


@dataclass(frozen=True)
class PublicLink:
    """A page of the public site, linked from every page (in the navigation for visitors who
    are not signed in, in the footer for everyone)."""

    label: str
    url_name: str
    order: int


_nav: dict[str, NavItem] = {}
_quick: dict[str, NavItem] = {}
_public: dict[str, PublicLink] = {}
_panels: dict[tuple[str, str], HomePanel] = {}


def register_nav(*items: NavItem) -> None:
    for item in items:
        _nav[item.url_name] = item


def register_public_link(*links: PublicLink) -> None:
    for link in links:
        _public[link.url_name] = link


def public_links() -> list[tuple[str, str]]:
    links = sorted(_public.values(), key=lambda link: (link.order, link.label))
    return [(link.label, reverse(link.url_name)) for link in links]


def register_quick_link(*items: NavItem) -> None:
    """A link in the page header itself, one tap from every page (the safety plan)."""
    for item in items:
        _quick[item.url_name] = item


def quick_links_for(user: User) -> list[tuple[str, str]]:
    items = sorted(_quick.values(), key=lambda item: (item.order, item.label))
    return [(item.label, reverse(item.url_name)) for item in items if item.show(user)]


def register_panel(*panels: HomePanel) -> None:
    for panel in panels:
        _panels[(panel.home, panel.name)] = panel


def nav_for(user: User) -> list[tuple[str, str]]:
    items = sorted(_nav.values(), key=lambda item: (item.order, item.label))
    return [(item.label, reverse(item.url_name)) for item in items if item.show(user)]


@dataclass(frozen=True)
class RenderedPanel:
    name: str
    template: str
    context: dict[str, Any]


def panels_for(
    home: str, request: HttpRequest, person: User, *, scope: str = ""
) -> list[RenderedPanel]:
    """The panels of one home page (of one scope, on the supporter's page), in order."""
    rendered = []
    for panel in sorted(_panels.values(), key=lambda panel: (panel.order, panel.name)):
        if panel.home != home or panel.scope != scope:
            continue
        context = panel.context(request, person)
        if context is not None:
            rendered.append(RenderedPanel(panel.name, panel.template, context))
    return rendered


def has_role(*roles: str) -> Callable[[User], bool]:
    return lambda user: user.role in roles


# What happens when an invitation is accepted, beyond giving the account its role: the app
# that sends invitations of that kind registers it (a client joins a care team, a supporter
# starts seeing what the client chose to share).
InvitationHandler = Callable[..., None]
_invitation_handlers: dict[str, InvitationHandler] = {}


def register_invitation_handler(role: str, handler: InvitationHandler) -> None:
    """`handler(invitation=..., user=...)` runs inside the acceptance's transaction."""
    _invitation_handlers[role] = handler


def invitation_handler(role: str) -> InvitationHandler | None:
    return _invitation_handlers.get(role)


# An urgent alert for the client's care team (the caseload's top, a content-free e-mail),
# raised from any app: `screening` keeps the alerts and registers how to raise one.
UrgentAlertRaiser = Callable[..., None]
_urgent_alert: list[UrgentAlertRaiser] = []


def register_urgent_alert(raiser: UrgentAlertRaiser) -> None:
    _urgent_alert[:] = [raiser]


def raise_urgent_alert(*, client: User, source: str, source_id: str) -> None:
    """`source` says where it came from in a few words (e.g. "slip review"); nothing clinical."""
    if not _urgent_alert:
        raise RuntimeError("No app keeps urgent alerts: is screening installed?")
    _urgent_alert[0](client=client, source=source, source_id=source_id)


# What else goes when a client is erased, beyond what `privacy` holds: an app that keeps ties
# to the person elsewhere (group memberships) registers how to end them.
ErasureHook = Callable[..., None]
_erasure_hooks: dict[str, ErasureHook] = {}


def register_erasure_hook(name: str, hook: ErasureHook) -> None:
    """`hook(client=...)` runs inside the erasure's transaction, before the account is
    stripped of its name."""
    _erasure_hooks[name] = hook


def erasure_hooks() -> list[ErasureHook]:
    return [_erasure_hooks[name] for name in sorted(_erasure_hooks)]
