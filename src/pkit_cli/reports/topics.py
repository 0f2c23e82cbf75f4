"""The topic commands: `pkit parks`, `pkit connectivity`, `pkit talent`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..dataset import Data
from ..report import Field, Report
from ..text import figure
from .common import (
    AS_OF,
    INDICATOR,
    NAME,
    NOTE,
    PERIOD,
    QUALIFIER,
    SOURCE,
    STATEMENT_KIND_NAMES,
    STATUS,
    VALUE,
    annual_view_statements,
    by_deadline,
    legend,
    sources_footer,
    statement_cell,
    statement_span,
    value_cell,
)

if TYPE_CHECKING:
    from ..schema import Target

TOPIC_FIELDS = [
    INDICATOR.hidden(),
    NAME.labelled("Figure"),
    PERIOD.labelled("Period / as of"),
    VALUE,
    QUALIFIER,
    STATUS.hidden(),
    AS_OF.labelled("Published").hidden(),
    SOURCE,
    Field("targets", "Targets"),
    NOTE.hidden(),
]


TOPIC_TITLES = {
    "parks": "Tech parks, Special Technology Zones and co-working spaces",
    "connectivity": "Connectivity: subscribers, broadband, teledensity, villages",
    "talent": "Talent: people trained",
    "exports": "Exports",
}


def topic(data: Data, name: str) -> Report:
    rows: list[dict[str, Any]] = []
    statuses: list[str] = []
    sources: list[str] = []
    related: list[Target] = []
    for ind in data.model.indicators:
        if ind.topic != name:
            continue
        tracked = [t for t in data.visible_targets() if t.indicator == ind.id]
        related += tracked
        for p in data.series(ind.id):
            statuses.append(p.status)
            sources.append(p.source)
            rows.append(
                {
                    "indicator": ind.id,
                    "name": ind.name,
                    "period": p.period.label,
                    "value": value_cell(p, ind.unit),
                    "qualifier": p.qualifier,
                    "status": p.status,
                    "as_of": p.as_of,
                    "source": p.source,
                    "targets": [t.id for t in tracked],
                    "note": p.note,
                }
            )
        for s in annual_view_statements(data, ind.id):
            sources.append(s.source)
            rows.append(
                {
                    "indicator": ind.id,
                    "name": f"{ind.name}: {STATEMENT_KIND_NAMES[s.kind].lower()}",
                    "period": statement_span(s),
                    "value": statement_cell(s, ind.unit),
                    "qualifier": s.qualifier,
                    "status": "reported",
                    "as_of": s.as_of,
                    "source": s.source,
                    "targets": [t.id for t in tracked],
                    "note": s.note,
                }
            )
    notes = legend(statuses)
    for t in related:
        notes.append(
            f"Target {t.id}: {t.name}, {figure(t.value, t.unit)} {by_deadline(t)} (see `pkit targets {t.id}`)."
        )
    for ind in data.model.indicators:
        if ind.topic == name:
            notes += [f"{ind.id}: {n}" for n in ind.notes]
    notes += sources_footer(data, sources)
    return Report(TOPIC_TITLES.get(name, name), TOPIC_FIELDS, rows, notes=notes)
