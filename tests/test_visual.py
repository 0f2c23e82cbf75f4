"""Charts, sparklines, terminal widths, colour and completion.

Expected figures are typed in from /work/shared/data-sources.md (latest vintage of each
ICT export figure; targets T1, T3, T5, T7, T8), not read from the data file.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from conftest import on_a_terminal
from pkit_cli import completion, terminal, text
from pkit_cli.report import Cell, Field, Report

BN = 1_000_000_000
# S2, latest vintage of each fiscal year (FY2020-21 revised to 2.108, FY2021-22 to 2.619,
# FY2022-23 to 2.596, FY2023-24's exact 3.223, FY2024-25's 3.810).
ICT = {
    "FY2019-20": 1.440 * BN,
    "FY2020-21": 2.108 * BN,
    "FY2021-22": 2.619 * BN,
    "FY2022-23": 2.596 * BN,
    "FY2023-24": 3.223 * BN,
    "FY2024-25": 3.810 * BN,
}
ICT_TARGETS = {"T3": 10 * BN, "T5": 5 * BN, "T7": 3.5 * BN, "T8": 5 * BN}
# data-sources.md S6: T10 4.2 bn, T11 3.8 bn, T13 15 bn; T12 (30 bn) has no deadline, so it
# is not marked on a chart of years.
ICT_TARGETS |= {"T10": 4.2 * BN, "T11": 3.8 * BN, "T13": 15 * BN}
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def plain(text: str) -> str:
    return ANSI.sub("", text)


# pkit chart ---------------------------------------------------------------------------------


def test_chart_rows_are_the_full_years_in_order_with_their_latest_values(run: Any) -> None:
    result = run("chart", "ict-exports", "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [r["period"] for r in doc["rows"]] == list(ICT)
    assert [r["value"] for r in doc["rows"]] == pytest.approx(list(ICT.values()))
    # The full width is the largest value or target marked: T13's $15 bn.
    assert doc["full_width_value"] == pytest.approx(15 * BN)
    for r in doc["rows"]:
        assert r["fraction"] == pytest.approx(ICT[r["period"]] / (15 * BN), abs=1e-4)
    assert {t["id"]: t["value"] for t in doc["targets"]} == pytest.approx(ICT_TARGETS)


def test_chart_never_mixes_partial_and_full_years_or_months(run: Any) -> None:
    rows = json.loads(run("chart", "ict-exports", "--json").stdout)["rows"]
    assert [r["period"] for r in rows] == list(ICT)  # no month, no part of a year
    # A series of partial years only (S3) has no full years to chart.
    parts = json.loads(run("chart", "freelancer-remittances", "--json").stdout)["rows"]
    assert parts == []


def test_chart_span_and_statuses(run: Any) -> None:
    rows = json.loads(
        run("chart", "ict-exports", "--from", "FY22", "--to", "FY24", "--json").stdout
    )["rows"]
    assert [(r["period"], r["status"]) for r in rows] == [
        ("FY2021-22", "revised"),
        ("FY2022-23", "revised"),
        ("FY2023-24", "revised"),
    ]


def test_chart_as_of_a_date_sees_only_what_was_published(run: Any) -> None:
    # As of 2022-01-01: FY2019-20 (1.440 bn) and FY2020-21's first release (2.123 bn,
    # 2021-07-20); of the targets tracking ICT exports only T5 had been stated (2021-04-13,
    # data-sources.md S6; T7 came in April 2022).
    doc = json.loads(run("--as-of", "2022-01-01", "chart", "ict-exports", "--json").stdout)
    assert [(r["period"], r["value"]) for r in doc["rows"]] == [
        ("FY2019-20", 1_440_000_000),
        ("FY2020-21", 2_123_000_000),
    ]
    assert [(t["id"], t["value"]) for t in doc["targets"]] == [("T5", 5 * BN)]
    assert doc["rows"][1]["fraction"] == pytest.approx(2.123 / 5, abs=1e-4)


def test_chart_in_a_pipe_prints_the_rows_and_on_a_terminal_draws(run: Any) -> None:
    piped = run("chart", "ict-exports")
    assert piped.exit_code == 0
    for period in ICT:
        assert period in piped.stdout
    assert "$3.810 bnʳ" in piped.stdout and "$1.440 bn" in piped.stdout
    assert "┴" not in piped.stdout  # no drawing in a pipe: the rows, as a table
    drawn = run("chart", "ict-exports", env={"FORCE_COLOR": "1", "COLUMNS": "80"})
    assert drawn.exit_code == 0
    text = plain(drawn.stdout)
    assert "┴" in text and "\x1b[" in drawn.stdout
    lines = [line for line in text.splitlines() if line.startswith("FY") and "█" in line]
    assert [line.split()[0] for line in lines] == list(ICT)  # one bar per year, in order
    for target in ICT_TARGETS:
        assert f"┆ {target}: " in text
    assert all(len(line) <= 80 for line in text.splitlines())


def test_chart_distinguishes_derived_values(run: Any) -> None:
    # it-exports-total: FY2023-24 is derived (4.6 bn / 1.264), FY2024-25 reported.
    text = plain(run("chart", "it-exports-total", env={"FORCE_COLOR": "1"}).stdout)
    derived = next(line for line in text.splitlines() if line.startswith("FY2023-24"))
    reported = next(line for line in text.splitlines() if line.startswith("FY2024-25"))
    assert "▓" in derived and "†" in derived and "█" not in derived
    assert "█" in reported and "▓" not in reported
    assert "▓ derived" in text


def test_chart_svg_is_well_formed_and_labels_every_period(run: Any, tmp_path: Path) -> None:
    svg = tmp_path / "ict.svg"
    result = run("chart", "ict-exports", "--svg", str(svg))
    assert result.exit_code == 0, result.stderr
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    text = "".join(root.itertext()).replace("\xa0", " ")
    for period in ICT:
        assert period in text


def test_chart_svg_to_an_unwritable_place_is_one_line(run: Any, tmp_path: Path) -> None:
    result = run("chart", "ict-exports", "--out", str(tmp_path / "missing" / "x.svg"))
    assert result.exit_code == 1
    assert result.stderr.startswith("pkit: --out") and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_chart_of_an_unknown_indicator_is_an_error(run: Any) -> None:
    result = run("chart", "ict-export")
    assert result.exit_code == 1 and "ict-exports" in result.stderr


# pkit targets ID --chart -------------------------------------------------------------------


def test_target_path_runs_from_the_latest_actual_to_the_deadline(run: Any) -> None:
    result = run("targets", "T1", "--chart", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["rows"]
    assert [r["period"] for r in rows] == [
        "FY2023-24",
        "FY2024-25",
        "FY2025-26",
        "FY2026-27",
        "FY2027-28",
        "FY2028-29",
        "FY2029-30",
    ]
    assert rows[1]["actual"] == 4.6 * BN
    assert rows[0]["actual"] == pytest.approx(4.6 * BN / 1.264)  # d1, derived
    need = (15 / 4.6) ** (1 / 5) - 1  # 26.67 % (data-sources.md)
    assert need == pytest.approx(0.2667, abs=1e-4)
    for k, r in enumerate(rows[2:], start=1):
        assert r["actual"] is None
        assert r["required_path"] == pytest.approx(4.6 * BN * (1 + need) ** k)
    assert rows[-1]["required_path"] == pytest.approx(15 * BN)
    # The recent pace (26.4 %, FY2023-24 → FY2024-25) falls just short, year after year.
    assert rows[-1]["pace_path"] == pytest.approx(4.6 * BN * 1.264**5, rel=1e-6)
    assert all(r["pace_path"] < r["required_path"] for r in rows[2:])


def test_target_path_draws_on_a_terminal(run: Any) -> None:
    text = plain(run("targets", "T1", "--chart", env={"FORCE_COLOR": "1"}).stdout)
    assert "FY2029-30" in text and "░" in text and "┆ T1: $15 bn by FY2029-30" in text


def test_target_chart_needs_an_id(run: Any) -> None:
    result = run("targets", "--chart")
    assert result.exit_code == 2 and "needs a target ID" in result.stderr


# Sparklines ---------------------------------------------------------------------------------


def test_sparkline_is_proportional_from_zero_with_gaps() -> None:
    assert text.sparkline([1, 3, None, 7]) == "▂▄ █"
    assert text.sparkline([5]) == ""  # one figure is not a trend


def test_indicators_trend_is_for_people_only(run: Any) -> None:
    table = run("indicators").stdout
    # ICT exports, FY2019-20 … FY2024-25 over 0 … 3.810 bn, 8 levels: ▄▅▆▆▇█.
    assert "▄▅▆▆▇█" in table
    rows = json.loads(run("indicators", "--json").stdout)
    assert all("trend" not in r for r in rows)
    csv = run("indicators", "--format", "csv").stdout
    assert not set(csv) & set(text.SPARKS)
    asked = run("indicators", "--fields", "id,trend", "--json")
    assert asked.exit_code == 2 and "trend" not in asked.stderr.split("available fields:")[1]


def test_exports_sparklines_follow_the_shown_columns(run: Any) -> None:
    table = run("exports").stdout
    trend = [line for line in table.splitlines() if line.startswith("Trend")]
    assert len(trend) == 3 and trend[0].endswith("▄▅▆▆▇█")
    assert trend[1].endswith("    ▅█")  # freelancing: FY2023-24 and FY2024-25 only
    only = run("exports", "--fields", "period,freelancing").stdout
    assert [line.split()[1] for line in only.splitlines() if line.startswith("Trend")] == [
        "Freelancing"
    ]
    assert not set(run("exports", "--json").stdout) & set(text.SPARKS)


# Widths -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["exports"],
        ["targets"],
        ["targets", "T1"],
        ["indicators"],
        ["growth", "ict-exports"],
        ["show", "ict-exports"],
        ["chart", "ict-exports"],
        ["targets", "T3", "--chart"],
        ["parks"],
    ],
)
def test_narrow_terminal_renders_every_column(run: Any, args: list[str]) -> None:
    result = run(*args, env={"FORCE_COLOR": "1", "COLUMNS": "60"})
    assert result.exit_code == 0, result.stderr
    text = plain(result.stdout)
    assert max(len(line) for line in text.splitlines()) <= 60


def test_narrow_targets_keep_every_header_and_verdict(run: Any) -> None:
    text = plain(run("targets", env={"FORCE_COLOR": "1", "COLUMNS": "60"}).stdout)
    for header in ("Target", "Value", "By", "Latest", "Progress", "Needs", "Recent pace"):
        assert header in text
    for ident in ("T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8"):
        assert re.search(rf"\b{ident}\b", text)
    assert "awaiting data" in text and "$3.810 bnʳ" in text  # values whole, not folded


def test_wide_terminal_uses_one_row_per_target(run: Any) -> None:
    text = plain(run("targets", env={"FORCE_COLOR": "1", "COLUMNS": "200"}).stdout)
    t1 = next(line for line in text.splitlines() if line.lstrip().startswith("T1 "))
    assert "26.67 %" in t1 and "too close to call" in t1  # the whole row on one line


# A table in a pipe: written without Rich, exactly as Rich draws it ---------------------------

PIPE_TABLES = [
    ["check"],
    ["--as-of", "2024-06-30", "check"],
    ["check", "--fields", "status,subject,claimed"],
    ["exports"],
    ["targets"],
    ["indicators"],
    ["monthly"],
    ["ytd"],
    ["sources"],
    ["info"],
    ["growth", "ict-exports"],
    ["show", "ict-exports"],
    ["chart", "ict-exports"],
    ["parks"],
    ["connectivity"],
    ["talent"],
]


@pytest.mark.parametrize("args", PIPE_TABLES, ids=" ".join)
def test_a_table_in_a_pipe_is_what_rich_draws(
    run: Any, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    written = run(*args)
    monkeypatch.setattr(terminal, "plain_table", lambda *given: None)  # Rich draws it
    drawn = run(*args)
    assert (written.exit_code, written.stdout) == (drawn.exit_code, drawn.stdout)


def test_check_in_a_pipe_is_written_without_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    from pkit_cli import output
    from pkit_cli.dataset import load
    from pkit_cli.reports import audit

    monkeypatch.setattr(terminal, "make_console", None)  # Rich would be a TypeError
    out = io.StringIO()
    output.emit(audit.check(load(None)), "table", out=out)
    assert "Audit of embedded dataset" in out.getvalue()


def test_a_pipe_table_of_wide_and_odd_text_is_what_rich_draws(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("FORCE_COLOR", "CLICOLOR_FORCE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    fields = [
        Field("name", "Name"),
        Field("value", "Value", numeric=True),
        Field("mark", "M"),  # one cell wide: a mark with accents is more characters than that
        Field("note", "Note"),
    ]
    rows = [
        {"name": "數據 (two cells each)", "value": Cell(1.5, "1.5  "), "mark": "e\u0301\u00a0"},
        {"name": "  leading spaces", "value": None, "mark": "x", "note": ""},
        {"name": "emoji 🚀, a joiner 👩\u200d💻", "value": Cell(2, "\u00a0$2 bn\u00a0")},
        {"name": "\x1b[31mescape", "value": 3.25, "note": "a tab\there, a line\u2028break"},
        {"name": "e\u0301\u0301 ", "value": Cell(4, "4\u0301 "), "mark": "\u2003", "note": "x  "},
    ]
    report = Report("A title of 數據", fields, rows, notes=["A note.", ""], trends=["value"])
    for footer in (None, "Data as of 2025-01-01."):
        plain = terminal.plain_table(report, fields, footer, "utf-8")
        console = terminal.make_console(io.StringIO())
        assert plain == terminal.drawn_for_a_pipe(console, report, fields, footer)
    # Only Rich draws a report with lines above the table, for an ASCII stream, or a text
    # whose width is not the sum of its words' (a variation selector).
    with_details = Report("T", fields, rows, details=[("Key", "value")])
    assert terminal.plain_table(with_details, fields, None, "utf-8") is None
    assert terminal.plain_table(report, fields, None, "ascii") is None
    joined = Report("T", fields, [{"name": "✈\ufe0f", "value": 1}])
    assert terminal.plain_table(joined, fields, None, "utf-8") is None


# Colour: a real terminal and a pipe ------------------------------------------------------------


def _child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.pop("CLICOLOR_FORCE", None)
    env.pop("PKIT_DATA", None)
    return env


def test_a_terminal_sees_colour_and_a_pipe_does_not() -> None:
    status, on_terminal = on_a_terminal("exports", env=_child_env())
    assert status == 0
    assert "\x1b[" in on_terminal and "FY2024-25" in on_terminal

    command = [sys.executable, "-m", "pkit_cli", "exports"]
    piped = subprocess.run(command, capture_output=True, text=True, env=_child_env(), check=True)
    assert "\x1b" not in piped.stdout and "FY2024-25" in piped.stdout


# Completion ---------------------------------------------------------------------------------


def test_indicator_ids_complete_from_a_prefix() -> None:
    assert [v for v, _ in completion.indicator_ids(None, "ict")] == ["ict-exports"]
    assert [v for v, _ in completion.target_ids(None, "t")] == [
        "T1",
        "T2",
        "T3",
        "T4",
        "T5",
        "T6",
        "T7",
        "T8",
        "T9",
        "T10",
        "T11",
        "T12",
        "T13",
    ]
    assert "FY2022-23" in completion.period_labels(None, "FY2022")


def test_completion_never_fails_on_a_broken_dataset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("PKIT_DATA", str(bad))
    assert completion.indicator_ids(None, "ict") == []
    assert completion.period_labels(None, "") == []


def test_bash_completion_protocol_completes_an_indicator_id() -> None:
    script = Path(sys.executable).with_name("pkit")
    if not script.exists():
        pytest.skip("the pkit console script is not installed next to this Python")
    env = _child_env() | {
        "_PKIT_COMPLETE": "complete_bash",
        "COMP_WORDS": "pkit chart ict",
        "COMP_CWORD": "2",
    }
    result = subprocess.run([str(script)], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ict-exports"]
