"""`pkit indicators` and `pkit show`: the list of series, and one series in full."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from .. import periods
from ..dataset import Data, Point
from ..report import Field, Report
from ..text import figure, stated_growth
from .common import (
    AS_OF,
    ID,
    LATEST,
    NAME,
    NOTE,
    PERIOD,
    PROVENANCE_FIELDS,
    QUALIFIER,
    SOURCE,
    STATEMENT_KIND_NAMES,
    STATUS,
    UNIT,
    VALUE,
    annual_view_statements,
    by_deadline,
    legend,
    provenance,
    sources_footer,
    statement_cell,
    statement_span,
    trend_cell,
    value_cell,
)

if TYPE_CHECKING:
    from ..schema import Statement

INDICATOR_FIELDS = [
    ID,
    NAME,
    Field("topic", "Topic"),
    UNIT,
    LATEST,
    PERIOD,
    Field("trend", "Trend", machine=False),
    *PROVENANCE_FIELDS,
    Field("observations", "Obs.", numeric=True),
]


def indicators(data: Data, topic: str | None) -> Report:
    rows = []
    statuses = []
    for ind in data.model.indicators:
        if topic is not None and ind.topic != topic:
            continue
        latest = data.latest(ind.id)
        if latest:
            statuses.append(latest.status)
        rows.append(
            {
                "id": ind.id,
                "name": ind.name,
                "topic": ind.topic,
                "unit": ind.unit,
                "latest": value_cell(latest, ind.unit),
                "period": latest.period.label if latest else None,
                "trend": functools.partial(trend_cell, data, ind.id),  # drawn if shown
                **provenance(latest),
                "observations": data.count(ind.id),
            }
        )
    title = "Indicators" + (f" (topic {topic})" if topic else "")
    notes = legend(statuses) + (["Details of one: pkit show ID"] if rows else [])
    return Report(title, INDICATOR_FIELDS, rows, notes=notes)


OBSERVATION_FIELDS = [
    PERIOD,
    VALUE,
    UNIT.hidden(),
    QUALIFIER,
    Field("precision", "Precision", in_table=False),
    STATUS,
    AS_OF,
    SOURCE,
    Field("derivation", "Derivation", in_table=False),
    NOTE,
]


def observation_row(p: Point, unit: str) -> dict[str, Any]:
    derivation = None
    note = p.note
    if p.derivation is not None:
        derivation = {
            "formula": p.derivation.formula,
            "inputs": {k: v.model_dump(exclude_none=True) for k, v in p.derivation.inputs.items()},
        }
        note = f"= {p.derivation.formula}" + (f"; {note}" if note else "")
    return {
        "period": p.period.label,
        "value": value_cell(p, unit),
        "unit": unit,
        "qualifier": p.qualifier,
        "precision": p.precision,
        **provenance(p),
        "derivation": derivation,
        "note": note,
    }


def show(data: Data, ident: str, period: periods.Period | None, all_vintages: bool) -> Report:
    ind = data.indicator(ident)
    vintages = data.vintages(ident)
    if period is not None:
        label = data.match_period(ident, period)
        vintages = {label: vintages[label]}
    points = [p for ps in vintages.values() for p in (ps if all_vintages else ps[-1:])]
    rows = [observation_row(p, ind.unit) for p in points]
    statements = [
        s for s in annual_view_statements(data, ident) if period is None or s.period == period.label
    ]
    targets = [t for t in data.visible_targets() if t.indicator == ident]
    details = [
        ("Id", ind.id),
        ("Name", ind.name),
        ("Topic", ind.topic),
        ("Unit", ind.unit),
        ("Definition", ind.definition),
    ]
    if ind.components:
        details.append(("Components", " + ".join(ind.components)))
    for s in statements:
        details.append((STATEMENT_KIND_NAMES[s.kind], _statement_text(s, ind.unit)))
    for t in targets:
        details.append(("Target", f"{t.id}: {t.name}, {figure(t.value, t.unit)} {by_deadline(t)}"))
    for n in ind.notes:
        details.append(("Note", n))
    if data.as_of:
        details.append(("As of", f"only what was published by {data.as_of.isoformat()}"))
    which = "every vintage" if all_vintages else "latest vintage of each period"
    title = f"{ind.name}: {which}"
    notes = legend(p.status for p in points) + sources_footer(data, (p.source for p in points))
    meta = {
        "id": ind.id,
        "name": ind.name,
        "topic": ind.topic,
        "unit": ind.unit,
        "definition": ind.definition,
        "components": list(ind.components),
        "notes": list(ind.notes),
        "as_of": data.as_of,
        "statements": [s.model_dump(mode="json") for s in statements],
        "targets": [t.id for t in targets],
    }
    return Report(
        title,
        OBSERVATION_FIELDS,
        rows,
        notes=notes,
        meta=meta,
        rows_key="observations",
        details=details,
        messages=[data.nothing_yet(ident)] if not rows and period is None else [],
    )


def _statement_text(s: Statement, unit: str) -> str:
    said = (
        stated_growth(s.percent, s.qualifier)
        if s.kind == "growth" and s.percent is not None  # the schema: growth has a percent
        else statement_cell(s, unit).text
    )
    return f"{said} {statement_span(s)} ({s.source}, {s.as_of})"
