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
    with pytest.raises(sqlite3.IntegrityError):  # one figure per indicator, period and vintage
        con.execute(
            "insert into observations (indicator, period, value, status, as_of, source) "
            "select indicator, period, value, status, as_of, source from observations limit 1"
        )
    tables = {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
    assert {
        "indicators",
        "observations",
        "periods",
        "sources",
        "targets",
        "statements",
        "columns",
    } <= tables
    described = set(con.execute("select table_name, column_name from columns"))
    for table in ("indicators", "observations", "periods", "sources", "targets", "statements"):
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


def test_the_latest_view_has_each_periods_dates(run, tmp_path: Path):
    """A period's frequency and dates live once, in the periods table; the view latest
    joins them back, so a query by frequency works as on the tidy table (README)."""
    db = tmp_path / "pkit.db"
    assert run("export", "--format", "sqlite", "-o", str(db)).exit_code == 0
    con = sqlite3.connect(db)
    row = con.execute(
        "select frequency, period_start, period_end, value, status from latest "
        "where indicator = 'ict-exports' and period = 'FY2020-21'"
    ).fetchall()
    assert row == [("annual", "2020-07-01", "2021-06-30", 2108000000, "revised")]
    months = con.execute(
        "select count(*), sum(value) from latest "
        "where indicator = 'ict-exports' and frequency = 'monthly' "
        "and period between '2024-07' and '2025-06'"
    ).fetchall()
    assert months == [(12, 3810000000)]  # data-monthly.md: FY2024-25's months, 3,810 mn


WEIRD_NAME = 'A {name} "quoted", with a comma\x9b'
WEIRD_NOTE = 'a {0} note, with "quotes"\nand a new line'


def _weird(data: dict) -> None:
    source = data["sources"][0]["id"]
    row = {"status": "reported", "source": source}
    data["indicators"].append(
        {
            "id": "weird",
            "name": WEIRD_NAME,
            "topic": "exports",
            "unit": "USD",
            "definition": "Values and text a fast writer could get wrong.",
            "observations": [
                {**row, "period": "FY2019-20", "value": -0.0, "as_of": "2020-08-01"},
                {
                    **row,
                    "period": "FY2020-21",
                    "value": 9007199254740994.0,
                    "as_of": "2021-08-01",
                    "qualifier": "about",
                },
                {
                    **row,
                    "period": "FY2021-22",
                    "value": 0.5,
                    "as_of": "2022-08-01",
                    "status": "estimated",
                    "note": WEIRD_NOTE,
                },
                {
                    **row,
                    "period": "FY2021-22",
                    "value": 1e21,
                    "as_of": "2023-08-01",
                    "status": "revised",
                    "note": "}{",
                },
                {**row, "period": "2022-03", "value": 3, "as_of": "2022-04-20"},
            ],
        }
    )


def test_csv_quotes_and_escapes_text_and_prints_numbers_as_published(run, dataset_file):
    """Braces (the writer fills templates), quotes, commas and control characters in a
    dataset's text; -0 is 0, a whole number has no '.0' below 2**53 and keeps it above."""
    data = str(dataset_file(_weird))
    out = run("--data", data, "export", "--indicator", "weird", "--vintages").stdout
    lines = out.splitlines()
    assert lines[1].startswith('weird,"A {name} ""quoted"", with a comma\\x9b",exports,USD,')
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["period"], r["value"], r["qualifier"]) for r in rows] == [
        ("FY2019-20", "0", ""),
        ("FY2020-21", "9007199254740994.0", "about"),
        ("2022-03", "3", ""),  # periods in time order: by their end, then their start
        ("FY2021-22", "0.5", ""),
        ("FY2021-22", "1e+21", ""),
    ]
    assert rows[3]["note"] == 'a {0} note, with "quotes"\\x0aand a new line'
    assert rows[4]["note"] == "}{"
    assert rows[0]["indicator_name"] == 'A {name} "quoted", with a comma\\x9b'


def test_jsonl_keeps_text_and_numbers(run, dataset_file):
    data = str(dataset_file(_weird))
    out = run("--data", data, "export", "--indicator", "weird", "-f", "jsonl").stdout
    assert "\\u009b" in out  # a C1 control is escaped in JSON too
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["period"], r["value"]) for r in rows] == [
        ("FY2019-20", 0),
        ("FY2020-21", 9007199254740994.0),
        ("2022-03", 3),
        ("FY2021-22", 1e21),  # the latest vintage only
    ]
    assert rows[0]["indicator_name"] == WEIRD_NAME
    assert rows[3]["note"] == "}{" and rows[1]["qualifier"] == "about"
    assert isinstance(rows[0]["value"], int) and isinstance(rows[1]["value"], float)


