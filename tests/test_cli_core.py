"""`pkit exports`, `indicators`, `show`, the output layer and the loader's error paths,
driven end to end through the CLI. Expected figures are typed in from data-sources.md."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, indicator

ESC = "\x1b"


def exports_rows(run: Any, *args: str) -> dict[str, dict[str, Any]]:
    result = run("exports", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return {row["period"]: row for row in json.loads(result.stdout)}


def test_exports_json_holds_the_seed_and_the_series(run: Any) -> None:
    rows = exports_rows(run)
    fy25 = rows["FY2024-25"]
    assert fy25["it_exports_total"] == 4_600_000_000
    assert fy25["ict_exports"] == 3_810_000_000  # latest vintage (2025-08-20), not the seed's 3.8
    assert fy25["ict_exports_as_of"] == "2025-08-20"
    assert fy25["freelancing"] == 779_000_000
    fy24 = rows["FY2023-24"]
    assert fy24["it_exports_total"] == pytest.approx(4.6e9 / 1.264, abs=1)  # d1 = 3639240506.33
    assert fy24["it_exports_total_status"] == "derived"
    assert fy24["ict_exports"] == 3_223_000_000
    assert fy24["freelancing"] == pytest.approx(410_000_000, abs=1)  # d2 = 779 mn / 1.90
    for period, services in [
        ("FY2019-20", 1_440_000_000),
        ("FY2020-21", 2_108_000_000),
        ("FY2021-22", 2_619_000_000),
        ("FY2022-23", 2_596_000_000),
    ]:
        assert rows[period]["ict_exports"] == services
        assert rows[period]["freelancing"] is None
        assert rows[period]["it_exports_total"] is None
    assert list(rows) == [
        "FY2019-20",
        "FY2020-21",
        "FY2021-22",
        "FY2022-23",
        "FY2023-24",
        "FY2024-25",
    ]


def test_exports_rows_carry_status_and_source(run: Any) -> None:
    fy21 = exports_rows(run)["FY2020-21"]
    assert fy21["ict_exports_status"] == "revised"
    assert fy21["ict_exports_source"] == "arynews-2022-07-28"


def test_exports_total_growth_is_the_stated_26_4(run: Any) -> None:
    fy25 = exports_rows(run)["FY2024-25"]
    assert fy25["it_exports_total_growth_pct"] == pytest.approx(26.4, abs=1e-9)


def test_exports_from_to_restricts_the_span(run: Any) -> None:
    assert list(exports_rows(run, "--from", "FY22", "--to", "2024-25")) == [
        "FY2021-22",
        "FY2022-23",
        "FY2023-24",
        "FY2024-25",
    ]


def test_exports_table_in_a_pipe_has_no_colour_and_no_wrapping(run: Any) -> None:
    result = run("exports", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    out = result.stdout
    assert ESC not in out
    assert "$4.6 bn" in out and "$779 mn" in out and "$3.810 bnʳ" in out and "$3.64 bn†" in out
    rows = [line for line in out.splitlines() if line.strip().startswith("FY2024-25")]
    assert len(rows) == 1  # one line, all columns: not wrapped at 80 columns
    assert "Sources:" in out and "dailytimes.com.pk" in out
    assert "† derived" in out


def test_no_colour_even_when_forced_if_no_color_is_set(run: Any) -> None:
    result = run("exports", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert ESC not in result.stdout


def test_exports_csv_opens_with_a_header(run: Any) -> None:
    result = run("exports", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["period"] == "FY2019-20"
    fy25 = next(r for r in rows if r["period"] == "FY2024-25")
    assert fy25["it_exports_total"] == "4600000000"
    assert rows[0]["freelancing"] == ""  # missing, not zero


def test_exports_tsv(run: Any) -> None:
    lines = run("exports", "--format", "tsv").stdout.splitlines()
    assert lines[0].split("\t")[0] == "period"
    assert len({len(line.split("\t")) for line in lines}) == 1


def test_exports_markdown_is_a_pipe_table(run: Any) -> None:
    out = run("exports", "--format", "markdown").stdout
    table = [line for line in out.splitlines() if line.startswith("|")]
    assert table[0].startswith("| Fiscal year |")
    assert re.fullmatch(r"\|(---:?\|)+", table[1])  # the delimiter row: ---, or ---: for numbers
    assert any(line.startswith("| FY2024-25 |") for line in table)
    assert len({line.count("|") for line in table}) == 1


def test_fields_choose_and_order_columns(run: Any) -> None:
    result = run("exports", "--fields", "it_exports_total,period", "--json")
    rows = json.loads(result.stdout)
    assert list(rows[-1]) == ["it_exports_total", "period"]
    table = run("exports", "--fields", "period,it_exports_total").stdout
    assert "Freelancing" not in table.split("Sources:")[0]


def test_unknown_field_lists_the_valid_ones(run: Any) -> None:
    result = run("exports", "--fields", "nope")
    assert result.exit_code == 2
    assert "unknown field nope" in result.stderr
    assert "period" in result.stderr and "it_exports_total" in result.stderr
    assert result.stdout == ""


def test_unknown_format_and_conflicting_flags_are_usage_errors(run: Any) -> None:
    bad = run("exports", "--format", "xml")
    assert bad.exit_code == 2 and "'table', 'json', 'csv', 'tsv', 'markdown'" in bad.stderr
    both = run("exports", "--json", "--format", "csv")
    assert both.exit_code == 2 and "conflicts" in both.stderr


def test_json_is_strict_and_alone_on_stdout(run: Any) -> None:
    out = run("indicators", "--json").stdout
    json.loads(out, parse_constant=lambda c: pytest.fail(f"non-standard JSON constant {c}"))


def test_indicators_lists_latest_figures_and_filters_by_topic(run: Any) -> None:
    rows = {r["id"]: r for r in json.loads(run("indicators", "--json").stdout)}
    # The most recent annual figure: FY2024-25, 3.810 bn (S2). Months are not in this view.
    assert rows["ict-exports"]["latest"] == 3_810_000_000
    assert rows["ict-exports"]["period"] == "FY2024-25"
    assert rows["freelancing"]["latest"] == 779_000_000
    parks = json.loads(run("indicators", "--topic", "parks", "--json").stdout)
    assert {r["id"] for r in parks} == {
        "tech-parks",
        "special-technology-zones",
        "coworking-spaces-new",
        "hub-professionals",
        "it-park-islamabad-progress",
    }
    bad = run("indicators", "--topic", "sports")
    assert bad.exit_code == 2 and "'exports', 'parks', 'connectivity', 'talent'" in bad.stderr


def test_show_lists_every_observation_with_provenance(run: Any) -> None:
    doc = json.loads(run("show", "ict-exports", "--json").stdout)
    assert doc["id"] == "ict-exports" and doc["unit"] == "USD"
    by_period = {o["period"]: o for o in doc["observations"]}
    assert by_period["FY2020-21"]["value"] == 2_108_000_000
    assert by_period["FY2020-21"]["status"] == "revised"
    assert by_period["FY2020-21"]["as_of"] == "2022-07-28"
    assert by_period["FY2020-21"]["source"] == "arynews-2022-07-28"
    text = run("show", "freelancing").stdout
    assert "Unconfirmed" in text or "unconfirmed" in text  # the caveat is shown


def test_show_unknown_id_suggests_real_ones(run: Any) -> None:
    result = run("show", "ict-export")
    assert result.exit_code == 1
    assert "unknown indicator 'ict-export'" in result.stderr
    assert "ict-exports" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# Loader error paths: one line on stderr, exit 1, never a traceback --------------------


def _fails_cleanly(result: Any, *words: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("pkit: ")
    for w in words:
        assert w in result.stderr, result.stderr


def test_missing_data_file(run: Any, tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    _fails_cleanly(run("--data", str(missing), "exports"), str(missing), "no such file")


def test_missing_data_file_from_the_environment(run: Any, tmp_path: Path) -> None:
    missing = tmp_path / "env.json"
    _fails_cleanly(run("exports", env={"PKIT_DATA": str(missing)}), str(missing), "no such file")


def test_empty_data_file(run: Any, tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text("")
    _fails_cleanly(run("--data", str(empty), "exports"), "empty")


def test_directory_as_data_file(run: Any, tmp_path: Path) -> None:
    _fails_cleanly(run("--data", str(tmp_path), "exports"), "directory")


def test_invalid_json_gives_line_and_column(run: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "title": "x",\n  "sources": [,]\n}')
    _fails_cleanly(run("--data", str(bad), "exports"), "invalid JSON", "line 3 column")


def test_not_utf8(run: Any, tmp_path: Path) -> None:
    bad = tmp_path / "latin1.json"
    bad.write_bytes('{"title": "Peshawar café"}'.encode("latin-1"))
    _fails_cleanly(run("--data", str(bad), "exports"), "not UTF-8", "line 1")


def test_schema_violation_names_the_json_path(run: Any, dataset_file: Any) -> None:
    path = dataset_file(
        lambda d: indicator(d, "ict-exports")["observations"][2].__setitem__("value", "lots")
    )
    result = run("--data", str(path), "exports")
    _fails_cleanly(result, "observations[2].value")


def test_a_users_own_dataset_is_used(run: Any, dataset_file: Any) -> None:
    def change(d: dict[str, Any]) -> None:
        for o in indicator(d, "ict-exports")["observations"]:
            if o["period"] == "FY2019-20":
                o["value"] = 1_500_000_000

    path = dataset_file(change)
    rows = {
        r["period"]: r for r in json.loads(run("--data", str(path), "exports", "--json").stdout)
    }
    assert rows["FY2019-20"]["ict_exports"] == 1_500_000_000


def test_version(run: Any) -> None:
    result = run("--version")
    assert result.exit_code == 0 and re.fullmatch(r"pkit \d+\.\d+\.\d+\n", result.stdout)


def test_installed_pkit_runs_from_any_directory(tmp_path: Path) -> None:
    """A real process of the installed package, outside the checkout: the embedded dataset
    must come from the package, not from the repository."""
    env = {k: v for k, v in os.environ.items() if k not in ("PKIT_DATA", "FORCE_COLOR")}
    proc = subprocess.run(
        [sys.executable, "-m", "pkit_cli", "exports", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows[-1]["period"] == "FY2024-25" and rows[-1]["it_exports_total"] == 4_600_000_000
    piped = subprocess.run(
        [sys.executable, "-m", "pkit_cli", "exports"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert piped.returncode == 0 and ESC not in piped.stdout


def test_readme_documents_every_command() -> None:
    from typer.main import get_command

    from pkit_cli.cli import app

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = sorted(get_command(app).commands)  # type: ignore[attr-defined]
    assert len(commands) >= 8
    missing = [
        c
        for c in commands
        if f"pkit {c}" not in readme and f"pkit --as-of 2022-01-01 {c}" not in readme
    ]
    assert not missing, f"README does not document: {missing}"


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["exports", "--json"], "exports"),
        (["--data", "x.json", "--as-of", "2022-01-01", "growth", "ict-exports"], "growth"),
        (["--data=x.json", "show", "ict-exports"], "show"),
        (["--overlay", "mine.json", "info"], "info"),
        (["--help"], None),
        (["-h", "exports"], None),  # `pkit -h exports` is the top-level help: needs every command
        (["--version"], None),
        ([], None),
    ],
)
def test_command_named_finds_the_subcommand_past_global_options(
    argv: list[str], name: str | None
) -> None:
    from pkit_cli.__main__ import command_named
    from pkit_cli.cli import GLOBAL_OPTIONS_WITH_VALUE, HELP_OPTIONS

    assert command_named(argv, GLOBAL_OPTIONS_WITH_VALUE, HELP_OPTIONS) == name


def test_the_entry_point_still_lists_every_command_in_help(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pkit_cli", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0
    for command in ("exports", "growth", "targets", "check", "chart", "sources"):
        assert command in proc.stdout


JSON_RUNS = [
    ["exports"],
    ["indicators"],
    ["show", "ict-exports"],
    ["show", "ict-exports", "--period", "FY2020-21", "--cite"],
    ["growth", "ict-exports", "--from", "2020", "--to", "2025"],
    ["growth", "ict-exports"],
    ["targets"],
    ["targets", "--history"],
    ["targets", "T1", "--chart"],
    ["parks"],
    ["connectivity"],
    ["talent"],
    ["chart", "ict-exports"],
    ["monthly"],
    ["ytd"],
    ["sources"],
    ["sources", "arynews-2022-07-28"],
    ["check"],
    ["validate"],
    ["info"],
]


def _json_keys(doc: Any) -> set[str]:
    """Every key of a JSON document's objects: top level and rows (one level of nesting)."""
    items = doc if isinstance(doc, list) else [doc]
    keys: set[str] = set()
    for item in items:
        keys |= set(item)
        for value in item.values():
            if isinstance(value, dict):
                keys |= set(value)
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                keys |= set(value[0])
    return keys


