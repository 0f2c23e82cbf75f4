"""The monthly beat: `pkit monthly`, `pkit ytd` and the arithmetic behind them.

Every expected figure is typed by hand from /work/shared/data-monthly.md (section 1, the
months; section 2, the cumulative totals) and data-sources.md S6, "Hand-checked results
for the monthly series" — never read from the data file or from the code."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pkit_cli import analysis, periods

MN = 1_000_000

# data-monthly.md section 1, USD mn (November 2024: the later 310; May 2025: derived 330).
FY24 = [214, 235, 206, 238, 259, 303, 265, 257, 306, 310, 332, 298]
FY25 = [286, 298, 292, 330, 310, 348, 313, 305, 342, 317, 330, 339]
FY26 = [354, 337, 366, 386, 356, 437, 374, 365]


def _labels(start_year: int, count: int) -> list[str]:
    out = []
    y, m = start_year, 7
    for _ in range(count):
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


VALUES = dict(zip(_labels(2023, 32), FY24 + FY25 + FY26, strict=True))


def month(label: str) -> periods.Period:
    return periods.parse_canonical(label)


# Arithmetic (analysis.py) -----------------------------------------------------------------


def test_months_ending_counts_back_over_the_new_year() -> None:
    got = [p.label for p in analysis.months_ending(month("2026-02"), 12)]
    assert got[0] == "2025-03" and got[-1] == "2026-02" and len(got) == 12
    assert "2026-01" in got and "2025-12" in got


def test_fiscal_year_to_date_sums_from_july() -> None:
    # S6: 354 + 337 + 366 + 386 + 356 + 437 + 374 + 365 = 2,975; the same months of FY25 2,482.
    assert analysis.fiscal_year_to_date_total(VALUES, month("2026-02")).value == 2975
    assert analysis.fiscal_year_to_date_total(VALUES, month("2025-02")).value == 2482
    # data-monthly.md §2: 1HFY26 2,236; 1HFY25 1,864; a July is its own month.
    assert analysis.fiscal_year_to_date_total(VALUES, month("2025-12")).value == 2236
    assert analysis.fiscal_year_to_date_total(VALUES, month("2024-12")).value == 1864
    assert analysis.fiscal_year_to_date_total(VALUES, month("2025-07")).value == 354


def test_a_june_to_date_is_the_whole_year() -> None:
    # S6: FY2023-24's twelve months sum to 3,223; FY2024-25's (with May derived) to 3,810.
    assert analysis.fiscal_year_to_date_total(VALUES, month("2024-06")).value == 3223
    assert analysis.fiscal_year_to_date_total(VALUES, month("2025-06")).value == 3810


def test_rolling_total_is_the_twelve_months_to_a_month() -> None:
    # S6: 342 + 317 + 330 + 339 + 2,975 = 4,303; 306 + 310 + 332 + 298 + 2,482 = 3,728.
    assert analysis.rolling_total(VALUES, month("2026-02")).value == 4303
    assert analysis.rolling_total(VALUES, month("2025-02")).value == 3728


def test_a_missing_month_means_no_sum_not_a_smaller_one() -> None:
    gap = {k: v for k, v in VALUES.items() if k != "2025-05"}
    r = analysis.rolling_total(gap, month("2026-02"))
    assert r.value is None and r.reason == "no figure for 2025-05"
    # The first eleven months of data have no twelve months behind them.
    assert analysis.rolling_total(VALUES, month("2024-05")).value is None


def test_month_figures_for_february_2026() -> None:
    f = analysis.month_figures(VALUES, month("2026-02"))
    assert f.base_month == month("2025-02") and f.base_value == 305
    assert f.year_on_year.value == pytest.approx(365 / 305 - 1)  # +19.67 %
    assert (f.to_date.value, f.to_date_base.value) == (2975, 2482)
    assert f.to_date_growth.value * 100 == pytest.approx(19.86, abs=0.01)
    assert (f.rolling.value, f.rolling_base.value) == (4303, 3728)
    assert f.rolling_growth.value * 100 == pytest.approx(15.42, abs=0.01)


def test_month_figures_with_nothing_a_year_earlier() -> None:
    f = analysis.month_figures(VALUES, month("2023-07"))
    assert f.value == 214 and f.base_value is None
    assert f.year_on_year.value is None and f.to_date.value == 214
    assert f.to_date_growth.value is None and f.rolling.value is None


# pkit monthly -----------------------------------------------------------------------------


def _json(run: Any, *args: str) -> Any:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_monthly_has_every_month_from_july_2023_to_february_2026(run: Any) -> None:
    rows = _json(run, "monthly", "--json")
    assert len(rows) == 32
    assert (rows[0]["period"], rows[-1]["period"]) == ("2023-07", "2026-02")
    by = {r["period"]: r for r in rows}
    assert by["2025-12"]["value"] == 437 * MN
    assert (by["2025-05"]["value"], by["2025-05"]["status"]) == (330 * MN, "derived")
    assert (by["2024-11"]["value"], by["2024-11"]["status"]) == (310 * MN, "revised")
    assert by["2025-12"]["source"] == "arabnews-2026-01-20"


def test_monthly_as_of_sees_the_first_print_of_november_2024(run: Any) -> None:
    rows = _json(run, "--as-of", "2024-12-31", "monthly", "--json")
    by = {r["period"]: r for r in rows}
    assert by["2024-11"]["value"] == 324 * MN
    assert "2024-12" not in by  # published 2025-01-17


def test_monthly_rows_carry_the_totals_and_their_growth(run: Any) -> None:
    rows = _json(run, "monthly", "--from", "Feb 2026", "--json")
    [feb] = rows
    assert (feb["year_earlier"], feb["year_earlier_status"]) == (305 * MN, "reported")
    assert (feb["fytd"], feb["fytd_year_earlier"]) == (2975 * MN, 2482 * MN)
    assert feb["fytd_yoy_pct"] == pytest.approx(19.86, abs=0.01)
    assert (feb["rolling_12m"], feb["rolling_12m_year_earlier"]) == (4303 * MN, 3728 * MN)
    assert feb["rolling_12m_yoy_pct"] == pytest.approx(15.42, abs=0.01)
    assert feb["fytd_period"] == "FY2025-26 Jul-Feb"
    assert feb["derived_months"] == ["2025-05"]  # the rolling total includes May 2025


@pytest.mark.parametrize("first", ["2025-12", "Dec 2025", "December 2025", "2025/12"])
def test_monthly_span_takes_every_spelling_of_a_month(run: Any, first: str) -> None:
    rows = _json(run, "monthly", "--from", first, "--to", "2026/01", "--json")
    assert [r["period"] for r in rows] == ["2025-12", "2026-01"]


def test_monthly_marks_totals_that_include_the_derived_month(run: Any) -> None:
    table = run("monthly", "--from", "2025-04", "--to", "2025-07").stdout
    lines = {line.split()[0]: line for line in table.splitlines() if line.strip()[:4] == "2025"}
    assert "$330 mn†" in lines["2025-05"]
    assert "$3.810 bn†" in lines["2025-06"]  # FY2024-25 to date: includes May
    assert "†" not in lines["2025-04"]  # nothing derived before May in its spans
    assert "includes a derived month (2025-05)" in table
    assert "† derived: computed from other figures" in table


def test_a_total_a_year_earlier_is_marked_only_for_its_own_months(run: Any) -> None:
    fields = "period,fytd,fytd_year_earlier,rolling_12m_year_earlier"
    table = run("monthly", "--from", "2025-06", "--to", "2025-06", "--fields", fields).stdout
    [june] = [line.split() for line in table.splitlines() if line.strip().startswith("2025-06")]
    # FY2024-25 includes May 2025 (derived); FY2023-24's twelve months do not: 3,223 (S6).
    assert june[1:] == ["$3.810", "bn†", "$3.223", "bn", "$3.223", "bn"]


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "markdown", "json"])
def test_monthly_in_every_format(run: Any, fmt: str) -> None:
    result = run("monthly", "--from", "2025-12", "--to", "2025-12", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "2025-12" in result.stdout
    assert ("437000000" if fmt in ("csv", "tsv", "json") else "$437 mn") in result.stdout


# pkit ytd ---------------------------------------------------------------------------------


def test_ytd_through_february_2026(run: Any) -> None:
    doc = _json(run, "ytd", "--json")
    assert (doc["period"], doc["base_period"]) == ("FY2025-26 Jul-Feb", "FY2024-25 Jul-Feb")
    assert (doc["value"], doc["base_value"]) == (2975 * MN, 2482 * MN)
    assert doc["percent_change_pct"] == pytest.approx(19.86, abs=0.01)
    cited = doc["cited"]
    assert (cited["value"], cited["agrees"]) == (2970 * MN, True)  # "$2.97 billion"
    assert cited["source"] == "pakistandigitalpost-undated"
    assert doc["base_cited"]["value"] == 2480 * MN and doc["base_cited"]["agrees"]
    assert len(doc["months"]) == 8 and doc["months"][-1]["cumulative"] == 2975 * MN


def test_ytd_through_december_2025(run: Any) -> None:
    doc = _json(run, "ytd", "--through", "2025-12", "--json")
    assert (doc["value"], doc["base_value"]) == (2236 * MN, 1864 * MN)
    assert doc["cited"]["value"] == 2236 * MN and doc["cited"]["agrees"]


def test_ytd_against_the_latest_print_and_as_known_then(run: Any) -> None:
    # data-monthly.md §2: 5MFY25's latest print is 1,518 against the months' 1,516 (with
    # November 310): −2, within the rounding of five months and the printed total.
    now = _json(run, "ytd", "--through", "2024-11", "--json")
    assert now["value"] == 1516 * MN and now["cited"]["value"] == 1518 * MN
    assert now["cited"]["agrees"] is True
    # As known at the end of 2024, September 2024 was not yet in the data (its page is
    # undated; the figure's as-of date is 2025-10-20): no total, one line, exit 1.
    then = run("--as-of", "2024-12-31", "ytd", "--through", "2024-11", "--json")
    assert then.exit_code == 1 and then.stdout == ""
    assert "no figure for 2024-09" in then.stderr


def test_ytd_says_when_a_cited_total_does_not_agree(run: Any, dataset_file: Any) -> None:
    def misprint(data: dict[str, Any]) -> None:
        st = next(s for s in data["statements"] if s["id"] == "st-ict-8mfy26-total")
        st["value"] = 2_950_000_000  # 2.95 bn stands for 2,945–2,955; the months 2,971–2,979

    doc = _json(run, "--data", str(dataset_file(misprint)), "ytd", "--json")
    assert doc["cited"]["value"] == 2950 * MN and doc["cited"]["agrees"] is False
    assert doc["value"] == 2975 * MN


def test_ytd_without_the_year_before_has_no_comparison(run: Any) -> None:
    doc = _json(run, "ytd", "--through", "2023-12", "--json")
    assert doc["value"] == 1455 * MN  # 214 + 235 + 206 + 238 + 259 + 303
    assert doc["base_value"] is None and doc["percent_change_pct"] is None


@pytest.mark.parametrize(
    "args, code, words",
    [
        (["ytd", "--through", "2026-03"], 1, "no figure for 2026-03"),
        (["ytd", "freelancing"], 1, "freelancing has no monthly figures"),
        (["monthly", "telecom-subscriptions"], 1, "no monthly figures"),
        (["ytd", "--through", "FY2024-25"], 2, "--through FY2024-25 is not a month"),
        (["ytd", "--through", "Decembr 2025"], 2, "--through"),
        (["monthly", "--from", "2026-02", "--to", "2025-12"], 2, "swap them"),
        (["monthly", "--from", "2030-01"], 1, "no months in that span"),
    ],
)
def test_monthly_errors_are_one_line(run: Any, args: list[str], code: int, words: str) -> None:
    result = run(*args)
    assert result.exit_code == code, result.stdout
    assert result.stdout == ""
    assert result.stderr.startswith("pkit: ") and result.stderr.count("\n") == 1
    assert words in result.stderr


# Charts and sparklines --------------------------------------------------------------------


def _plain(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _months_only(data: dict[str, Any]) -> None:
    """ict-exports with its fiscal years removed: a series of months only."""
    ict = next(i for i in data["indicators"] if i["id"] == "ict-exports")
    ict["observations"] = [o for o in ict["observations"] if not o["period"].startswith("FY")]


def test_monthly_chart_draws_months_in_order_with_fiscal_years_marked(run: Any) -> None:
    result = run("chart", "ict-exports", "--monthly", env={"FORCE_COLOR": "1", "COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    lines = _plain(result.stdout).splitlines()
    assert all(len(line) <= 80 for line in lines)
    bars = [line.split()[0] for line in lines if line[:2] == "20" and "$" in line]
    assert len(bars) == 32 and bars == sorted(bars)
    assert (bars[0], bars[-1]) == ("2023-07", "2026-02")
    rules = [i for i, line in enumerate(lines) if line.startswith("── FY")]
    assert [lines[i].split()[1] for i in rules] == ["FY2023-24", "FY2024-25", "FY2025-26"]
    # Each rule stands right above the July that begins its fiscal year.
    assert [lines[i + 1].split()[0] for i in rules] == ["2023-07", "2024-07", "2025-07"]
    may = next(line for line in lines if line.startswith("2025-05"))
    assert "▓" in may and "$330 mn†" in may  # derived: its own fill and marker


def test_monthly_chart_rows_in_a_pipe_and_as_json(run: Any) -> None:
    doc = _json(run, "chart", "ict-exports", "--monthly", "--from", "Jul 2025", "--json")
    assert [r["period"] for r in doc["rows"]][:2] == ["2025-07", "2025-08"]
    assert len(doc["rows"]) == 8 and doc["targets"] == []  # targets are for fiscal years
    assert doc["full_width_value"] == 437 * MN  # December 2025, the record month
    assert "┴" not in run("chart", "ict-exports", "--monthly").stdout  # a pipe: rows


def test_a_series_of_months_only_is_charted_by_month(run: Any, dataset_file: Any) -> None:
    path = str(dataset_file(_months_only))
    doc = _json(run, "--data", path, "chart", "ict-exports", "--json")
    assert len(doc["rows"]) == 32 and doc["rows"][0]["period"] == "2023-07"
    # ... and its sparkline in `pkit indicators` is drawn from the months.
    table = run("--data", path, "indicators", env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    row = next(line for line in _plain(table.stdout).splitlines() if "ict-exports" in line)
    assert any(ch in row for ch in "▁▂▃▄▅▆▇█")


def test_the_annual_chart_is_unchanged_without_monthly(run: Any) -> None:
    doc = _json(run, "chart", "ict-exports", "--json")
    assert doc["rows"][0]["period"] == "FY2019-20" and len(doc["rows"]) == 6


def test_monthly_table_has_sparklines_under_it(run: Any) -> None:
    table = _plain(run("monthly", env={"FORCE_COLOR": "1", "COLUMNS": "100"}).stdout)
    trends = [line for line in table.splitlines() if line.startswith("Trend")]
    assert len(trends) == 3 and len(trends[0].split()[-1]) == 32  # one character a month
    assert "Trend" not in run("monthly", "--format", "markdown").stdout


def test_monthly_chart_for_print_marks_derived_months_hollow() -> None:
    pytest.importorskip("matplotlib")
    from pkit_cli import print_chart
    from pkit_cli.dataset import load
    from pkit_cli.reports import charts

    report = charts.chart(load(None), "ict-exports", None, None, monthly=True)
    assert report.chart is not None and report.chart.line
    fig = print_chart.figure_of(report.chart)
    ax = fig.axes[0]
    hollow = [ln.get_xdata()[0] for ln in ax.lines if ln.get_markerfacecolor() == "white"]
    assert hollow == [22]  # 2025-05, the 23rd month from July 2023
    boundaries = [ln.get_xdata()[0] for ln in ax.lines if ln.get_linestyle() == ":"]
    assert boundaries == [11.5, 23.5]  # before July 2024 and July 2025


def test_the_first_months_pkit_can_hold_have_no_year_earlier() -> None:
    """January 1948 is in FY1947-48, the first fiscal year data may hold; a year earlier,
    January 1947, is in FY1946-47, before any fiscal year pkit names: so no year earlier
    (no growth, no totals to compare), rather than an 'out of range' error."""
    from pkit_cli import periods
    from pkit_cli.analysis import month_figures, year_earlier

    assert year_earlier(periods.month(1948, 1)) is None
    assert year_earlier(periods.month(1948, 7)) == periods.month(1947, 7)  # FY1947-48 exists
    figures = month_figures({"1948-01": 5.0, "1947-01": 4.0}, periods.month(1948, 1))
    assert figures.base_month is None and figures.year_on_year.value is None
    assert figures.to_date.value is None  # July … December 1947 are not in these figures


def test_twelve_months_that_would_run_back_past_1947_have_no_total() -> None:
    """The twelve months to July 1947 would start in August 1946, before any year pkit can
    name: no total (and no error); the twelve to December 1947 start in January 1947."""
    from pkit_cli import periods
    from pkit_cli.analysis import rolling_total

    everything = {f"{y}-{m:02d}": 1.0 for y in (1947, 1948) for m in range(1, 13)}
    assert rolling_total(everything, periods.month(1947, 7)).value is None
    assert rolling_total(everything, periods.month(1947, 12)).value == 12.0