@pytest.mark.parametrize(
    ("values", "texts"),
    [
        ([3810000000.0, 26.4, 0.5], ["3810000000", "26.4", "0.5"]),
        ([-0.0, 7.0], ["0", "7"]),  # int(-0.0) is 0
        ([-0.0], ["0"]),
        ([2.0**53, 5.0], ["9007199254740992.0", "5"]),  # beyond 2**53: a float, as published
        ([1e21, 1e-05], ["1e+21", "1e-05"]),
        ([-1250000.0], ["-1250000"]),
    ],
)
def test_a_column_of_numbers_prints_as_each_would(values, texts):
    from pkit_cli.text import machine_number, number_texts

    assert number_texts(values) == texts
    assert [repr(machine_number(v)) for v in values] == texts


def test_a_value_a_whole_series_shares_reaches_the_database_intact(run, dataset_file, tmp_path):
    """The database writes a value every row of a series has into its statement once:
    a note with an apostrophe, a qualifier, a status must still arrive as they are."""
    note = "the minister's figure; 'about' as said"

    def shared(data: dict) -> None:
        source = data["sources"][0]["id"]
        data["indicators"].append(
            {
                "id": "shared",
                "name": "Shared",
                "topic": "talent",
                "unit": "count",
                "definition": "d",
                "observations": [
                    {
                        "period": p,
                        "value": v,
                        "status": "estimated",
                        "as_of": "2024-08-01",
                        "source": source,
                        "qualifier": "about",
                        "note": note,
                    }
                    for p, v in (("FY2022-23", 1000.0), ("FY2023-24", 1500.5))
                ],
            }
        )

    db = tmp_path / "s.db"
    result = run("--data", str(dataset_file(shared)), "export", "-f", "sqlite", "-o", str(db))
    rows = (
        sqlite3.connect(db)
        .execute(
            "select period, value, qualifier, status, note from latest where indicator = 'shared' "
            "order by period"
        )
        .fetchall()
    )
    assert rows == [
        ("FY2022-23", 1000, "about", "estimated", note),
        ("FY2023-24", 1500.5, "about", "estimated", note),
    ], result.stderr


def test_rows_are_inserted_fifty_a_statement_and_all_arrive():
    """_insert_rows writes 50 rows a statement and the rest in one more: 120 rows are two
    statements of fifty and one of twenty, in order; a block whose every value is written
    into the statement still gets one row each."""
    from pkit_cli.report import Block

    db = sqlite3.connect(":memory:")
    db.execute("create table t (k TEXT, n INTEGER, x TEXT)")
    numbers = list(range(120))
    block = Block(120, ([f"k{n}" for n in numbers], numbers))
    sqlite_store._insert_rows(db, "INSERT INTO t (k, n, x)", "?, ?, 'same'", block)
    rows = db.execute("select k, n, x from t order by rowid").fetchall()
    assert rows == [(f"k{n}", n, "same") for n in numbers]
    sqlite_store._insert_rows(db, "INSERT INTO t (k, n, x)", "'a', 1, NULL", Block(3, ()))
    assert db.execute("select count(*) from t where k = 'a' and x is null").fetchall() == [(3,)]


def test_a_column_prints_a_number_alike_whether_shared_listed_or_mixed():
    """A value every row shares is written once into the template, a column of floats a
    column at a time, a column that mixes floats and text one value at a time: 3.0 is 3
    and 0.5 is 0.5 in all three (JSON and CSV)."""
    from pkit_cli.output import stream_csv, stream_jsonl
    from pkit_cli.report import Block, Same

    blocks = [
        Block(2, (Same(3.0), [3.0, 0.5], [3.0, "a"])),
        Block(1, (Same(0.5), [7.0], [None])),
    ]
    out = io.StringIO()
    stream_csv(("s", "f", "m"), blocks, out)
    assert out.getvalue() == "s,f,m\r\n3,3,3\r\n3,0.5,a\r\n0.5,7,\r\n"
    out = io.StringIO()
    stream_jsonl(("s", "f", "m"), blocks, out)
    assert [json.loads(line) for line in out.getvalue().splitlines()] == [
        {"s": 3, "f": 3, "m": 3},
        {"s": 3, "f": 0.5, "m": "a"},
        {"s": 0.5, "f": 7, "m": None},
    ]
    assert '"s": 3,' in out.getvalue() and '"f": 3,' in out.getvalue()


def test_the_periods_table_holds_the_periods_of_the_figures_it_holds(run, tmp_path: Path):
    """As of 2022-01-01 (data-sources.md: FY2020-21 first printed 2.123 bn then), every
    observation's period is in periods, and periods has none that no figure has."""
    db = tmp_path / "old.db"
    assert run("--as-of", "2022-01-01", "export", "-f", "sqlite", "-o", str(db)).exit_code == 0
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    unused = con.execute(
        "select period from periods where period not in (select period from observations)"
    ).fetchall()
    assert unused == []
    assert ("FY2020-21", "annual", "2020-07-01", "2021-06-30") in con.execute(
        "select * from periods"
    ).fetchall()
    assert con.execute("select count(*) from periods where period = '2025-12'").fetchall() == [(0,)]
