"""Freshness (issue 10, item 8): `pkit info` and the "Data as of" line under every table.

Dates are typed by hand from data-monthly.md and data-sources.md: February 2026's ICT
figure was published 2026-03-20, November 2025's 2025-12-18 (the Dunya URL's date), the
FY2024-25 total of 3.810 bn 2025-08-20 (Business Recorder), freelancing's 779 mn
2025-07-19 (Daily Times), and the PTA annual report's "over 200 mn subscribers"
2026-01-01 (Profit). Today is pinned with --as-of so the tests never rot.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

TODAY = "2026-11-28"


def info(run: Any, *args: str) -> dict[str, Any]:
    result = run("info", "--as-of", TODAY, "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_info_names_february_2026_and_the_overdue_march_release(run: Any) -> None:
    doc = info(run)
    assert doc["dataset"] == "embedded dataset"
    assert doc["version"].startswith("pkit ")
    assert doc["overlays"] == []
    assert doc["newest_figure"] == "2026-03-20"
    assert doc["today"] == TODAY
    monthly, annual, freelancing, telecom = doc["series"]
    assert monthly == {
        "indicator": "ict-exports",
        "frequency": "monthly",
        "latest": "2026-02",
        "value": 365000000,
        "status": "reported",
        "published": "2026-03-20",
        "source": monthly["source"],
        "next": "2026-03",
        "due": "2026-04-20",
        "overdue": True,
        # 20 April → 28 November: 10 + 31 + 30 + 31 + 31 + 30 + 31 + 28 days
        "days_overdue": 222,
        "state": "222 days late",
    }
    assert (annual["indicator"], annual["frequency"], annual["latest"]) == (
        "ict-exports",
        "annual",
        "FY2024-25",
    )
    assert (annual["published"], annual["next"], annual["due"]) == (
        "2025-08-20",
        "FY2025-26",
        "2026-07-20",
    )
    assert annual["days_overdue"] == 131  # 20 July → 28 November: 11 + 31 + 30 + 31 + 28
    assert (freelancing["latest"], freelancing["published"]) == ("FY2024-25", "2025-07-19")
    assert (telecom["indicator"], telecom["latest"], telecom["due"]) == (
        "telecom-subscriptions",
        "2026-01-01",
        "2026-07-20",  # the count at the end of FY2025-26, about 20 July 2026
    )


def test_info_as_a_table_says_it_in_words(run: Any) -> None:
    result = run("info", "--as-of", TODAY)
    assert result.exit_code == 0
    assert "February 2026" in result.stdout
    assert "the March 2026 release is overdue" in result.stdout
    assert "222 days late" in result.stdout


def test_a_release_not_yet_due_is_not_overdue_across_a_year_end(run: Any) -> None:
    doc = json.loads(run("--as-of", "2026-01-10", "info", "--json").stdout)
    monthly = doc["series"][0]
    # December 2025 was published 2026-01-20: on 10 January the latest is November.
    assert (monthly["latest"], monthly["published"]) == ("2025-11", "2025-12-18")
    assert (monthly["next"], monthly["due"]) == ("2025-12", "2026-01-20")
    assert (monthly["overdue"], monthly["days_overdue"], monthly["state"]) == (
        False,
        0,
        "due in 10 days",
    )
    assert doc["newest_figure"] == "2026-01-01"
    assert (
        "the December 2025 release is due about 2026-01-20"
        in run("--as-of", "2026-01-10", "info").stdout
    )


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", "ict-exports,monthly,2026-02,365000000,reported,2026-03-20"),
        ("tsv", "ict-exports\tmonthly\t2026-02\t365000000\treported\t2026-03-20"),
        ("markdown", "| ict-exports | 2026-02 | 2026-03-20 | 2026-04-20 | 222 days late |"),
    ],
)
def test_info_in_every_format(run: Any, fmt: str, expected: str) -> None:
    result = run("info", "--as-of", TODAY, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert expected in result.stdout


# The footer ----------------------------------------------------------------------------

FOOTER = "Data as of 2026-03-20 (newest figure); see `pkit info`"


@pytest.mark.parametrize("args", [["exports"], ["targets"], ["indicators"], ["check"]])
def test_every_table_ends_with_the_data_date(run: Any, args: list[str]) -> None:
    result = run(*args)
    assert result.stdout.splitlines()[-1] == FOOTER
    assert result.stdout.count("Data as of") == 1


def test_markdown_ends_with_the_data_date(run: Any) -> None:
    result = run("exports", "--format", "markdown")
    assert result.stdout.splitlines()[-1].rstrip() == FOOTER


def test_the_footer_respects_as_of(run: Any) -> None:
    result = run("exports", "--as-of", "2026-01-10")
    assert result.stdout.splitlines()[-1] == (
        "Data as of 2026-01-01 (newest figure); see `pkit info`"
    )


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv"])
def test_machine_formats_have_no_footer(run: Any, fmt: str) -> None:
    for args in (["exports"], ["check"], ["show", "ict-exports"]):
        result = run(*args, "--format", fmt)
        assert "Data as of" not in result.stdout, args
        assert "Data as of" not in result.stderr, args
        if fmt == "json":
            json.loads(result.stdout)  # still one JSON document, nothing after it
