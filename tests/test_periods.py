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


# Months of flow series (issue 10) ----------------------------------------------------------

MONTH_SPELLINGS = ["2025-12", "Dec 2025", "December 2025", "2025/12", "dec 2025", " DECEMBER 2025 "]


@pytest.mark.parametrize("text", MONTH_SPELLINGS)
def test_every_month_spelling_means_december_2025(text: str) -> None:
    p = periods.parse(text)
    assert (p.label, p.kind) == ("2025-12", "month")
    assert (p.start, p.end) == (date(2025, 12, 1), date(2025, 12, 31))
    # December is the sixth month of FY2025-26 (July is the first).
    assert periods.containing_fiscal_year(p).label == "FY2025-26"
    assert p.fiscal_month == 6


@pytest.mark.parametrize(
    "text, label, fiscal_year, fiscal_month",
    [
        ("Jul 2023", "2023-07", "FY2023-24", 1),
        ("June 2025", "2025-06", "FY2024-25", 12),
        ("2026/2", "2026-02", "FY2025-26", 8),
        ("Jan 2026", "2026-01", "FY2025-26", 7),
    ],
)
def test_months_know_their_fiscal_year_and_place(text, label, fiscal_year, fiscal_month) -> None:
    p = periods.parse(text)
    assert p.label == label
    assert periods.containing_fiscal_year(p).label == fiscal_year
    assert p.fiscal_month == fiscal_month


def test_a_fiscal_pair_with_a_slash_is_still_a_fiscal_year() -> None:
    assert periods.parse("2024/25").label == "FY2024-25"
    # Where a month's label is also a fiscal-year pair, the fiscal year wins (as before);
    # the month is written with its name.
    assert periods.parse("2011-12").label == "FY2011-12"
    assert periods.parse("2011/12").label == "FY2011-12"
    assert periods.parse("Dec 2011").label == "2011-12"
    assert periods.parse("FY 2025").label == "FY2024-25"  # not read as a month name


@pytest.mark.parametrize("text", ["Dec 20255", "Decembre 2025", "2025/13", "2025/0", "13 2025"])
def test_malformed_months_are_refused_naming_the_month_forms(text: str) -> None:
    with pytest.raises(PeriodError) as err:
        periods.parse(text)
    assert "Jun 2025" in str(err.value) and "2025/06" in str(err.value)


def test_fiscal_year_to_date_is_a_partial_year_built_from_a_month() -> None:
    ytd = periods.fiscal_year_to_date(periods.parse("Feb 2026"))
    assert ytd.label == "FY2025-26 Jul-Feb"
    assert ytd == periods.parse_canonical("FY2025-26 Jul-Feb")
    assert [m.label for m in periods.months_of(ytd)] == [
        "2025-07",
        "2025-08",
        "2025-09",
        "2025-10",
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    ]
    # July alone, and June: the whole fiscal year (never written "Jul-Jun").
    assert periods.fiscal_year_to_date(periods.parse("2025-07")).label == "FY2025-26 Jul-Jul"
    assert periods.fiscal_year_to_date(periods.parse("2025-06")).label == "FY2024-25"
    assert len(periods.months_of(periods.parse("FY2024-25"))) == 12
    with pytest.raises(PeriodError):
        periods.fiscal_year_to_date(periods.parse("FY2024-25"))


def test_frequency_of_a_month_depends_on_the_series() -> None:
    dec = periods.parse("2025-12")
    assert dec.frequency(flow=True) == "monthly"  # ICT exports in December
    assert dec.frequency(flow=False) == "point"  # subscribers counted in December
    assert periods.parse("FY25").frequency(flow=True) == "annual"
    assert periods.parse("FY2025-26 Jul-Feb").frequency(flow=True) == "partial"
    assert periods.parse("2025-07-19").frequency(flow=True) == "point"
    # A month is never comparable with a fiscal year, nor a partial year with a full one.
    assert not dec.comparable_with(periods.parse("FY2025-26"))
    assert not periods.parse("FY2025-26 Jul-Feb").comparable_with(periods.parse("FY2024-25"))


@given(st.integers(2000, 2100), st.integers(1, 12))
def test_every_month_round_trips_through_each_spelling(year: int, month: int) -> None:
    canonical = periods.month(year, month)
    name = date(year, month, 1).strftime("%B")
    spellings = [f"{name} {year}", f"{name[:3]} {year}"]
    if (year + 1) % 100 != month:  # 2011-12 and 2011/12 are FY2011-12 (see below)
        spellings += [canonical.label, f"{year}/{month}"]
    for text in spellings:
        assert periods.parse(text) == canonical
    assert periods.parse_canonical(canonical.label) == canonical
    fy = periods.containing_fiscal_year(canonical)
    assert fy.start <= canonical.start and canonical.end <= fy.end
    assert periods.months_of(fy)[canonical.fiscal_month - 1] == canonical
