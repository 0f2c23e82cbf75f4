"""`pkit exports`: the exports total and its components by fiscal year."""

from __future__ import annotations

from typing import Any

from .. import periods
from ..dataset import Data
from ..errors import LookupProblem
from ..report import Field, Report
from .common import (
    legend,
    pct_cell,
    sources_footer,
    value_cell,
)


def exports_indicators(data: Data) -> tuple[str, list[str]]:
    """The exports total and its components, as the dataset defines them."""
    for ind in data.model.indicators:
        if ind.topic == "exports" and ind.components:
            return ind.id, list(ind.components)
    raise LookupProblem(
        f"{data.name} has no exports total (an indicator of topic 'exports' with components)"
    )


def exports(data: Data, first: periods.Period | None, last: periods.Period | None) -> Report:
    from ..analysis import percent_change

    total_id, component_ids = exports_indicators(data)
    ids = component_ids + [total_id]
    years: set[str] = set()
    partial: set[str] = set()
    for ident in ids:
        for label, vintages in data.vintages(ident).items():
            p = vintages[-1].period
            if not p.within(first, last):
                continue
            (years if p.kind == "fiscal_year" else partial).add(label)
    fields = [Field("period", "Fiscal year")]
    for ident in ids:
        ind = data.indicator(ident)
        key = json_key(ident)
        fields += [
            Field(key, ind.short_name or ind.name, numeric=True),
            Field(f"{key}_status", f"{ind.name} status", in_table=False),
            Field(f"{key}_source", f"{ind.name} source", in_table=False),
            Field(f"{key}_as_of", f"{ind.name} as of", in_table=False),
        ]
    total_key = json_key(total_id)
    fields.append(Field(f"{total_key}_growth_pct", "Total growth", numeric=True, short="Growth"))

    rows: list[dict[str, Any]] = []
    statuses: list[str] = []
    used_sources: list[str] = []
    for label in sorted(years, key=periods.label_sort_key):
        period = periods.parse_canonical(label)
        row: dict[str, Any] = {"period": label}
        for ident in ids:
            p = data.point(ident, period)
            key = json_key(ident)
            row[key] = value_cell(p, data.indicator(ident).unit)
            row[f"{key}_status"] = p.status if p else None
            row[f"{key}_source"] = p.source if p else None
            row[f"{key}_as_of"] = p.as_of if p else None
            if p:
                statuses.append(p.status)
                used_sources.append(p.source)
        previous = data.point(total_id, periods.fiscal_year(period.fiscal_start_year - 1))
        current = data.point(total_id, period)
        row[f"{total_key}_growth_pct"] = (
            pct_cell(percent_change(previous.value, current.value))
            if previous and current
            else None
        )
        rows.append(row)
    title = "Pakistan's IT & ITeS and freelancing exports (USD)"
    notes = legend(statuses)
    if rows:
        notes.append(
            "— not in the data (unknown, not zero). Total growth: year-on-year percent change of the total."
        )
    if partial:
        notes.append(
            "Partial years not shown (never compared with full years): "
            + ", ".join(sorted(partial))
            + f" — see `pkit show {component_ids[0]}`."
        )
    if data.as_of:
        notes.append(f"As known on {data.as_of.isoformat()}.")
        if not rows:
            notes.append(data.nothing_yet(total_id) + ".")
    notes += sources_footer(data, used_sources)
    return Report(title, fields, rows, notes=notes, trends=[json_key(i) for i in ids])


def json_key(ident: str) -> str:
    """A JSON key for an indicator id: snake_case."""
    return ident.replace("-", "_").replace(".", "_")
