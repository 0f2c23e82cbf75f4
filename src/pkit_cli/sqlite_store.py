"""The dataset as a SQLite database (``pkit export``), with the standard
library's ``sqlite3``: five tables with primary and foreign keys, indexes, a view
``latest``, and a ``columns`` table describing every column."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .report import Block, Keyed, Same
from .reports.export import KEYS, OBSERVATION_COLUMNS

Column = tuple[str, str, str]


def _as_exported(*columns: tuple[str, str]) -> tuple[Column, ...]:
    """Columns of the tidy observation table (``pkit export``), described in its words;
    the database leaves out those its indicators and sources tables hold (a join gives
    them back) and keeps its primary key's order."""
    described = dict(OBSERVATION_COLUMNS)
    return tuple((name, declaration, described[name]) for name, declaration in columns)


# (table, [(column, declaration, description)], table constraints). NUMERIC affinity keeps
# 3810000000 an integer (sqlite3 prints it so) and 26.4 a real: values stay as published.
TABLES: tuple[tuple[str, tuple[Column, ...], str], ...] = (
    (
        "sources",
        (
            ("id", "TEXT NOT NULL", "Source id."),
            ("publisher", "TEXT NOT NULL", "Who published it."),
            ("title", "TEXT", "The headline as printed; NULL when the page showed none."),
            ("url", "TEXT", "Where it was read."),
            ("published", "TEXT", "Publication date (ISO); NULL when the page is undated."),
            ("note", "TEXT", "What to know about the source."),
        ),
        "PRIMARY KEY (id)",
    ),
    (
        "indicators",
        (
            ("id", "TEXT NOT NULL", "Indicator id."),
            ("name", "TEXT NOT NULL", "What the indicator measures."),
            ("short_name", "TEXT", "A column header."),
            ("topic", "TEXT NOT NULL", "exports, parks, connectivity or talent."),
            ("unit", "TEXT NOT NULL", "USD (dollars), count, percent or bytes."),
            ("definition", "TEXT NOT NULL", "The definition, with its caveats."),
            ("components", "TEXT", "JSON list of indicator ids that add up to this one."),
            ("notes", "TEXT", "Notes, one per line."),
        ),
        "PRIMARY KEY (id)",
    ),
    (
        "periods",
        _as_exported(
            ("period", "TEXT NOT NULL"),
            ("frequency", "TEXT NOT NULL"),
            ("period_start", "TEXT NOT NULL"),
            ("period_end", "TEXT NOT NULL"),
        ),
        "PRIMARY KEY (period)",
    ),
    (
        "observations",
        (
            ("id", "INTEGER NOT NULL", "Row number (the rowid): the order of the dataset file."),
            *_as_exported(
                ("indicator", "TEXT NOT NULL"),
                ("period", "TEXT NOT NULL"),
                ("value", "NUMERIC NOT NULL"),
                ("qualifier", "TEXT"),
                ("status", "TEXT NOT NULL"),
                ("as_of", "TEXT NOT NULL"),
                ("source", "TEXT NOT NULL"),
                ("note", "TEXT"),
            ),
        ),
        "PRIMARY KEY (id), "
        "FOREIGN KEY (indicator) REFERENCES indicators (id), "
        "FOREIGN KEY (period) REFERENCES periods (period), "
        "FOREIGN KEY (source) REFERENCES sources (id)",
    ),
    (
        "statements",
        (
            ("id", "TEXT NOT NULL", "Statement id."),
            ("kind", "TEXT NOT NULL", "growth (a rate), level (a stated total) or projection."),
            ("indicator", "TEXT NOT NULL", "The indicator it describes (indicators.id)."),
            ("period", "TEXT NOT NULL", "The period the statement is about."),
            ("base_period", "TEXT", "growth: the period it compares with."),
            ("percent", "NUMERIC", "growth: the stated rate, in percent."),
            ("value", "NUMERIC", "level or projection: the stated figure, in base units."),
            ("qualifier", "TEXT", "at_least, about, nearly; empty if plain."),
            ("precision", "NUMERIC", "The step the source rounded to (0.1 for 26.4 %)."),
            ("source", "TEXT NOT NULL", "Source id (sources.id)."),
            ("as_of", "TEXT NOT NULL", "When it was stated (ISO date)."),
            ("note", "TEXT", "Context."),
        ),
        "PRIMARY KEY (id), "
        "FOREIGN KEY (indicator) REFERENCES indicators (id), "
        "FOREIGN KEY (source) REFERENCES sources (id)",
    ),
    (
        "targets",
        (
            ("id", "TEXT NOT NULL", "Target id (T1 …)."),
            ("name", "TEXT NOT NULL", "What the target is for."),
            ("value", "NUMERIC NOT NULL", "The target value, in the unit's base units."),
            ("unit", "TEXT NOT NULL", "USD (dollars), count, percent or bytes."),
            ("deadline", "TEXT", "The period by which it is to be met; NULL when none was stated."),
            ("indicator", "TEXT", "The series that measures progress (indicators.id), if any."),
            ("set_on", "TEXT NOT NULL", "When the target was first stated (ISO date)."),
            ("first_stated_in", "TEXT", "The page that first stated it, when not source."),
            ("source", "TEXT NOT NULL", "Source id (sources.id)."),
            ("reason", "TEXT NOT NULL", "Why this series measures this target."),
            ("note", "TEXT", "Context."),
        ),
        "PRIMARY KEY (id), "
        "FOREIGN KEY (indicator) REFERENCES indicators (id), "
        "FOREIGN KEY (source) REFERENCES sources (id), "
        "FOREIGN KEY (first_stated_in) REFERENCES sources (id)",
    ),
)

