"""Money, counts and percentages: formatted in one place, never with more precision than the
source gave (data-sources.md: "$4.6 billion" is 4.6 bn, not 4.60 bn)."""

from __future__ import annotations

import pytest

from pkit_cli.text import count, figure, money, percent, rate, visible


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (money(4_600_000_000), "$4.6 bn"),  # precision read from the number itself
        (money(4_600_000_000, 100_000_000), "$4.6 bn"),
        (money(3_810_000_000, 1_000_000), "$3.810 bn"),  # the source wrote 3.810: keep the 0
        (money(3_800_000_000, 100_000_000), "$3.8 bn"),
        (money(779_000_000, 1_000_000), "$779 mn"),
        (money(350_150_000, 10_000), "$350.15 mn"),
        (money(4.6e9 / 1.264), "$3.639 bn"),  # a computed value: at most 4 significant digits
        (money(-23_000_000, 1_000_000), "-$23 mn"),
        (money(15e9), "$15 bn"),
        (count(350_000, 10_000, "at_least"), "350,000+"),
        (count(18_000, 1_000, "at_least"), "18,000+"),
        (count(197_804_000, 1_000), "197.804 mn"),
        (count(200_000_000, 1_000_000, "at_least"), "200 mn+"),
        (count(44, 1), "44"),
        (percent(26.4, 0.1), "26.4 %"),
        (percent(80.04, 0.01), "80.04 %"),
        (percent(-1, 1, "about"), "~-1 %"),
        (percent(18, 1, "nearly"), "nearly 18 %"),
        (rate(0.2148215761), "21.48 %"),
        (rate(None), "—"),
        (figure(None, "USD"), "—"),
        (figure(81.3, "percent", 0.1), "81.3 %"),
    ],
)
def test_formatting(text: str, expected: str) -> None:
    assert text == expected


def test_control_characters_are_made_visible() -> None:
    assert visible("[bold red]boom[/]\x1b[2J") == "[bold red]boom[/]\\x1b[2J"
    assert visible("a\tb\nc\u202ed") == "a\\x09b\\x0ac\\u202ed"
