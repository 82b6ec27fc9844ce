"""Ways to make answers for any pack: a chosen total, or anything valid (for hypothesis)."""

from hypothesis import strategies

from threecircles.screening.instruments import Pack


def answers_for_total(pack: Pack, total: int) -> list[int | None]:
    """Answers (every item answered, none reversed) that add up to `total`."""
    assert not any(item.reverse for item in pack.items)
    answers = [min(item.scores) for item in pack.items]
    remaining = total - sum(answers)
    assert 0 <= remaining <= pack.max_total - pack.min_total, f"{total} is out of range"
    for index, item in enumerate(pack.items):
        step = min(remaining, max(item.scores) - answers[index])
        answers[index] += step
        remaining -= step
    assert sum(answers) == total
    assert all(a in item.scores for a, item in zip(answers, pack.items, strict=True))
    return list(answers)


@strategies.composite
def valid_answers(draw: strategies.DrawFn, pack: Pack, *, blanks: bool = True) -> list[int | None]:
    """Any answers the pack accepts; skippable items are drawn blank or 0."""
    given: dict[str, int | None] = {}
    for item in pack.items:
        rule = item.skip_if
        if rule is not None and given.get(rule.item) == rule.equals:
            given[item.id] = draw(strategies.sampled_from([None, 0] if blanks else [0]))
        else:
            given[item.id] = draw(strategies.sampled_from(item.scores))
    return list(given.values())