@pytest.mark.parametrize("args", JSON_RUNS, ids=" ".join)
def test_readme_documents_every_json_field(run: Any, args: list[str]) -> None:
    """The field list comes from the code; this keeps the README's account of it current."""
    section = (
        (REPO / "README.md")
        .read_text(encoding="utf-8")
        .split("## JSON shapes")[1]
        .split("\n## ")[0]
    )
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    undocumented = sorted(
        k for k in _json_keys(json.loads(result.stdout)) if f"`{k}`" not in section
    )
    assert not undocumented, (
        f"README's JSON shapes omit {undocumented} (pkit {' '.join(args)} --json)"
    )


def test_the_entry_point_keeps_exit_codes_and_flushes_output(tmp_path: Path) -> None:
    """run() leaves with os._exit (no teardown): exit codes and buffered output must survive."""

    def pkit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pkit_cli", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )

    usage = pkit("growth", "ict-exports", "--from", "FY2024-26")
    assert usage.returncode == 2 and usage.stderr.startswith("pkit: --from")
    lookup = pkit("show", "no-such-id")
    assert lookup.returncode == 1 and "unknown indicator" in lookup.stderr
    big = pkit("show", "ict-exports", "--vintages", "--json")  # more than one pipe buffer
    assert big.returncode == 0 and json.loads(big.stdout)["id"] == "ict-exports"


