"""`pkit exports`: the exports total and its components by fiscal year."""

from __future__ import annotations

from typing import Any

from .. import periods
from ..dataset import Data, Point
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
    total_id, component_ids = exports_indicators(data)
    ids = component_ids + [total_id]
    years, partial = _periods_in_span(data, ids, first, last)
    rows: list[dict[str, Any]] = []
    shown: list[Point] = []
    for label in sorted(years, key=periods.label_sort_key):
        row, points = _year_row(data, ids, total_id, periods.parse_canonical(label))
        rows.append(row)
        shown += points
    title = "Pakistan's ICT services and freelancing exports (USD)"
    notes = legend([p.status for p in shown])
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
    notes += sources_footer(data, (p.source for p in shown))
    fields = _fields(data, ids, total_id)
    return Report(title, fields, rows, notes=notes, trends=[json_key(i) for i in ids])


def _periods_in_span(
    data: Data, ids: list[str], first: periods.Period | None, last: periods.Period | None
) -> tuple[set[str], set[str]]:
    """The labels of the full fiscal years in the span, and of the partial years left out."""
    years: set[str] = set()
    partial: set[str] = set()
    for ident in ids:
        for label, vintages in data.vintages(ident).items():
            p = vintages[-1].period
            if p.within(first, last):
                (years if p.kind == "fiscal_year" else partial).add(label)
    return years, partial


def _fields(data: Data, ids: list[str], total_id: str) -> list[Field]:
    """A value and its provenance for each indicator, then the total's growth."""
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
    growth_key = f"{json_key(total_id)}_growth_pct"
    fields.append(Field(growth_key, "Total growth", numeric=True, short="Growth"))
    return fields


def _year_row(
    data: Data, ids: list[str], total_id: str, period: periods.Period
) -> tuple[dict[str, Any], list[Point]]:
    """One fiscal year's row, and the observations it shows."""
    from ..analysis import percent_change

    row: dict[str, Any] = {"period": period.label}
    shown: list[Point] = []
    for ident in ids:
        p = data.point(ident, period)
        key = json_key(ident)
        row[key] = value_cell(p, data.indicator(ident).unit)
        row[f"{key}_status"] = p.status if p else None
        row[f"{key}_source"] = p.source if p else None
        row[f"{key}_as_of"] = p.as_of if p else None
        if p:
            shown.append(p)
    previous = data.point(total_id, periods.fiscal_year(period.fiscal_start_year - 1))
    current = data.point(total_id, period)
    row[f"{json_key(total_id)}_growth_pct"] = (
        pct_cell(percent_change(previous.value, current.value)) if previous and current else None
    )
    return row, shown


def json_key(ident: str) -> str:
    """A JSON key for an indicator id: snake_case."""
    return ident.replace("-", "_").replace(".", "_")
