"""Targets judged honestly mid-year: run-rates, projections, conflicting targets, the order
targets were set, and `pkit check`'s months-to-year reconciliation.

Every expected figure is typed by hand from /work/shared/data-sources.md S6 (the T9–T13
table, "When a target was set", "Hand-checked results for the monthly series") and
/work/shared/data-monthly.md (section 1, the months), never read from the data or the code.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from pkit_cli import periods
from pkit_cli.analysis import MonthFigure, conflicting_targets, run_rate, run_rate_what_if

MN = 1_000_000
FY2025_26 = periods.fiscal_year(2025)
FY2024_25 = periods.fiscal_year(2024)

# data-monthly.md section 1 (USD mn): FY2024-25 (May derived: 3,810 − 3,480 = 330) and
# FY2025-26 July–February.
MONTHS_MN = {
    "2024-07": 286,
    "2024-08": 298,
    "2024-09": 292,
    "2024-10": 330,
    "2024-11": 310,
    "2024-12": 348,
    "2025-01": 313,
    "2025-02": 305,
    "2025-03": 342,
    "2025-04": 317,
    "2025-05": 330,
    "2025-06": 339,
    "2025-07": 354,
    "2025-08": 337,
    "2025-09": 366,
    "2025-10": 386,
    "2025-11": 356,
    "2025-12": 437,
    "2026-01": 374,
    "2026-02": 365,
}


def months(drop: tuple[str, ...] = ()) -> list[MonthFigure]:
    """Each month stated to 1 mn: it stands for ± 0.5 mn."""
    return [
        MonthFigure(periods.parse_canonical(label), mn * MN, (mn * MN - MN / 2, mn * MN + MN / 2))
        for label, mn in MONTHS_MN.items()
        if label not in drop
    ]


# analysis.run_rate, by hand --------------------------------------------------------------


def test_t8_run_rate_by_hand() -> None:
    """S6: after eight months (2,975) T8 ($5 bn) needs 2,025 mn in four months, 506.25 mn a
    month, against 392 a month over December–February ((437 + 374 + 365) / 3) and a record
    of 437 (December 2025). Projected: 2,975 + 1,328 × 2,975 / 2,482 = 2,975 + 1,591.78
    = 4,566.78 mn = 91.34 % of the target: behind, as a projection."""
    rr = run_rate(5_000 * MN, FY2025_26, months())
    assert rr is not None
    assert rr.year_to_date.label == "FY2025-26 Jul-Feb" and rr.through.label == "2026-02"
    assert rr.ytd == 2_975 * MN
    assert [p.label for p in rr.months_left] == ["2026-03", "2026-04", "2026-05", "2026-06"]
    assert rr.still_needed == 2_025 * MN
    assert rr.needed_per_month == pytest.approx(506.25 * MN)
    assert [p.label for p in rr.recent] == ["2025-12", "2026-01", "2026-02"]
    assert rr.recent_average == pytest.approx(392 * MN)
    assert (rr.record_month.label, rr.record) == ("2025-12", 437 * MN)
    assert rr.base_period is not None and rr.base_period.label == "FY2024-25 Jul-Feb"
    assert rr.base == 2_482 * MN
    assert rr.ytd_growth.value == pytest.approx(0.1986, abs=0.00005)  # 19.86 %
    assert rr.rest_period is not None and rr.rest_period.label == "FY2024-25 Mar-Jun"
    assert rr.base_rest == 1_328 * MN  # 342 + 317 + 330 + 339
    assert rr.projected_rest.value == pytest.approx(1_591.78 * MN, abs=0.01 * MN)
    assert rr.projected.value == pytest.approx(4_567 * MN, abs=1 * MN)
    assert rr.projected.value / (5_000 * MN) == pytest.approx(0.913, abs=0.0005)
    # Within the months' rounding: 2,971 + 1,326 × 2,971 / 2,486 = 4,555.69 mn, and
    # 2,979 + 1,330 × 2,979 / 2,478 = 4,577.90 mn.
    assert rr.projected_range == pytest.approx((4_555.69 * MN, 4_577.90 * MN), abs=0.01 * MN)
    assert rr.verdict == "behind (projected)"


def test_t13_is_out_of_reach() -> None:
    """S6: T13 ($15 bn) needs 12,025 mn in four months, 3,006.25 mn a month: 6.88 times the
    record month (437), far more than twice it."""
    rr = run_rate(15_000 * MN, FY2025_26, months())
    assert rr is not None
    assert rr.still_needed == 12_025 * MN
    assert rr.needed_per_month == pytest.approx(3_006.25 * MN)
    assert rr.needed_vs_record == pytest.approx(6.88, abs=0.005)
    assert rr.verdict == "out of reach"


@pytest.mark.parametrize(
    ("target_mn", "verdict"),
    [
        (4_500, "on track (projected)"),  # 4,555.69 ≥ 4,500 at every value
        (4_567, "too close to call (projected)"),  # inside 4,555.69 … 4,577.90
        (4_600, "behind (projected)"),  # 4,577.90 < 4,600
        (2_900, "met"),  # the year to date (2,971 at the least) already reaches it
        # Out of reach needs more than 2 × the record (437.5 at most) = 875 a month at
        # every value: (6,475 − 2,975) / 4 = 875 at the figures, but (6,475 − 2,979) / 4 =
        # 874 within rounding, so not out of reach; (6,480 − 2,979) / 4 = 875.25 is.
        (6_475, "behind (projected)"),
        (6_480, "out of reach"),
    ],
)
def test_run_rate_verdicts(target_mn: int, verdict: str) -> None:
    rr = run_rate(target_mn * MN, FY2025_26, months())
    assert rr is not None and rr.verdict == verdict


def test_never_missed_while_months_are_to_come() -> None:
    for target_mn in (3_000, 4_000, 5_000, 8_000, 20_000, 100_000):
        rr = run_rate(target_mn * MN, FY2025_26, months())
        assert rr is not None and rr.verdict != "missed"


def test_a_full_year_of_months_is_judged_on_its_sum() -> None:
    """FY2024-25's twelve months sum to 3,810 (S6): 3,810 / 4,200 = 90.71 %, missed;
    3,810 / 3,800 = 100.26 %, met."""
    rr = run_rate(4_200 * MN, FY2024_25, months())
    assert rr is not None and rr.ytd == 3_810 * MN and rr.months_left == ()
    assert rr.verdict == "missed" and rr.year_to_date.label == "FY2024-25"
    assert run_rate(3_800 * MN, FY2024_25, months()).verdict == "met"  # type: ignore[union-attr]


def test_no_run_rate_without_a_clean_year_to_date() -> None:
    assert run_rate(5_000 * MN, FY2025_26, months(drop=("2025-09",))) is None  # a gap
    assert run_rate(5_000 * MN, periods.fiscal_year(2026), months()) is None  # no month yet
    assert run_rate(5_000 * MN, periods.parse_canonical("2026-06"), months()) is None


def test_the_recent_average_never_fills_in_a_missing_month() -> None:
    """Through July 2025 with May 2025 not in the data: of May–July only June (339) and
    July (354) count: (339 + 354) / 2 = 346.5 mn."""
    upto_july = [m for m in months(drop=("2025-05",)) if m.period.label <= "2025-07"]
    rr = run_rate(5_000 * MN, FY2025_26, upto_july)
    assert rr is not None
    assert [p.label for p in rr.recent] == ["2025-06", "2025-07"]
    assert rr.recent_average == pytest.approx(346.5 * MN)
    assert (rr.record_month.label, rr.record) == ("2025-07", 354 * MN)


def test_no_projection_without_the_same_months_a_year_earlier() -> None:
    rr = run_rate(5_000 * MN, FY2025_26, months(drop=("2024-07",)))
    assert rr is not None
    assert rr.projected.value is None and rr.verdict == "awaiting data"
    assert rr.needed_per_month == pytest.approx(506.25 * MN)  # the need stands regardless


def test_what_if_rate_for_the_rest_of_the_year() -> None:
    """At +20 % on March–June 2025: 2,975 + 1,328 × 1.2 = 2,975 + 1,593.6 = 4,568.6 mn."""
    rr = run_rate(5_000 * MN, FY2025_26, months())
    assert rr is not None
    projected, verdict, _ = run_rate_what_if(rr, 5_000 * MN, 0.20)
    assert projected.value == pytest.approx(4_568.6 * MN)
    assert verdict == "behind (projected)"
    projected, verdict, _ = run_rate_what_if(rr, 5_000 * MN, 0.60)  # 2,975 + 2,124.8
    assert projected.value == pytest.approx(5_099.8 * MN) and verdict == "on track (projected)"


def test_conflicting_targets() -> None:
    """S6: T10 (4.2 bn) and T11 (3.8 bn) are both for ICT exports in FY2024-25; T8 (5 bn)
    and T13 (15 bn) both for FY2025-26. T12 has no deadline; T2 and T9 no series."""
    found = conflicting_targets(
        [
            ("T2", None, "FY2029-30", 25e9),
            ("T8", "ict-exports", "FY2025-26", 5e9),
            ("T9", None, "FY2029-30", 25e9),
            ("T10", "ict-exports", "FY2024-25", 4.2e9),
            ("T11", "ict-exports", "FY2024-25", 3.8e9),
            ("T12", "ict-exports", None, 30e9),
            ("T13", "ict-exports", "FY2025-26", 15e9),
            ("T3", "ict-exports", "FY2028-29", 10e9),
            ("Tx", "ict-exports", "FY2028-29", 10e9),  # the same value: no conflict
        ]
    )
    assert found == {"T8": ["T13"], "T10": ["T11"], "T11": ["T10"], "T13": ["T8"]}


# pkit targets, end to end ------------------------------------------------------------------


def targets_json(run: Any, *args: str) -> dict[str, dict[str, Any]]:
    result = run("targets", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return {t["id"]: t for t in json.loads(result.stdout)}


def test_t8_json(run: Any) -> None:
    [t8] = json.loads(run("targets", "T8", "--json").stdout)
    rr = t8["run_rate"]
    assert rr["still_needed"] == 2_025_000_000
    assert rr["needed_per_month"] == 506_250_000
    assert rr["year_to_date"] == 2_975_000_000 and rr["year_to_date_period"] == "FY2025-26 Jul-Feb"
    assert rr["months_left"] == 4 and rr["through"] == "2026-02"
    assert rr["recent_average"] == 392_000_000
    assert rr["recent_months"] == ["2025-12", "2026-01", "2026-02"]
    assert (rr["record"], rr["record_month"]) == (437_000_000, "2025-12")
    assert (rr["base"], rr["base_period"]) == (2_482_000_000, "FY2024-25 Jul-Feb")
    assert (rr["base_rest"], rr["base_rest_period"]) == (1_328_000_000, "FY2024-25 Mar-Jun")
    assert rr["year_to_date_growth_pct"] == pytest.approx(19.86, abs=0.01)
    assert t8["projected"] == pytest.approx(4_567_000_000, abs=1_000_000)
    assert rr["projected"] == t8["projected"]
    assert t8["projected_progress_pct"] == pytest.approx(91.3, abs=0.05)
    assert t8["verdict"] == "behind (projected)"
    assert t8["conflicts_with"] == ["T13"]
    out = run("targets", "T8").stdout
    assert "$5 bn − $2.975 bn = $2.025 bn in 4 months" in out
    assert "$506 mn a month" in out and "$392 mn a month" in out
    assert "$4.567 bn (projected)" in out
    assert "Verdict: behind (projected)" in out


def test_targets_mid_year_and_conflicts(run: Any) -> None:
    t = targets_json(run)
    assert t["T13"]["verdict"] == "out of reach"
    assert t["T13"]["run_rate"]["still_needed"] == 12_025_000_000
    assert t["T13"]["run_rate"]["needed_per_month"] == 3_006_250_000
    assert t["T10"]["verdict"] == "missed" and t["T11"]["verdict"] == "met"
    assert t["T10"]["progress_pct"] == pytest.approx(90.71, abs=0.005)
    assert t["T11"]["progress_pct"] == pytest.approx(100.26, abs=0.005)
    assert (t["T10"]["conflicts_with"], t["T11"]["conflicts_with"]) == (["T11"], ["T10"])
    assert t["T12"]["verdict"] == "open" and t["T12"]["run_rate"] is None
    assert t["T12"]["required_cagr_pct"] is None
    assert t["T12"]["progress_pct"] == pytest.approx(12.70, abs=0.005)
    assert t["T2"]["structure"] == [] and t["T2"]["conflicts_with"] == []
    assert t["T1"]["verdict"] == "too close to call" and t["T1"]["run_rate"] is None
    table = run("targets").stdout
    assert "Conflicting targets for ict-exports by FY2024-25: T10 $4.2 bn" in table
    assert "T11 $3.8 bn" in table


@pytest.mark.parametrize("as_of", ["2025-09-01", "2025-12-31", "2026-03-25", "2026-06-30"])
def test_no_missed_before_the_full_year(run: Any, as_of: str) -> None:
    """Whatever the day, FY2025-26 has no full-year figure: T8 and T13 are never missed."""
    t = targets_json(run, "--as-of", as_of)
    for ident in ("T8", "T13"):
        if ident in t:
            assert t[ident]["verdict"] != "missed", (ident, as_of)


def test_as_of_the_end_of_december(run: Any) -> None:
    """As known on 2026-01-31 (December 2025 published 2026-01-20): July–December 2025 =
    2,236 (data-monthly.md, 1HFY26); T8 needs 2,764 in six months, 460.67 a month."""
    t8 = targets_json(run, "--as-of", "2026-01-31")["T8"]
    assert t8["run_rate"]["year_to_date"] == 2_236_000_000
    assert t8["run_rate"]["still_needed"] == 2_764_000_000
    assert t8["run_rate"]["needed_per_month"] == pytest.approx(460_666_667, abs=1)


def test_a_what_if_rate_projects_the_rest_of_the_year(run: Any) -> None:
    [t8] = json.loads(run("targets", "T8", "--rate", "20", "--json").stdout)
    assert t8["projected"] == 4_568_600_000  # 2,975 + 1,328 × 1.2
    assert t8["what_if_verdict"] == "behind (projected)"
    assert t8["verdict"] == "behind (projected)"


# pkit targets --history --------------------------------------------------------------------


def test_history_is_in_the_order_targets_were_set(run: Any) -> None:
    """S6 "When a target was set": T5, T7, T13, T9, T3 and T4, T1 T2 and T6, T11 and T12,
    T8 and T10 (the same day: by number)."""
    result = run("targets", "--history", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == [
        "T5",
        "T7",
        "T13",
        "T9",
        "T3",
        "T4",
        "T1",
        "T2",
        "T6",
        "T11",
        "T12",
        "T8",
        "T10",
    ]
    by_id = {r["id"]: r for r in rows}
    assert by_id["T5"]["set_on"] == "2021-04-13" and by_id["T9"]["set_on"] == "2024-09-06"
    # T5: the actual at its deadline, 2.596 bn, 51.92 %; T8: today's projection.
    assert (by_id["T5"]["outcome"], by_id["T5"]["outcome_kind"]) == (2_596_000_000, "actual")
    assert by_id["T5"]["outcome_pct"] == pytest.approx(51.92, abs=0.005)
    assert by_id["T8"]["outcome_kind"] == "projection"
    assert by_id["T8"]["outcome"] == pytest.approx(4_567_000_000, abs=1_000_000)
    assert by_id["T13"]["verdict"] == "out of reach"
    assert by_id["T12"]["outcome_kind"] == "latest" and by_id["T2"]["outcome"] is None
    table = run("targets", "--history").stdout
    assert "$4.567 bn (projected)" in table


@pytest.mark.parametrize("extra", [["T1"], ["--rate", "5"], ["--chart"]])
def test_history_takes_no_id_rate_or_chart(run: Any, extra: list[str]) -> None:
    result = run("targets", "--history", *extra)
    assert result.exit_code == 2 and result.stderr.startswith("pkit: --history")
