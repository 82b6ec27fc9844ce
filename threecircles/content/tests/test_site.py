"""The public site as a visitor reads it, signed in or not: the home page, about, position
statements, resources and the FAQ. What is not published is never listed and is 404."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.test.html import Element
from django.urls import reverse

from threecircles.content.models import (
    FAQEntry,
    Page,
    PageSection,
    PositionStatement,
    PositionVersion,
)
from threecircles.tests.html import find_all, page_tree, text_of

HOSTILE = (
    '<script>alert("x")</script> <img src=x onerror="alert(1)"> '
    '[a link](javascript:alert(1)) <a href="javascript:alert(2)">raw</a>'
)


@pytest.fixture(params=["anonymous", "alice", "ivy"])
def visitor(request, db, signed_in) -> Client:
    """A visitor not signed in, a client, and institute staff: the public site is the same."""
    if request.param == "anonymous":
        return Client()
    browser: Client = signed_in(request.getfixturevalue(request.param))
    return browser


def _main(page):
    [main] = list(find_all(page_tree(page), "main"))
    return main


def _links(element) -> dict[str, str]:
    return {text_of(link): str(dict(link.attributes)["href"]) for link in find_all(element, "a")}


def _page(section: str, slug: str, title: str, *, published: bool = True, **extra) -> Page:
    fields = {"body": f"The text of {title}.", "published": published} | extra
    return Page.objects.create(section=section, slug=slug, title=title, **fields)


def _elements(root):
    for child in root.children:
        if isinstance(child, Element):
            yield child
            yield from _elements(child)


def _assert_safe(element) -> None:
    """Nothing of the hostile text can run: no script or image, no event handler, no
    javascript: link. (Its words may show, as text.)"""
    for node in _elements(element):
        attributes = dict(node.attributes)
        assert node.name not in ("script", "img"), node
        assert not any(name.startswith("on") for name in attributes), node
        assert not str(attributes.get("href", "")).strip().lower().startswith("javascript:"), node


# --- the home page --------------------------------------------------------------------------


def test_the_home_page_says_what_the_institute_is_and_links_every_public_part(visitor):
    main = _main(visitor.get("/"))
    text = text_of(main)
    assert "Recovery from compulsive sexual behavior" in text
    assert "The Three Circles Institute trains and certifies the therapists" in text
    links = _links(main)
    assert links["About the institute"] == reverse("content:about")
    assert links["Position statements"] == reverse("content:positions")
    assert links["Knowledge base"] == "/knowledge/"
    assert links["Frequently asked questions"] == reverse("content:faq")
    assert links["Resources"] == reverse("content:resources")
    assert links["Testimonials"] == reverse("content:testimonials")
    assert links["Contact us"] == "/contact/"
    assert links["Crisis help"] == reverse("content:crisis")
    # What the platform is stays on the page, shorter.
    assert "For people in recovery:" in text
    assert "Inner circle" in text


def test_a_visitor_is_offered_sign_in_and_someone_signed_in_their_home(client, db, signed_in, ivy):
    assert _links(_main(client.get("/")))["Sign in"] == reverse("account_login")
    links = _links(_main(signed_in(ivy).get("/")))
    assert links["Go to your home page"] == reverse("home")
    assert "Sign in" not in links


def test_a_visitors_navigation_lists_the_public_pages_in_order(client, db):
    [nav] = list(find_all(page_tree(client.get("/")), "nav", "site-nav"))
    labels = [text_of(link) for link in find_all(nav, "a")]
    ours = ["About", "Position statements", "Resources", "FAQ", "Testimonials"]
    assert [label for label in labels if label in ours] == ours
    assert labels[-1] == "Sign in"


# --- about ----------------------------------------------------------------------------------


def test_about_lists_the_published_about_pages_only(visitor):
    _page(PageSection.ABOUT, "mission", "Our mission", order=1, summary="Why we exist.")
    _page(PageSection.ABOUT, "history", "Our history", order=2)
    _page(PageSection.ABOUT, "leadership", "Leadership, draft", published=False)
    _page(PageSection.RESOURCES, "for-partners", "For partners")
    main = _main(visitor.get(reverse("content:about")))
    headings = [text_of(h) for h in find_all(main, "h2")]
    assert headings == ["Our mission", "Our history"]
    assert _links(main)["Our mission"] == reverse("content:about_page", args=["mission"])
    assert "Why we exist." in text_of(main)


def test_an_about_page_shows_its_markdown_safely(visitor):
    body = f"## Care without shame\n\nWe **train** therapists.\n\n{HOSTILE}"
    _page(PageSection.ABOUT, "mission", "Our mission", summary="Why we exist.", body=body)
    main = _main(visitor.get(reverse("content:about_page", args=["mission"])))
    assert [text_of(h) for h in find_all(main, "h1")] == ["Our mission"]
    # The body's headings start below the page's title.
    assert [text_of(h) for h in find_all(main, "h3")] == ["Care without shame"]
    assert [text_of(s) for s in find_all(main, "strong")] == ["train"]
    _assert_safe(main)


@pytest.mark.parametrize(
    ("section", "published", "url_name"),
    [
        (PageSection.ABOUT, False, "content:about_page"),
        (PageSection.RESOURCES, True, "content:about_page"),
        (PageSection.RESOURCES, False, "content:resource_page"),
        (PageSection.ABOUT, True, "content:resource_page"),
    ],
)
def test_a_page_unpublished_or_of_the_other_section_is_404(visitor, section, published, url_name):
    _page(section, "the-page", "The page", published=published)
    assert visitor.get(reverse(url_name, args=["the-page"])).status_code == 404


# --- position statements --------------------------------------------------------------------


@pytest.fixture
def statement(db) -> PositionStatement:
    """Three published versions and a fourth still being written."""
    statement = PositionStatement.objects.create(
        slug="treatment-not-punishment", title="Compulsive sexual behavior and offending"
    )
    days = {
        1: datetime.date(2024, 3, 1),
        2: datetime.date(2025, 2, 10),
        3: datetime.date(2026, 6, 5),
    }
    changes = {2: "Added the section on partners.", 3: "Updated the references."}
    for number in (1, 2, 3, 4):
        PositionVersion.objects.create(
            statement=statement, number=number, summary=f"Summary of version {number}.",
            body=f"Body of version {number}.\n\n## Why", what_changed=changes.get(number, ""),
            references="- Author A. A study. 2020.\n2. Author B. Another study. 2021.\n\n",
            published_on=days.get(number),
        )  # fmt: skip
    return statement


def test_the_list_shows_statements_with_a_published_version_and_their_current_summary(
    visitor, statement
):
    draft = PositionStatement.objects.create(slug="draft", title="Not yet stated")
    PositionVersion.objects.create(statement=draft, number=1, summary="Draft.", body="Draft.")
    main = _main(visitor.get(reverse("content:positions")))
    assert [text_of(h) for h in find_all(main, "h2")] == [statement.title]
    text = text_of(main)
    assert "Summary of version 3." in text
    assert "Version 3, 5 June 2026" in text
    assert "Not yet stated" not in text


def test_a_statement_shows_its_current_version_references_citation_and_history(visitor, statement):
    page = visitor.get(reverse("content:position", args=[statement.slug]))
    main = _main(page)
    text = text_of(main)
    assert "Version 3, published 5 June 2026" in text
    assert "Summary of version 3." in text
    assert "Body of version 3." in text
    assert "version 4" not in text.lower()
    [references] = list(find_all(main, "ol"))
    assert [text_of(li) for li in find_all(references, "li")] == [
        "Author A. A study. 2020.",
        "Author B. Another study. 2021.",
    ]
    [cite] = list(find_all(main, "p", "citation"))
    assert text_of(cite) == (
        "Three Circles Institute. Compulsive sexual behavior and offending. Version 3, "
        "5 June 2026. http://testserver/positions/treatment-not-punishment/v3/"
    )
    [history] = list(find_all(main, "tbody"))
    rows = [[text_of(td) for td in find_all(tr, "td")] for tr in find_all(history, "tr")]
    assert rows == [
        ["Version 3 (this page)", "5 June 2026", "Updated the references."],
        ["Version 2", "10 February 2025", "Added the section on partners."],
        ["Version 1", "1 March 2024", "First published version."],
    ]
    assert _links(history) == {
        "Version 2": "/positions/treatment-not-punishment/v2/",
        "Version 1": "/positions/treatment-not-punishment/v1/",
    }


def test_an_earlier_version_is_shown_as_it_was_and_points_to_the_current(visitor, statement):
    main = _main(visitor.get(reverse("content:position_version", args=[statement.slug, 2])))
    text = text_of(main)
    assert "Version 2, published 10 February 2025" in text
    assert "Body of version 2." in text
    assert "Body of version 3." not in text
    assert "This is an earlier version. The current one is version 3, from 5 June 2026" in text
    assert _links(main)["version 3, from 5 June 2026"] == "/positions/treatment-not-punishment/"
    [cite] = list(find_all(main, "p", "citation"))
    assert text_of(cite).endswith(
        "Version 2, 10 February 2025. http://testserver/positions/treatment-not-punishment/v2/"
    )


def test_a_version_dated_ahead_is_not_out_until_its_day(visitor, statement):
    ahead = datetime.date(2026, 12, 1)
    PositionVersion.objects.create(
        statement=statement, number=5, summary="Summary of version 5.", body="Body 5.",
        published_on=ahead,
    )  # fmt: skip
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC)):
        assert "Summary of version 5." not in text_of(_main(visitor.get("/positions/")))
        page = visitor.get(reverse("content:position", args=[statement.slug]))
        assert "Version 3, published 5 June 2026" in text_of(_main(page))
        assert "Version 5" not in text_of(_main(page))
        url = reverse("content:position_version", args=[statement.slug, 5])
        assert visitor.get(url).status_code == 404
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)):
        assert "Version 5, published 1 December 2026" in text_of(_main(visitor.get(url)))


def test_an_unpublished_version_or_statement_is_404(visitor, statement):
    assert (
        visitor.get(reverse("content:position_version", args=[statement.slug, 4])).status_code
        == 404
    )
    assert (
        visitor.get(reverse("content:position_version", args=[statement.slug, 9])).status_code
        == 404
    )
    draft = PositionStatement.objects.create(slug="draft", title="Not yet stated")
    PositionVersion.objects.create(statement=draft, number=1, summary="Draft.", body="Draft.")
    assert visitor.get(reverse("content:position", args=["draft"])).status_code == 404
    assert visitor.get(reverse("content:position_version", args=["draft", 1])).status_code == 404


def test_a_statements_text_is_rendered_safely(visitor, statement):
    PositionVersion.objects.create(
        statement=statement, number=5, summary="<b>Safe</b> summary", body=HOSTILE,
        references=HOSTILE, published_on=datetime.date(2026, 7, 1),
    )  # fmt: skip
    page = visitor.get(reverse("content:position", args=[statement.slug]))
    main = _main(page)
    _assert_safe(main)
    assert "&lt;b&gt;Safe&lt;/b&gt; summary" in page.content.decode()


# --- resources ------------------------------------------------------------------------------


def test_resources_list_their_pages_crisis_help_and_say_plainly_the_directory_is_coming(visitor):
    _page(PageSection.RESOURCES, "seeking-help", "For people seeking help", order=1)
    _page(PageSection.RESOURCES, "partners", "For partners", order=2)
    _page(PageSection.RESOURCES, "professionals", "For professionals", published=False)
    main = _main(visitor.get(reverse("content:resources")))
    assert [text_of(h) for h in find_all(main, "h2")] == [
        "For people seeking help",
        "For partners",
        "Help now, and a therapist",
    ]
    links = _links(main)
    assert links["crisis help"] == reverse("content:crisis")
    assert "the directory of certified therapists is coming; it is not online yet." in text_of(main)
    assert not any("therapist" in label.lower() for label in links)


def test_a_resource_page_keeps_crisis_help_and_the_therapist_line(visitor):
    _page(PageSection.RESOURCES, "partners", "For partners", body="You are not to blame.")
    main = _main(visitor.get(reverse("content:resource_page", args=["partners"])))
    text = text_of(main)
    assert "You are not to blame." in text
    assert "the directory of certified therapists is coming" in text
    assert _links(main)["crisis help"] == reverse("content:crisis")
    assert _links(main)["Resources"] == reverse("content:resources")


# --- FAQ ------------------------------------------------------------------------------------


@pytest.fixture
def entries(db) -> dict[str, FAQEntry]:
    def entry(group: str, question: str, answer: str, order: int = 0, **extra) -> FAQEntry:
        return FAQEntry.objects.create(
            group=group, question=question, answer=answer, order=order, **extra
        )

    help_ = "Seeking help"
    return {
        "what": entry(help_, "What is compulsive sexual behavior?", "A pattern of **urges**.", 1),
        "therapist": entry(help_, "How do I find a therapist?", "Ask for someone certified.", 2),
        "partner": entry("For partners", "Is it my fault?", "No. It is not your fault.", 1),
        "draft": entry("For partners", "A draft question about therapists?", "D.", published=False),
    }


def test_the_faq_shows_published_entries_under_their_groups_each_with_an_anchor(visitor, entries):
    main = _main(visitor.get(reverse("content:faq")))
    sections = list(find_all(main, "section"))
    grouped = [
        (text_of(next(find_all(s, "h2"))), [text_of(h) for h in find_all(s, "h3")])
        for s in sections
    ]
    assert grouped == [
        ("For partners", ["Is it my fault?"]),
        ("Seeking help", ["What is compulsive sexual behavior?", "How do I find a therapist?"]),
    ]
    partner = entries["partner"]
    [article] = list(find_all(main, "article", attrs={"id": f"faq-{partner.pk}"}))
    assert "No. It is not your fault." in text_of(article)
    [link] = list(find_all(article, "a"))
    assert dict(link.attributes)["href"] == f"/faq/#faq-{partner.pk}"
    assert text_of(link).startswith("Link to this answer")
    assert partner.question in text_of(link)  # for a screen reader, among many such links
    assert "A draft question" not in text_of(main)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("THERAPIST", ["How do I find a therapist?"]),  # any case; drafts never found
        ("urges", ["What is compulsive sexual behavior?"]),  # in the answer
        ("fault not", ["Is it my fault?"]),  # every word, anywhere
        ("  find   certified ", ["How do I find a therapist?"]),
    ],
)
def test_the_faq_search_finds_every_word_in_question_or_answer(visitor, entries, query, found):
    main = _main(visitor.get(reverse("content:faq"), {"q": query}))
    assert [text_of(h) for h in find_all(main, "h3")] == found
    words = " ".join(query.split())
    assert f"{len(found)} question{'s' if len(found) != 1 else ''} match “{words}”." in text_of(
        main
    )
    [search] = list(find_all(main, "input", attrs={"name": "q"}))
    assert dict(search.attributes)["value"] == words


def test_a_search_that_finds_nothing_says_so_with_the_words_escaped(visitor, entries):
    page = visitor.get(reverse("content:faq"), {"q": "<script>alert(1)</script>"})
    main = _main(page)
    assert "No questions match “<script>alert(1)</script>”." in text_of(main)
    assert list(find_all(main, "h3")) == []
    scripts = find_all(page_tree(page), "script")
    assert [script for script in scripts if "src" not in dict(script.attributes)] == []
    assert "<script>alert(1)</script>" not in page.content.decode()


def test_a_very_long_search_is_cut_not_refused(visitor, entries):
    page = visitor.get(reverse("content:faq"), {"q": "therapist " + "x" * 5000})
    main = _main(page)
    [search] = list(find_all(main, "input", attrs={"name": "q"}))
    assert len(str(dict(search.attributes)["value"])) == 200
    assert "No questions match" in text_of(main)
