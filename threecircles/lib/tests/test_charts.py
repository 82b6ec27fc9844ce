"""The SVG helpers: every label escaped, kinds told apart by pattern as well as colour, counts
written out, and no inline style anywhere (CSP)."""

import pytest
from django.test.html import parse_html

from threecircles.lib.charts import (
    Bar,
    Cell,
    CellStyle,
    bar_svg,
    heat_grid_svg,
    pattern_grid_svg,
)
from threecircles.tests.html import find_all, text_of

STYLES = [CellStyle("calm", "Calm", "solid"), CellStyle("busy", "Busy", "stripes")]


def test_a_pattern_grid_draws_each_kind_with_its_own_pattern_and_a_legend():
    svg = pattern_grid_svg(
        [("Week 1", [Cell("calm", "Mon: calm"), Cell("busy", "Tue: <busy>"), None])],
        columns=["Mon", "Tue", "Wed"],
        styles=STYLES,
        title="Days & weeks",
        name="days",
    )
    tree = parse_html(svg)
    cells = [dict(rect.attributes) for rect in find_all(tree, "rect", "cell")]
    # Two days (the third is still to come), then one swatch per kind in the legend.
    assert [cell["fill"] for cell in cells] == [
        "url(#days-calm)", "url(#days-busy)", "url(#days-calm)", "url(#days-busy)",
    ]  # fmt: skip
    assert {dict(p.attributes)["id"] for p in find_all(tree, "pattern")} == {
        "days-calm",
        "days-busy",
    }
    assert "Tue: &lt;busy&gt;" in svg
    assert 'aria-label="Days &amp; weeks"' in svg
    assert "Calm" in [text_of(t) for t in find_all(tree, "text", "legend")]
    assert "style" not in svg


def test_an_unknown_pattern_is_refused_by_name():
    with pytest.raises(ValueError, match="'plaid'"):
        pattern_grid_svg([], columns=[], styles=[CellStyle("x", "X", "plaid")], title="t", name="n")


def test_a_long_bar_label_is_shortened_in_the_chart_but_whole_in_its_title():
    name = "Walking past the hotel bar on the way home from work"
    svg = bar_svg([Bar(name, 3), Bar("<Payday>", 1)], title="Triggers", width=400)
    tree = parse_html(svg)
    labels = [text_of(t) for t in find_all(tree, "text")]
    assert any(label.endswith("…") and label != name for label in labels)
    assert f"{name}: 3" in svg
    assert "&lt;Payday&gt;" in svg
    assert "<Payday>" not in svg


def test_a_heat_grid_writes_each_count_and_shades_by_level():
    svg = heat_grid_svg(
        rows=["Fri", "Sat"], columns=["Evening", "Night"], values=[[4, 0], [1, 2]], title="When"
    )
    tree = parse_html(svg)
    assert [text_of(t) for t in find_all(tree, "text", "count")] == ["4", "1", "2"]
    levels = [dict(r.attributes)["class"] for r in find_all(tree, "rect")]
    assert levels == ["heat heat-4", "heat heat-0", "heat heat-1", "heat heat-2"]