# Machine precision: computed values rounded once, figures as published exact -------------


def _numbers(doc: Any) -> list[float]:
    if isinstance(doc, bool) or doc is None or isinstance(doc, str):
        return []
    if isinstance(doc, (int, float)):
        return [doc]
    items = doc.values() if isinstance(doc, dict) else doc
    return [n for item in items for n in _numbers(item)]


@pytest.mark.parametrize(
    "args",
    [
        ("targets",),
        ("targets", "--rate", "7"),  # 0.07 * 100 is 7.000000000000001
        ("targets", "--history"),
        ("targets", "T8", "--rate", "7"),
        ("targets", "T1", "--chart"),
        ("growth", "it-exports-total", "--from", "FY24", "--to", "FY25"),
        ("growth", "it-exports-total", "telecom-subscriptions"),
        ("exports",),
        ("show", "it-exports-total"),
        ("chart", "it-exports-total"),
        ("check",),
    ],
)
def test_machine_output_has_no_float_noise(run: Any, args: tuple[str, ...]) -> None:
    """README, JSON shapes: computed percentages to 4 decimals, computed and derived amounts
    to whole base units; published figures are exact and this dataset's have at most 4
    decimals. So every number in the JSON is its own value to 4 decimals."""
    result = run(*args, "--json")
    assert result.exit_code in (0, 1), result.stderr
    noisy = [n for n in _numbers(json.loads(result.stdout)) if round(n, 4) != n]
    assert not noisy, f"pkit {' '.join(args)}: {noisy[:5]}"