INDEXES = (
    # Each indicator, period and vintage once. Built after the rows are in, in one sort,
    # rather than grown row by row as a primary key would be (a million rows: 0.6 s → 0.2 s).
    "CREATE UNIQUE INDEX observations_key ON observations (indicator, period, as_of)",
    # By period across indicators ("every figure for FY2024-25"). None by source: a query by
    # source scans (a million rows: ~0.1 s), and each index costs 0.2 s of that export.
    "CREATE INDEX observations_period ON observations (period)",
    "CREATE INDEX statements_indicator ON statements (indicator)",
    "CREATE INDEX targets_indicator ON targets (indicator)",
)

# The latest vintage of each indicator and period (the unique key's index finds it), with
# its period's dates: the columns of the tidy table (pkit export) but the indicator's and
# source's own, which a join with indicators and sources gives.
LATEST_VIEW = """
CREATE VIEW latest AS
SELECT o.indicator, o.period, p.frequency, p.period_start, p.period_end, o.value,
       o.qualifier, o.status, o.as_of, o.source, o.note
FROM observations AS o JOIN periods AS p ON p.period = o.period
WHERE o.as_of = (
    SELECT max(v.as_of) FROM observations AS v
    WHERE v.indicator = o.indicator AND v.period = o.period
)
"""


def write(
    path: str,
    tables: Mapping[str, Iterable[Mapping[str, Any]]],
    observations: Iterable[Block],
) -> None:
    """Write ``tables`` (rows keyed by column name) and ``observations`` (blocks of the
    tidy table, reports.export) into a new database at ``path``; the observations' periods
    become the ``periods`` table."""
    db = sqlite3.connect(path)
    try:
        # A new file that is renamed into place only when complete: no journal needed. The
        # dataset's references were checked when it was loaded, so the keys are not checked
        # again row by row (a million rows: 0.4 s); PRAGMA foreign_key_check finds nothing.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        # Pages of 16 KiB, not 4: fewer splits while the primary key's index grows (a
        # million rows: 0.25 s of 2.5), and a small database stays small (~0.3 MB).
        db.execute("PRAGMA page_size = 16384")
        for name, columns, constraints in TABLES:
            db.execute(_create(name, columns, constraints))
        for name, columns, _ in TABLES:
            if name not in ("periods", "observations"):
                _insert(db, name, [c[0] for c in columns], tables.get(name, ()))
        periods = _insert_observations(db, observations)
        db.executemany(_insert_sql("periods", list(PERIOD_KEYS)), sorted(periods))
        for statement in INDEXES:
            db.execute(statement)
        db.execute(LATEST_VIEW)
        _describe_columns(db)
        db.commit()
    finally:
        db.close()


