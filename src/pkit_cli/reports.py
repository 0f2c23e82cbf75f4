"""Reports: the rows each command shows, built from dataset queries and analysis results.

Each function returns an ``output.Report``; none prints. The fields of a report are listed
next to the code that fills its rows, so ``--fields`` and the JSON shape cannot drift.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from typing import Any

from . import periods
from .dataset import Data, Point
from .errors import LookupProblem
from .output import Cell, Field, Report, figure, rate

# Observation status → (marker, legend text). Plainly reported figures carry no marker.
MARKERS = {
    "derived": ("†", "derived: computed from other figures (see `pkit show ID`)"),
    "revised": ("ʳ", "revised: a later release replaced the first"),
    "provisional": ("ᵖ", "provisional"),
    "estimated": ("ᵉ", "estimated"),
}
STATUS_STYLE = {
    "derived": "italic cyan",
    "revised": "yellow",
    "provisional": "magenta",
    "estimated": "magenta",
}


def value_cell(p: Point | None, unit: str) -> Cell:
    """A figure as a cell: base units for machines, '$4.6 bn†' for people."""
    if p is None:
        return Cell(None, "—")
    marker = MARKERS.get(p.status, ("", ""))[0]
    return Cell(
        p.value,
        figure(p.value, unit, p.precision, p.qualifier) + marker,
        STATUS_STYLE.get(p.status),
    )


def legend(statuses: Iterable[str]) -> list[str]:
    used = [s for s in MARKERS if s in set(statuses)]
    return [f"{MARKERS[s][0]} {MARKERS[s][1]}" for s in used]


def source_line(data: Data, ident: str) -> str:
    s = data.sources.get(ident)
    if s is None:
        return ident
    date = s.published.isoformat() if s.published else "undated"
    url = f" {s.url}" if s.url else ""
    title = f"“{s.title}”" if s.title else "headline not shown"
    return f"[{s.id}] {s.publisher}, {title}, {date}.{url}"


def sources_footer(data: Data, ids: Iterable[str]) -> list[str]:
    unique = list(dict.fromkeys(i for i in ids if i))
    if not unique:
        return []
    return ["Sources:"] + ["  " + source_line(data, i) for i in unique]


def parse_period_option(text: str | None, option: str) -> periods.Period | None:
    from .errors import UsageProblem

    if text is None:
        return None
    try:
        return periods.parse(text)
    except periods.PeriodError as e:
        raise UsageProblem(f"{option}: {e}") from None


def check_span(first: periods.Period | None, last: periods.Period | None) -> None:
    from .errors import UsageProblem

    if first is not None and last is not None and last < first:
        raise UsageProblem(f"--from {first.label} is after --to {last.label}: swap them")


# pkit exports ----------------------------------------------------------------------------


def exports_indicators(data: Data) -> tuple[str, list[str]]:
    """The exports total and its components, as the dataset defines them."""
    for ind in data.model.indicators:
        if ind.topic == "exports" and ind.components:
            return ind.id, list(ind.components)
    raise LookupProblem(
        f"{data.name} has no exports total (an indicator of topic 'exports' with components)"
    )


def exports(data: Data, first: periods.Period | None, last: periods.Period | None) -> Report:
    from .analysis import percent_change

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
        key = _key(ident)
        fields += [
            Field(key, ind.short_name or ind.name, numeric=True),
            Field(f"{key}_status", f"{ind.name} status", in_table=False),
            Field(f"{key}_source", f"{ind.name} source", in_table=False),
            Field(f"{key}_as_of", f"{ind.name} as of", in_table=False),
        ]
    total_key = _key(total_id)
    fields.append(Field(f"{total_key}_growth_pct", "Total growth", numeric=True, short="Growth"))

    rows: list[dict[str, Any]] = []
    statuses: list[str] = []
    used_sources: list[str] = []
    for label in sorted(years, key=periods.label_sort_key):
        period = periods.parse_canonical(label)
        row: dict[str, Any] = {"period": label}
        for ident in ids:
            p = data.point(ident, period)
            key = _key(ident)
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
            _pct_cell(percent_change(previous.value, current.value))
            if previous and current
            else None
        )
        rows.append(row)
    title = "Pakistan's ICT services and freelancing exports (USD)"
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
            notes.append(nothing_yet(data, total_id) + ".")
    notes += sources_footer(data, used_sources)
    return Report(title, fields, rows, notes=notes, trends=[_key(i) for i in ids])


def _key(ident: str) -> str:
    """A JSON key for an indicator id: snake_case."""
    return ident.replace("-", "_").replace(".", "_")


# pkit indicators -------------------------------------------------------------------------

INDICATOR_FIELDS = [
    Field("id", "Id"),
    Field("name", "Name"),
    Field("topic", "Topic"),
    Field("unit", "Unit"),
    Field("latest", "Latest", numeric=True),
    Field("period", "Period"),
    Field("trend", "Trend", machine=False),
    Field("status", "Status", in_table=False),
    Field("as_of", "As of", in_table=False),
    Field("source", "Source", in_table=False),
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
                "status": latest.status if latest else None,
                "as_of": latest.as_of if latest else None,
                "source": latest.source if latest else None,
                "observations": data.count(ind.id),
            }
        )
    title = "Indicators" + (f" (topic {topic})" if topic else "")
    notes = legend(statuses) + (["Details of one: pkit show ID"] if rows else [])
    return Report(title, INDICATOR_FIELDS, rows, notes=notes)


# pkit show -------------------------------------------------------------------------------

OBSERVATION_FIELDS = [
    Field("period", "Period"),
    Field("value", "Value", numeric=True),
    Field("unit", "Unit", in_table=False),
    Field("qualifier", "Qualifier", in_table=False),
    Field("precision", "Precision", in_table=False),
    Field("status", "Status"),
    Field("as_of", "As of"),
    Field("source", "Source"),
    Field("derivation", "Derivation", in_table=False),
    Field("note", "Note"),
]


def observation_row(p: Point, unit: str) -> dict[str, Any]:
    derivation = None
    if p.derivation is not None:
        derivation = {
            "formula": p.derivation.formula,
            "inputs": {k: v.model_dump(exclude_none=True) for k, v in p.derivation.inputs.items()},
        }
    note = p.note
    if derivation is not None:
        note = f"= {p.derivation.formula}" + (f"; {note}" if note else "")  # type: ignore[union-attr]
    return {
        "period": p.period.label,
        "value": value_cell(p, unit),
        "unit": unit,
        "qualifier": p.qualifier,
        "precision": p.precision,
        "status": p.status,
        "as_of": p.as_of,
        "source": p.source,
        "derivation": derivation,
        "note": note,
    }


def show(data: Data, ident: str, period: periods.Period | None, all_vintages: bool) -> Report:
    ind = data.indicator(ident)
    vintages = data.vintages(ident)
    if period is not None:
        label = match_period(data, ident, period)
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
        messages=[nothing_yet(data, ident)] if not rows and period is None else [],
    )


def annual_view_statements(data: Data, ident: str) -> list[Any]:
    """The statements annual views (show, topic) list beside the years: growth rates of
    fiscal years or of periods the annual view holds, and projections. Cumulative totals
    (kind level) and the rates stated for months or fiscal years to date audit the months:
    `pkit check` and `pkit sources` list them."""
    annual = data.vintages(ident)
    return [
        s
        for s in data.visible_statements(ident, ("growth", "projection"))
        if s.kind == "projection"
        or s.period in annual
        or periods.parse_canonical(s.period).kind == "fiscal_year"
    ]


STATEMENT_KIND_NAMES = {
    "growth": "Stated growth",
    "level": "Stated total",
    "projection": "Projection",
}


def _statement_text(s: Any, unit: str) -> str:
    return f"{statement_cell(s, unit).text} {statement_span(s)} ({s.source}, {s.as_of})"


def statement_span(s: Any) -> str:
    """'FY2024-25 vs FY2023-24' for a growth rate; the period for a total or projection."""
    return f"{s.period} vs {s.base_period}" if s.kind == "growth" else s.period


def statement_cell(s: Any, unit: str) -> Cell:
    """A statement's figure: a growth rate in percent, else a level in the series' unit."""
    if s.kind == "growth":
        q = {"about": "about ", "nearly": "nearly ", "at_least": "over "}.get(s.qualifier or "", "")
        return Cell(s.percent, f"{q}{s.percent:+g} %")
    text = figure(s.value, unit, s.precision, s.qualifier)
    return Cell(s.value, text + (" (projection)" if s.kind == "projection" else ""))


def match_period(data: Data, ident: str, period: periods.Period) -> str:
    vintages = data.vintages(ident)
    if period.label in vintages:
        return period.label
    have = ", ".join(vintages) or "none"
    raise LookupProblem(f"{ident} has no figure for {period.label}; periods in the data: {have}")


# pkit growth -----------------------------------------------------------------------------

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


def resolve_point(data: Data, ident: str, wanted: periods.Period, pick_last: bool) -> Point:
    """The observation a user's period names: the period itself, or for a point-in-time
    series the first (``--from``) or last (``--to``) figure inside it."""
    exact = data.point(ident, wanted)
    if exact is not None:
        return exact
    inside = [
        p for p in data.series(ident) if p.period.is_point and p.period.within(wanted, wanted)
    ]
    if inside:
        return inside[-1] if pick_last else inside[0]
    have = ", ".join(data.vintages(ident)) or "none"
    raise LookupProblem(f"{ident} has no figure for {wanted.label}; periods in the data: {have}")


def comparable_series(data: Data, ident: str) -> list[Point]:
    """The points a growth over the whole series uses: full fiscal years if the series has
    any (partial years are never set against full ones), else its points in time."""
    points = data.series(ident)
    full = [p for p in points if p.period.kind == "fiscal_year"]
    return full or [p for p in points if p.period.is_point]


def _endpoint_notes(start: Point, end: Point) -> list[str]:
    notes = []
    for label, p in (("start", start), ("end", end)):
        if p.status != "reported":
            notes.append(f"{label} {p.period.label} is {p.status}")
    return notes


def growth_row(data: Data, ident: str, start: Point, end: Point) -> dict[str, Any]:
    from .analysis import Result, growth_between

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
        row["change"] = Cell(g.change, figure(g.change, unit, _change_step(start, end)))
        row["percent_change_pct"] = _pct_cell(g.percent_change)
        row["years"] = Cell(g.years, _years_text(g.years))
        row["cagr_pct"] = _pct_cell(g.cagr)
        notes += [r.reason for r in (g.percent_change, g.cagr) if r.reason]
    row["note"] = "; ".join(dict.fromkeys(notes)) or None
    return row


def _change_step(a: Point, b: Point) -> float | None:
    steps = [p.precision for p in (a, b) if p.precision is not None]
    return max(steps) if len(steps) == 2 else None


def _pct_cell(r: Any) -> Cell:

    # Rounded to 1e-10 of a percentage point: float noise (26.400000000000002), not data.
    return Cell(None if r.value is None else round(r.value * 100, 10), rate(r.value))


def _years_text(y: float) -> str:
    return f"{y:g}" if y == int(y) else f"{y:.2f}"


def growth(
    data: Data, idents: list[str], first: periods.Period | None, last: periods.Period | None
) -> Report:
    for ident in idents:
        data.indicator(ident)  # unknown ids fail before any work
    if first is None and last is None:
        return _growth_whole_series(data, idents)
    rows = []
    for ident in idents:
        series = comparable_series(data, ident)
        if not series:
            raise LookupProblem(f"{nothing_yet(data, ident)}: nothing to compare")
        start = resolve_point(data, ident, first, False) if first else series[0]
        end = resolve_point(data, ident, last, True) if last else series[-1]
        rows.append(growth_row(data, ident, start, end))
    title = "Growth" + (f" as known on {data.as_of}" if data.as_of else "")
    notes = [
        "% change = end / start − 1;  CAGR = (end / start)^(1 / years) − 1 (compounded annual rate).",
    ]
    return Report(title, GROWTH_FIELDS, rows, notes=notes)


def _growth_whole_series(data: Data, idents: list[str]) -> Report:
    from .analysis import year_on_year

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
                        p.value - prior.value,
                        figure(p.value - prior.value, unit, _change_step(prior, p)),
                    )
                    if prior
                    else None,
                    "percent_change_pct": _pct_cell(r) if prior else None,
                    "note": r.reason if prior and r.reason else None,
                }
            )
        series = comparable_series(data, ident)
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


# pkit targets ----------------------------------------------------------------------------

TARGET_FIELDS = [
    Field("id", "Id"),
    Field("name", "Target"),
    Field("value", "Value", numeric=True),
    Field("unit", "Unit", in_table=False),
    Field("deadline", "By"),
    Field("source", "Set by", in_table=False),
    Field("set_on", "Set on", in_table=False),
    Field("indicator", "Series", in_table=False),
    Field("reason", "Why this series", in_table=False),
    Field("latest", "Latest", numeric=True),
    Field("latest_period", "Period"),
    Field("latest_status", "Latest status", in_table=False),
    Field("progress_pct", "Progress", numeric=True, short="Prog."),
    Field("years_left", "Years left", numeric=True, in_table=False),
    Field("years_from_latest", "Years from latest", in_table=False),
    Field("required_cagr_pct", "Needs", numeric=True),
    Field("recent_cagr_pct", "Recent pace", numeric=True, short="Pace"),
    Field("recent_from", "Pace since", in_table=False),
    Field("projection_rate_pct", "Projected at", in_table=False),
    Field("projected", "Projected", numeric=True, short="Proj."),
    Field("reaches_target_by", "Reached by", in_table=False),
    Field("verdict", "Verdict"),
    Field("verdict_reason", "Why", in_table=False),
    Field("structure", "Structure", in_table=False),
    Field("working", "Working", in_table=False),
]

VERDICT_STYLE = {
    "met": "bold green",
    "on track": "green",
    "behind": "yellow",
    "missed": "bold red",
    "awaiting data": "cyan",
    "no data": "dim",
    "open": "cyan",
}


def by_deadline(t: Any) -> str:
    """'by FY2029-30', or for a target with no deadline, saying so."""
    return f"by {t.deadline}" if t.deadline else "(no deadline stated)"


def targets(data: Data, ident: str | None, rate_pct: float | None) -> Report:
    chosen = [data.target(ident)] if ident is not None else data.visible_targets()
    rate = None if rate_pct is None else rate_pct / 100
    rows = [target_row(data, t, rate) for t in chosen]
    title = "Targets" + (f", judged as of {data.today.isoformat()}" if data.as_of else "")
    if rate is not None:
        title += f" (projected at {rate_pct:g} % a year)"
    notes = [
        "Needs: the compound annual rate from the latest actual to the target by the deadline. "
        "Recent pace: CAGR over the last up-to-3 fiscal years the series has.",
        "Verdicts: met / missed (deadline passed, judged on the deadline's actual); on track / behind "
        "(recent pace vs needed); awaiting data (no actual yet); no data (no series measures it); "
        "open (no deadline: progress only).",
    ]
    notes += legend(r["latest_status"] for r in rows if r["latest_status"])
    notes += sources_footer(data, (r["source"] for r in rows))
    details: list[tuple[str, str]] = []
    if ident:
        details = [("", line) for line in rows[0]["working"]]
    return Report(title, TARGET_FIELDS, rows, notes=notes, details=details)


def target_row(data: Data, t: Any, rate: float | None) -> dict[str, Any]:
    from .analysis import assess_target

    deadline = None if t.deadline is None else periods.parse_canonical(t.deadline)
    points = data.series(t.indicator) if t.indicator else []
    a = assess_target(
        t.value,
        deadline,
        t.set_on,
        [(p.period, p.value) for p in points],
        data.today,
        has_series=t.indicator is not None,
        rate=rate,
    )
    unit = t.unit
    latest = _point_at(points, a.latest_period)
    pace_text = _pct_cell(a.pace) if a.pace else None
    row: dict[str, Any] = {
        "id": t.id,
        "name": t.name,
        "value": Cell(t.value, figure(t.value, unit)),
        "unit": unit,
        "deadline": deadline.label if deadline else None,
        "source": t.source,
        "set_on": t.set_on,
        "indicator": t.indicator,
        "reason": t.reason,
        "latest": value_cell(latest, unit) if latest else Cell(None, "—"),
        "latest_period": a.latest_period.label if a.latest_period else None,
        "latest_status": latest.status if latest else None,
        "progress_pct": Cell(None, "—")
        if a.progress is None
        else Cell(a.progress * 100, f"{a.progress * 100:.2f} %"),
        "years_left": None if a.years_left is None else round(a.years_left, 2),
        "years_from_latest": a.years_from_latest,
        "required_cagr_pct": _pct_cell(a.required) if a.required else None,
        "recent_cagr_pct": pace_text,
        "recent_from": a.pace_from.label if a.pace_from else None,
        "projection_rate_pct": None
        if a.projection_rate is None
        else Cell(a.projection_rate * 100, f"{a.projection_rate * 100:.2f} %"),
        "projected": _projected_cell(a, unit),
        "reaches_target_by": _reached_by(a),
        "verdict": Cell(a.verdict, a.verdict, VERDICT_STYLE[a.verdict]),
        "verdict_reason": a.reason,
        "structure": [
            {"label": part.label, "value": part.value, "target": part.target}
            for part in t.structure
        ],
        "working": target_working(data, t, a, latest),
    }
    return row


def _point_at(points: list[Point], period: periods.Period | None) -> Point | None:
    if period is None:
        return None
    for p in points:
        if p.period == period:
            return p
    return None


def _projected_cell(a: Any, unit: str) -> Cell | None:
    if a.projected is None or a.projected.value is None:
        return None
    return Cell(a.projected.value, figure(a.projected.value, unit))


def _reached_by(a: Any) -> str | None:

    if a.reach_years is None or a.reach_years.value is None or a.latest_period is None:
        return None
    if a.latest_period.kind != "fiscal_year":
        return None
    years = math.ceil(a.reach_years.value - 1e-9)
    try:
        return periods.fiscal_year(a.latest_period.fiscal_start_year + years).label
    except periods.PeriodError:
        return None


def target_working(data: Data, t: Any, a: Any, latest: Point | None) -> list[str]:
    """The arithmetic behind a verdict, line by line."""
    unit = t.unit
    source = data.sources.get(t.source)
    who = source.publisher if source else t.source
    lines = [f"{t.id}: {t.name}: {figure(t.value, unit)} {by_deadline(t)} (set {t.set_on}, {who})."]
    if t.note:
        lines.append(f"Note: {t.note}")
    if t.structure:
        parts = " + ".join(f"{p.label} {figure(p.value, unit)}" for p in t.structure)
        lines.append(f"Structure: {parts} = {figure(sum(p.value for p in t.structure), unit)}.")
    if t.indicator is None:
        lines.append(f"Measured by: no series in the data. {t.reason}")
        lines.append(f"Verdict: {a.verdict}.")
        return lines
    lines.append(f"Measured by: {t.indicator}. {t.reason}")
    if latest is None or a.latest_value is None:
        lines.append(f"Verdict: {a.verdict}: {a.reason}.")
        return lines
    lv, tv = figure(a.latest_value, unit, latest.precision, latest.qualifier), figure(t.value, unit)
    label = "Actual at the deadline" if a.judged_on else "Latest actual"
    lines.append(f"{label}: {lv} ({a.latest_period.label}, {latest.status}, {latest.source}).")
    lines.append(f"Progress: {lv} / {tv} = {a.progress * 100:.2f} %.")
    if a.required is not None:
        n = _years_text(a.years_from_latest)
        req = (
            output_rate(a.required.value)
            if a.required.value is not None
            else f"none ({a.required.reason})"
        )
        lines.append(f"Years from {a.latest_period.label} to {t.deadline}: {n}.")
        lines.append(f"Required CAGR: ({tv} / {lv})^(1/{n}) − 1 = {req}.")
    if a.pace is not None and a.pace_from is not None:
        start = _point_at(data.series(t.indicator), a.pace_from)
        sv = figure(start.value, unit, start.precision) if start else "?"
        span = _years_text(a.latest_period.fiscal_start_year - a.pace_from.fiscal_start_year)
        marker = (
            f" ({a.pace_from.label} is {start.status})"
            if start and start.status != "reported"
            else ""
        )
        lines.append(
            f"Recent pace: ({lv} / {sv})^(1/{span}) − 1 = {output_rate(a.pace.value)} a year "
            f"({a.pace_from.label} → {a.latest_period.label}){marker}."
        )
    if a.projected is not None and a.projected.value is not None:
        lines.append(
            f"Projection at {output_rate(a.projection_rate)} a year: {lv} × (1 + {output_rate(a.projection_rate)})"
            f"^{_years_text(a.years_from_latest)} = {figure(a.projected.value, unit)} {by_deadline(t)}."
        )
        reached = _reached_by(a)
        if reached:
            lines.append(f"At that rate the target is reached in {reached}.")
    lines.append(f"Verdict: {a.verdict}: {a.reason}.")
    return lines


def output_rate(fraction: float | None) -> str:

    return rate(fraction)


# Topic commands: pkit parks / connectivity / talent -------------------------------------

TOPIC_FIELDS = [
    Field("indicator", "Indicator", in_table=False),
    Field("name", "Figure"),
    Field("period", "Period / as of"),
    Field("value", "Value", numeric=True),
    Field("qualifier", "Qualifier", in_table=False),
    Field("status", "Status", in_table=False),
    Field("as_of", "Published", in_table=False),
    Field("source", "Source"),
    Field("targets", "Targets"),
    Field("note", "Note", in_table=False),
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
    related: list[Any] = []
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
            value = (
                Cell(s.percent, figure(s.percent, "percent", s.precision, s.qualifier))
                if s.kind == "growth"
                else statement_cell(s, ind.unit)
            )
            rows.append(
                {
                    "indicator": ind.id,
                    "name": f"{ind.name}: {STATEMENT_KIND_NAMES[s.kind].lower()}",
                    "period": statement_span(s),
                    "value": value,
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


# Sparklines ------------------------------------------------------------------------------


def trend_cell(data: Data, ident: str) -> Cell:
    """A sparkline of the last ``TREND_POINTS`` figures of the series a growth would use
    (full years, else points in time): a trend, not a plot of a long series."""
    from .terminal import sparkline

    series = comparable_series(data, ident)[-TREND_POINTS:]
    return Cell(None, sparkline([p.value for p in series]))


TREND_POINTS = 24


# Telling an empty answer from an error under --as-of -------------------------------------


def first_published(data: Data, ident: str) -> Any:
    """The date an indicator's first figure was published (ignoring --as-of), or None."""
    dates = [obs["as_of"] for obs in data.indicator(ident).observations]
    return min(dates) if dates else None


def nothing_yet(data: Data, ident: str) -> str:
    """Why an indicator has no figures: none published by --as-of, or none at all."""
    first = first_published(data, ident)
    if first is None or data.as_of is None or first <= data.as_of:
        return f"{ident} has no figures in {data.name}"
    return f"{ident} had no figures published by {data.as_of}; its first was published on {first}"
