"""`pkit growth`: growth between two periods, or year on year over the whole series."""

from __future__ import annotations

from typing import Any

from .. import periods
from ..dataset import Data, Point
from ..errors import LookupProblem
from ..report import Cell, Field, Report
from ..text import figure, machine_amount, machine_years, years
from .common import (
    change_step,
    legend,
    pct_cell,
    value_cell,
)

GROWTH_FIELDS = [
    Field("indicator", "Indicator"),
    Field("from_period", "From"),
    Field("to_period", "To"),
    Field("start", "Start", numeric=True),
    Field("end", "End", numeric=True),
    Field("start_status", "Start status", in_table=False),
    Field("end_status", "End status", in_table=False),
    Field("change", "Change", numeric=True),
    Field("percent_change_pct", "% change", numeric=True),
    Field("years", "Years", numeric=True),
    Field("cagr_pct", "CAGR", numeric=True),
    Field("note", "Note"),
]


YOY_FIELDS = [
    Field("indicator", "Indicator"),
    Field("period", "Period"),
    Field("value", "Value", numeric=True),
    Field("status", "Status", in_table=False),
    Field("base_period", "Compared with"),
    Field("change", "Change", numeric=True),
    Field("percent_change_pct", "% change", numeric=True),
    Field("note", "Note", in_table=False),
]


def _endpoint_notes(start: Point, end: Point) -> list[str]:
    notes = []
    for label, p in (("start", start), ("end", end)):
        if p.status != "reported":
            notes.append(f"{label} {p.period.label} is {p.status}")
    return notes


def growth_row(data: Data, ident: str, start: Point, end: Point) -> dict[str, Any]:
    from ..analysis import Result, growth_between

    unit = data.indicator(ident).unit
    g = growth_between(start.period, start.value, end.period, end.value)
    row: dict[str, Any] = {
        "indicator": ident,
        "from_period": start.period.label,
        "to_period": end.period.label,
        "start": value_cell(start, unit),
        "end": value_cell(end, unit),
        "start_status": start.status,
        "end_status": end.status,
    }
    notes = _endpoint_notes(start, end)
    if isinstance(g, Result):
        row.update(change=None, percent_change_pct=None, years=None, cagr_pct=None)
        notes.insert(0, g.reason or "")
    else:
        row["change"] = Cell(
            machine_amount(g.change, unit), figure(g.change, unit, change_step(start, end))
        )
        row["percent_change_pct"] = pct_cell(g.percent_change)
        row["years"] = Cell(machine_years(g.years), years(g.years))
        row["cagr_pct"] = pct_cell(g.cagr)
        notes += [r.reason for r in (g.percent_change, g.cagr) if r.reason]
    row["note"] = "; ".join(dict.fromkeys(notes)) or None
    return row


def growth(
    data: Data, idents: list[str], first: periods.Period | None, last: periods.Period | None
) -> Report:
    for ident in idents:
        data.indicator(ident)  # unknown ids fail before any work
    if first is None and last is None:
        return _growth_whole_series(data, idents)
    rows = []
    for ident in idents:
        series = data.comparable_series(ident)
        if not series:
            raise LookupProblem(f"{data.nothing_yet(ident)}: nothing to compare")
        start = data.resolve_point(ident, first, False) if first else series[0]
        end = data.resolve_point(ident, last, True) if last else series[-1]
        rows.append(growth_row(data, ident, start, end))
    title = "Growth" + (f" as known on {data.as_of}" if data.as_of else "")
    notes = [
        "% change = end / start − 1;  CAGR = (end / start)^(1 / years) − 1 (compounded annual rate).",
    ]
    return Report(title, GROWTH_FIELDS, rows, notes=notes)


def _growth_whole_series(data: Data, idents: list[str]) -> Report:
    from ..analysis import year_on_year

    yoy_rows: list[dict[str, Any]] = []
    span_rows: list[dict[str, Any]] = []
    statuses: list[str] = []
    for ident in idents:
        unit = data.indicator(ident).unit
        points = data.series(ident)
        by_label = {p.period.label: p for p in points}
        for period, base, r in year_on_year([(p.period, p.value) for p in points]):
            p = by_label[period.label]
            statuses.append(p.status)
            prior = by_label[base.label] if base else None
            yoy_rows.append(
                {
                    "indicator": ident,
                    "period": period.label,
                    "value": value_cell(p, unit),
                    "status": p.status,
                    "base_period": base.label if base else None,
                    "change": Cell(
                        machine_amount(p.value - prior.value, unit),
                        figure(p.value - prior.value, unit, change_step(prior, p)),
                    )
                    if prior
                    else None,
                    "percent_change_pct": pct_cell(r) if prior else None,
                    "note": r.reason if prior and r.reason else None,
                }
            )
        series = data.comparable_series(ident)
        if len(series) >= 2:
            span_rows.append(growth_row(data, ident, series[0], series[-1]))
        else:
            span_rows.append(_no_span_row(data, ident, series))
    title = "Year-on-year growth" + (f" as known on {data.as_of}" if data.as_of else "")
    notes = legend(statuses)
    for row in span_rows:
        if row["cagr_pct"] is not None:
            notes.append(
                f"{row['indicator']}: CAGR {row['from_period']} → {row['to_period']} = "
                f"{row['cagr_pct'].text} a year over {row['years'].text} "
                f"year{'' if row['years'].value == 1 else 's'} "
                f"({row['start'].text} → {row['end'].text})."
            )
        else:
            notes.append(f"{row['indicator']}: no compound rate: {row['note']}.")
    notes.append(
        "% change = value / value a year earlier − 1;  CAGR = (last / first)^(1 / years) − 1."
    )
    meta = {"span": [{k: v for k, v in r.items()} for r in span_rows]}
    return Report(title, YOY_FIELDS, yoy_rows, notes=notes, meta=meta, rows_key="year_on_year")


def _no_span_row(data: Data, ident: str, series: list[Point]) -> dict[str, Any]:
    unit = data.indicator(ident).unit
    p = series[0] if series else None
    return {
        "indicator": ident,
        "from_period": p.period.label if p else None,
        "to_period": p.period.label if p else None,
        "start": value_cell(p, unit),
        "end": value_cell(p, unit),
        "start_status": p.status if p else None,
        "end_status": p.status if p else None,
        "change": None,
        "percent_change_pct": None,
        "years": None,
        "cagr_pct": None,
        "note": "only one figure: no growth to compute" if p else "no figures",
    }
