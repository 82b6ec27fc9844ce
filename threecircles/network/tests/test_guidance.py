"""Guides for supporters: one per relationship, readable by anyone signed in, holding nothing
of any client; the reader's own guides come first; a short summary for the supporter's page."""

import html

import pytest
from django.template.loader import render_to_string
from django.test.html import parse_html
from django.urls import reverse

from conftest import make_user
from threecircles.accounts.models import Practice, Role, User
from threecircles.care.actions import open_episode
from threecircles.network.actions import connect_supporter
from threecircles.network.guidance import GUIDES
from threecircles.privacy.models import AccessEvent, Relationship
from threecircles.recovery import actions
from threecircles.recovery.models import CheckIn, Slip
from threecircles.tests.html import find_all, page_tree, text_of

INDEX = "/support/guide/"
CRISIS = "/crisis/"

EVERY_GUIDE = [
    "What your role is (and is not)",
    "When they ask for support",
    "Looking after yourself",
    "If someone may be in danger",
]
KEY_SECTIONS = {
    "sponsor": [*EVERY_GUIDE, "After a slip", "What not to do"],
    "accountability": [
        *EVERY_GUIDE,
        "When you notice warning signs",
        "After a slip",
        "What not to do",
    ],
    "partner": [
        *EVERY_GUIDE,
        "Your own feelings",
        "Boundaries",
        "Your safety",
        "Support for you",
        "What tends not to help",
    ],
    "family": [*EVERY_GUIDE, "Children in the family", "What not to do"],
    "group": [*EVERY_GUIDE, "If they tell you about a slip", "What not to do"],
    "friend": [*EVERY_GUIDE, "What not to do"],
    "other": [*EVERY_GUIDE, "What not to do"],
}


def _guide_url(relationship: str) -> str:
    return f"/support/guide/{relationship}/"


def _headings(tree, tag: str = "h2") -> list[str]:
    return [text_of(heading) for heading in find_all(tree, tag)]


def _links(tree) -> dict[str, str]:
    """Each link's text and where it goes."""
    return {text_of(link): str(dict(link.attributes)["href"]) for link in find_all(tree, "a")}


def test_every_relationship_has_a_guide_and_the_urls_are_where_the_tests_look() -> None:
    assert [guide.slug for guide in GUIDES] == list(Relationship.values)
    assert set(KEY_SECTIONS) == set(Relationship.values)
    assert reverse("network:guide") == INDEX
    assert reverse("network:guide_for", args=["partner"]) == _guide_url("partner")
    assert reverse("content:crisis") == CRISIS


@pytest.mark.parametrize("relationship", list(Relationship.values))
def test_each_guide_shows_its_key_sections(relationship, mallory, signed_in) -> None:
    tree = page_tree(signed_in(mallory).get(_guide_url(relationship)))
    [title] = _headings(tree, "h1")
    assert title == next(guide.title for guide in GUIDES if guide.slug == relationship)
    headings = _headings(tree)
    for section in KEY_SECTIONS[relationship]:
        assert section in headings, f"{relationship}: no section {section!r} in {headings}"
    assert _links(tree)["Crisis help"] == CRISIS


def test_the_partner_guide_is_about_their_own_support(carol, signed_in) -> None:
    tree = page_tree(signed_in(carol).get(_guide_url("partner")))
    text = text_of(tree)
    links = _links(tree)
    assert "betrayal trauma" in text
    assert "You are not responsible for your partner's recovery." in text
    # Partner support groups, by name, with the addresses we are sure of.
    assert links["S-Anon Family Groups"] == "https://www.sanon.org/"
    assert links["COSA"] == "https://cosa-recovery.org/"
    assert "Recovering Couples Anonymous" in text
    # A therapist of their own: not their partner's, with experience of partners.
    assert {"Support groups for partners", "A therapist for yourself"} <= set(_headings(tree, "h3"))
    assert "Look for your own therapist, not your partner's." in text
    assert "APSATS" in text
    # Crisis help, inside the guide's safety section and at its end.
    assert links["crisis help"] == CRISIS
    assert links["Crisis help"] == CRISIS


def test_an_unknown_guide_is_not_found(carol, signed_in) -> None:
    assert signed_in(carol).get(_guide_url("landlord")).status_code == 404


def _section_items(tree, heading: str) -> list[str]:
    """The links listed in the section with this heading."""
    for section in find_all(tree, "section"):
        if heading in _headings(section):
            return [text_of(link) for link in find_all(section, "a")]
    return []


def test_the_list_puts_the_readers_own_guides_first(alice, carol, signed_in) -> None:
    dana = make_user("Dana", Role.SUPPORTER)
    connect_supporter(
        client=alice, supporter=dana, name="Dana", relationship="partner", shares=["sobriety"]
    )
    tree = page_tree(signed_in(dana).get(INDEX))
    assert _section_items(tree, "For you") == ["For a spouse or partner"]
    others = _section_items(tree, "Other guides")
    assert "For sponsors" in others
    assert "For a spouse or partner" not in others

    carols = page_tree(signed_in(carol).get(INDEX))
    assert _section_items(carols, "For you") == ["For sponsors"]


def test_someone_who_supports_nobody_sees_every_guide_and_a_client_is_told_who_reads_them(
    mallory, signed_in
) -> None:
    tree = page_tree(signed_in(mallory).get(INDEX))
    assert "For you" not in _headings(tree)
    assert _section_items(tree, "All guides") == [guide.title for guide in GUIDES]
    assert "These are the guides the people who support you can read." in text_of(tree)


