"""Your own newer figures (issue 10, item 9): overlay files, --overlay / PKIT_OVERLAY, and
`pkit add`.

Figures typed by hand: December 2025 = 437 mn, first published 2026-01-20 (data-monthly.md);
July 2025 – February 2026 sum to 2,975 mn (the issue's hand-checked year to date), so with
a March of 400 mn the fiscal year to date is 3,375 mn.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from pkit_cli import overlay

MARCH = [
    "add",
    "ict-exports",
    "2026-03",
    "400000000",
    "--source-url",
    "https://example.org/march",
    "--published",
    "2026-04-20",
]


def write(path: Path, doc: dict[str, Any]) -> str:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def december(value: int, as_of: str, source: str = "me-1") -> dict[str, Any]:
    """An overlay giving December 2025 a value as of a date, with its own source."""
    return {
        "sources": [{"id": source, "publisher": "Me", "url": "https://example.org/dec"}],
        "indicators": [
            {
                "id": "ict-exports",
                "observations": [
                    {
                        "period": "2025-12",
                        "value": value,
                        "status": "revised",
                        "as_of": as_of,
                        "source": source,
                    }
                ],
            }
        ],
    }


def one_line(stderr: str) -> str:
    assert stderr.startswith("pkit: ") and stderr.count("\n") == 1, stderr
    return stderr


def test_add_then_info_names_march_2026(run: Any, tmp_path: Path) -> None:
    extra = tmp_path / "extra.json"
    added = run(*MARCH, "-o", str(extra))
    assert added.exit_code == 0, added.stderr
    assert added.stdout == ""
    assert "reported" in added.stderr and str(extra) in added.stderr
    doc = json.loads(extra.read_text(encoding="utf-8"))
    assert doc["sources"] == [
        {
            "id": "example-org-2026-04-20",
            "publisher": "example.org",
            "title": None,
            "url": "https://example.org/march",
            "published": "2026-04-20",
        }
    ]
    assert doc["indicators"] == [
        {
            "id": "ict-exports",
            "observations": [
                {
                    "period": "2026-03",
                    "value": 400000000,
                    "status": "reported",
                    "as_of": "2026-04-20",
                    "source": "example-org-2026-04-20",
                }
            ],
        }
    ]
    result = run("--overlay", str(extra), "info", "--as-of", "2026-11-28")
    assert "March 2026" in result.stdout and "the April 2026 release is overdue" in result.stdout
    info = json.loads(run("info", "--overlay", str(extra), "--json").stdout)
    assert info["overlays"] == [str(extra)]
    assert info["newest_figure"] == "2026-04-20"
    assert (info["series"][0]["latest"], info["series"][0]["source"]) == (
        "2026-03",
        "example-org-2026-04-20",
    )
    table = run("--overlay", str(extra), "exports").stdout
    assert table.splitlines()[-1] == "Data as of 2026-04-20 (newest figure); see `pkit info`"


def test_overlay_months_flow_through_the_months_of_the_series(run: Any, tmp_path: Path) -> None:
    extra = tmp_path / "extra.json"
    run(*MARCH, "-o", str(extra))
    data = overlay.load(None, [str(extra)])
    months = [p for p in data.months("ict-exports") if p.period.fiscal_start_year == 2025]
    assert [p.period.label for p in months][-2:] == ["2026-02", "2026-03"]
    assert sum(p.value for p in months) == 3375000000
    assert data.point("ict-exports", months[-1].period).source == "example-org-2026-04-20"  # type: ignore[union-attr]


def test_pkit_overlay_holds_several_files(run: Any, tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    run(*MARCH, "-o", str(first))
    run(*MARCH[:2], "2026-04", "410000000", *MARCH[4:7], "2026-05-20", "-o", str(second))
    env = {"PKIT_OVERLAY": os.pathsep.join([str(first), str(second)])}
    doc = json.loads(run("info", "--json", env=env).stdout)
    assert doc["series"][0]["latest"] == "2026-04"
    assert doc["overlays"] == [str(first), str(second)]
    # The option wins over the variable, as --data does over PKIT_DATA.
    only = json.loads(run("--overlay", str(first), "info", "--json", env=env).stdout)
    assert only["series"][0]["latest"] == "2026-03"


def test_an_identical_entry_is_harmless(run: Any, tmp_path: Path) -> None:
    extra = tmp_path / "extra.json"
    run(*MARCH, "-o", str(extra))
    twice = run("--overlay", str(extra), "--overlay", str(extra), "info", "--json")
    assert twice.exit_code == 0, twice.stderr
    shipped = {  # December 2025 exactly as the dataset has it: the same value, date, source
        "indicators": [
            {
                "id": "ict-exports",
                "observations": [
                    {
                        "period": "2025-12",
                        "value": 437000000,
                        "status": "reported",
                        "as_of": "2026-01-20",
                        "source": "arabnews-2026-01-20",
                    }
                ],
            }
        ]
    }
    same = run("--overlay", write(tmp_path / "same.json", shipped), "exports", "--json")
    assert same.exit_code == 0, same.stderr


def test_another_value_on_the_same_date_names_both_files(run: Any, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.json", december(500000000, "2026-01-20"))
    result = run("--overlay", bad, "exports")
    assert result.exit_code == 1
    message = one_line(result.stderr)
    assert "bad.json: $.indicators[0].observations[0]" in message
    assert "500000000" in message and "437000000 in embedded dataset" in message
    # Two overlays that disagree: the message names both of them.
    mine = write(tmp_path / "mine.json", december(440000000, "2026-02-18"))
    theirs = write(tmp_path / "theirs.json", december(450000000, "2026-02-18", "me-1"))
    clash = run("--overlay", mine, "--overlay", theirs, "exports")
    assert clash.exit_code == 1
    assert "theirs.json" in clash.stderr and "440000000 in " + mine in clash.stderr


def test_a_later_date_is_a_revision(run: Any, tmp_path: Path) -> None:
    later = write(tmp_path / "later.json", december(440000000, "2026-02-18"))
    result = run(
        "--overlay", later, "export", "--vintages", "--indicator", "ict-exports", "-f", "jsonl"
    )
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    december_rows = [
        (r["value"], r["status"], r["as_of"]) for r in rows if r["period"] == "2025-12"
    ]
    assert december_rows == [
        (437000000, "reported", "2026-01-20"),
        (440000000, "revised", "2026-02-18"),
    ]
    # As of a date before the revision, the first print is still the figure.
    before = run(
        "--overlay", later, "--as-of", "2026-02-01", "export", "-i", "ict-exports", "-f", "jsonl"
    )
    kept = [json.loads(x) for x in before.stdout.splitlines()]
    assert [r["value"] for r in kept if r["period"] == "2025-12"] == [437000000]


def test_add_a_revision_and_a_conflict(run: Any, tmp_path: Path) -> None:
    extra = tmp_path / "extra.json"
    dec = ["add", "ict-exports", "Dec 2025", "--source-url", "https://example.org/dec"]
    revised = run(*dec[:3], "440000000", *dec[3:], "--published", "2026-02-18", "-o", str(extra))
    assert revised.exit_code == 0, revised.stderr
    assert "revised" in revised.stderr
    obs = json.loads(extra.read_text())["indicators"][0]["observations"]
    assert obs[0]["period"] == "2025-12" and obs[0]["status"] == "revised"
    before = extra.read_bytes()
    clash = run(*dec[:3], "500000000", *dec[3:], "--published", "2026-01-20", "-o", str(extra))
    assert clash.exit_code == 1
    assert "437000000 in embedded dataset" in one_line(clash.stderr)
    assert extra.read_bytes() == before  # nothing written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["extra.json"]  # no temporary left


def test_add_appends_to_an_existing_file(run: Any, tmp_path: Path) -> None:
    extra = tmp_path / "extra.json"
    run(*MARCH, "-o", str(extra))
    again = run(*MARCH, "-o", str(extra))
    assert again.exit_code == 0 and "unchanged" in again.stderr
    run(*MARCH[:2], "2026-04", "410000000", *MARCH[4:7], "2026-05-20", "-o", str(extra))
    doc = json.loads(extra.read_text())
    assert [s["id"] for s in doc["sources"]] == [
        "example-org-2026-04-20",
        "example-org-2026-05-20",
    ]
    periods = [o["period"] for o in doc["indicators"][0]["observations"]]
    assert periods == ["2026-03", "2026-04"]


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["add", "no-such", "2026-03", "1"], 1, "unknown indicator 'no-such'"),
        (["add", "ict-exports", "2026-13", "1"], 2, "PERIOD: '2026-13'"),
        (["add", "ict-exports", "2026-03", "nan"], 1, "must be a finite number"),
    ],
)
def test_add_refuses_what_it_cannot_cite(
    run: Any, tmp_path: Path, args: list[str], code: int, words: str
) -> None:
    extra = tmp_path / "extra.json"
    result = run(*args, *MARCH[4:], "-o", str(extra))
    assert result.exit_code == code
    assert words in one_line(result.stderr)
    assert not extra.exists()


def test_a_malformed_overlay_is_one_line_with_its_json_path(run: Any, tmp_path: Path) -> None:
    doc = december(437000000, "2026-02-18")
    doc["indicators"][0]["observations"][0]["value"] = "437"
    result = run("--overlay", write(tmp_path / "typo.json", doc), "exports")
    assert result.exit_code == 1
    assert "typo.json: invalid overlay: $.indicators[0].observations[0].value" in one_line(
        result.stderr
    )
    doc = december(437000000, "2026-02-18")
    doc["sources"] = []  # cites a source nobody has
    result = run("--overlay", write(tmp_path / "unsourced.json", doc), "exports")
    assert result.exit_code == 1
    assert (
        "unsourced.json: $.indicators[0].observations[0].source: unknown source id 'me-1'"
        in one_line(result.stderr)
    )
    doc = december(437000000, "2026-02-18")
    doc["indicators"][0]["name"] = "Another name"  # redefining a shipped indicator
    result = run("--overlay", write(tmp_path / "rename.json", doc), "exports")
    assert "indicator 'ict-exports' is already in embedded dataset" in one_line(result.stderr)
    missing = run("--overlay", str(tmp_path / "none.json"), "exports")
    assert missing.exit_code == 1 and "none.json: no such file" in one_line(missing.stderr)


def test_the_library_takes_overlays_and_answers_info_as_the_command(
    run: Any, tmp_path: Path
) -> None:
    import pkit_cli as pkit

    extra = tmp_path / "extra.json"
    run(*MARCH, "-o", str(extra))
    d = pkit.load(as_of="2026-11-28", overlays=[extra])
    command = json.loads(
        run("--overlay", str(extra), "--as-of", "2026-11-28", "info", "--json").stdout
    )
    assert d.info() == command
    assert d.info()["series"][0]["latest"] == "2026-03"


def test_an_overlay_adds_a_statement_a_target_and_a_new_indicator(run: Any, tmp_path: Path) -> None:
    doc = {
        "sources": [{"id": "me-1", "publisher": "Me", "url": "https://example.org/t"}],
        "indicators": [
            {
                "id": "my-series",
                "name": "My series",
                "topic": "exports",
                "unit": "USD",
                "definition": "A series of my own.",
                "flow": True,
                "observations": [
                    {"period": "FY2024-25", "value": 5, "status": "reported",
                     "as_of": "2025-08-01", "source": "me-1"}
                ],
            }
        ],
        "statements": [
            {"id": "st-mine", "kind": "level", "indicator": "ict-exports",
             "period": "FY2025-26 Jul-Mar", "value": 3375000000, "source": "me-1",
             "as_of": "2026-04-20"}
        ],
        "targets": [
            {"id": "T99", "name": "My target", "value": 10, "unit": "USD",
             "deadline": "FY2029-30", "source": "me-1", "set_on": "2025-08-01",
             "indicator": "my-series", "reason": "Mine."}
        ],
    }  # fmt: skip
    path = write(tmp_path / "mine.json", doc)
    target = json.loads(run("--overlay", path, "targets", "T99", "--json").stdout)
    assert (target[0]["id"], target[0]["latest"]) == ("T99", 5)
    shown = json.loads(run("--overlay", path, "show", "my-series", "--json").stdout)
    assert [o["value"] for o in shown["observations"]] == [5]
    sources = json.loads(run("--overlay", path, "sources", "me-1", "--json").stdout)
    assert {s["id"] for s in sources["supports"]} >= {"st-mine", "T99"}


def test_an_added_month_reaches_the_fiscal_year_to_date(run, tmp_path):
    """Issue 10's done-when: March 2026 = 400 mn added by hand; Jul–Mar FY2025-26 = 2,975 (Jul–Feb,
    data-sources.md S6) + 400 = 3,375 mn, against Jul–Mar FY2024-25 = 2,482 + 342 (March 2025,
    data-monthly.md) = 2,824 mn."""
    extra = tmp_path / "extra.json"
    added = run(
        "add", "ict-exports", "2026-03", "400000000",
        "--source-url", "https://example.org/march", "--published", "2026-04-20",
        "-o", str(extra),
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    result = run("--overlay", str(extra), "ytd", "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["period"], doc["value"]) == ("FY2025-26 Jul-Mar", 3375000000)
    assert (doc["base_period"], doc["base_value"]) == ("FY2024-25 Jul-Mar", 2824000000)
