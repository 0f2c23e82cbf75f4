"""pkit export: the tidy table (CSV, JSON Lines) and the SQLite database.

Expected figures are typed from ../shared/data-sources.md: ICT exports FY2024-25 = 3.810 bn
(S2, Business Recorder 2025-08-20); FY2020-21 first printed 2.123 bn, later 2.108 bn (S2)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from pkit_cli import sqlite_store


def test_csv_has_one_row_per_period_latest_vintage(run):
    result = run("export")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    fy21 = [r for r in rows if r["indicator"] == "ict-exports" and r["period"] == "FY2020-21"]
    assert [r["value"] for r in fy21] == ["2108000000"]
    assert fy21[0]["status"] == "revised"
    assert fy21[0]["period_start"] == "2020-07-01" and fy21[0]["period_end"] == "2021-06-30"
    assert fy21[0]["frequency"] == "annual"
    assert fy21[0]["source_url"].startswith("https://")


def test_csv_vintages_has_every_release(run):
    rows = list(csv.DictReader(io.StringIO(run("export", "--vintages").stdout)))
    fy21 = {
        r["value"] for r in rows if r["indicator"] == "ict-exports" and r["period"] == "FY2020-21"
    }
    assert fy21 == {"2123000000", "2108000000"}


def test_as_of_sees_only_what_was_published(run):
    rows = list(csv.DictReader(io.StringIO(run("--as-of", "2022-01-01", "export").stdout)))
    fy21 = [
        r["value"] for r in rows if r["indicator"] == "ict-exports" and r["period"] == "FY2020-21"
    ]
    assert fy21 == ["2123000000"]


def test_jsonl_is_one_object_per_line(run):
    lines = run("export", "--format", "jsonl").stdout.splitlines()
    assert len(lines) > 10
    rows = [json.loads(line) for line in lines]
    fy25 = next(r for r in rows if r["indicator"] == "ict-exports" and r["period"] == "FY2024-25")
    assert fy25["value"] == 3810000000 and isinstance(fy25["value"], int)


def test_sqlite_latest_view_and_keys(run, tmp_path: Path):
    db = tmp_path / "pkit.db"
    result = run("export", "--format", "sqlite", "-o", str(db))
    assert result.exit_code == 0, result.stderr
    con = sqlite3.connect(db)
    value = con.execute(
        "select value from latest where indicator = 'ict-exports' and period = 'FY2024-25'"
    ).fetchall()
    assert value == [(3810000000,)]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    both = con.execute(
        "select value from observations where indicator = 'ict-exports' "
        "and period = 'FY2020-21' order by as_of"
    ).fetchall()
    assert both == [(2123000000,), (2108000000,)]
    tables = {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
    assert {"indicators", "observations", "sources", "targets", "statements", "columns"} <= tables
    described = set(con.execute("select table_name, column_name from columns"))
    for table in ("indicators", "observations", "sources", "targets", "statements"):
        for _, column, *_rest in con.execute(f"PRAGMA table_info({table})"):
            assert (table, column) in described


def test_sqlite_needs_a_file(run):
    result = run("export", "--format", "sqlite")
    assert result.exit_code == 2
    assert "-o FILE" in result.stderr


def test_an_existing_file_is_replaced_only_with_force(run, tmp_path: Path):
    out = tmp_path / "x.csv"
    out.write_text("keep me")
    refused = run("export", "-o", str(out))
    assert refused.exit_code == 1
    assert "--force" in refused.stderr
    assert out.read_text() == "keep me"
    assert run("export", "-o", str(out), "--force").exit_code == 0
    assert out.read_text().startswith("indicator,")


def test_a_failed_write_leaves_nothing_behind(run, tmp_path: Path, monkeypatch):
    def fail(path: str, tables: object) -> None:
        Path(path).write_bytes(b"half a database")
        raise KeyboardInterrupt

    monkeypatch.setattr(sqlite_store, "write", fail)
    db = tmp_path / "pkit.db"
    run("export", "--format", "sqlite", "-o", str(db))
    assert list(tmp_path.iterdir()) == []


def test_duckdb_reads_the_exports_with_types(run, tmp_path: Path):
    duckdb = pytest.importorskip("duckdb")
    (tmp_path / "pkit.csv").write_text(run("export").stdout, encoding="utf-8")
    (tmp_path / "pkit.jsonl").write_text(run("export", "-f", "jsonl").stdout, encoding="utf-8")
    con = duckdb.connect()
    for reader in ("read_csv_auto", "read_json_auto"):
        name = "pkit.csv" if reader == "read_csv_auto" else "pkit.jsonl"
        rel = con.sql(f"select * from {reader}('{tmp_path / name}')")
        types = dict(zip(rel.columns, map(str, rel.types), strict=True))
        assert types["as_of"] == "DATE" and types["period_start"] == "DATE", types
        assert types["value"] in ("DOUBLE", "BIGINT"), types
        value = con.execute(
            f"select value from {reader}('{tmp_path / name}') "
            "where indicator = 'ict-exports' and period = 'FY2024-25'"
        ).fetchall()
        assert value == [(3810000000,)]


def test_months_are_exported_with_their_vintages(run, tmp_path: Path):
    """data-monthly.md: December 2025 = 437 mn; November 2024 first printed 324, later 310;
    May 2025 derived (330 mn); 32 months July 2023 – February 2026."""
    rows = list(csv.DictReader(io.StringIO(run("export", "--vintages").stdout)))
    months = [r for r in rows if r["indicator"] == "ict-exports" and r["frequency"] == "monthly"]
    assert len({r["period"] for r in months}) == 32
    by = {(r["period"], r["value"]) for r in months}
    assert ("2025-12", "437000000") in by
    assert {("2024-11", "324000000"), ("2024-11", "310000000")} <= by
    may = next(r for r in months if r["period"] == "2025-05")
    assert (may["value"], may["status"]) == ("330000000", "derived")
    db = tmp_path / "m.db"
    assert run("export", "--format", "sqlite", "-o", str(db)).exit_code == 0
    latest = sqlite3.connect(db).execute(
        "select value from latest where indicator = 'ict-exports' and period = '2024-11'"
    )
    assert latest.fetchall() == [(310000000,)]
