"""Before a first check-in there is no sober time to count: every place that shows sober time
says so in words instead of "0 sober days in total"."""

from datetime import timedelta

from threecircles.recovery import actions
from threecircles.tests.html import page_tree, text_of

NONE_YET = "No sober time recorded yet"


def _texts(alice, bob, carol, signed_in) -> dict[str, str]:
    """Alice's home and recovery page, Bob's view of her record, and what Carol is shown."""
    return {
        "home": text_of(page_tree(signed_in(alice).get("/me/"))),
        "recovery": text_of(page_tree(signed_in(alice).get("/recovery/"))),
        "record": text_of(page_tree(signed_in(bob).get(f"/care/clients/{alice.pk}/"))),
        "supporter": text_of(page_tree(signed_in(carol).get(f"/support/supporting/{alice.pk}/"))),
    }


def test_no_check_in_yet_reads_as_no_sober_time_everywhere(alice, bob, carol, signed_in):
    texts = _texts(alice, bob, carol, signed_in)
    assert {
        where: NONE_YET.lower() in text.lower() for where, text in texts.items()
    } == dict.fromkeys(texts, True)
    assert not [where for where, text in texts.items() if "0 sober days" in text]


def test_one_sober_day_is_counted_and_the_words_go(alice, bob, carol, signed_in):
    actions.save_check_in(
        client=alice, day=actions.today_for(alice), answers={"inner_kept": True}, note=""
    )
    texts = _texts(alice, bob, carol, signed_in)
    assert {
        where: "1 sober day in total" in text for where, text in texts.items()
    } == dict.fromkeys(texts, True)
    assert not [where for where, text in texts.items() if NONE_YET.lower() in text.lower()]


def test_a_sobriety_date_without_check_ins_shows_the_days_since(alice, carol, signed_in):
    settings = actions.settings_for(alice)
    settings.sobriety_date = actions.today_for(alice) - timedelta(days=12)
    settings.save()
    home = text_of(page_tree(signed_in(alice).get("/me/")))
    shown = text_of(page_tree(signed_in(carol).get(f"/support/supporting/{alice.pk}/")))
    assert "12 days since" in home and "12 days since" in shown
    assert NONE_YET not in home and NONE_YET not in shown
