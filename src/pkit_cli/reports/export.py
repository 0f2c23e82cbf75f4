"""The whole dataset as tidy tables: one row per observation (``pkit export``), and the
tables of indicators, sources, targets and statements that a database needs beside it.

Rows are plain dicts of machine values (ISO dates as text, numbers as published), in the
shape the CSV and JSON Lines exports have and the SQLite tables hold.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from operator import itemgetter, methodcaller
from typing import TYPE_CHECKING, Any

from .. import periods
from ..dataset import Data
from ..errors import UnknownChoice
from ..report import Block, Keyed, Same
from ..text import machine_amount, machine_number

if TYPE_CHECKING:
    from ..schema import Indicator, Observation

# The tidy observation table, column by column: (name, description). The database's
# observations table describes its columns with these words (sqlite_store).
OBSERVATION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("indicator", "Indicator id (indicators.id)."),
    ("indicator_name", "The indicator's name."),
    ("topic", "exports, parks, connectivity or talent."),
    ("unit", "USD (dollars, not millions), count, percent or bytes."),
    ("frequency", "annual, partial-year, monthly or daily: what the period spans."),
    ("period", "Canonical period label: FY2024-25, 'FY2025-26 Jul-Feb', 2025-12, 2025-07-19."),
    ("period_start", "First day of the period (ISO date)."),
    ("period_end", "Last day of the period (ISO date)."),
    ("value", "The figure exactly as published (or derived), in the unit's base units."),
    ("qualifier", "How the source qualified it: at_least, about, nearly; empty if plain."),
    ("status", "reported, revised, provisional, estimated or derived."),
    ("as_of", "The vintage: the date this figure was published (ISO date)."),
    ("source", "Source id (sources.id)."),
    ("source_url", "The source's URL, if it has one."),
    ("note", "What the source said about the figure, or how it was derived."),
)

FREQUENCY = {
    "fiscal_year": "annual",
    "fiscal_part": "partial-year",
    "month": "monthly",
    "date": "daily",
}
FREQUENCIES = tuple(FREQUENCY.values())


KEYS = tuple(name for name, _ in OBSERVATION_COLUMNS)
# The columns a dataset fills with free text (the rest are ids, labels, dates and enums the
# schema checks): what an output made for terminals must make visible.
FREE_TEXT = ("indicator_name", "source_url", "note")
Record = tuple[Any, ...]  # one observation, its values in OBSERVATION_COLUMNS order

_PERIOD, _VALUE, _STATUS, _AS_OF, _SOURCE = (
    itemgetter(k) for k in ("period", "value", "status", "as_of", "source")
)
_QUALIFIER, _NOTE = methodcaller("get", "qualifier"), methodcaller("get", "note")


def observation_blocks(
    data: Data,
    *,
    vintages: bool = False,
    indicator: str | None = None,
    frequency: str | None = None,
    ordered: bool = True,
) -> Iterator[Block]:
    """Every visible observation (``vintages``) or the latest visible vintage of each
    indicator and period, a block per indicator in file order, periods in time order (a
    period's vintages oldest first); only one ``indicator`` and one ``frequency`` (a value
    of FREQUENCY) when given. Not ``ordered``: every visible observation in the order the
    file holds them (for a database, where order is the query's).

    Columns in OBSERVATION_COLUMNS order, read straight from the validated observations
    with ``map`` (no Point, no dict, no Python call per row: a million rows take about
    half a second): values as published (floats; writers print a whole number without
    '.0'), a derived figure rounded once as everywhere else, dates as ISO text."""
    if frequency is not None and frequency not in FREQUENCIES:
        raise UnknownChoice("frequency", frequency, FREQUENCIES)
    chosen = [data.indicator(indicator)] if indicator is not None else data.model.indicators
    urls = {s.id: s.url for s in data.model.sources}
    spans = _Spans()
    for ind in chosen:
        rows = data.observations(ind.id)
        labels = list(map(_PERIOD, rows))
        spans.learn(labels)
        if ordered:
            rows, labels = _ordered(rows, labels, spans, vintages)
        if frequency is not None:
            rows = [obs for obs in rows if spans.frequency[obs["period"]] == frequency]
            labels = list(map(_PERIOD, rows))
        if rows:
            yield _block(ind, rows, labels, spans, urls)


class _Spans:
    """What each distinct period label means, worked out once: large datasets repeat a
    few hundred labels across a million rows."""

    def __init__(self) -> None:
        self.sort_key: dict[str, tuple[date, date]] = {}
        self.frequency: dict[str, str] = {}
        self.start: dict[str, str] = {}
        self.end: dict[str, str] = {}
        self.iso_date = _IsoDates()

    def learn(self, labels: Iterable[str]) -> None:
        for label in set(labels).difference(self.sort_key):
            period = periods.parse_canonical(label)
            self.sort_key[label] = period.sort_key()
            self.frequency[label] = FREQUENCY[period.kind]
            self.start[label] = period.start.isoformat()
            self.end[label] = period.end.isoformat()


class _IsoDates(dict[date, str]):
    """A date's ISO text, made once per distinct date (a million rows hold a few thousand
    dates: 0.19 s of isoformat calls become 0.03 s of look-ups)."""

    def __missing__(self, day: date) -> str:
        text = self[day] = day.isoformat()
        return text


def _ordered(
    rows: list[Observation], labels: list[str], spans: _Spans, vintages: bool
) -> tuple[list[Observation], list[str]]:
    """Periods in time order, each period's vintages oldest first (all of them, or only
    the latest), by stable sorts with C-level keys; the rows and their labels."""
    if len(set(labels)) < len(rows):  # revisions: oldest first, then (maybe) the latest
        rows = sorted(rows, key=_AS_OF)
        if not vintages:
            latest = dict(zip(map(_PERIOD, rows), rows, strict=True))  # the last one wins
            rows = list(latest.values())
        labels = list(map(_PERIOD, rows))
    keys = list(map(spans.sort_key.__getitem__, labels))
    if keys != sorted(keys):
        order = sorted(range(len(rows)), key=keys.__getitem__)
        rows, labels = [rows[i] for i in order], [labels[i] for i in order]
    return rows, labels


def _block(
    ind: Indicator,
    rows: list[Observation],
    labels: list[str],
    spans: _Spans,
    urls: dict[str, Any],
) -> Block:
    values = list(map(_VALUE, rows))
    statuses = list(map(_STATUS, rows))
    if "derived" in statuses:  # computed: whole units, as in every output
        for i, status in enumerate(statuses):
            if status == "derived":
                values[i] = machine_amount(values[i], ind.unit)
    sources = list(map(_SOURCE, rows))
    columns = (
        Same(ind.id),
        Same(ind.name),
        Same(ind.topic),
        Same(ind.unit),
        Keyed(labels, spans.frequency),
        Keyed(labels),
        Keyed(labels, spans.start),
        Keyed(labels, spans.end),
        values,
        _same_or_all(list(map(_QUALIFIER, rows))),
        _same_or_all(statuses),
        Keyed(list(map(_AS_OF, rows)), spans.iso_date),
        Keyed(sources),
        Keyed(sources, urls),
        _same_or_all(list(map(_NOTE, rows))),
    )
    return Block(len(rows), columns)


def _same_or_all(values: list[Any]) -> list[Any] | Same:
    """``Same`` for a column with one value throughout (no qualifier, no note: the common
    case), which a writer then writes into its template once."""
    return Same(values[0]) if values.count(values[0]) == len(values) else values


def observation_records(
    data: Data,
    *,
    vintages: bool = False,
    indicator: str | None = None,
    frequency: str | None = None,
) -> Iterator[Record]:
    """The rows of ``observation_blocks`` as tuples of machine values (a whole number as
    an integer, as JSON prints it)."""
    at = KEYS.index("value")
    for block in observation_blocks(
        data, vintages=vintages, indicator=indicator, frequency=frequency
    ):
        for record in block.records():
            yield (*record[:at], machine_number(record[at]), *record[at + 1 :])


def observation_rows(
    data: Data,
    *,
    vintages: bool = False,
    indicator: str | None = None,
    frequency: str | None = None,
) -> Iterator[dict[str, Any]]:
    """The same observations as ``observation_records``, each a dict keyed by column."""
    records = observation_records(data, vintages=vintages, indicator=indicator, frequency=frequency)
    return (dict(zip(KEYS, record, strict=True)) for record in records)


# The other tables' rows are their models' fields, as the dataset file spells them (ISO dates
# as text); the database keeps the columns it declares (sqlite_store.TABLES) and no others.


def indicator_rows(data: Data) -> list[dict[str, Any]]:
    return [
        {
            **i.model_dump(mode="json", exclude={"observations"}),  # a table of their own
            "components": json.dumps(list(i.components)) if i.components else None,
            "notes": "\n".join(i.notes) or None,
        }
        for i in data.model.indicators
    ]


def period_rows(data: Data) -> list[dict[str, Any]]:
    """Each period an observation visible to ``data`` has, with its frequency and first
    and last day (the labels gathered in C, each parsed once)."""
    labels = set().union(*(map(_PERIOD, data.observations(i.id)) for i in data.model.indicators))
    spans = _Spans()
    spans.learn(labels)
    return [
        {
            "period": label,
            "frequency": spans.frequency[label],
            "period_start": spans.start[label],
            "period_end": spans.end[label],
        }
        for label in sorted(labels)
    ]


def source_rows(data: Data) -> list[dict[str, Any]]:
    return [s.model_dump(mode="json") for s in data.model.sources]


def statement_rows(data: Data) -> list[dict[str, Any]]:
    return [s.model_dump(mode="json") for s in data.visible_statements()]


def target_rows(data: Data) -> list[dict[str, Any]]:
    return [t.model_dump(mode="json") for t in data.visible_targets()]
