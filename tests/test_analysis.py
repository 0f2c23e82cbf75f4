"""Analysis: hand-checked results from data-sources.md, and properties that must hold for
any finite input."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pkit_cli import analysis, periods
from pkit_cli.analysis import (
    assess_target,
    compounded_annual_rate,
    percent_change,
    projected_value,
    required_rate,
    years_to_reach,
)

FY = periods.fiscal_year


# Hand-checked (data-sources.md, "Hand-checked results") ------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "years", "expected_pct"),
    [
        (4.6e9, 15e9, 5, 26.67),  # T1: (15/4.6)^(1/5) − 1
        (3.810e9, 10e9, 4, 27.28),  # T3 from the latest vintage
        (3.8e9, 10e9, 4, 27.37),  # T3 as of 2025-07-31, from the seed's 3.8
        (0.779e9, 5e9, 4, 59.17),  # T4
        (1.440e9, 3.810e9, 5, 21.48),  # ICT CAGR FY2019-20 → FY2024-25
        (1.440e9, 3.8e9, 5, 21.42),  # the same as of 2025-07-31
    ],
)
def test_compound_rates_match_the_hand_checked_values(
    start: float, end: float, years: int, expected_pct: float
) -> None:
    r = required_rate(start, end, years)
    assert r.value is not None
    assert r.value * 100 == pytest.approx(expected_pct, abs=0.005)


@pytest.mark.parametrize(
    ("start", "end", "expected_pct"),
    [(2.596e9, 3.223e9, 24.15), (2.597e9, 3.2e9, 23.22), (1.440e9, 2.123e9, 47.43)],
)
def test_percent_change_hand_checked(start: float, end: float, expected_pct: float) -> None:
    r = percent_change(start, end)
    assert r.value is not None and r.value * 100 == pytest.approx(expected_pct, abs=0.005)


def test_rounding_interval_of_3_2_bn_allows_the_stated_24_percent() -> None:
    # data-sources.md: 3.15–3.25 bn over 2.597 bn gives 21.3–25.1 %.
    lo, hi = analysis.growth_interval((2.597e9, 2.597e9), analysis.rounding_interval(3.2e9, 1e8))
    assert lo * 100 == pytest.approx(21.3, abs=0.05) and hi * 100 == pytest.approx(25.1, abs=0.05)
    assert lo <= 0.24 <= hi


T1_SERIES = [(FY(2023), 4.6e9 / 1.264), (FY(2024), 4.6e9)]


def test_t1_is_behind_narrowly_at_its_point_values() -> None:
    """On the figures as points: behind. (Within their rounding: too close to call, below.)"""
    a = assess_target(15e9, FY(2029), date(2025, 7, 19), T1_SERIES, date(2026, 11, 28))
    assert a.verdict == "behind"
    assert (
        a.pace is not None
        and a.pace.value is not None
        and a.pace.value * 100 == pytest.approx(26.4, abs=1e-6)
    )
    assert a.required is not None and a.required.value is not None
    assert a.required.value * 100 == pytest.approx(26.67, abs=0.005)
    assert a.years_from_latest == 5


def _t1_within(
    total: tuple[float, float], growth_pct: tuple[float, float]
) -> analysis.TargetAssessment:
    """T1 with FY2023-24 derived from FY2024-25 as total / (1 + growth / 100), as the data
    derives it: the pace and the need are judged at the same values of the two."""
    a = assess_target(15e9, FY(2029), date(2025, 7, 19), T1_SERIES, date(2026, 11, 28))
    return analysis.within_rounding(
        a,
        15e9,
        {"total": total, "growth": growth_pct},
        lambda v: v["total"],
        lambda v: v["total"] / (1 + v["growth"] / 100),
    )


def test_t1_within_rounding_is_too_close_to_call() -> None:
    # 4.6 bn stands for 4.55–4.65 bn: the need is (15/4.65)^(1/5) − 1 = 26.39 % to
    # (15/4.55)^(1/5) − 1 = 26.95 %; the pace is the stated 26.4 % (26.35–26.45 %).
    a = _t1_within((4.55e9, 4.65e9), (26.35, 26.45))
    assert a.verdict == "too close to call"
    assert a.required_range == pytest.approx((0.2639, 0.2695), abs=1e-4)
    assert a.pace_range == pytest.approx((0.2635, 0.2645), abs=1e-12)


def test_t1_with_exact_figures_stays_behind() -> None:
    # Exact 4.6 bn: the need is 26.67 %, above every pace 26.35–26.45 % could be.
    a = _t1_within((4.6e9, 4.6e9), (26.35, 26.45))
    assert a.verdict == "behind" and a.required_range == pytest.approx((0.26668, 0.26668), abs=1e-5)


def test_t5_is_missed_at_51_92_percent() -> None:
    series = [
        (FY(2019), 1.440e9),
        (FY(2020), 2.108e9),
        (FY(2021), 2.619e9),
        (FY(2022), 2.596e9),
        (FY(2023), 3.223e9),
    ]
    a = assess_target(5e9, FY(2022), date(2023, 3, 20), series, date(2026, 11, 28))
    assert a.verdict == "missed"
    assert a.progress is not None and a.progress * 100 == pytest.approx(51.92, abs=0.005)


def test_t7_is_missed_at_74_83_percent() -> None:
    series = [(FY(2020), 2.108e9), (FY(2021), 2.619e9)]
    a = assess_target(3.5e9, FY(2021), date(2022, 4, 24), series, date(2026, 11, 28))
    assert (a.verdict, round(a.progress * 100, 2)) == ("missed", 74.83)  # type: ignore[operator]


def test_a_passed_deadline_without_its_actual_is_awaiting_data_not_missed() -> None:
    # T8: $5 bn by FY2025-26; the data ends at FY2024-25 (plus a partial FY2025-26).
    series = [
        (FY(2023), 3.223e9),
        (FY(2024), 3.810e9),
        (periods.parse("FY2025-26 Jul-Jan"), 2.61e9),
    ]
    a = assess_target(5e9, FY(2025), date(2025, 8, 20), series, date(2026, 11, 28))
    assert a.verdict == "awaiting data"


def test_a_point_series_is_not_judged_on_the_figure_the_target_was_set_from() -> None:
    # T6: double the 550 villages of 2025-07-19 by FY2025-26; that 550 is the baseline.
    a = assess_target(
        1100, FY(2025), date(2025, 7, 19), [(periods.parse("2025-07-19"), 550)], date(2026, 11, 28)
    )
    assert a.verdict == "awaiting data"
    later = [(periods.parse("2025-07-19"), 550), (periods.parse("2026-05-01"), 1200)]
    assert (
        assess_target(1100, FY(2025), date(2025, 7, 19), later, date(2026, 11, 28)).verdict == "met"
    )


def test_no_series_is_no_data() -> None:
    assert (
        assess_target(
            25e9, FY(2029), date(2025, 7, 19), [], date(2026, 1, 1), has_series=False
        ).verdict
        == "no data"
    )


def test_a_what_if_rate_changes_the_projection_only() -> None:
    today = date(2026, 11, 28)
    base = assess_target(15e9, FY(2029), date(2025, 7, 19), T1_SERIES, today)
    what_if = assess_target(15e9, FY(2029), date(2025, 7, 19), T1_SERIES, today, rate=0.20)
    assert (
        what_if.verdict == base.verdict
        and what_if.required == base.required
        and what_if.pace == base.pace
    )
    assert what_if.projected is not None and what_if.projected.value == pytest.approx(
        4.6e9 * 1.2**5
    )
    assert base.projected is not None and base.projected.value == pytest.approx(4.6e9 * 1.264**5)


# Degenerate input: None with a reason, never an exception -----------------------------------


@pytest.mark.parametrize(
    ("start", "end", "years", "reason"),
    [
        (0.0, 5.0, 3, "zero"),
        (-1.0, 5.0, 3, "negative"),
        (1.0, 5.0, 0, "same"),
        (1.0, 5.0, -2, "wrong order"),
        (1.0, -5.0, 2, "negative"),
    ],
)
def test_degenerate_compound_rates(start: float, end: float, years: float, reason: str) -> None:
    r = compounded_annual_rate(start, end, years)
    assert r.value is None and r.reason is not None and reason in r.reason


def test_growth_between_refuses_partial_against_full_years() -> None:
    r = analysis.growth_between(periods.parse("FY2023-24 Jul-Mar"), 350.15e6, FY(2024), 779e6)
    assert (
        isinstance(r, analysis.Result) and r.reason is not None and "not like periods" in r.reason
    )


def test_growth_between_dates_counts_fractional_years() -> None:
    g = analysis.growth_between(
        periods.parse("2025-06"), 197.804e6, periods.parse("2025-09"), 196.194e6
    )
    assert isinstance(g, analysis.Growth) and g.years == 0.25


# Properties ----------------------------------------------------------------------------

# Values of one magnitude, as the levels of one series are (ratios up to 10^4 either way):
# a rate near −100 % cannot carry 1e-9 relative precision in (1 + rate).
positive = st.floats(min_value=1.0, max_value=1e4, allow_nan=False, allow_infinity=False)
span = st.integers(min_value=1, max_value=50)
finite = st.floats(allow_nan=False, allow_infinity=False)


@given(positive, positive, span)
def test_projecting_at_the_cagr_reproduces_the_end_value(
    start: float, end: float, years: int
) -> None:
    rate = compounded_annual_rate(start, end, years).value
    assert rate is not None
    projected = projected_value(start, rate, years).value
    assert projected == pytest.approx(end, rel=1e-9)


@given(positive, positive, positive, span, span)
def test_growth_compounds(a: float, b: float, c: float, n: int, m: int) -> None:
    ab, bc, ac = percent_change(a, b).value, percent_change(b, c).value, percent_change(a, c).value
    assert ab is not None and bc is not None and ac is not None
    assert (1 + ab) * (1 + bc) == pytest.approx(1 + ac, rel=1e-9)
    r_ab, r_bc, r_ac = (
        compounded_annual_rate(x, y, t).value for x, y, t in ((a, b, n), (b, c, m), (a, c, n + m))
    )
    assert r_ab is not None and r_bc is not None and r_ac is not None
    assert (1 + r_ab) ** n * (1 + r_bc) ** m == pytest.approx((1 + r_ac) ** (n + m), rel=1e-6)


@given(positive, positive, span, st.floats(min_value=1e-3, max_value=1e3))
def test_scaling_every_value_changes_no_rate(
    start: float, end: float, years: int, k: float
) -> None:
    assume(start * k > 0 and end * k > 0)
    r1, r2 = (
        compounded_annual_rate(start, end, years).value,
        compounded_annual_rate(start * k, end * k, years).value,
    )
    assert r1 is not None and r2 is not None and r1 == pytest.approx(r2, rel=1e-9, abs=1e-12)
    p1, p2 = percent_change(start, end).value, percent_change(start * k, end * k).value
    assert p1 == pytest.approx(p2, rel=1e-9, abs=1e-12)


@given(finite, finite, finite)
def test_no_finite_input_raises(a: float, b: float, c: float) -> None:
    for r in (
        percent_change(a, b),
        compounded_annual_rate(a, b, c),
        projected_value(a, b, c),
        years_to_reach(a, b, c),
    ):
        assert r.value is None or math.isfinite(r.value)
        assert (r.value is None) == (r.reason is not None)
    analysis.change(a, b)