PERIOD_KEYS = ("period", "frequency", "period_start", "period_end")
OBSERVATION_KEYS = tuple(
    c[0] for name, columns, _ in TABLES if name == "observations" for c in columns if c[0] != "id"
)


def _insert_observations(db: sqlite3.Connection, blocks: Iterable[Block]) -> set[tuple[Any, ...]]:
    """Insert every block's rows (columns zipped in C); the distinct periods they have."""
    at = [KEYS.index(k) for k in OBSERVATION_KEYS]
    period_at = [KEYS.index(k) for k in PERIOD_KEYS]
    periods = _DistinctRows()
    for block in blocks:
        columns = [block.columns[i] for i in at]
        # A value the whole block shares (its indicator, no note) is written into the
        # statement once, not bound on every row (a million rows: 0.2 s).
        values = ", ".join(_literal(c.value) if isinstance(c, Same) else "?" for c in columns)
        insert = f"INSERT INTO observations ({', '.join(OBSERVATION_KEYS)}) VALUES ({values})"
        bound = tuple(c for c in columns if not isinstance(c, Same))
        db.executemany(insert, Block(block.length, bound).records())
        periods.add(Block(block.length, tuple(block.columns[i] for i in period_at)))
    return periods.rows()


def _literal(value: Any) -> str:
    """A value as SQL text: NULL, a number, or a quoted string."""
    if value is None:
        return "NULL"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


class _DistinctRows:
    """The distinct rows of blocks. Columns keyed alike (a period and its dates) are
    gathered by key and looked up once per distinct key at the end, not once per row (a
    million rows: 0.14 s → 0.02 s)."""

    def __init__(self) -> None:
        self.keyed: dict[tuple[int, ...], tuple[list[Keyed], set[Any]]] = {}
        self.other: set[tuple[Any, ...]] = set()

    def add(self, block: Block) -> None:
        columns = block.columns
        first = columns[0]
        if isinstance(first, Keyed) and all(
            isinstance(c, Keyed) and c.keys is first.keys for c in columns
        ):
            keyed = [c for c in columns if isinstance(c, Keyed)]
            signature = tuple(id(c.of) for c in keyed)
            self.keyed.setdefault(signature, (keyed, set()))[1].update(first.keys)
        else:
            self.other.update(block.records())

    def rows(self) -> set[tuple[Any, ...]]:
        found = set(self.other)
        for keyed, keys in self.keyed.values():
            distinct = list(keys)
            found.update(zip(*(Keyed(distinct, c.of).values() for c in keyed), strict=True))
        return found


def _create(name: str, columns: Sequence[Column], constraints: str) -> str:
    body = ", ".join(f"{c} {decl}" for c, decl, _ in columns)
    return f"CREATE TABLE {name} ({body}, {constraints})"


def _insert_sql(name: str, keys: list[str]) -> str:
    return f"INSERT INTO {name} ({', '.join(keys)}) VALUES ({', '.join('?' for _ in keys)})"


def _insert(
    db: sqlite3.Connection, name: str, keys: list[str], rows: Iterable[Mapping[str, Any]]
) -> None:
    db.executemany(_insert_sql(name, keys), (tuple(row[k] for k in keys) for row in rows))


def _describe_columns(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, "
        "description TEXT NOT NULL, PRIMARY KEY (table_name, column_name))"
    )
    db.executemany(
        "INSERT INTO columns VALUES (?, ?, ?)",
        [(t, c, text) for t, columns, _ in TABLES for c, _, text in columns],
    )
