"""`pkit check`: the months of a full fiscal year against its annual figure.

Expected figures typed by hand from /work/shared/data-sources.md S6 ("Hand-checked results for
the monthly series") and /work/shared/data-monthly.md section 1, never read from the data.
"""

from __future__ import annotations

import json
from typing import Any

# pkit check: the months of a full fiscal year against its annual figure --------------------


def check_rows(run: Any, *args: str) -> tuple[int, dict[str, dict[str, Any]]]:
    result = run(*args, "check", "--json")
    doc = json.loads(result.stdout)
    return result.exit_code, {r["subject"]: r for r in doc["checks"]}


def test_full_years_of_months_reconcile_with_their_annual_figures(run: Any) -> None:
    """S6: FY2023-24's twelve months sum to 3,223 = 3.223 bn; FY2024-25's to 3,810 (with
    the derived May). FY2025-26 has eight months: no row."""
    code, rows = check_rows(run)
    assert code == 0
    years = {s: r for s, r in rows.items() if r["check"] == "months to year"}
    assert set(years) == {
        "ict-exports FY2023-24 = its 12 months",
        "ict-exports FY2024-25 = its 12 months",
    }
    fy24 = years["ict-exports FY2023-24 = its 12 months"]
    assert fy24["status"] == "pass" and "$3.223 bn (12 months)" in fy24["detail"]
    # twelve months each ± 0.5 mn: 3,217 … 3,229 mn
    assert fy24["recomputed"] == [3_217_000_000, 3_229_000_000]
    fy25 = years["ict-exports FY2024-25 = its 12 months"]
    assert fy25["status"] == "pass" and "$3.810 bn (12 months)" in fy25["detail"]
    assert "2025-05 is derived from this annual figure" in fy25["detail"]


def test_months_that_do_not_add_up_to_their_year_fail(run: Any, dataset_file: Any) -> None:
    """July 2023 changed from 214 to 254: FY2023-24's months then sum to 3,263, not 3,223.
    The series' statements (which would fail too) are dropped, so only this check can fail."""

    def break_july(data: dict[str, Any]) -> None:
        ict = next(i for i in data["indicators"] if i["id"] == "ict-exports")
        for obs in ict["observations"]:
            if obs["period"] == "2023-07":
                obs["value"] = 254_000_000
        data["statements"] = [s for s in data["statements"] if s["indicator"] != "ict-exports"]

    code, rows = check_rows(run, "--data", str(dataset_file(break_july)))
    assert code == 1
    failed = [s for s, r in rows.items() if r["status"] == "fail"]
    assert failed == ["ict-exports FY2023-24 = its 12 months"]
    assert "$3.263 bn (12 months)" in rows[failed[0]]["detail"]


def test_a_stated_full_year_total_is_checked_against_its_months(run: Any) -> None:
    """Arab News (2024-07-20): "From July 2023 to June 2024 … $3.223 billion" — a cumulative
    total, checked against the twelve months (3,223 mn), not only the annual figure."""
    code, rows = check_rows(run)
    assert code == 0
    [row] = [r for s, r in rows.items() if s.startswith("st-ict-fy2023-24-total:")]
    assert row["status"] == "pass"
    assert row["detail"].startswith("$3.223 bn (12 months) vs stated $3.223 bn FY2023-24")
    assert row["recomputed"] == [3_217_000_000, 3_229_000_000]
