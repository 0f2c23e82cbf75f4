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


def observation_rows(
    data: Data,
    *,
    vintages: bool = False,
    indicator: str | None = None,
    frequency: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Every visible observation (``vintages``) or the latest visible vintage of each
    indicator and period, indicator by indicator in file order, periods in time order;
    only one ``indicator`` and one ``frequency`` (a value of FREQUENCY) when given."""
    if frequency is not None and frequency not in FREQUENCIES:
        raise UnknownChoice("frequency", frequency, FREQUENCIES)
    chosen = [data.indicator(indicator)] if indicator is not None else data.model.indicators
    urls = {s.id: s.url for s in data.model.sources}
    for ind in chosen:
        head = {
            "indicator": ind.id,
            "indicator_name": ind.name,
            "topic": ind.topic,
            "unit": ind.unit,
        }
        by_period = data.all_vintages(ind.id)  # months of flow series too
        for label, points in by_period.items():
            period = points[-1].period
            if frequency is not None and FREQUENCY[period.kind] != frequency:
                continue
            span = {
                "frequency": FREQUENCY[period.kind],
                "period": label,
                "period_start": period.start.isoformat(),
                "period_end": period.end.isoformat(),
            }
            for p in points if vintages else points[-1:]:
                yield {
                    **head,
                    **span,
                    "value": p.value,
                    "qualifier": p.qualifier,
                    "status": p.status,
                    "as_of": p.as_of.isoformat(),
                    "source": p.source,
                    "source_url": urls.get(p.source),
                    "note": p.note,
                }


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
