"""The insights pages: Alice's own is hers (Mallory and Dan, clients too, open their own);
the page about her is her care team's alone. Carol and Dan, who support her, see check-in
regularity on their supporter page, never these charts; Ada's break-glass does not open them."""

from threecircles.tests.matrix import LOGIN, AccessRows, row

ROWS = AccessRows(
    label="recovery-insights",
    get={
        "recovery:insights": row(anonymous=LOGIN, others=404, alice=200, mallory=200, dan=200),
        "recovery:client_insights": row(anonymous=LOGIN, others=404, bob=200, sam=200),
    },
)
