"""Pins on the arithmetic, each added because a mutant of it survived the other tests
(`python tests/tooling/mutate.py`; see tests/tooling/MUTATION.md).

Every expected value is typed by hand: from the hand-checked results in
/work/shared/data-sources.md, or from the arithmetic written in the comment beside it.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import pytest

from pkit_cli import analysis, dataset, formula, periods
from pkit_cli import text as text_module
from pkit_cli.analysis import (
    Result,
    assess_target,
    compound_path,
    compounded_annual_rate,
    growth_between,
    projected_value,
    recent_pace,
    year_on_year,
    years_to_reach,
)
from pkit_cli.reports import audit as audit_module

FY = periods.fiscal_year
BN = 1e9
NAN = float("nan")


# analysis: years to reach a target -----------------------------------------------------------


def test_t4_at_20_percent_is_reached_after_10_2_years() -> None:
    # T4: freelancing 0.779 bn (FY2024-25) → 5 bn at 20 % a year:
    # ln(5 / 0.779) / ln(1.2) = ln(6.41849) / 0.182322 = 1.859184 / 0.182322 = 10.197 years.
    years = years_to_reach(0.779 * BN, 5 * BN, 0.20)
    assert years.reason is None
    assert years.value == pytest.approx(10.197, abs=0.001)


def test_t4_at_20_percent_reaches_the_target_in_fy2035_36(run: Any) -> None:
    # 10.197 years after FY2024-25 falls in the 11th fiscal year after it: FY2035-36.
    # Projected by FY2028-29: 0.779 bn × 1.2^4 = 0.779 × 2.0736 = 1.6153344 bn.
    result = run("targets", "T4", "--rate", "20", "--json")
    assert result.exit_code == 0, result.stderr
    [t4] = json.loads(result.stdout)
    assert t4["reaches_target_by"] == "FY2035-36"
    assert t4["projected"] == pytest.approx(1_615_334_400, rel=1e-6)


def test_a_target_already_reached_takes_zero_years() -> None:
    assert years_to_reach(5 * BN, 5 * BN, 0.20) == Result(0.0)
    assert years_to_reach(6 * BN, 5 * BN, 0.20) == Result(0.0)
    # Already there: no growth is needed, so even a zero or negative rate reaches it now.
    assert years_to_reach(5 * BN, 5 * BN, 0.0) == Result(0.0)
    assert years_to_reach(5 * BN, 5 * BN, -0.1) == Result(0.0)


def test_values_below_one_are_positive_too() -> None:
    # 0.25 → 1 doubling each year: ln(4) / ln(2) = 2 years.
    assert years_to_reach(0.25, 1.0, 1.0).value == pytest.approx(2.0)
    # Levels 0.5–1.0 → 1.0–2.0: 1.0 / 1.0 − 1 = 0, 2.0 / 0.5 − 1 = 300 %.
    assert analysis.growth_interval((0.5, 1.0), (1.0, 2.0)) == (0.0, 3.0)


@pytest.mark.parametrize(
    ("current", "target", "rate", "reason"),
    [
        (NAN, 5.0, 0.2, "a value is not a finite number"),
        (1.0, math.inf, 0.2, "a value is not a finite number"),
        (0.0, 5.0, 0.2, "values must be positive"),
        (1.0, 0.0, 0.2, "values must be positive"),
        (1.0, -5.0, 0.2, "values must be positive"),
        (1.0, 5.0, 0.0, "at a rate of zero or less the target is never reached"),
        (1.0, 5.0, -0.5, "at a rate of zero or less the target is never reached"),
    ],
)
def test_years_to_reach_says_why_there_is_no_answer(
    current: float, target: float, rate: float, reason: str
) -> None:
    assert years_to_reach(current, target, rate) == Result(None, reason)


# analysis: rates and projections at their edges -------------------------------------------


def test_everything_lost_is_minus_100_percent() -> None:
    # An end value of exactly zero: (0 / 1) ** (1/2) − 1 = −1, a fall of 100 %, not an error.
    assert compounded_annual_rate(1.0, 0.0, 2) == Result(-1.0)
    assert compounded_annual_rate(1.0, -1.0, 2) == Result(None, "the end value is negative")


def test_non_finite_values_are_named_as_such() -> None:
    assert compounded_annual_rate(NAN, 2.0, 1) == Result(None, "a value is not a finite number")
    assert analysis.percent_change(NAN, 2.0) == Result(None, "a value is not a finite number")
    assert projected_value(NAN, 0.1, 1) == Result(None, "a value is not a finite number")


def test_a_rate_of_minus_100_percent_is_not_compounded() -> None:
    why = "a rate of −100 % or less cannot be compounded"
    assert projected_value(100.0, -1.0, 2) == Result(None, why)
    # Just above −100 %: 100 × (1 − 0.5)^2 = 25.
    assert projected_value(100.0, -0.5, 2) == Result(25.0)


def test_growth_within_one_period_is_refused() -> None:
    # The wording changed with issue 9's exit-1 rule (one stderr line for a question the data
    # cannot answer): the same period is "both ends are the same figure", the wrong order
    # "<end> is before <start>".
    fy = FY(2024)
    assert growth_between(fy, 1.0, fy, 2.0) == Result(None, "both ends are the same figure")
    assert growth_between(FY(2024), 1.0, FY(2023), 2.0) == Result(
        None, "FY2023-24 is before FY2024-25: the periods are in the wrong order"
    )


def test_growth_between_fiscal_years_hand_checked() -> None:
    # ICT exports FY2022-23 → FY2023-24: 3.223 / 2.596 − 1 = 24.15 %; change 0.627 bn; 1 year.
    g = growth_between(FY(2022), 2.596 * BN, FY(2023), 3.223 * BN)
    assert isinstance(g, analysis.Growth)
    assert g.years == 1.0
    assert g.change == pytest.approx(0.627 * BN)
    assert g.percent_change.value == pytest.approx(0.2415, abs=5e-5)
    assert g.cagr.value == pytest.approx(0.2415, abs=5e-5)


def test_year_on_year_of_months() -> None:
    # June 2025 against June 2024: 110 / 100 − 1 = 10 %; June 2024 has no figure a year earlier.
    series = [(periods.month(2024, 6), 100.0), (periods.month(2025, 6), 110.0)]
    [(first, none, missing), (second, prior, change)] = year_on_year(series)
    assert (first.label, none, missing) == (
        "2024-06",
        None,
        Result(None, "no figure a year earlier"),
    )
    assert (second.label, prior.label if prior else None) == ("2025-06", "2024-06")
    assert change.value == pytest.approx(0.10)


def test_recent_pace_looks_back_three_years_at_most() -> None:
    # Six fiscal years: the pace runs from FY2021-22 (three years before FY2024-25), not earlier.
    # 100 → 133.1 over three years: 1.331^(1/3) − 1 = 10 %.
    series = [(FY(2019), 50.0), (FY(2020), 60.0), (FY(2021), 100.0)]
    series += [(FY(2022), 110.0), (FY(2023), 121.0), (FY(2024), 133.1)]
    pace = recent_pace(series)
    assert pace is not None
    first, last, rate = pace
    assert (first.label, last.label) == ("FY2021-22", "FY2024-25")
    assert rate.value == pytest.approx(0.10)


# analysis: verdicts on targets ---------------------------------------------------------------


def test_an_actual_equal_to_its_target_is_met() -> None:
    # Before the deadline: the latest actual already equals the target.
    series = [(FY(2023), 4 * BN), (FY(2024), 5 * BN)]
    a = assess_target(5 * BN, FY(2028), date(2025, 1, 3), series, date(2025, 9, 1))
    assert a.verdict == "met"
    assert a.progress == 1.0
    # After the deadline: the deadline's own actual equals the target.
    passed = assess_target(5 * BN, FY(2024), date(2023, 1, 1), series, date(2025, 9, 1))
    assert passed.verdict == "met"
    assert passed.reason == "FY2024-25 actual is 100.00% of the target"
    assert passed.years_left == 0.0


def test_a_passed_deadline_awaiting_data_shows_the_progress_so_far() -> None:
    # 2 of 8 by FY2023-24; the FY2024-25 deadline has passed with no figure: 2 / 8 = 25 %.
    a = assess_target(8.0, FY(2024), date(2023, 1, 1), [(FY(2023), 2.0)], date(2026, 1, 1))
    assert (a.verdict, a.progress, a.years_left) == ("awaiting data", 0.25, 0.0)


def test_a_series_without_figures_is_no_data() -> None:
    a = assess_target(5 * BN, FY(2028), date(2025, 1, 3), [], date(2025, 9, 1))
    assert (a.verdict, a.reason) == ("no data", "the series has no figures yet")


def test_on_the_deadline_day_the_deadline_has_not_passed() -> None:
    # 30 June 2029 is the last day of FY2028-29: still judged on pace, not on an actual.
    series = [(FY(2023), 2.596 * BN), (FY(2024), 3.810 * BN)]
    a = assess_target(10 * BN, FY(2028), date(2025, 1, 3), series, date(2029, 6, 30))
    assert a.verdict == "on track"
    assert a.years_left == 0.0
    assert a.judged_on is None


# analysis: the path to a target --------------------------------------------------------------


def test_compound_path_from_a_fiscal_year() -> None:
    # T4 at 20 %: 0.779 × 1.2 = 0.9348, × 1.44 = 1.12176, × 1.728 = 1.346112, × 2.0736 = 1.6153344.
    path = compound_path(FY(2024), 0.779, 0.20, FY(2028))
    assert [p.label for p, _ in path] == ["FY2025-26", "FY2026-27", "FY2027-28", "FY2028-29"]
    assert [r.value for _, r in path] == pytest.approx([0.9348, 1.12176, 1.346112, 1.6153344])


def test_compound_path_from_a_month_inside_a_fiscal_year() -> None:
    # March 2025 ends inside FY2024-25, so the path starts with FY2024-25 itself: its end,
    # 30 June 2025, is 91 days later; at 0 % every value stays 100.
    path = compound_path(periods.month(2025, 3), 100.0, 0.0, FY(2025))
    assert [p.label for p, _ in path] == ["FY2024-25", "FY2025-26"]
    assert [r.value for _, r in path] == [100.0, 100.0]
    # June 2025 ends with FY2024-25, so the path starts with the next fiscal year.
    path = compound_path(periods.month(2025, 6), 100.0, 0.0, FY(2025))
    assert [p.label for p, _ in path] == ["FY2025-26"]


# analysis: intervals and audits ----------------------------------------------------------------


def test_a_formula_has_at_most_ten_inputs() -> None:
    # Ten inputs: 2^10 = 1024 corners, each 0..1, so the sum runs 0 to 10. Eleven: not tried.
    names = [chr(ord("a") + i) for i in range(11)]
    ten = {n: (0.0, 1.0) for n in names[:10]}
    assert analysis.formula_interval("+".join(names[:10]), ten) == (0.0, 10.0)
    eleven = {n: (0.0, 1.0) for n in names}
    assert analysis.formula_interval("+".join(names), eleven) is None


def test_float_noise_is_not_a_contradiction_but_a_real_gap_is() -> None:
    # 1 − 1e-12 lies within the 1e-9 relative slack of 1; 1.001 does not.
    assert analysis.consistent((1.0, 1.0), (1.0 - 1e-12, 1.0 - 1e-12))
    assert analysis.consistent((1.0 - 1e-12, 1.0 - 1e-12), (1.0, 1.0))
    assert not analysis.consistent((1.0, 1.0), (1.001, 1.001))
    assert not analysis.consistent((1.001, 1.001), (1.0, 1.0))
    # The slack is relative: at 1e-10 a doubling is a contradiction too.
    assert not analysis.consistent((1e-10, 1e-10), (2e-10, 2e-10))


def test_touching_intervals_overlap() -> None:
    assert analysis.overlaps((1.0, 2.0), (2.0, 3.0))
    assert analysis.overlaps((2.0, 3.0), (1.0, 2.0))
    assert not analysis.overlaps((1.0, 2.0), (2.1, 3.0))
    assert not analysis.overlaps((2.1, 3.0), (1.0, 2.0))


def test_rounding_intervals_of_each_qualifier() -> None:
    # 4.6 bn to 0.1 bn: 4.55–4.65; "over 4.6": 4.6–4.7; "about 4.6": 4.5–4.7.
    assert analysis.rounding_interval(4.6, 0.1) == pytest.approx((4.55, 4.65))
    assert analysis.rounding_interval(4.6, 0.1, "at_least") == pytest.approx((4.6, 4.7))
    assert analysis.rounding_interval(4.6, 0.1, "about") == pytest.approx((4.5, 4.7))
    assert analysis.rounding_interval(4.6, 0.1, "nearly") == pytest.approx((4.5, 4.7))
    assert analysis.rounding_interval(4.6, None) == (4.6, 4.6)
    assert analysis.rounding_interval(4.6, 0.0) == (4.6, 4.6)


def test_growth_interval_of_the_first_release_of_fy2023_24() -> None:
    # data-sources.md: 3.2 bn (3.15–3.25) against 2.597 bn (2.5965–2.5975):
    # 3.15 / 2.5975 − 1 = 21.27 %, 3.25 / 2.5965 − 1 = 25.17 %.
    lo, hi = analysis.growth_interval((2.5965, 2.5975), (3.15, 3.25))
    assert lo == pytest.approx(0.2127, abs=5e-5)
    assert hi == pytest.approx(0.2517, abs=5e-5)
    assert analysis.growth_interval((0.0, 1.0), (3.15, 3.25)) is None


def test_audits_of_sums_growth_formulas_and_parts() -> None:
    # s3 + s4 = 3.8 (3.75–3.85) + 0.779 (0.7785–0.7795) = 4.5285–4.6295 vs s1 4.6 (4.55–4.65).
    a = analysis.audit_sum((4.55, 4.65), [(3.75, 3.85), (0.7785, 0.7795)])
    assert a.status == "pass"
    assert a.recomputed == pytest.approx((4.5285, 4.6295))
    assert analysis.audit_sum((4.7, 4.8), [(3.75, 3.85), (0.7785, 0.7795)]).status == "fail"
    assert analysis.audit_sum((4.55, 4.65), []).status == "n/a"
    # Stated +24 % (23.5–24.5) vs 2.596 → 3.223 bn, each to 0.001 bn:
    # 3.2225 / 2.5965 − 1 = 24.109 %, 3.2235 / 2.5955 − 1 = 24.196 %.
    g = analysis.audit_stated_growth((23.5, 24.5), (2.5955, 2.5965), (3.2225, 3.2235))
    assert g.status == "pass"
    assert g.recomputed == pytest.approx((24.109, 24.196), abs=5e-4)
    assert analysis.audit_stated_growth(
        (29.5, 30.5), (2.5955, 2.5965), (3.2225, 3.2235)
    ).status == ("fail")
    assert analysis.audit_stated_growth((23.5, 24.5), (0.0, 1.0), (3.2, 3.3)).status == "n/a"
    assert analysis.audit_formula((1.0, 1.0), None).status == "fail"
    assert analysis.audit_formula((4.55, 4.65), (4.589, 4.589)).status == "pass"
    assert analysis.audit_formula((4.55, 4.65), (4.7, 4.7)).status == "fail"
    # The plan's split 15 + 1 + 10 = 26 against its 25: a warning, not a failure.
    assert analysis.audit_parts(25.0, [15.0, 1.0, 10.0]).status == "warn"
    assert analysis.audit_parts(26.0, [15.0, 1.0, 10.0]).status == "pass"


def test_a_pace_equal_to_the_required_rate_is_on_track() -> None:
    # Pace: 100 → 400 over FY2022-23 → FY2024-25, 2 years: 4^(1/2) − 1 = 100 %, exactly.
    # Required: 400 → 1600 by FY2026-27, 2 years: 4^(1/2) − 1 = 100 %, exactly.
    series = [(FY(2022), 100.0), (FY(2024), 400.0)]
    a = assess_target(1600.0, FY(2026), date(2025, 1, 3), series, date(2025, 9, 1))
    assert a.pace is not None and a.required is not None
    assert (a.pace.value, a.required.value) == (1.0, 1.0)
    assert a.verdict == "on track"
    assert a.pace_from is not None and a.pace_from.label == "FY2022-23"


def test_without_a_pace_the_verdict_awaits_data_and_says_why() -> None:
    one = assess_target(10.0, FY(2028), date(2025, 1, 3), [(FY(2024), 4.0)], date(2025, 9, 1))
    assert (one.verdict, one.reason) == (
        "awaiting data",
        "no recent pace to judge by: one figure is not a trend",
    )
    zero = [(FY(2023), 0.0), (FY(2024), 4.0)]
    a = assess_target(10.0, FY(2028), date(2025, 1, 3), zero, date(2025, 9, 1))
    assert (a.verdict, a.reason) == (
        "awaiting data",
        "no recent pace to judge by: the starting value is zero",
    )


def test_years_from_a_point_in_time_figure_count_days() -> None:
    # June 2025 (ends 2025-06-30) to the end of FY2028-29 (2029-06-30): 1461 days / 365.25 = 4.
    # Judged on 2025-06-30: 1461 days left, 4 years too.
    series = [(periods.month(2024, 6), 2.0), (periods.month(2025, 6), 4.0)]
    a = assess_target(64.0, FY(2028), date(2025, 1, 3), series, date(2025, 6, 30))
    assert a.years_from_latest == 4.0
    assert a.years_left == 4.0
    # 4 → 64 in 4 years: 16^(1/4) − 1 = 100 % required.
    assert a.required is not None and a.required.value == pytest.approx(1.0)


# dataset: what a date can see --------------------------------------------------------------


def _total_periods(path: str | None, day: date) -> list[str]:
    return [p.period.label for p in dataset.load(path, day).series("it-exports-total")]


def test_a_figure_published_on_the_as_of_day_is_visible() -> None:
    # The seed (4.6 bn, and FY2023-24 derived from it) was published on 2025-07-19.
    assert _total_periods(None, date(2025, 7, 18)) == []
    assert _total_periods(None, date(2025, 7, 19)) == ["FY2023-24", "FY2024-25"]


@pytest.mark.parametrize("own", [None, date(2025, 1, 1)])
def test_a_view_as_known_on_a_day_is_the_dataset_loaded_as_of_that_day(own: date | None) -> None:
    data = dataset.load(None, own)
    for day in (date(2024, 3, 1), date(2024, 12, 20), date(2025, 8, 1)):
        view = data.as_known_on(day)
        fresh = dataset.load(None, min(day, own) if own else day)
        assert view.as_of == fresh.as_of  # never later than the data's own as-of date
        for ident in data.indicators:
            assert view.all_vintages(ident) == fresh.all_vintages(ident)
            assert view.vintages(ident) == fresh.vintages(ident)
        assert data.as_known_on(day) is view  # one view a day
    assert data.all_vintages("ict-exports") == dataset.load(None, own).all_vintages("ict-exports")


def test_a_derived_figure_waits_for_the_statement_it_uses(dataset_file: Any) -> None:
    # FY2023-24's total is 4.6 bn / (1 + 26.4 %): moved to 2025-08-01, the statement of
    # 26.4 % hides the derived figure until that day, though its own as_of is 2025-07-19.
    def publish_the_growth_later(data: dict[str, Any]) -> None:
        [st] = [s for s in data["statements"] if s["id"] == "st-total-fy2024-25"]
        st["as_of"] = "2025-08-01"

    path = str(dataset_file(publish_the_growth_later))
    assert _total_periods(path, date(2025, 7, 31)) == ["FY2024-25"]
    assert _total_periods(path, date(2025, 8, 1)) == ["FY2023-24", "FY2024-25"]


# The audit (pkit check): intervals as people read them -----------------------------------------


def test_outward_rounding_never_narrows_an_interval() -> None:
    # 4.5285 … 4.6295 to steps of 0.001: down to 4.528, up to 4.630.
    assert text_module._outward(4.5285, 4.6295, 0.001) == pytest.approx((4.528, 4.630))
    # Ends already on the step stay put: 4.55 … 4.65 to 0.01 (4.55 / 0.01 is 454.99999…).
    assert text_module._outward(4.55, 4.65, 0.01) == pytest.approx((4.55, 4.65))
    assert text_module._outward(2.0, 3.0, 1.0) == (2.0, 3.0)


def test_the_step_tells_the_two_ends_apart() -> None:
    # Width 0.101 bn = 1.01e8: 10^(8 − 2) = 1e6 (three decimals of a billion).
    assert text_module._step_for_interval(4.5285e9, 4.6295e9) == 1e6
    # Percent: width 3.8987: 10^(0 − 1) = 0.1. No width: a step of 1.
    assert text_module._step_for_interval(21.2698, 25.1685, 1) == pytest.approx(0.1)
    assert text_module._step_for_interval(5.0, 5.0) == 1.0


@pytest.mark.parametrize(
    ("interval", "unit", "text"),
    [
        # s3 + s4 = 3.75–3.85 bn + 778.5–779.5 mn, rounded outwards to 1 mn.
        ((4.5285e9, 4.6295e9), "USD", "$4.528 bn to $4.630 bn"),
        # The first release: 2.123 / 1.440 − 1 to 0.001 bn each end: width 0.01, step 0.001.
        ((47.425, 47.435), None, "47.425 to 47.435 %"),
        # 3.15 / 2.5975 − 1 … 3.25 / 2.5965 − 1: width 3.9, step capped at 0.01.
        ((21.2698, 25.1685), None, "21.26 to 25.17 %"),
        ((24.0, 24.0), None, "24.00 %"),
        ((4.6e9, 4.6e9), "USD", "$4.6 bn"),
        (None, None, "—"),
        (None, "USD", "—"),
    ],
)
def test_interval_text(interval: Any, unit: str | None, text: str) -> None:
    # The interval text moved to text.py: a growth rate in percent (unit None here, as in the
    # audit's _interval_cell) is growth_interval_text, a dataset unit interval_text.
    if unit is None:
        assert text_module.growth_interval_text(interval) == text
    else:
        assert text_module.interval_text(interval, unit) == text


def test_a_base_of_zero_or_less_is_named() -> None:
    zero, negative = "the starting value is zero", "the starting value is negative"
    assert analysis.percent_change(0.0, 1.0) == Result(None, zero)
    assert analysis.percent_change(-1.0, 1.0) == Result(None, negative)
    assert compounded_annual_rate(0.0, 1.0, 1) == Result(None, zero)
    assert compounded_annual_rate(-1.0, 1.0, 1) == Result(None, negative)


def test_the_float_slack_is_relative_to_the_larger_end() -> None:
    # (1, 2) is widened by 2e-9 (1e-9 × its larger end), (2 + 4e-9, 3) by 3e-9: they meet.
    # Widened by 1e-9 × the smaller ends (1e-9 and 2e-9), they would not.
    assert analysis.consistent((1.0, 2.0), (2.0 + 4e-9, 3.0))
    # Negative: (−3, −2) is widened by 3e-9 and (−2 + 4e-9, −1) by 2e-9: they meet; by the
    # right-hand ends' sizes (2e-9 and 1e-9) they would not.
    assert analysis.consistent((-3.0, -2.0), (-2.0 + 4e-9, -1.0))
    # Beyond the slack: 2 + 6e-9 is 1e-9 too far from (1, 2).
    assert not analysis.consistent((1.0, 2.0), (2.0 + 6e-9, 3.0))


# periods: the edges ------------------------------------------------------------------------------


def test_the_first_and_last_fiscal_years() -> None:
    # Pakistan's first fiscal year starts in July 1947; years run to 2199.
    assert periods.parse_canonical("FY1947-48").start == date(1947, 7, 1)
    assert periods.parse_canonical("FY2198-99").end == date(2199, 6, 30)
    for outside in ("FY1946-47", "FY2199-00"):
        with pytest.raises(periods.PeriodError, match="out of range"):
            periods.parse_canonical(outside)


def test_july_opens_a_fiscal_year() -> None:
    july = periods.month(2025, 7)
    assert july.fiscal_start_year == 2025
    # June 2025 and March 2025 belong to the fiscal year that started in July 2024.
    assert periods.month(2025, 6).fiscal_start_year == 2024
    assert periods.fiscal_part(2024, "Jan", "Mar").fiscal_start_year == 2024
    assert periods.containing_fiscal_year(july).label == "FY2025-26"
    assert periods.containing_fiscal_year(periods.month(2025, 6)).label == "FY2024-25"
    assert periods.fiscal_part(2024, "Jul", "Jul").start == date(2024, 7, 1)
    assert periods.fiscal_part(2024, "Jul", "Jul").end == date(2024, 7, 31)


def test_months_one_to_twelve() -> None:
    assert periods.parse_canonical("2025-01").start == date(2025, 1, 1)
    assert periods.parse_canonical("2025-12").end == date(2025, 12, 31)
    for outside in ("2025-00", "2025-13"):
        with pytest.raises(periods.PeriodError, match="not a month"):
            periods.parse_canonical(outside)


def test_a_period_lies_within_its_own_bounds() -> None:
    fy = FY(2024)
    assert fy.within(fy, fy)
    assert not fy.within(FY(2025), None)
    assert not fy.within(None, FY(2023))


def test_periods_compare_by_end_then_start() -> None:
    fy24, fy25 = FY(2024), FY(2025)
    assert fy24 < fy25 and not fy24 < fy24
    assert fy24 <= fy24 and fy24 <= fy25 and not fy25 <= fy24
    assert fy25 > fy24 and not fy24 > fy24
    assert fy24 >= fy24 and fy25 >= fy24 and not fy24 >= fy25
    # FY2024-25 and June 2025 end on the same day; the year starts earlier, so it comes first.
    june = periods.month(2025, 6)
    assert fy24 < june and june > fy24
    assert periods.label_sort_key("FY2024-25") == (date(2025, 6, 30), date(2024, 7, 1))
    assert sorted(["2025-06", "FY2024-25", "FY2023-24"], key=periods.label_sort_key) == [
        "FY2023-24",
        "FY2024-25",
        "2025-06",
    ]


def test_comparable_with_answers_true_or_false() -> None:
    full, part = FY(2024), periods.fiscal_part(2024, "Jul", "Mar")
    assert full.comparable_with(part) is False
    assert part.comparable_with(periods.fiscal_part(2023, "Jul", "Mar")) is True
    assert full.comparable_with(periods.month(2025, 6)) is False


def test_a_fiscal_year_with_both_years_in_full() -> None:
    assert periods.parse("2024-2025").label == "FY2024-25"
    assert periods.parse("FY2024/2025").label == "FY2024-25"
    with pytest.raises(periods.PeriodError, match="ends the year after it starts"):
        periods.parse("2024-2026")


def test_two_digit_fiscal_years_across_a_century() -> None:
    # FY99-00: 99 + 1 = 100, whose last two digits are 00.
    assert periods.parse("FY99-00").label == "FY2099-00"
    # The canonical form names the year it should have been: FY2024-26 → FY2024-25.
    with pytest.raises(periods.PeriodError, match=r"\(FY2024-25\)"):
        periods.parse_canonical("FY2024-26")


# formula: signs and length ------------------------------------------------------------------


def test_signs_in_a_formula() -> None:
    # −2 + 5 = 3; 5 − −2 = 7; +2 = 2.
    assert formula.evaluate("-a + b", {"a": 2.0, "b": 5.0}) == 3.0
    assert formula.evaluate("b - -a", {"a": 2.0, "b": 5.0}) == 7.0
    assert formula.evaluate("+a", {"a": 2.0}) == 2.0
    formula.check_formula("-a + b", {"a", "b"})
    formula.check_formula("-a", {"a"})
    with pytest.raises(ValueError, match="not used"):
        formula.check_formula("-a", {"a", "b"})


def test_a_formula_may_be_500_characters_long() -> None:
    formula.check_formula("x" * 500, {"x" * 500})
    with pytest.raises(ValueError, match="longer than 500 characters"):
        formula.check_formula("x" * 501, {"x" * 501})


def test_a_formula_constant_may_be_as_large_as_1e15() -> None:
    # 10^15 = 1,000,000,000,000,000 is the largest constant; one more is out of range.
    formula.check_formula("a * 1000000000000000", {"a"})
    with pytest.raises(ValueError, match=r"^formula constant 1000000000000001 is out of range"):
        formula.check_formula("a * 1000000000000001", {"a"})


@pytest.mark.parametrize(
    ("constant", "shown"),
    [
        # A float is shown as Python writes it: 1e16 → "1e+16".
        ("1e16", "1e+16"),
        # 10^19 has 20 digits: shown whole. 10^20 has 21: its first 17 digits and "...".
        ("10000000000000000000", "10000000000000000000"),
        ("100000000000000000000", "10000000000000000..."),
    ],
)
def test_a_constant_out_of_range_is_shown_cut_to_twenty_characters(
    constant: str, shown: str
) -> None:
    with pytest.raises(ValueError) as refused:
        formula.check_formula(f"a * {constant}", {"a"})
    assert str(refused.value) == f"formula constant {shown} is out of range (at most 1e+15)"


# The audit (pkit check): what each check says --------------------------------------------------


def _checks(run: Any, *before: str) -> dict[str, dict[str, Any]]:
    result = run(*before, "check", "--json")
    assert result.exit_code == 0, result.stderr
    return {c["check"] + ": " + c["subject"]: c for c in json.loads(result.stdout)["checks"]}


def test_the_audit_details_show_the_figures_it_compared(run: Any) -> None:
    checks = _checks(run)
    # data-sources.md: s3 + s4 = 3.8 bn + 779 mn vs s1 4.6 bn; later 3.810 bn + 779 mn.
    total = checks["components: it-exports-total FY2024-25 = ict-exports + freelancing"]
    assert total["detail"] == (
        "$3.8 bn + $779 mn vs $4.6 bn: the components add up to the total within rounding; "
        "with the latest vintages $3.810 bn + $779 mn: still consistent"
    )
    # 2.123 / 1.440 − 1 = 47.43 % as first stated; revised 2.108 / 1.440 − 1 = 46.39 %.
    first = checks["stated growth: st-ict-fy2020-21: +47.43 % FY2020-21 vs FY2019-20"]
    assert first["detail"] == (
        "$1.440 bn → $2.123 bn = +47.43 %: the levels imply the stated rate within rounding; "
        "latest vintages $1.440 bn → $2.108 bn = +46.39 %: outside the stated rate since the "
        "levels were revised"
    )
    # The FY2023-24 total is 4.6 bn / (1 + 26.4 / 100), from the seed's own figures.
    derived = checks["derivation: it-exports-total FY2023-24 (as of 2025-07-19)"]
    assert derived["detail"] == (
        "total / (1 + growth / 100) with total = $4.6 bn, growth = 26.4 %: "
        "the stored value reproduces its formula"
    )
    # T6 doubles "over 550" villages: the input keeps its qualifier.
    assert checks["derivation: target T6"]["detail"] == (
        "2 * villages with villages = 550+: the stored value reproduces its formula"
    )
    # A statement a level was derived from cannot also check that level.
    for st in ("st-total-fy2024-25: +26.4 %", "st-freelancing-fy2024-25: +90 %"):
        [row] = [c for key, c in checks.items() if key.startswith("stated growth: " + st)]
        assert row["status"] == "n/a"
        assert row["detail"].startswith("a level is derived from this statement")


def test_the_audit_on_the_day_the_seed_was_published(run: Any) -> None:
    # --as-of 2025-07-19 is the seed's own day: its figures are judged as known that day.
    checks = _checks(run, "--as-of", "2025-07-19")
    total = checks["components: it-exports-total FY2024-25 = ict-exports + freelancing"]
    assert (total["status"], total["basis"]) == ("pass", "as of 2025-07-19")
    assert total["detail"] == (
        "$3.8 bn + $779 mn vs $4.6 bn: the components add up to the total within rounding"
    )


def test_an_interval_narrower_than_float_noise_is_one_value() -> None:
    # 0 … 1e-9 is within the 1e-9 tolerance: shown as the single value 0.00 %.
    assert text_module.growth_interval_text((0.0, 1e-9)) == "0.00 %"
    # A width of $1 on $4.6 bn is float noise too (1 ≤ 1e-9 × 4.6e9).
    assert text_module.interval_text((4.6e9, 4.6e9 + 1), "USD") == "$4.6 bn"


def test_a_target_set_before_its_series_has_figures_is_a_warning(run: Any) -> None:
    # T4 was set on 2025-01-03; freelancing's first figures were published on 2025-07-19.
    checks = _checks(run, "--as-of", "2025-01-03")
    t4 = checks["target series: T4"]
    assert (t4["status"], t4["detail"]) == ("warn", "freelancing has no figures yet")


def test_derived_intervals_follow_their_inputs_five_levels_deep() -> None:
    data = dataset.load(None)
    derived = data.point("it-exports-total", FY(2023))
    assert derived is not None
    # Through the formula: total 4.55–4.65 bn, growth 26.35–26.45 %:
    # 4.55 / 1.2645 = 3.59826 bn … 4.65 / 1.2635 = 3.68025 bn.
    # point_interval no longer takes a depth; the depth is _value_at's (the figure model),
    # with the cut-off in MAX_DERIVATION_DEPTH.
    assert audit_module.MAX_DERIVATION_DEPTH == 5
    lo, hi = audit_module.point_interval(data, derived)
    assert (lo, hi) == (pytest.approx(3.59826e9, rel=1e-6), pytest.approx(3.68025e9, rel=1e-6))
    assert _interval_at_depth(data, derived, 5) == (lo, hi)
    # Deeper than five levels: only its own rounding, 3,639,240,506 ± 5 mn.
    lo, hi = _interval_at_depth(data, derived, 6)
    assert (lo, hi) == (pytest.approx(3.63424e9, rel=1e-6), pytest.approx(3.64424e9, rel=1e-6))


def _interval_at_depth(data: Any, p: Any, depth: int) -> Any:
    leaves: dict[str, analysis.Interval] = {}
    value_at = audit_module._value_at(data, p, leaves, depth)
    return analysis.corner_range(leaves, value_at)


def test_the_audit_title_names_the_as_of_date(run: Any) -> None:
    then = run("--as-of", "2025-01-03", "check")
    assert then.exit_code == 0, then.stderr
    assert then.stdout.splitlines()[0] == "Audit of embedded dataset as known on 2025-01-03"
    now = run("check")
    assert now.exit_code == 0, now.stderr
    assert now.stdout.splitlines()[0] == "Audit of embedded dataset"


def test_a_split_that_does_not_add_up_quotes_the_datas_note(run: Any) -> None:
    # 15 + 1 + 10 = 26 bn against its 25 bn; the data's note explains why. The split moved
    # from T2 to T9 (the plan of 2024-11-22) when the targets were re-sourced, and its part
    # is now named "Digitisation" as the data names it.
    t9 = _checks(run)["target structure: T9"]
    assert t9["status"] == "warn"
    assert t9["detail"].startswith(
        "IT exports $15 bn + Telecom exports $1 bn + Digitisation $10 bn: the parts do not "
        "add up to the target. The data's note: "
    )


def test_target_series_count_their_periods(run: Any) -> None:
    checks = _checks(run)
    assert checks["target series: T6"]["detail"] == "tracked by villages-connected (1 period)"
    assert checks["target series: T4"]["detail"] == "tracked by freelancing (2 periods)"


def test_the_audit_of_a_broken_dataset(run: Any, dataset_file: Any) -> None:
    def break_it(data: dict[str, Any]) -> None:
        [t4] = [t for t in data["targets"] if t["id"] == "T4"]
        t4["unit"] = "count"
        [st] = [s for s in data["statements"] if s["id"] == "st-ict-fy2022-23"]
        st["base_period"] = "FY2021-22 Jul-Mar"
        [ict] = [i for i in data["indicators"] if i["id"] == "ict-exports"]
        [fy20] = [o for o in ict["observations"] if o["period"] == "FY2019-20"]
        fy20["value"], fy20["precision"] = 0.5, 0.1
        for o in ict["observations"]:
            if o["period"] == "FY2022-23":
                o["value"] = 0
        [total] = [i for i in data["indicators"] if i["id"] == "it-exports-total"]
        [fy25] = [o for o in total["observations"] if o["period"] == "FY2024-25"]
        total["observations"].append(fy25 | {"value": 4.7e9, "as_of": "2025-09-01"})

    result = run("--data", str(dataset_file(break_it)), "check", "--json")
    assert result.exit_code == 1, result.stderr  # checks fail: exit 1
    checks = {c["check"] + ": " + c["subject"]: c for c in json.loads(result.stdout)["checks"]}
    t4 = checks["target series: T4"]
    assert (t4["status"], t4["detail"]) == (
        "fail",
        "the target is in count but freelancing is in USD",
    )
    unlike = checks["stated growth: st-ict-fy2022-23: about -1 % FY2022-23 vs FY2021-22 Jul-Mar"]
    assert (unlike["status"], unlike["detail"]) == (
        "n/a",
        "FY2021-22 Jul-Mar and FY2022-23 are not like periods",
    )
    # A base level below one still gets its percent change: 2.123 bn / 0.5 − 1 = 4,245,999,999
    # = +424,599,999,900 %; the revised 2.108 bn / 0.5 − 1 = +421,599,999,900 %.
    # (Rates in text now carry thousands separators, as every other number does.)
    tiny = checks["stated growth: st-ict-fy2020-21: +47.43 % FY2020-21 vs FY2019-20"]
    assert tiny["status"] == "fail"
    assert tiny["detail"] == (
        "$0.5 → $2.123 bn = +424,599,999,900.00 %: the levels do not imply the stated rate; "
        "latest vintages $0.5 → $2.108 bn = +421,599,999,900.00 %: outside the stated rate since "
        "the levels were revised"
    )
    # A base of zero has no percent change at all. (The statement now carries the source's
    # "an increase of over 24 percent" as qualifier at_least, so its subject reads "over +24 %".)
    zero = checks["stated growth: st-ict-fy2023-24-nation: over +24 % FY2023-24 vs FY2022-23"]
    assert (zero["status"], zero["detail"]) == (
        "n/a",
        "$0 → $3.223 bn: the base level is not positive",
    )
    # A revised total is checked in its latest vintage (4.7 bn, 4.65–4.75) against the
    # components known then: 3.810 bn + 779 mn = 4.5885–4.5895 bn, short of 4.65.
    revised = checks["components: it-exports-total FY2024-25 = ict-exports + freelancing"]
    assert (revised["status"], revised["basis"]) == ("fail", "as of 2025-09-01")
    assert revised["detail"] == (
        "$3.810 bn + $779 mn vs $4.7 bn: the components do not add up to the total"
    )


def test_a_statement_is_traced_through_derivations_five_levels_deep() -> None:
    data = dataset.load(None)
    derived = data.point("it-exports-total", FY(2023))
    assert audit_module._uses_statement(data, derived, "st-total-fy2024-25", 5) is True
    assert audit_module._uses_statement(data, derived, "st-total-fy2024-25", 6) is False
    assert audit_module._uses_statement(data, derived, "st-freelancing-fy2024-25") is False


# analysis: the what-if verdict beside a verdict no rate can change ---------------------------


def test_a_verdict_no_rate_can_change_is_its_own_what_if() -> None:
    # No series measures it: "no data" at the recent pace, and at 20 % a year too.
    a = assess_target(5 * BN, FY(2028), date(2025, 1, 3), [], date(2025, 9, 1), False, 0.20)
    assert (a.verdict, a.what_if_rate, a.what_if_verdict) == ("no data", 0.20, "no data")
    assert a.what_if_reason == "no series in the data measures this target"
    # Without a rate there is no what-if at all.
    b = assess_target(5 * BN, FY(2028), date(2025, 1, 3), [], date(2025, 9, 1), False)
    assert (b.verdict, b.what_if_rate, b.what_if_verdict, b.what_if_reason) == (
        "no data",
        None,
        None,
        None,
    )


# analysis: the run-rate of a year under way ---------------------------------------------------

MN = 1e6


def _months_mn(values: dict[str, float]) -> list[analysis.MonthFigure]:
    """Months stated to 1 mn, each standing for ± 0.5 mn."""
    return [
        analysis.MonthFigure(
            periods.parse_canonical(label), mn * MN, (mn * MN - MN / 2, mn * MN + MN / 2)
        )
        for label, mn in values.items()
    ]


# data-monthly.md section 1 (USD mn): FY2025-26 July–February, and FY2024-25 March–June
# (May derived: 3,810 − 3,480 = 330).
FY26_JUL_FEB = {"2025-07": 354, "2025-08": 337, "2025-09": 366, "2025-10": 386}
FY26_JUL_FEB |= {"2025-11": 356, "2025-12": 437, "2026-01": 374, "2026-02": 365}
FY25_MAR_JUN = {"2025-03": 342, "2025-04": 317, "2025-05": 330, "2025-06": 339}


def test_no_projection_when_the_same_months_a_year_earlier_sum_to_zero() -> None:
    # FY2024-25 July–February set to 0: nothing to grow the rest of the year by.
    # T8 ($5 bn): (5,000 − 2,975.5) / 4 = 506.1 mn a month, not more than 2 × 437.5: not out of
    # reach, so the verdict waits for a projection there is none of.
    zeros = {f"2024-{m:02d}": 0.0 for m in range(7, 13)} | {"2025-01": 0.0, "2025-02": 0.0}
    rr = analysis.run_rate(5_000 * MN, FY(2025), _months_mn(zeros | FY25_MAR_JUN | FY26_JUL_FEB))
    assert rr is not None
    assert rr.base == 0.0
    assert rr.ytd_growth == Result(None, "the starting value is zero")
    why = "the same months a year earlier sum to zero or less"
    assert (rr.projected_rest, rr.projected, rr.projected_range) == (
        Result(None, why),
        Result(None, why),
        None,
    )
    assert (rr.verdict, rr.reason) == ("awaiting data", f"no projection: {why}")


def test_the_t8_projection_names_the_growth_it_used() -> None:
    # data-sources.md S6: 4,566.78 / 5,000 = 91.34 %; 2,975 / 2,482 − 1 = +19.86 %.
    months = {"2024-07": 286, "2024-08": 298, "2024-09": 292, "2024-10": 330}
    months |= {"2024-11": 310, "2024-12": 348, "2025-01": 313, "2025-02": 305}
    rr = analysis.run_rate(5_000 * MN, FY(2025), _months_mn(months | FY25_MAR_JUN | FY26_JUL_FEB))
    assert rr is not None
    assert rr.reason == (
        "projected 91.34% of the target by FY2025-26: the rest of the year at the year-to-date "
        "growth of +19.86% on the same months a year earlier"
    )


def test_twelve_months_on_the_target_exactly_meet_it() -> None:
    # FY2024-25's months (data-monthly.md) sum to 3,810 mn, ± 12 × 0.5 = 3,804 … 3,816 mn.
    months = {"2024-07": 286, "2024-08": 298, "2024-09": 292, "2024-10": 330}
    months |= {"2024-11": 310, "2024-12": 348, "2025-01": 313, "2025-02": 305}
    year = _months_mn(months | FY25_MAR_JUN)
    # 3,804 at the least: met, even at that edge. 3,804 / 3,804 = 100.16 % of the target.
    met = analysis.run_rate(3_804 * MN, FY(2024), year)
    assert met is not None and met.ytd_range == (3_804 * MN, 3_816 * MN)
    assert met.still_needed == 0.0  # 3,804 − 3,810 < 0: nothing left to do
    # No month is left: the year is the sum of its months, not a projection.
    assert (met.projected_rest, met.projected) == (Result(0.0), Result(3_810 * MN))
    assert (met.verdict, met.reason) == (
        "met",
        "the twelve months of FY2024-25 sum to 100.16% of the target",
    )
    # 3,810 lies inside 3,804 … 3,816: 3,810 / 3,810 = 100.00 %, either way.
    close = analysis.run_rate(3_810 * MN, FY(2024), year)
    assert close is not None
    assert (close.verdict, close.reason) == (
        "too close to call",
        "the twelve months of FY2024-25 sum to 100.00% of the target, but within the rounding "
        "of the figures it rests on it could go either way",
    )
    # 3,816 at the most: still reachable within rounding, so not missed.
    top = analysis.run_rate(3_816 * MN, FY(2024), year)
    assert top is not None and top.verdict == "too close to call"
    # 3,817: beyond 3,816, missed; 3,810 / 3,817 = 99.82 %.
    missed = analysis.run_rate(3_817 * MN, FY(2024), year)
    assert missed is not None
    assert (missed.verdict, missed.reason) == (
        "missed",
        "the twelve months of FY2024-25 sum to 99.82% of the target",
    )


def _even_months(
    ytd_interval: tuple[float, float],
    before: float = 100.0,
    before_interval: tuple[float, float] | None = None,
) -> list[analysis.MonthFigure]:
    """FY2024-25 every month ``before`` (100, exact), FY2025-26 July–February 200 each,
    standing for ``ytd_interval``: numbers whose projection is exact in floating point."""
    out = [
        analysis.MonthFigure(
            periods.parse_canonical(f"{y}-{m:02d}"), before, before_interval or (before, before)
        )
        for y, ms in ((2024, range(7, 13)), (2025, range(1, 7)))
        for m in ms
    ]
    out += [
        analysis.MonthFigure(periods.parse_canonical(f"{y}-{m:02d}"), 200.0, ytd_interval)
        for y, ms in ((2025, range(7, 13)), (2026, range(1, 3)))
        for m in ms
    ]
    return out


def test_a_projection_on_the_target_exactly() -> None:
    # Year to date 8 × 200 = 1,600 on 8 × 100 = 800 a year earlier; the rest a year earlier
    # 4 × 100 = 400: projected 1,600 + 400 × 1,600 / 800 = 2,400.
    exact = analysis.run_rate(2_400.0, FY(2025), _even_months((200.0, 200.0)))
    assert exact is not None
    assert (exact.projected.value, exact.projected_range) == (2_400.0, (2_400.0, 2_400.0))
    assert exact.verdict == "on track (projected)"  # reaching it exactly is on track
    # Each month 199 … 200: the year to date 1,592 … 1,600, projected
    # 1,592 + 400 × 1,592 / 800 = 2,388 … 2,400: the top of the range only touches the target.
    touching = analysis.run_rate(2_400.0, FY(2025), _even_months((199.0, 200.0)))
    assert touching is not None and touching.projected_range == (2_388.0, 2_400.0)
    assert touching.verdict == "too close to call (projected)"


def test_a_what_if_needs_the_rest_of_the_year_a_year_earlier() -> None:
    # April 2025 missing: the months still to come (March–June) have no like months to grow.
    months = {"2024-07": 286, "2024-08": 298, "2024-09": 292, "2024-10": 330}
    months |= {"2024-11": 310, "2024-12": 348, "2025-01": 313, "2025-02": 305}
    rest = {k: v for k, v in FY25_MAR_JUN.items() if k != "2025-04"}
    rr = analysis.run_rate(5_000 * MN, FY(2025), _months_mn(months | rest | FY26_JUL_FEB))
    assert rr is not None and rr.base_rest is None and rr.verdict == "awaiting data"
    why = "no projection: the data lacks some of the same months a year earlier"
    assert analysis.run_rate_what_if(rr, 5_000 * MN, 0.20) == (
        Result(None, why),
        "awaiting data",
        why,
    )


def test_a_pace_that_only_touches_the_required_rate_does_not_flip() -> None:
    # pace − required over the corners: 0 … 1 never drops below zero (pace ≥ required is on
    # track, as _on_pace has it): no flip. −1 … 0: behind at one corner, on track at the
    # other: a flip.
    leaves = {"x": (0.0, 1.0)}
    assert analysis._flips(leaves, lambda v: v["x"], lambda v: 0.0) is False
    assert analysis._flips(leaves, lambda v: v["x"] - 1.0, lambda v: 0.0) is True
    assert analysis._flips(leaves, lambda v: v["x"] - 2.0, lambda v: 0.0) is False


def test_a_base_below_one_still_projects() -> None:
    # A year earlier each month 0.0625: July–February 0.5, March–June 0.25. The year to date
    # 1,600: projected 1,600 + 0.25 × 1,600 / 0.5 = 2,400.
    rr = analysis.run_rate(2_400.0, FY(2025), _even_months((200.0, 200.0), 0.0625))
    assert rr is not None and rr.base == 0.5
    assert rr.projected == Result(2_400.0)
    assert rr.verdict == "on track (projected)"


def test_needing_exactly_twice_the_record_month_is_not_out_of_reach() -> None:
    # Target 3,200: (3,200 − 1,600) / 4 = 400 a month = 2 × the record (200), not more.
    # Projected 2,400 (as above) < 3,200: behind.
    rr = analysis.run_rate(3_200.0, FY(2025), _even_months((200.0, 200.0)))
    assert rr is not None and rr.needed_vs_record == 2.0
    assert rr.verdict == "behind (projected)"
    # 3,201: 400.25 a month, more than twice 200: out of reach.
    beyond = analysis.run_rate(3_201.0, FY(2025), _even_months((200.0, 200.0)))
    assert beyond is not None and beyond.verdict == "out of reach"


def test_a_what_if_on_the_target_exactly_is_on_track() -> None:
    # At +100 %: 1,600 + 400 × 2 = 2,400 = the target.
    rr = analysis.run_rate(2_400.0, FY(2025), _even_months((200.0, 200.0)))
    assert rr is not None
    projected, verdict, why = analysis.run_rate_what_if(rr, 2_400.0, 1.0)
    assert (projected, verdict) == (Result(2_400.0), "on track (projected)")
    assert why == (
        "projected 100.00% of the target by FY2025-26 with the rest of the year at +100.00% "
        "on the same months a year earlier"
    )


def test_a_year_earlier_that_could_be_zero_has_no_projected_range() -> None:
    # Each month a year earlier 100 standing for 0 … 200: July–February could sum to 0,
    # so the low end of the base is no divisor and there is no range to judge by.
    rr = analysis.run_rate(2_400.0, FY(2025), _even_months((200.0, 200.0), 100.0, (0.0, 200.0)))
    assert rr is not None
    assert rr.projected == Result(2_400.0) and rr.projected_range is None
    assert rr.verdict == "awaiting data"


def test_a_projection_without_a_range_says_why() -> None:
    # Was a bug, found by this pin: the reason read 'no projection: None'.
    rr = analysis.run_rate(2_400.0, FY(2025), _even_months((200.0, 200.0), 100.0, (0.0, 200.0)))
    assert rr is not None
    assert "None" not in rr.reason


def test_a_passed_deadline_awaiting_data_shows_the_latest_figure() -> None:
    # 1 (FY2022-23) then 2 (FY2023-24) of 8; FY2024-25's deadline passed with no figure:
    # judged so far on the latest, FY2023-24: 2 / 8 = 25 %.
    series = [(FY(2022), 1.0), (FY(2023), 2.0)]
    a = assess_target(8.0, FY(2024), date(2023, 1, 1), series, date(2026, 1, 1))
    assert a.verdict == "awaiting data"
    assert a.latest_period is not None and a.latest_period.label == "FY2023-24"
    assert (a.latest_value, a.progress) == (2.0, 0.25)


def test_a_projection_without_a_growth_rate_still_names_its_share() -> None:
    # A year earlier July–February each 5e-324 (the smallest float), March–June 0: the year to
    # date 1,600 over a base of 4e-323 is no finite growth, but the rest of the year is
    # 0 × anything = 0, so the projection is 1,600 + 0 = 1,600: 1,600 / 1,601 = 99.94 %.
    tiny = [(f"2024-{m:02d}", 5e-324) for m in range(7, 13)] + [("2025-01", 5e-324)]
    tiny += [("2025-02", 5e-324)] + [(f"2025-{m:02d}", 0.0) for m in range(3, 7)]
    ytd = [(f"2025-{m:02d}", 200.0) for m in range(7, 13)] + [("2026-01", 200.0)]
    ytd += [("2026-02", 200.0)]
    months = [
        analysis.MonthFigure(periods.parse_canonical(label), v, (v, v)) for label, v in tiny + ytd
    ]
    rr = analysis.run_rate(1_601.0, FY(2025), months)
    assert rr is not None and rr.ytd_growth.value is None
    assert rr.projected == Result(1_600.0)
    assert (rr.verdict, rr.reason) == (
        "behind (projected)",
        "projected 99.94% of the target by FY2025-26",
    )


def _flat_months(
    before: float, now: float, now_interval: tuple[float, float]
) -> list[analysis.MonthFigure]:
    """FY2024-25 every month ``before`` (exact); FY2025-26 July–February ``now`` each."""
    fy25 = [(y, m) for y, ms in ((2024, range(7, 13)), (2025, range(1, 7))) for m in ms]
    fy26 = [(y, m) for y, ms in ((2025, range(7, 13)), (2026, range(1, 3))) for m in ms]
    return [
        analysis.MonthFigure(periods.month(y, m), before, (before, before)) for y, m in fy25
    ] + [analysis.MonthFigure(periods.month(y, m), now, now_interval) for y, m in fy26]


def test_a_record_month_below_one_still_measures_the_need() -> None:
    # Every month 0.5: the year to date 4, a year earlier 4 and 2 for March–June; projected
    # 4 + 2 × 4 / 4 = 6. Target 6: (6 − 4) / 4 = 0.5 a month = 1 × the record month (0.5).
    rr = analysis.run_rate(6.0, FY(2025), _flat_months(0.5, 0.5, (0.5, 0.5)))
    assert rr is not None
    assert (rr.needed_per_month, rr.record, rr.needed_vs_record) == (0.5, 0.5, 1.0)
    assert rr.verdict == "on track (projected)"


def test_the_year_to_date_reaches_the_target_only_at_its_low_end() -> None:
    # July–February 200 a month, each standing for 199 … 200: the year to date 1,592 … 1,600.
    # Target 1,592: reached at every value, met. Target 1,596: not at every value, so judged
    # on the projection: 1,592 + 400 × 1,592 / 800 = 2,388 ≥ 1,596, on track.
    met = analysis.run_rate(1_592.0, FY(2025), _flat_months(100.0, 200.0, (199.0, 200.0)))
    assert met is not None
    assert (met.verdict, met.reason) == ("met", "FY2025-26 Jul-Feb already reaches the target")
    ahead = analysis.run_rate(1_596.0, FY(2025), _flat_months(100.0, 200.0, (199.0, 200.0)))
    assert ahead is not None and ahead.verdict == "on track (projected)"


def test_months_that_are_all_zero_are_out_of_reach_without_a_crash() -> None:
    # Was a bug, found by this pin: a TypeError formatting needed_vs_record (None) with :.2f.
    # A record month of 0: no multiple of it is a measure of the need; 400 in four months
    # is more than twice nothing.
    rr = analysis.run_rate(400.0, FY(2025), _flat_months(0.0, 0.0, (0.0, 0.0)))
    assert rr is not None and rr.needed_vs_record is None
    assert rr.verdict == "out of reach"


# The audit: months, stated totals and conflicts (data-monthly.md) ----------------------------


def test_a_first_print_total_is_consistent_then_and_revised_since(run: Any) -> None:
    # 5MFY25 "1.53 bn" (1.525–1.535) stated on 2024-12-18, with November's first print 324:
    # 286 + 298 + 292 + 330 + 324 = 1,530 (± 5 × 0.5 = 1,527.5–1,532.5): within rounding.
    # November revised to 310: 1,516 (1,513.5–1,518.5), 14 below: no longer consistent.
    row = _checks(run)["stated total: st-ict-5mfy25-first-total: $1.53 bn FY2024-25 Jul-Nov"]
    assert row["status"] == "pass"
    assert row["recomputed"] == [1_527_500_000, 1_532_500_000]
    assert (row["latest_recomputed"], row["latest_consistent"]) == (
        [1_513_500_000, 1_518_500_000],
        False,
    )
    assert row["detail"] == (
        "$1.530 bn (5 months) vs stated $1.53 bn FY2024-25 Jul-Nov: within rounding; "
        "latest vintages $1.516 bn (5 months): no longer consistent (a revision)"
    )


def test_twelve_months_against_their_year_in_words(run: Any) -> None:
    # FY2023-24: 214 + 235 + 206 + 238 + 259 + 303 + 265 + 257 + 306 + 310 + 332 + 298 = 3,223,
    # the annual 3.223 bn (The Nation, 2024-12-19).
    row = _checks(run)["months to year: ict-exports FY2023-24 = its 12 months"]
    assert row["detail"] == (
        "$3.223 bn (12 months) vs FY2023-24 $3.223 bn (nation-2024-12-19): within rounding"
    )


def test_a_stated_growth_that_other_pages_contradict_is_a_conflict(run: Any) -> None:
    # "+19 %" (18.5–19.5) for FY2024-25, stated 2025-08-09 on the first 3.8 bn (3.75–3.85):
    # consistent then. Against the latest 3.810 bn (3.8095–3.8105) on 3.223 (3.2225–3.2235):
    # 3.8095 / 3.2235 − 1 = 18.179 % … 3.8105 / 3.2225 − 1 = 18.247 %: below 18.5, and no
    # level came from its own page: a conflict, recomputed on the latest levels.
    row = _checks(run)["stated growth: st-ict-fy2024-25-pm: +19 % FY2024-25 vs FY2023-24"]
    assert row["status"] == "conflict"
    assert row["recomputed"] == [pytest.approx(18.179, abs=5e-4), pytest.approx(18.247, abs=5e-4)]
    assert row["detail"].endswith(
        "; sources conflict: brecorder-2025-08-09 against brecorder-2025-08-20, "
        "nation-2024-12-19 (not an error in the data file)"
    )


def test_a_derivation_shows_each_input_to_its_own_precision(run: Any) -> None:
    # May 2025 = 3,810 − (286 + 298 + 292 + 330 + 310 + 348 + 313 + 305 + 342 + 317 + 339)
    # = 3,810 − 3,480 = 330; the annual figure is stated to 1 mn: $3.810 bn, not $3.81 bn.
    row = _checks(run)["derivation: ict-exports 2025-05 (as of 2025-08-20)"]
    assert row["detail"].startswith(
        "fy - (jul + aug + sep + oct + nov + dec + jan + feb + mar + apr + jun) with "
        "fy = $3.810 bn, jul = $286 mn,"
    )
    assert row["recomputed"] == [330_000_000, 330_000_000]


def test_interval_cells_of_the_audit() -> None:
    # A growth rate (no unit): 23.5 … 24.5 %, width 1: step 0.1 capped at 0.01, two decimals.
    cell = audit_module._interval_cell((23.5, 24.5), None)
    assert (cell.value, cell.text) == ([23.5, 24.5], "23.50 to 24.50 %")
    # An amount: 4.55 … 4.65 bn, width 0.1 bn: steps of 1 mn, three decimals of a billion.
    cell = audit_module._interval_cell((4.55e9, 4.65e9), "USD")
    assert (cell.value, cell.text) == ([4.55e9, 4.65e9], "$4.550 bn to $4.650 bn")
    # Nothing recomputed: a dash, and no value.
    cell = audit_module._interval_cell(None, "USD")
    assert (cell.value, cell.text) == (None, "—")


def test_components_revised_apart_are_no_longer_consistent(run: Any, dataset_file: Any) -> None:
    # Freelancing FY2024-25 revised on 2025-09-01 to 1.5 bn: as known on 2025-07-19 the parts
    # still add up (3.8 bn + 779 mn against 4.6 bn), but 3.810 + 1.500 = 5.31 bn (5.309 at
    # the least) is above 4.65 bn: no longer consistent.
    def revise_freelancing(data: dict[str, Any]) -> None:
        [fl] = [i for i in data["indicators"] if i["id"] == "freelancing"]
        [fy25] = [o for o in fl["observations"] if o["period"] == "FY2024-25"]
        fl["observations"].append(fy25 | {"value": 1.5e9, "as_of": "2025-09-01"})

    checks = _checks(run, "--data", str(dataset_file(revise_freelancing)))
    row = checks["components: it-exports-total FY2024-25 = ict-exports + freelancing"]
    assert row["status"] == "pass" and row["latest_consistent"] is False
    assert row["detail"] == (
        "$3.8 bn + $779 mn vs $4.6 bn: the components add up to the total within rounding; "
        "with the latest vintages $3.810 bn + $1.500 bn: no longer consistent"
    )


def test_a_revision_published_on_the_day_of_a_statement_is_what_it_saw(
    run: Any, dataset_file: Any
) -> None:
    # November 2024 read 324 until 2025-01-17 and 310 from that day (data-monthly.md §5).
    # 1HFY25 "1.864 bn" moved to that very day sees 310:
    # 286 + 298 + 292 + 330 + 310 + 348 = 1,864 (with 324 it would be 1,878: a failure).
    def state_it_that_day(data: dict[str, Any]) -> None:
        [st] = [s for s in data["statements"] if s["id"] == "st-ict-1hfy25-total"]
        st["as_of"] = "2025-01-17"

    checks = _checks(run, "--data", str(dataset_file(state_it_that_day)))
    row = checks["stated total: st-ict-1hfy25-total: $1.864 bn FY2024-25 Jul-Dec"]
    assert row["status"] == "pass"
    assert (
        row["detail"]
        == "$1.864 bn (6 months) vs stated $1.864 bn FY2024-25 Jul-Dec: within rounding"
    )


# periods: a month written with a slash -----------------------------------------------------


def test_a_slash_month_is_one_to_twelve() -> None:
    # 2025/1 and 2025/12 are months; 2025/0 and 2025/13 are never read as months: 2025/13
    # is then a fiscal-year pair that does not follow (2025 + 1 = 2026, not 13), and 2025/0
    # is no period at all.
    assert periods.parse("2025/1").label == "2025-01"
    assert periods.parse("2025/12").label == "2025-12"
    with pytest.raises(periods.PeriodError, match=r"^'2025/13': a fiscal year ends the year"):
        periods.parse("2025/13")
    with pytest.raises(periods.PeriodError, match=r"^'2025/0': not a period;"):
        periods.parse("2025/0")


def test_a_month_derived_from_another_month_is_not_derived_from_its_year(
    run: Any, dataset_file: Any
) -> None:
    # May 2025 re-derived from June alone: 339 − 9 = 330 mn, the same value. It no longer
    # names FY2024-25's annual figure, so the months-to-year check no longer says the two
    # agree by construction: 3,810 (12 months) against the annual 3.810 bn, nothing more.
    def derive_may_from_june(data: dict[str, Any]) -> None:
        [ict] = [i for i in data["indicators"] if i["id"] == "ict-exports"]
        [may] = [o for o in ict["observations"] if o["period"] == "2025-05"]
        june = may["derivation"]["inputs"]["jun"]
        may["derivation"] = {"formula": "jun - 9000000", "inputs": {"jun": june}}

    checks = _checks(run, "--data", str(dataset_file(derive_may_from_june)))
    row = checks["months to year: ict-exports FY2024-25 = its 12 months"]
    assert row["detail"] == (
        "$3.810 bn (12 months) vs FY2024-25 $3.810 bn (brecorder-2025-08-20): within rounding"
    )
    assert checks["derivation: ict-exports 2025-05 (as of 2025-08-20)"]["status"] == "pass"


def _six_more_levels(data: dict[str, Any]) -> None:
    """it-exports-total FY2017-18 … FY2022-23, each derived from the year after it as
    ``total / 1.264``: with FY2023-24 (derived from FY2024-25 and the stated 26.4 %) a chain
    of seven derived figures, the statement at its far end."""
    [total] = [i for i in data["indicators"] if i["id"] == "it-exports-total"]
    [fy24] = [o for o in total["observations"] if o["period"] == "FY2023-24"]
    value = fy24["value"]
    for start in range(2022, 2016, -1):
        value /= 1.264
        after = f"FY{start + 1}-{(start + 2) % 100:02d}"
        ref = {"indicator": "it-exports-total", "period": after, "as_of": "2025-07-19"}
        total["observations"].append(
            fy24
            | {
                "period": f"FY{start}-{(start + 1) % 100:02d}",
                "value": value,
                "derivation": {"formula": "total / 1.264", "inputs": {"total": ref}},
                "note": "A test's chain of derived figures.",
            }
        )


def test_a_chain_of_derived_figures_is_followed_five_levels_and_no_further(
    dataset_file: Any,
) -> None:
    data = dataset.load(str(dataset_file(_six_more_levels)))
    fy17 = data.point("it-exports-total", FY(2017))
    fy18 = data.point("it-exports-total", FY(2018))
    assert fy17 is not None and fy18 is not None
    # FY2017-18 → FY2022-23 are formulas (levels 0–5); FY2023-24, level 6, is taken at its
    # own rounding, 3,639,240,506 ± 5 mn, not through its formula: divided by
    # 1.264^6 = 4.078331, 3,634,240,506 / 4.078331 = 891.110 mn … 3,644,240,506 / 4.078331
    # = 893.562 mn.
    lo, hi = audit_module.point_interval(data, fy17)
    assert (lo, hi) == (pytest.approx(891.110e6, rel=1e-6), pytest.approx(893.562e6, rel=1e-6))
    # The statement of 26.4 % is FY2023-24's input: five levels below FY2018-19 (found),
    # six below FY2017-18 (beyond the search).
    assert audit_module._uses_statement(data, fy18, "st-total-fy2024-25") is True
    assert audit_module._uses_statement(data, fy17, "st-total-fy2024-25") is False
