"""The Python API: the same rows as the command line's JSON, from the same builders.

Expected figures are typed from ../shared/data-sources.md: FY2020-21 was first printed as
2.123 bn (UrduPoint 2021-07-20 … known on 2022-01-01), later revised to 2.108 bn; FY2019-20
is 1.440 bn. Growth as of 2022-01-01: 2.123 / 1.440 − 1 = 47.43 %."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

import pkit_cli as pkit
from pkit_cli.errors import LookupProblem, PkitError, UsageProblem


@pytest.fixture(scope="module")
def dataset() -> pkit.Dataset:
    return pkit.load()


def _json(run: Any, *args: str) -> Any:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _jsonl(run: Any, *args: str) -> list[dict[str, Any]]:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_indicators_equal_the_command(run: Any, dataset: pkit.Dataset) -> None:
    assert dataset.indicators() == _json(run, "indicators", "--json")
    assert dataset.indicators("talent") == _json(run, "indicators", "--topic", "talent", "--json")


def test_sources_equal_the_command(run: Any, dataset: pkit.Dataset) -> None:
    assert dataset.sources() == _json(run, "sources", "--json")


def test_targets_equal_the_command(run: Any, dataset: pkit.Dataset) -> None:
    assert dataset.targets() == _json(run, "targets", "--json")
    assert dataset.target_history() == _json(run, "targets", "--history", "--json")


@pytest.mark.parametrize(
    "args",
    [
        ("ict-exports", "FY2019-20", "FY2024-25"),
        ("ict-exports", None, None),
        ("freelancing", "FY24", None),
    ],
)
def test_growth_equals_the_command(run: Any, dataset: pkit.Dataset, args: tuple) -> None:
    indicator, start, end = args
    cli = ["growth", indicator, "--json"]
    if start:
        cli += ["--from", start]
    if end:
        cli += ["--to", end]
    expected = _json(run, *cli)
    if start is None and end is None:  # the whole span, and year on year beside it
        assert dataset.year_on_year(indicator) == expected["year_on_year"]
        expected = expected["span"]
    assert dataset.growth(indicator, start, end) == expected


@pytest.mark.parametrize(
    "kwargs, flags",
    [
        ({}, []),
        ({"start": "Dec 2025", "end": "2026/01"}, ["--from", "Dec 2025", "--to", "2026/01"]),
    ],
)
def test_monthly_equals_the_command(run: Any, dataset: pkit.Dataset, kwargs, flags) -> None:
    rows = dataset.monthly(**kwargs)
    assert rows == _json(run, "monthly", *flags, "--json")
    assert {r["period"]: r["value"] for r in rows}["2025-12"] == 437000000  # data-monthly.md


@pytest.mark.parametrize("through", [None, "2025-12"])
def test_ytd_equals_the_command(run: Any, dataset: pkit.Dataset, through: str | None) -> None:
    doc = dataset.ytd(through=through)
    assert doc == _json(run, "ytd", *(["--through", through] if through else []), "--json")
    # S6: FY2025-26 Jul-Feb 2,975 against 2,482; data-monthly.md: 1HFY26 2,236 vs 1,864.
    expected = (2975000000, 2482000000) if through is None else (2236000000, 1864000000)
    assert (doc["value"], doc["base_value"]) == expected


def test_monthly_errors_are_pkits_own(dataset: pkit.Dataset) -> None:
    with pytest.raises(UsageProblem):
        dataset.ytd(through="FY2024-25")  # not a month
    with pytest.raises(UsageProblem):
        dataset.monthly(start="2026-02", end="2025-12")
    with pytest.raises(LookupProblem):
        dataset.ytd(through="2026-03")


@pytest.mark.parametrize(
    "kwargs, flags",
    [
        ({}, []),
        ({"indicator": "ict-exports"}, ["--indicator", "ict-exports"]),
        ({"indicator": "ict-exports", "vintages": True}, ["-i", "ict-exports", "--vintages"]),
        ({"frequency": "partial-year"}, ["--frequency", "partial-year"]),
    ],
)
def test_observations_equal_the_export(run: Any, dataset: pkit.Dataset, kwargs, flags) -> None:
    rows = dataset.observations(**kwargs)
    assert rows
    assert rows == _jsonl(run, "export", "--format", "jsonl", *flags)


def test_as_of_sees_the_first_print(run: Any) -> None:
    early = pkit.load(as_of="2022-01-01")
    [row] = early.growth("ict-exports", "FY2019-20", "FY2020-21")
    assert (row["start"], row["end"]) == (1440000000, 2123000000)
    assert round(row["percent_change_pct"], 2) == 47.43
    assert early.as_of is not None and early.as_of.isoformat() == "2022-01-01"
    assert early.growth("ict-exports", "FY2019-20", "FY2020-21") == _json(
        run,
        "--as-of",
        "2022-01-01",
        "growth",
        "ict-exports",
        "--from",
        "FY2019-20",
        "--to",
        "FY2020-21",
        "--json",
    )


def test_returned_rows_are_the_callers_to_change(dataset: pkit.Dataset) -> None:
    first = dataset.growth("ict-exports", "FY2019-20", "FY2024-25")
    first[0]["end"] = 0
    assert dataset.growth("ict-exports", "FY2019-20", "FY2024-25")[0]["end"] == 3810000000


def test_to_frame_has_the_columns_analysts_need(dataset: pkit.Dataset) -> None:
    pytest.importorskip("pandas")
    frame = pkit.to_frame(dataset.observations("ict-exports"))
    assert {"period", "value", "status", "as_of", "source"} <= set(frame.columns)
    fy25 = frame[frame["period"] == "FY2024-25"]
    assert list(fy25["value"]) == [3810000000]


def test_errors_are_pkits_own(dataset: pkit.Dataset) -> None:
    with pytest.raises(LookupProblem):
        dataset.growth("no-such-indicator")
    with pytest.raises(UsageProblem):
        dataset.growth("ict-exports", "not a period")
    with pytest.raises(UsageProblem):
        dataset.growth("ict-exports", "FY2024-25", "FY2019-20")
    with pytest.raises(UsageProblem):
        dataset.observations(frequency="hourly")
    with pytest.raises(UsageProblem):
        pkit.load(as_of="yesterday")
    with pytest.raises(PkitError):
        pkit.load("/no/such/file.json")


def _modules_after(program: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", program + "\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(done.stdout.split())


def test_the_library_never_imports_typer_or_rich() -> None:
    loaded = _modules_after(
        "import pkit_cli as pkit\nd = pkit.load()\nd.targets(); d.sources(); d.indicators()\n"
        "d.growth('ict-exports'); d.observations(); d.monthly(); d.ytd()"
    )
    assert "pkit_cli.api" in loaded
    assert not {"typer", "rich", "click"} & loaded


def test_the_import_check_can_see_typer() -> None:
    """The control: the same check does see typer and Rich when the CLI is imported."""
    loaded = _modules_after("import pkit_cli.cli\nimport pkit_cli.terminal")
    assert "typer" in loaded


def test_to_frame_without_pandas_names_the_extra() -> None:
    program = (
        "import sys; sys.modules['pandas'] = None\n"
        "import pkit_cli as pkit\n"
        "try:\n    pkit.to_frame([])\nexcept ImportError as e:\n    print(e)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "pkit.to_frame needs pandas: pip install 'pkit-cli[pandas]'"
