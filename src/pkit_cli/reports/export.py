"""The whole dataset as tidy tables: one row per observation (``pkit export``), and the
tables of indicators, sources, targets and statements that a database needs beside it.

Rows are plain dicts of machine values (ISO dates as text, numbers as published), in the
shape the CSV and JSON Lines exports have and the SQLite tables hold.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..dataset import Data
from ..errors import UnknownChoice

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


def observation_records(
    data: Data,
    *,
    vintages: bool = False,
    indicator: str | None = None,
    frequency: str | None = None,
) -> Iterator[Record]:
    """Every visible observation (``vintages``) or the latest visible vintage of each
    indicator and period, indicator by indicator in file order, periods in time order;
    only one ``indicator`` and one ``frequency`` (a value of FREQUENCY) when given.

    Tuples of machine values, in OBSERVATION_COLUMNS order, read straight from the
    validated observations (no Point, no dict per row: an export of a million rows spends
    its time writing, not building): numbers as published (a whole number as an integer),
    a derived figure rounded once as everywhere else, dates as ISO text."""
    from operator import itemgetter

    from .. import periods
    from ..text import machine_amount

    if frequency is not None and frequency not in FREQUENCIES:
        raise UnknownChoice("frequency", frequency, FREQUENCIES)
    chosen = [data.indicator(indicator)] if indicator is not None else data.model.indicators
    urls = {s.id: s.url for s in data.model.sources}
    by_as_of = itemgetter("as_of")
    for ind in chosen:
        head = (ind.id, ind.name, ind.topic, ind.unit)
        by_period: dict[str, list[Any]] = {}
        for obs in data.observations(ind.id):
            by_period.setdefault(obs["period"], []).append(obs)
        for label in sorted(by_period, key=periods.label_sort_key):
            period = periods.parse_canonical(label)
            kind = FREQUENCY[period.kind]
            if frequency is not None and kind != frequency:
                continue
            span = (kind, label, period.start.isoformat(), period.end.isoformat())
            group = by_period[label]
            if len(group) > 1:
                group.sort(key=by_as_of)
            for obs in group if vintages else group[-1:]:
                value = obs["value"]
                if obs["status"] == "derived":  # computed: whole units, as in every output
                    value = machine_amount(value, ind.unit)
                if value.is_integer() and abs(value) < 2**53:
                    value = int(value)
                source = obs["source"]
                yield (
                    *head,
                    *span,
                    value,
                    obs.get("qualifier"),
                    obs["status"],
                    obs["as_of"].isoformat(),
                    source,
                    urls.get(source),
                    obs.get("note"),
                )


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


def source_rows(data: Data) -> list[dict[str, Any]]:
    return [s.model_dump(mode="json") for s in data.model.sources]


def statement_rows(data: Data) -> list[dict[str, Any]]:
    return [s.model_dump(mode="json") for s in data.visible_statements()]


def target_rows(data: Data) -> list[dict[str, Any]]:
    return [t.model_dump(mode="json") for t in data.visible_targets()]