def test_supporters_find_the_guides_in_the_navigation(carol, mallory, signed_in) -> None:
    nav = next(find_all(page_tree(signed_in(carol).get(INDEX)), "nav", "site-nav"))
    assert _links(nav)["Guides for supporters"] == INDEX
    # A client who supports nobody can still open them, but they are not in her way.
    nav = next(find_all(page_tree(signed_in(mallory).get(INDEX)), "nav", "site-nav"))
    assert "Guides for supporters" not in _links(nav)


# --- nothing of the client ------------------------------------------------------------------

# Sofia's own words, each findable where it belongs before it is looked for in the guides.
PLAN_ITEMS = ["Quillon Street parlours", "Marrowbrook lounge after work", "Fennimore pottery"]
CHECK_IN_NOTE = "Talked to Zebulon about the Halvard trip"
REVIEW_CHANGE = "Leave the tablet at Okonkwo's desk"


@pytest.fixture
def sofia(practice: Practice, bob: User) -> User:
    """A client with a plan, a check-in with a note, and a reviewed slip she told Pat of."""
    sofia = make_user("Sofia", Role.CLIENT)
    open_episode(client=sofia, practice=practice, primary_clinician=bob, level_of_care="outpatient")
    inner, middle, outer = PLAN_ITEMS
    actions.write_plan(
        client=sofia,
        author=sofia,
        items={
            "inner": [{"text": inner}],
            "middle": [{"text": middle}],
            "outer": [{"text": outer}],
        },
    )
    today = actions.today_for(sofia)
    actions.save_check_in(
        client=sofia, day=today, answers={"inner_kept": False, "urge": 4}, note=CHECK_IN_NOTE
    )
    slip = actions.report_slip(client=sofia, day=today)
    actions.save_slip_review(
        slip=slip,
        answers={"change": REVIEW_CHANGE},
        proposals=[],
        thoughts_of_harm=False,
        complete=True,
    )
    return sofia


@pytest.fixture
def pat(sofia: User) -> User:
    """Sofia's partner, who sees her plan, check-ins, slips and slip reviews."""
    pat = make_user("Pat", Role.SUPPORTER)
    member = connect_supporter(
        client=sofia,
        supporter=pat,
        name="Pat",
        relationship="partner",
        shares=["sobriety", "checkins", "slips", "slip_reviews", "plan"],
    )
    slip = Slip.objects.get(client=sofia)
    actions.set_slip_sharing(slip=slip, tell_care_team=True, supporters=[member.invitation_id])
    return pat


def _text(page) -> str:
    assert page.status_code == 200, page.status_code
    return html.unescape(page.content.decode())


def test_reading_the_guides_shows_nothing_of_the_client_and_logs_nothing(
    sofia, pat, signed_in
) -> None:
    browser = signed_in(pat)
    # The markers are real: Pat's page for Sofia shows her name, plan and slip review...
    shared = _text(browser.get(f"/support/supporting/{sofia.pk}/"))
    for marker in [sofia.display_name, *PLAN_ITEMS, REVIEW_CHANGE]:
        assert marker in shared, marker
    # ...and her check-in note is stored (she alone reads it).
    assert CheckIn.objects.get(client=sofia).note == CHECK_IN_NOTE

    sofias_log = AccessEvent.objects.for_client(sofia.pk)
    before = sofias_log.count()
    pages = [INDEX, *(_guide_url(guide.slug) for guide in GUIDES)]
    for url in pages:
        text = _text(browser.get(url))
        for marker in [sofia.display_name, sofia.email, *PLAN_ITEMS, CHECK_IN_NOTE, REVIEW_CHANGE]:
            assert marker not in text, f"{url} shows {marker!r}"
    assert sofias_log.count() == before


# --- the summary on the supporter's page ----------------------------------------------------


def _summary(**context: str):
    """The include as rendered inside a page (a wrapper, so the parser keeps its section)."""
    rendered = render_to_string("network/guidance/summary.html", context)
    return parse_html(f"<div>{rendered}</div>")


def _points(tree) -> list[str]:
    return [text_of(item) for item in find_all(tree, "li")]


@pytest.mark.parametrize("relationship", list(Relationship.values))
def test_the_summary_gives_a_few_points_and_links_to_the_full_guide(relationship, db) -> None:
    [section] = find_all(_summary(relationship=relationship), "aside", "guide-summary")
    assert [text_of(heading) for heading in find_all(section, "h2")] == ["How you can help"]
    assert 3 <= len(_points(section)) <= 4, _points(section)
    assert _links(section) == {"Read the full guide": _guide_url(relationship)}


def test_each_relationship_has_points_of_its_own() -> None:
    """A relationship the summary forgot would get the general points meant for "other"."""
    general = _points(_summary(relationship="other"))
    for relationship in set(Relationship.values) - {"other"}:
        assert _points(_summary(relationship=relationship)) != general, relationship


def test_without_a_relationship_the_summary_links_to_every_guide(db) -> None:
    tree = _summary()
    assert _points(tree) == _points(_summary(relationship="other"))
    assert _links(tree) == {"Read the guides for supporters": INDEX}


@pytest.mark.parametrize("relationship", sorted(KEY_SECTIONS))
def test_each_guide_opens_with_a_link_to_every_section(relationship, carol, signed_in):
    tree = page_tree(signed_in(carol).get(_guide_url(relationship)))
    [guide] = list(find_all(tree, "article", "guide"))
    sections = [(f"#{dict(h2.attributes).get('id')}", text_of(h2)) for h2 in find_all(guide, "h2")]
    assert len(sections) >= len(EVERY_GUIDE)
    assert len({href for href, _ in sections}) == len(sections)  # each id once
    [contents] = list(find_all(guide, "nav", "on-this-page"))
    assert text_of(next(find_all(contents, "p"))) == "On this page"
    links = [(dict(a.attributes)["href"], text_of(a)) for a in find_all(contents, "a")]
    assert links == sections
