"""The dataset as a SQLite database (``pkit export``), with the standard
library's ``sqlite3``: six tables with primary and foreign keys, indexes, a view
``latest``, and a ``columns`` table describing every column."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping
from itertools import chain, repeat
from typing import Any

from .report import Block, Same
from .reports.export import KEYS, OBSERVATION_COLUMNS

# The tables in SQL, each column described by its comment: the comments fill the table
# ``columns``, and SQLite keeps them in the schema it shows (``.schema`` in sqlite3).
# ``{name}``: the tidy table's own words for that column (reports.export). NUMERIC affinity
# keeps 3810000000 an integer (sqlite3 prints it so) and 26.4 a real: values as published.
SCHEMA = """
CREATE TABLE sources (
    id TEXT NOT NULL,  -- Source id.
    publisher TEXT NOT NULL,  -- Who published it.
    title TEXT,  -- The headline as printed; NULL when the page showed none.
    url TEXT,  -- Where it was read.
    published TEXT,  -- Publication date (ISO); NULL when the page is undated.
    note TEXT,  -- What to know about the source.
    PRIMARY KEY (id)
);
CREATE TABLE indicators (
    id TEXT NOT NULL,  -- Indicator id.
    name TEXT NOT NULL,  -- What the indicator measures.
    short_name TEXT,  -- A column header.
    topic TEXT NOT NULL,  -- {topic}
    unit TEXT NOT NULL,  -- {unit}
    definition TEXT NOT NULL,  -- The definition, with its caveats.
    components TEXT,  -- JSON list of indicator ids that add up to this one.
    notes TEXT,  -- Notes, one per line.
    PRIMARY KEY (id)
);
CREATE TABLE periods (
    period TEXT NOT NULL,  -- {period}
    frequency TEXT NOT NULL,  -- {frequency}
    period_start TEXT NOT NULL,  -- {period_start}
    period_end TEXT NOT NULL,  -- {period_end}
    PRIMARY KEY (period)
);
CREATE TABLE observations (
    id INTEGER NOT NULL,  -- Row number (the rowid): the order of the dataset file.
    indicator TEXT NOT NULL,  -- {indicator}
    period TEXT NOT NULL,  -- {period}
    value NUMERIC NOT NULL,  -- {value}
    qualifier TEXT,  -- {qualifier}
    status TEXT NOT NULL,  -- {status}
    as_of TEXT NOT NULL,  -- {as_of}
    source TEXT NOT NULL,  -- {source}
    note TEXT,  -- {note}
    PRIMARY KEY (id),
    FOREIGN KEY (indicator) REFERENCES indicators (id),
    FOREIGN KEY (period) REFERENCES periods (period),
    FOREIGN KEY (source) REFERENCES sources (id)
);
CREATE TABLE statements (
    id TEXT NOT NULL,  -- Statement id.
    kind TEXT NOT NULL,  -- growth (a rate), level (a stated total) or projection.
    indicator TEXT NOT NULL,  -- The indicator it describes (indicators.id).
    period TEXT NOT NULL,  -- The period the statement is about.
    base_period TEXT,  -- growth: the period it compares with.
    percent NUMERIC,  -- growth: the stated rate, in percent.
    value NUMERIC,  -- level or projection: the stated figure, in base units.
    qualifier TEXT,  -- {qualifier}
    precision NUMERIC,  -- The step the source rounded to (0.1 for 26.4 %).
    source TEXT NOT NULL,  -- {source}
    as_of TEXT NOT NULL,  -- When it was stated (ISO date).
    note TEXT,  -- Context.
    PRIMARY KEY (id),
    FOREIGN KEY (indicator) REFERENCES indicators (id),
    FOREIGN KEY (source) REFERENCES sources (id)
);
CREATE TABLE targets (
    id TEXT NOT NULL,  -- Target id (T1 …).
    name TEXT NOT NULL,  -- What the target is for.
    value NUMERIC NOT NULL,  -- The target value, in the unit's base units.
    unit TEXT NOT NULL,  -- {unit}
    deadline TEXT,  -- The period by which it is to be met; NULL when none was stated.
    indicator TEXT,  -- The series that measures progress (indicators.id), if any.
    set_on TEXT NOT NULL,  -- When the target was first stated (ISO date).
    first_stated_in TEXT,  -- The page that first stated it, when not source.
    source TEXT NOT NULL,  -- {source}
    reason TEXT NOT NULL,  -- Why this series measures this target.
    note TEXT,  -- Context.
    PRIMARY KEY (id),
    FOREIGN KEY (indicator) REFERENCES indicators (id),
    FOREIGN KEY (source) REFERENCES sources (id),
    FOREIGN KEY (first_stated_in) REFERENCES sources (id)
);
""".format_map(dict(OBSERVATION_COLUMNS))

_TABLE = re.compile(r"CREATE TABLE (\w+) \((.*?)\n\);", re.S)
_COLUMN = re.compile(r"^ +(\w+) [^,]*, +-- (.*)$", re.M)

# Each table's (column, description), in order, read from SCHEMA.
TABLES: dict[str, list[tuple[str, str]]] = {
    table: _COLUMN.findall(body) for table, body in _TABLE.findall(SCHEMA)
}


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
    tidy table, reports.export) into a new database at ``path``."""
    db = sqlite3.connect(path)
    try:
        # A new file that is renamed into place only when complete: no journal needed. The
        # dataset's references were checked when it was loaded, so the keys are not checked
        # again row by row (a million rows: 0.4 s); PRAGMA foreign_key_check finds nothing.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        # Pages of 16 KiB, not 4: a quarter as many pages to fill, split and link as a
        # million rows go in (0.25 s of 2.5, measured), and a small database stays small.
        db.execute("PRAGMA page_size = 16384")
        for table in _TABLE.finditer(SCHEMA):
            db.execute(table.group().removesuffix(";"))
        for name, columns in TABLES.items():
            if name != "observations":
                _insert(db, name, [c for c, _ in columns], tables.get(name, ()))
        _insert_observations(db, observations)
        for statement in INDEXES:
            db.execute(statement)
        db.execute(LATEST_VIEW)
        _describe_columns(db)
        db.commit()
    finally:
        db.close()


