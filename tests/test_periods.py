"""Periods: user input, canonical labels, ordering and spans."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pkit_cli import periods
from pkit_cli.periods import PeriodError

FISCAL_SPELLINGS = [
    "FY2024-25",
    "FY24-25",
    "FY25",
    "2024-25",
    "2024/25",
    "2025",
    "fy2024-25",
    "FY2025",
    " FY25 ",
]


@pytest.mark.parametrize("text", FISCAL_SPELLINGS)
def test_every_fiscal_spelling_means_july_2024_to_june_2025(text: str) -> None:
    p = periods.parse(text)
    assert p.label == "FY2024-25"
    assert (p.start, p.end) == (date(2024, 7, 1), date(2025, 6, 30))


@pytest.mark.parametrize(
    ("text", "label", "kind"),
    [
        ("2025-07-19", "2025-07-19", "date"),
        ("2025-06", "2025-06", "month"),
        ("FY2024-25 Jul-Mar", "FY2024-25 Jul-Mar", "fiscal_part"),
        ("FY25 jul-jan", "FY2024-25 Jul-Jan", "fiscal_part"),
        ("1999-00", "FY1999-00", "fiscal_year"),  # a century boundary: 1999 + 1 ends in 00
        ("2000-01", "FY2000-01", "fiscal_year"),
        ("FY1999-00", "FY1999-00", "fiscal_year"),
    ],
)
def test_points_in_time_and_partial_years(text: str, label: str, kind: str) -> None:
    p = periods.parse(text)
    assert (p.label, p.kind) == (label, kind)


def test_a_partial_year_covers_its_months() -> None:
    p = periods.parse("FY2024-25 Jul-Mar")
    assert (p.start, p.end) == (date(2024, 7, 1), date(2025, 3, 31))


@pytest.mark.parametrize(
    "text",
    [
        "FY2024-26",
        "FY2024-23",
        "20255",
        "",
        "   ",
        "FY",
        "2025-13",
        "2025-02-30",
        "banana",
        "FY24-26",
        "2024/26",
        "FY2024-25 Jul-Jun",
        "FY2024-25 Mar-Jul",
        "1800",
        "9999",
    ],
)
def test_malformed_periods_name_the_accepted_forms(text: str) -> None:
    with pytest.raises(PeriodError) as err:
        periods.parse(text)
    assert "FY2024-25" in str(err.value) and "2025-07-19" in str(err.value)


@pytest.mark.parametrize(
    ("a", "b", "years"),
    [
        ("FY2019-20", "FY2024-25", 5.0),
        ("FY2024-25", "FY2029-30", 5.0),
        ("FY2024-25", "FY2019-20", -5.0),
        ("2025-06", "2025-09", 0.25),
        ("2024-03", "2025-03", 1.0),
        ("2025-07-19", "2026-07-19", 365 / 365.25),
        ("FY2023-24 Jul-Mar", "FY2024-25 Jul-Mar", 1.0),
    ],
)
def test_years_between(a: str, b: str, years: float) -> None:
    assert periods.years_between(periods.parse(a), periods.parse(b)) == pytest.approx(years)


def test_periods_order_by_end_then_start() -> None:
    labels = ["FY2024-25", "2024-03", "FY2019-20", "2025-07-19", "FY2024-25 Jul-Mar", "2025-06"]
    ordered = sorted(periods.parse(x) for x in labels)
    # FY2024-25 and 2025-06 both end on 2025-06-30; the longer span (earlier start) first.
    assert [p.label for p in ordered] == [
        "FY2019-20",
        "2024-03",
        "FY2024-25 Jul-Mar",
        "FY2024-25",
        "2025-06",
        "2025-07-19",
    ]


def test_partial_and_full_years_are_not_comparable() -> None:
    full, part = periods.parse("FY2024-25"), periods.parse("FY2024-25 Jul-Mar")
    assert not full.comparable_with(part)
    assert part.comparable_with(periods.parse("FY2023-24 Jul-Mar"))
    assert not part.comparable_with(periods.parse("FY2023-24 Jul-Jan"))


def test_canonical_parser_rejects_user_spellings() -> None:
    with pytest.raises(PeriodError):
        periods.parse_canonical("FY25")
    assert periods.parse_canonical("FY2024-25").label == "FY2024-25"


@given(st.integers(min_value=periods.MIN_YEAR, max_value=periods.MAX_YEAR - 1))
def test_fiscal_year_round_trip(start: int) -> None:
    p = periods.fiscal_year(start)
    assert periods.parse(p.label) == p
    assert periods.parse_canonical(p.label) == p
    assert periods.parse(str(start + 1)) == p  # a bare year is the fiscal year ending in it


@given(st.dates(min_value=date(periods.MIN_YEAR, 1, 1), max_value=date(periods.MAX_YEAR, 12, 31)))
def test_date_and_month_round_trip(d: date) -> None:
    p = periods.day(d)
    assert periods.parse(p.label) == p
    m = periods.month(d.year, d.month)
    if (d.year + 1) % 100 != d.month:  # '2010-11' reads as FY2010-11, see README
        assert periods.parse(m.label) == m


@given(st.text(max_size=40))
def test_parse_never_raises_anything_but_period_error(text: str) -> None:
    try:
        p = periods.parse(text)
    except PeriodError:
        return
    assert periods.parse(p.label) == p


def test_a_period_is_output_as_its_label() -> None:
    from pkit_cli import output, text

    p = periods.parse("2025")
    assert output._machine(p) == "FY2024-25" and text.cell_text(p) == "FY2024-25"
    assert output._machine({"periods": [p]}) == {"periods": ["FY2024-25"]}
