"""`pkit growth`: growth between two periods, or year on year over the whole series."""

from __future__ import annotations

from typing import Any

from .. import periods
from ..dataset import Data, Point
from ..errors import LookupProblem
from ..report import Cell, Field, Report
from ..text import figure, machine_amount, machine_years, years
from .common import (
    INDICATOR,
    NOTE,
    PERIOD,
    STATUS,
    VALUE,
    change_step,
    legend,
    pct_cell,
    value_cell,
)

# How much a figure grew, in both tables: over a span and on the year before.
CHANGE = Field("change", "Change", numeric=True)
PERCENT_CHANGE = Field("percent_change_pct", "% change", numeric=True)

GROWTH_FIELDS = [
    INDICATOR,
    Field("from_period", "From"),
    Field("to_period", "To"),
    Field("start", "Start", numeric=True),
    Field("end", "End", numeric=True),
    Field("start_status", "Start status", in_table=False),
    Field("end_status", "End status", in_table=False),
    CHANGE,
    PERCENT_CHANGE,
    Field("years", "Years", numeric=True),
    Field("cagr_pct", "CAGR", numeric=True),
    NOTE,
]


YOY_FIELDS = [
    INDICATOR,
    PERIOD,
    VALUE,
    STATUS.hidden(),
    Field("base_period", "Compared with"),
    CHANGE,
    PERCENT_CHANGE,
    NOTE.hidden(),
]


def _endpoint_notes(start: Point, end: Point) -> list[str]:
    notes = []
    for label, p in (("start", start), ("end", end)):
        if p.status != "reported":
            notes.append(f"{label} {p.period.label} is {p.status}")
    return notes


def growth_row(data: Data, ident: str, start: Point, end: Point) -> dict[str, Any]:
    """Growth between two figures; a span with no growth (the same figure at both ends,
    unlike periods) is a question the data cannot answer: an error, not a row of dashes."""
    from ..analysis import Result, growth_between

    unit = data.indicator(ident).unit
    g = growth_between(start.period, start.value, end.period, end.value)
    if isinstance(g, Result):
        raise _no_growth(data, ident, start, end, g.reason or "")
    notes = _endpoint_notes(start, end)
    notes += [r.reason for r in (g.percent_change, g.cagr) if r.reason]
    return {
        "indicator": ident,
        "from_period": start.period.label,
        "to_period": end.period.label,
        "start": value_cell(start, unit),
        "end": value_cell(end, unit),
        "start_status": start.status,
        "end_status": end.status,
        "change": Cell(
            machine_amount(g.change, unit), figure(g.change, unit, change_step(start, end))
        ),
        "percent_change_pct": pct_cell(g.percent_change),
        "years": Cell(machine_years(g.years), years(g.years)),
        "cagr_pct": pct_cell(g.cagr),
        "note": "; ".join(dict.fromkeys(notes)) or None,
    }


def _like(data: Data, ident: str, p: Point, full: list[Point]) -> list[Point]:
    """The figures of a series like ``p`` (the same kind of period), else its full years."""
    return [q for q in data.series(ident) if q.period.comparable_with(p.period)] or full


def _no_growth(data: Data, ident: str, start: Point, end: Point, why: str) -> LookupProblem:
    """Why there is no growth between two figures, and which periods would have one."""
    if start.period.comparable_with(end.period):
        hint = "give two different periods"
    else:
        like = [q.period.label for q in _like(data, ident, end, [])]
        hint = f"periods like {end.period.label} in the data: " + (", ".join(like) or "none")
    return LookupProblem(
        f"no growth of {ident} from {start.period.label} to {end.period.label}: {why}; {hint}"
    )


def growth(
    data: Data, idents: list[str], first: periods.Period | None, last: periods.Period | None
) -> Report:
    for ident in idents:
        data.indicator(ident)  # unknown ids fail before any work
    if first is None and last is None:
        return _growth_whole_series(data, idents)
    rows = []
    for ident in idents:
        # Full years if the series has any; a series of partial years only (July–December
        # of each year) is compared part with like part.
        series = data.comparable_series(ident) or data.series(ident)
        if not series:
            raise LookupProblem(f"{data.nothing_yet(ident)}: nothing to compare")
        start = data.resolve_point(ident, first, False) if first else None
        end = data.resolve_point(ident, last, True) if last else None
        # One end given: the other is the earliest or latest figure like it (a partial
        # year runs to the same months of the latest year that has them).
        if start is None:
            start = _like(data, ident, end, series)[0] if end else series[0]
        if end is None:
            end = _like(data, ident, start, series)[-1]
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