OBSERVATION_KEYS = tuple(c for c, _ in TABLES["observations"] if c != "id")


def _insert_observations(db: sqlite3.Connection, blocks: Iterable[Block]) -> None:
    """Insert every block's rows (columns zipped in C)."""
    at = [KEYS.index(k) for k in OBSERVATION_KEYS]
    for block in blocks:
        columns = [block.columns[i] for i in at]
        # A value the whole block shares (its indicator, no note) is written into the
        # statement once, not bound on every row (a million rows: 0.2 s).
        row = ", ".join(_literal(c.value) if isinstance(c, Same) else "?" for c in columns)
        bound = Block(block.length, tuple(c for c in columns if not isinstance(c, Same)))
        _insert_rows(db, f"INSERT INTO observations ({', '.join(OBSERVATION_KEYS)})", row, bound)


ROWS_PER_INSERT = 50  # rows an INSERT statement takes at once


def _insert_rows(db: sqlite3.Connection, insert: str, row: str, block: Block) -> None:
    """``insert`` with ``VALUES (row), (row), …``: fifty rows a statement, not one, so that
    SQLite's work for each statement run is shared by fifty rows (a million rows: 1.5 s →
    1.1 s). ``row`` has a ``?`` for each of the block's columns."""
    width = len(block.columns)
    if width == 0:  # every value written into the statement
        db.executemany(f"{insert} VALUES ({row})", repeat((), block.length))
        return
    values = list(chain.from_iterable(block.records()))
    step = ROWS_PER_INSERT * width
    whole = len(values) // step
    if whole:
        many = f"{insert} VALUES " + ", ".join([f"({row})"] * ROWS_PER_INSERT)
        db.executemany(many, (values[i : i + step] for i in range(0, whole * step, step)))
    if rest := values[whole * step :]:
        db.execute(f"{insert} VALUES " + ", ".join([f"({row})"] * (len(rest) // width)), rest)


def _literal(value: Any) -> str:
    """A value as SQL text: NULL, a number, or a quoted string."""
    if value is None:
        return "NULL"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


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
        [(t, c, text) for t, columns in TABLES.items() for c, text in columns],
    )