def test_computed_values_are_rounded_as_documented(run: Any) -> None:
    [t1] = json.loads(run("targets", "T1", "--json").stdout)
    assert t1["progress_pct"] == 30.6667  # 4.6 / 15 = 0.306666…: 4 decimals of a percent
    assert t1["recent_cagr_pct"] == 26.4 and t1["projection_rate_pct"] == 26.4
    assert t1["required_cagr_pct"] == 26.6679  # (15 / 4.6)^(1/5) − 1 = 0.266679335…
    assert t1["projected"] == 14_842_026_457  # 4.6 bn × 1.264^5 = 14,842,026,456.93…: whole USD
    # The derived FY2023-24 total, 4.6 bn / 1.264 = 3,639,240,506.329…, in whole USD.
    doc = json.loads(run("show", "it-exports-total", "--json").stdout)
    derived = next(o for o in doc["observations"] if o["period"] == "FY2023-24")
    assert derived["value"] == 3_639_240_506
    csv_text = run("show", "it-exports-total", "--format", "csv").stdout
    assert "3639240506," in csv_text and "3639240506.3" not in csv_text
    # Published figures are exact as given: 4.6 bn, and telecom's 80.7 % teledensity.
    reported = next(o for o in doc["observations"] if o["period"] == "FY2024-25")
    assert reported["value"] == 4_600_000_000
