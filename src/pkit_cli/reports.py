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
    return f"[{s.id}] {s.publisher}, “{s.title}”, {date}.{url}"


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
    for label in sorted(years, key=lambda lab: periods.parse_canonical(lab).sort_key()):
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
        label = _match_period(data, ident, period)
        vintages = {label: vintages[label]}
    points = [p for ps in vintages.values() for p in (ps if all_vintages else ps[-1:])]
    rows = [observation_row(p, ind.unit) for p in points]
    statements = [
        s for s in data.visible_statements(ident) if period is None or s.period == period.label
    ]
    targets = [t for t in data.model.targets if t.indicator == ident]
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
        details.append(("Stated growth", _statement_text(s)))
    for t in targets:
        details.append(("Target", f"{t.id}: {t.name}, {figure(t.value, t.unit)} by {t.deadline}"))
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


def _statement_text(s: Any) -> str:
    q = {"about": "about ", "nearly": "nearly ", "at_least": "over "}.get(s.qualifier or "", "")
    return f"{q}{s.percent:+g} % {s.period} vs {s.base_period} ({s.source}, {s.as_of})"


def _match_period(data: Data, ident: str, period: periods.Period) -> str:
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


def _comparable_series(data: Data, ident: str) -> list[Point]:
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
    from .output import rate

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
        series = _comparable_series(data, ident)
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
        series = _comparable_series(data, ident)
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
}


def targets(data: Data, ident: str | None, rate_pct: float | None) -> Report:
    chosen = [set_target(data, ident)] if ident is not None else visible_targets(data)
    rate = None if rate_pct is None else rate_pct / 100
    rows = [target_row(data, t, rate) for t in chosen]
    title = "Targets" + (f", judged as of {data.today.isoformat()}" if data.as_of else "")
    if rate is not None:
        title += f" (projected at {rate_pct:g} % a year)"
    notes = [
        "Needs: the compound annual rate from the latest actual to the target by the deadline. "
        "Recent pace: CAGR over the last up-to-3 fiscal years the series has.",
        "Verdicts: met / missed (deadline passed, judged on the deadline's actual); on track / behind "
        "(recent pace vs needed); awaiting data (no actual yet); no data (no series measures it).",
    ]
    notes += legend(r["latest_status"] for r in rows if r["latest_status"])
    notes += sources_footer(data, (r["source"] for r in rows))
    details: list[tuple[str, str]] = []
    if ident:
        details = [("", line) for line in rows[0]["working"]]
    return Report(title, TARGET_FIELDS, rows, notes=notes, details=details)


def target_row(data: Data, t: Any, rate: float | None) -> dict[str, Any]:
    from .analysis import assess_target

    deadline = periods.parse_canonical(t.deadline)
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
        "deadline": deadline.label,
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
    import math

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
    lines = [f"{t.id}: {t.name}: {figure(t.value, unit)} by {t.deadline} (set {t.set_on}, {who})."]
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
            f"^{_years_text(a.years_from_latest)} = {figure(a.projected.value, unit)} by {t.deadline}."
        )
        reached = _reached_by(a)
        if reached:
            lines.append(f"At that rate the target is reached in {reached}.")
    lines.append(f"Verdict: {a.verdict}: {a.reason}.")
    return lines


def output_rate(fraction: float | None) -> str:
    from .output import rate

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
        tracked = [t for t in data.model.targets if t.indicator == ind.id]
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
        for s in data.visible_statements(ind.id):
            sources.append(s.source)
            rows.append(
                {
                    "indicator": ind.id,
                    "name": f"{ind.name}: stated growth",
                    "period": f"{s.period} vs {s.base_period}",
                    "value": Cell(
                        s.percent, figure(s.percent, "percent", s.precision, s.qualifier)
                    ),
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
            f"Target {t.id}: {t.name}, {figure(t.value, t.unit)} by {t.deadline} (see `pkit targets {t.id}`)."
        )
    for ind in data.model.indicators:
        if ind.topic == name:
            notes += [f"{ind.id}: {n}" for n in ind.notes]
    notes += sources_footer(data, sources)
    return Report(TOPIC_TITLES.get(name, name), TOPIC_FIELDS, rows, notes=notes)


# pkit chart ------------------------------------------------------------------------------

CHART_BAR_CELLS = 40  # the bar drawn in the table a pipe gets (a terminal draws the chart)

CHART_FIELDS = [
    Field("period", "Period"),
    Field("value", "Value", numeric=True),
    Field("status", "Status", in_table=False),
    Field("as_of", "As of", in_table=False),
    Field("source", "Source", in_table=False),
    Field("fraction", "Bar (share of the full width)", short="Bar"),
]


def chart(
    data: Data, ident: str, first: periods.Period | None, last: periods.Period | None
) -> Report:
    """One bar per period (latest vintage): full fiscal years if the series has any, else
    its points in time; partial years are left out rather than set beside full ones."""
    from .output import BarChart, ChartMarker, bar_text

    ind = data.indicator(ident)
    points = [p for p in _comparable_series(data, ident) if p.period.within(first, last)]
    plotted = {p.period.label for p in points}
    skipped = [
        label
        for label, vs in data.vintages(ident).items()
        if label not in plotted and vs[-1].period.within(first, last)
    ]
    tracked = [t for t in visible_targets(data) if t.indicator == ident and t.unit == ind.unit]
    markers = [
        ChartMarker(t.id, t.value, f"{t.id}: {figure(t.value, t.unit)} by {t.deadline} ({t.name})")
        for t in tracked
    ]
    bars = [_bar(p, ind.unit, p.status) for p in points]
    title = f"{ind.name}, latest vintage of each period" + (
        f", as known on {data.as_of.isoformat()}" if data.as_of else ""
    )
    drawing = BarChart(title, ind.unit, bars, markers)
    scale = drawing.scale
    rows = []
    for p in points:
        fraction = round(p.value / scale, 4) if p.value > 0 else 0.0
        rows.append(
            {
                "period": p.period.label,
                "value": value_cell(p, ind.unit),
                "status": p.status,
                "as_of": p.as_of,
                "source": p.source,
                "fraction": Cell(
                    fraction, bar_text(fraction, CHART_BAR_CELLS), STATUS_STYLE.get(p.status)
                ),
            }
        )
    shared = legend(p.status for p in points)
    if skipped:
        shared.append(
            "Not plotted (partial years are never set beside full ones): "
            + ", ".join(skipped)
            + f" — see `pkit show {ident}`."
        )
    shared += sources_footer(data, (p.source for p in points))
    # The drawing has its own scale and target legend; the rows need them spelled out.
    drawing.notes = shared
    notes = []
    if rows:
        notes.append(f"Bar: the value as a share of {figure(scale, ind.unit)} (the full width).")
    notes += [
        f"Target {t.id}: {figure(t.value, t.unit)} by {t.deadline}: {t.name}." for t in tracked
    ]
    notes += shared
    meta = {
        "indicator": ind.id,
        "name": ind.name,
        "unit": ind.unit,
        "as_of": data.as_of,
        "full_width_value": scale,
        "targets": [
            {
                "id": t.id,
                "value": t.value,
                "deadline": t.deadline,
                "fraction": round(t.value / scale, 4),
            }
            for t in tracked
        ],
    }
    return Report(title, CHART_FIELDS, rows, notes=notes, meta=meta, chart=drawing)


def _bar(p: Point, unit: str, kind: str) -> Any:
    from .output import Bar

    cell = value_cell(p, unit)
    return Bar(p.period.label, p.value, cell.text, kind, STATUS_STYLE.get(p.status))


# pkit targets ID --chart -----------------------------------------------------------------

PATH_FIELDS = [
    Field("period", "Period"),
    Field("actual", "Actual", numeric=True),
    Field("actual_status", "Status", in_table=False),
    Field("required_path", "Required path", numeric=True, short="Needed"),
    Field("pace_path", "At recent pace", numeric=True, short="At pace"),
]


def target_path(data: Data, ident: str, rate: float | None) -> Report:
    """A target's series against the path the required compound rate would take from the
    latest actual to the deadline, and the path the recent pace (or --rate) takes."""
    from .analysis import assess_target, compound_path
    from .output import Bar, BarChart, ChartMarker

    t = set_target(data, ident)
    if t.indicator is None:
        raise LookupProblem(f"{t.id} has no series in the data to chart ({t.reason})")
    unit = t.unit
    deadline = periods.parse_canonical(t.deadline)
    points = _comparable_series(data, t.indicator)
    a = assess_target(
        t.value,
        deadline,
        t.set_on,
        [(p.period, p.value) for p in data.series(t.indicator)],
        data.today,
        rate=rate,
    )
    rows: list[dict[str, Any]] = []
    bars: list[Any] = []
    for p in points:
        rows.append(
            {
                "period": p.period.label,
                "actual": value_cell(p, unit),
                "actual_status": p.status,
                "required_path": None,
                "pace_path": None,
            }
        )
        bars.append(_bar(p, unit, p.status))
    pace_name = "recent pace" if rate is None else f"{rate * 100:g} % a year"
    notes = legend(p.status for p in points)
    if a.latest_period is None or a.latest_value is None:
        notes.append(f"No path: {a.reason}.")
    elif a.required is None or a.required.value is None or not a.years_from_latest:
        notes.append(f"No path to draw: {a.verdict}: {a.reason}.")
    else:
        required = compound_path(a.latest_period, a.latest_value, a.required.value, deadline)
        pace = (
            dict(compound_path(a.latest_period, a.latest_value, a.projection_rate, deadline))
            if a.projection_rate is not None
            else {}
        )
        for year, need in required:
            at_pace = pace.get(year)
            need_cell = _path_cell(need, unit)
            pace_cell = _path_cell(at_pace, unit) if at_pace else None
            rows.append(
                {
                    "period": year.label,
                    "actual": None,
                    "actual_status": None,
                    "required_path": need_cell,
                    "pace_path": pace_cell,
                }
            )
            bars.append(Bar(year.label, need_cell.value, need_cell.text + " needed", "required"))
            if pace_cell is not None:
                bars.append(
                    Bar(year.label, pace_cell.value, pace_cell.text + " at pace", "projected")
                )
        notes.append(
            f"Required path: {figure(a.latest_value, unit)} ({a.latest_period.label}) × "
            f"(1 + {rate_text(a.required.value)})^years, reaching {figure(t.value, unit)} "
            f"in {t.deadline}."
        )
        if a.projection_rate is not None:
            notes.append(
                f"At {pace_name}: the same start × (1 + {rate_text(a.projection_rate)})^years."
            )
        notes.append(f"Verdict: {a.verdict}: {a.reason}.")
    notes += sources_footer(data, [t.source, *(p.source for p in points)])
    title = f"{t.id}: {t.name}, {figure(t.value, unit)} by {t.deadline}: actual and the path to it"
    marker = ChartMarker(t.id, t.value, f"{t.id}: {figure(t.value, unit)} by {t.deadline}")
    drawing = BarChart(title, unit, bars, [marker])
    fields = [
        f
        if f.key != "pace_path"
        else Field(f.key, f"At {pace_name}", numeric=True, short="At pace")
        for f in PATH_FIELDS
    ]
    meta = {
        "target": t.id,
        "indicator": t.indicator,
        "value": t.value,
        "deadline": t.deadline,
        "verdict": a.verdict,
        "required_cagr_pct": None
        if a.required is None or a.required.value is None
        else a.required.value * 100,
        "pace_cagr_pct": None if a.projection_rate is None else a.projection_rate * 100,
    }
    return Report(title, fields, rows, notes=notes, meta=meta, chart=drawing)


def _path_cell(r: Any, unit: str) -> Cell:
    if r.value is None:
        return Cell(None, "—")
    # Whole units for machines: a computed path has no more precision than that, and
    # 15000000000.000008 is float noise, not information.
    return Cell(float(round(r.value)), figure(r.value, unit))


def rate_text(fraction: float | None) -> str:
    return rate(fraction)


# Sparklines ------------------------------------------------------------------------------


def trend_cell(data: Data, ident: str) -> Cell:
    """A sparkline of the last ``TREND_POINTS`` figures of the series a growth would use
    (full years, else points in time): a trend, not a plot of a long series."""
    from .output import sparkline

    series = _comparable_series(data, ident)[-TREND_POINTS:]
    return Cell(None, sparkline([p.value for p in series]))


TREND_POINTS = 24


# pkit sources ----------------------------------------------------------------------------

SOURCE_FIELDS = [
    Field("id", "Id"),
    Field("publisher", "Publisher"),
    Field("title", "Title"),
    Field("published", "Published"),
    Field("url", "URL"),
    Field("note", "Note", in_table=False),
    Field("supports", "Supports"),
    Field("indicators", "Indicators", in_table=False),
    Field("observations", "Observations", in_table=False),
    Field("statements", "Statements", in_table=False),
    Field("targets", "Targets", in_table=False),
]

SUPPORT_FIELDS = [
    Field("kind", "Kind"),
    Field("id", "Id"),
    Field("period", "Period"),
    Field("value", "Value", numeric=True),
    Field("status", "Status"),
    Field("as_of", "As of"),
    Field("role", "Role"),
]


def source_record(s: Any) -> dict[str, Any]:
    return {
        "id": s.id,
        "publisher": s.publisher,
        "title": s.title,
        "published": s.published,
        "url": s.url,
        "note": s.note,
    }


def source_supports(data: Data, source_id: str) -> list[dict[str, Any]]:
    """Every visible observation, statement and target that cites a source."""
    rows: list[dict[str, Any]] = []
    for ind in data.model.indicators:
        for points in data.vintages(ind.id).values():
            for p in points:
                if p.source == source_id:
                    role = "source"
                elif source_id in p.also_reported_by:
                    role = "also reported"
                else:
                    continue
                rows.append(
                    {
                        "kind": "observation",
                        "id": ind.id,
                        "period": p.period.label,
                        "value": value_cell(p, ind.unit),
                        "status": p.status,
                        "as_of": p.as_of,
                        "role": role,
                    }
                )
    for st in data.visible_statements():
        if st.source == source_id:
            rows.append(
                {
                    "kind": "statement",
                    "id": st.id,
                    "period": f"{st.period} vs {st.base_period}",
                    "value": Cell(
                        st.percent, figure(st.percent, "percent", st.precision, st.qualifier)
                    ),
                    "status": "reported",
                    "as_of": st.as_of,
                    "role": "source",
                }
            )
    for t in visible_targets(data):
        if t.source == source_id:
            rows.append(
                {
                    "kind": "target",
                    "id": t.id,
                    "period": t.deadline,
                    "value": Cell(t.value, figure(t.value, t.unit)),
                    "status": None,
                    "as_of": t.set_on,
                    "role": "source",
                }
            )
    return rows


def _supports_text(supports: list[dict[str, Any]]) -> str:
    """'ict-exports FY2019-20, FY2020-21; statements st-…; targets T1' for a table cell."""
    by_indicator: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}
    for r in supports:
        if r["kind"] == "observation":
            label = r["period"] + (" (also)" if r["role"] == "also reported" else "")
            by_indicator.setdefault(r["id"], []).append(label)
        else:
            others.setdefault(r["kind"] + "s", []).append(r["id"])
    parts = [f"{i} {', '.join(dict.fromkeys(ps))}" for i, ps in by_indicator.items()]
    parts += [f"{kind} {', '.join(ids)}" for kind, ids in others.items()]
    return "; ".join(parts) or "nothing (not cited)"


def sources(data: Data, ident: str | None) -> Report:
    if ident is not None:
        return _one_source(data, ident)
    rows = []
    for s in data.model.sources:
        if s.published is not None and not data.visible(s.published):
            continue
        supports = source_supports(data, s.id)
        observations = [r for r in supports if r["kind"] == "observation"]
        rows.append(
            {
                **source_record(s),
                "supports": _supports_text(supports),
                "indicators": list(dict.fromkeys(r["id"] for r in observations)),
                "observations": [
                    {
                        "indicator": r["id"],
                        "period": r["period"],
                        "as_of": r["as_of"],
                        "role": r["role"],
                    }
                    for r in observations
                ],
                "statements": [r["id"] for r in supports if r["kind"] == "statement"],
                "targets": [r["id"] for r in supports if r["kind"] == "target"],
            }
        )
    title = "Sources" + (f" published by {data.as_of.isoformat()}" if data.as_of else "")
    notes = ["Details of one, with every figure it supports: pkit sources ID"] if rows else []
    return Report(title, SOURCE_FIELDS, rows, notes=notes)


def _one_source(data: Data, ident: str) -> Report:
    s = data.source(ident)
    if s.published is not None and not data.visible(s.published):
        raise LookupProblem(
            f"source '{s.id}' was published on {s.published}, after --as-of {data.as_of}"
        )
    supports = source_supports(data, s.id)
    details = [
        ("Id", s.id),
        ("Publisher", s.publisher),
        ("Title", s.title),
        ("Published", s.published.isoformat() if s.published else "undated"),
        ("URL", s.url or "not recorded"),
    ]
    if s.note:
        details.append(("Note", s.note))
    return Report(
        f"What {s.id} supports",
        SUPPORT_FIELDS,
        supports,
        notes=legend(r["status"] for r in supports if r["status"]),
        meta=source_record(s),
        rows_key="supports",
        details=details,
    )


def visible_targets(data: Data) -> list[Any]:
    """Targets already set on the as-of date (all of them without --as-of)."""
    return [t for t in data.model.targets if data.visible(t.set_on)]


def set_target(data: Data, ident: str) -> Any:
    """A target by id, refused when it was set after the as-of date."""
    t = data.target(ident)
    if not data.visible(t.set_on):
        raise LookupProblem(f"target {t.id} was set on {t.set_on}, after --as-of {data.as_of}")
    return t


# pkit show --cite ------------------------------------------------------------------------

CITE_FIELDS = [
    Field("citation", "Citation"),
    Field("indicator", "Indicator", in_table=False),
    Field("name", "Name", in_table=False),
    Field("period", "Period", in_table=False),
    Field("value", "Value", in_table=False),
    Field("value_text", "Value as shown", in_table=False),
    Field("unit", "Unit", in_table=False),
    Field("status", "Status", in_table=False),
    Field("as_of", "As of", in_table=False),
    Field("source", "Source", in_table=False),
    Field("publisher", "Publisher", in_table=False),
    Field("title", "Title", in_table=False),
    Field("published", "Published", in_table=False),
    Field("url", "URL", in_table=False),
]


def cite(data: Data, ident: str, period: periods.Period | None) -> Report:
    """One paste-ready line citing the figure `pkit show ID --period P` shows."""
    from .errors import UsageProblem

    ind = data.indicator(ident)
    if period is None:
        raise UsageProblem("--cite cites one figure: give --period too, e.g. --period FY2024-25")
    p = data.vintages(ident)[_match_period(data, ident, period)][-1]
    s = data.sources.get(p.source)
    shown = figure(p.value, ind.unit, p.precision, p.qualifier)
    status = p.status
    if p.derivation is not None:
        status += f": = {p.derivation.formula}"
    line = f"{ind.name}, {p.period.label}: {shown} ({status}; as of {p.as_of.isoformat()})."
    if s is not None:
        published = s.published.isoformat() if s.published else "undated"
        line += f" Source: {s.publisher}, “{s.title}”, {published}"
        line += f", {s.url}." if s.url else " (URL not recorded)."
    row = {
        "citation": line,
        "indicator": ind.id,
        "name": ind.name,
        "period": p.period.label,
        "value": p.value,
        "value_text": shown,
        "unit": ind.unit,
        "status": p.status,
        "as_of": p.as_of,
        "source": p.source,
        "publisher": s.publisher if s else None,
        "title": s.title if s else None,
        "published": s.published if s else None,
        "url": s.url if s else None,
    }
    return Report(f"Citation: {ind.id} {p.period.label}", CITE_FIELDS, [row], bare=True)


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


# pkit check ------------------------------------------------------------------------------

CHECK_FIELDS = [
    Field("check", "Check"),
    Field("subject", "Subject"),
    Field("status", "Result"),
    Field("claimed", "Claimed", numeric=True),
    Field("recomputed", "Recomputed", numeric=True),
    Field("basis", "Basis", in_table=False),
    Field("detail", "Detail"),
    Field("latest_recomputed", "Latest vintages", in_table=False),
    Field("latest_consistent", "Consistent with latest", in_table=False),
]

CHECK_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "n/a": "dim"}
Interval = tuple[float, float]


def _interval_text(iv: Interval | None, unit: str) -> str:
    """A range people can read, rounded outwards so it never looks narrower than it is:
    '$4.528 bn to $4.630 bn', '47.425 to 47.435 %'."""
    if iv is None:
        return "—"
    lo, hi = iv
    exact = abs(hi - lo) <= 1e-9 * max(abs(lo), abs(hi), 1)
    if unit == "pct":
        if exact:
            return f"{lo:.2f} %"
        step = min(max(_step_for_interval(lo, hi, 1), 1e-6), 0.01)
        decimals = max(2, -math.floor(math.log10(step)))
        lo, hi = _outward(lo, hi, step)
        return f"{lo:.{decimals}f} to {hi:.{decimals}f} %"
    if exact:
        return figure(lo, unit)
    step = _step_for_interval(lo, hi)
    lo, hi = _outward(lo, hi, step)
    return f"{figure(lo, unit, step)} to {figure(hi, unit, step)}"


def _step_for_interval(lo: float, hi: float, extra_digits: int = 2) -> float:
    """Enough digits to tell the two ends apart (4.55 to 4.65 bn, not 5 to 5 bn)."""
    width = abs(hi - lo)
    if width <= 0:
        return 1.0
    return 10.0 ** (math.floor(math.log10(width) + 1e-9) - extra_digits)


def _outward(lo: float, hi: float, step: float) -> Interval:
    # The 1e-9 keeps an end that is already on the step (4.55 bn) from moving.
    return math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step


def _interval_cell(iv: Interval | None, unit: str) -> Cell:
    return Cell(None if iv is None else [iv[0], iv[1]], _interval_text(iv, unit))


def _status_cell(status: str) -> Cell:
    return Cell(status, status, CHECK_STYLE.get(status))


def point_interval(data: Data, p: Point, depth: int = 0) -> Interval:
    """The values an observation could stand for: its rounding, or for a derived figure
    the range its formula takes over its inputs' intervals."""
    from .analysis import formula_interval, rounding_interval

    own = rounding_interval(p.value, p.precision, p.qualifier)
    if p.derivation is None or depth > 5:
        return own
    inputs = derivation_input_intervals(data, p.derivation, depth + 1)
    if inputs is None:
        return own
    return formula_interval(p.derivation.formula, inputs) or own


def derivation_input_intervals(data: Data, d: Any, depth: int = 0) -> dict[str, Interval] | None:
    from .analysis import rounding_interval

    out: dict[str, Interval] = {}
    for name, ref in d.inputs.items():
        if ref.statement is not None:
            st = data.statements.get(ref.statement)
            if st is None:
                return None
            out[name] = rounding_interval(st.percent, st.precision, st.qualifier)
            continue
        p = _input_point(data, ref)
        if p is None:
            return None
        out[name] = point_interval(data, p, depth)
    return out


def _input_point(data: Data, ref: Any) -> Point | None:
    points = data.vintages(ref.indicator).get(ref.period, [])
    if ref.as_of is not None:
        points = [p for p in points if p.as_of == ref.as_of]
    return points[-1] if points else None


def _input_text(data: Data, ref: Any, value: float) -> str:
    """A derivation input as people read it: '$4.6 bn' or '26.4 %'."""
    if ref.statement is not None:
        st = data.statements[ref.statement]
        return figure(value, "percent", st.precision, st.qualifier)
    p = _input_point(data, ref)
    unit = data.indicator(ref.indicator).unit
    return figure(value, unit, p.precision if p else None, p.qualifier if p else None)


def _uses_statement(data: Data, p: Point | None, statement_id: str, depth: int = 0) -> bool:
    """True when a (derived) level was computed from this very statement."""
    if p is None or p.derivation is None or depth > 5:
        return False
    for ref in p.derivation.inputs.values():
        if ref.statement == statement_id:
            return True
        if ref.indicator is not None and _uses_statement(
            data, _input_point(data, ref), statement_id, depth + 1
        ):
            return True
    return False


def _as_known_on(data: Data, day: Any) -> Data:
    """The same dataset seen as of an earlier day (never later than the user's --as-of)."""
    if data.as_of is not None and data.as_of <= day:
        return data
    return Data(data.model, data.name, day)


def check(data: Data) -> Report:
    rows: list[dict[str, Any]] = []
    rows += _component_checks(data)
    rows += _statement_checks(data)
    rows += _derivation_checks(data)
    rows += _target_checks(data)
    counts = {s: sum(1 for r in rows if r["status"].value == s) for s in CHECK_STYLE}
    failed = counts["fail"]
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "nothing to check"
    title = f"Audit of {data.name}" + (f" as known on {data.as_of}" if data.as_of else "")
    notes = [
        f"{len(rows)} checks: {summary}.",
        "Rounding-aware: a figure stated as 3.2 bn stands for 3.15–3.25 bn, 'over N' for N to "
        "N + one step, 'about'/'nearly' for ± one step; a derived figure for the range of its "
        "formula over its inputs' ranges. Only a contradiction outside these ranges fails.",
        "Stated growth is judged against the levels known when it was stated (what its source "
        "compared); the latest vintages are in Detail, and in JSON as latest_recomputed.",
    ]
    meta = {"dataset": data.name, "as_of": data.as_of, "passed": failed == 0, "summary": counts}
    messages = [f"pkit check: {failed} check{'s' if failed != 1 else ''} failed"] if failed else []
    return Report(
        title,
        CHECK_FIELDS,
        rows,
        notes=notes,
        meta=meta,
        rows_key="checks",
        exit_code=1 if failed else 0,
        messages=messages,
    )


def _check_row(
    check_name: str,
    subject: str,
    audit: Any,
    unit: str,
    basis: str,
    detail: str,
    latest: tuple[Interval | None, bool] | None = None,
) -> dict[str, Any]:
    return {
        "check": check_name,
        "subject": subject,
        "status": _status_cell(audit.status),
        "claimed": _interval_cell(audit.claimed, unit),
        "recomputed": _interval_cell(audit.recomputed, unit),
        "basis": basis,
        "detail": detail,
        "latest_recomputed": None if latest is None else _interval_cell(latest[0], unit),
        "latest_consistent": None if latest is None else latest[1],
    }


def _levels_text(points: list[Point], unit: str) -> str:
    return " + ".join(figure(p.value, unit, p.precision, p.qualifier) for p in points)


def _component_checks(data: Data) -> list[dict[str, Any]]:
    from .analysis import audit_sum

    rows = []
    for ind in data.model.indicators:
        if not ind.components:
            continue
        for label, vintages in data.vintages(ind.id).items():
            total = vintages[-1]
            then = _as_known_on(data, total.as_of)
            maybe_then = [then.point(c, total.period) for c in ind.components]
            maybe_now = [data.point(c, total.period) for c in ind.components]
            if any(p is None for p in maybe_now):
                continue  # checked only where every component is present
            parts_now = [p for p in maybe_now if p is not None]
            parts_then = [p for p in maybe_then if p is not None]
            use_then = len(parts_then) == len(parts_now)
            parts = parts_then if use_then else parts_now
            total_iv = point_interval(data, total)
            audit = audit_sum(total_iv, [point_interval(data, p) for p in parts])
            basis = f"as of {total.as_of}" if use_then else "latest vintages"
            total_text = figure(total.value, ind.unit, total.precision)
            detail = f"{_levels_text(parts, ind.unit)} vs {total_text}: {audit.reason}"
            latest = None
            if use_then and [p.as_of for p in parts_now] != [p.as_of for p in parts_then]:
                now = audit_sum(total_iv, [point_interval(data, p) for p in parts_now])
                latest = (now.recomputed, now.status == "pass")
                detail += f"; with the latest vintages {_levels_text(parts_now, ind.unit)}: " + (
                    "still consistent" if latest[1] else "no longer consistent"
                )
            subject = f"{ind.id} {label} = " + " + ".join(ind.components)
            rows.append(_check_row("components", subject, audit, ind.unit, basis, detail, latest))
    return rows


def _statement_checks(data: Data) -> list[dict[str, Any]]:
    rows = []
    for st in data.visible_statements():
        rows.append(_statement_check(data, st))
    return rows


def _statement_check(data: Data, st: Any) -> dict[str, Any]:
    from .analysis import Audit, audit_stated_growth, rounding_interval

    ind = data.indicator(st.indicator)
    stated = rounding_interval(st.percent, st.precision, st.qualifier)
    period = periods.parse_canonical(st.period)
    base = periods.parse_canonical(st.base_period)
    q = {"about": "about ", "nearly": "nearly ", "at_least": "over "}.get(st.qualifier or "", "")
    subject = f"{st.id}: {q}{st.percent:+g} % {st.period} vs {st.base_period}"

    def not_applicable(reason: str) -> dict[str, Any]:
        audit = Audit("n/a", stated, None, reason)
        return _check_row("stated growth", subject, audit, "pct", "—", reason)

    if not base.comparable_with(period):
        return not_applicable(f"{st.base_period} and {st.period} are not like periods")
    then = _as_known_on(data, st.as_of)
    start, end = then.point(ind.id, base), then.point(ind.id, period)
    basis = f"levels as of {st.as_of}"
    if start is None or end is None:
        start, end = data.point(ind.id, base), data.point(ind.id, period)
        basis = "latest vintages (no levels were known when it was stated)"
    if start is None or end is None:
        return not_applicable(f"no levels of {ind.id} for both {st.base_period} and {st.period}")
    if _uses_statement(data, start, st.id) or _uses_statement(data, end, st.id):
        return not_applicable(
            "a level is derived from this statement, so they agree by construction "
            "(see the derived figure's note)"
        )
    audit = audit_stated_growth(stated, point_interval(data, start), point_interval(data, end))
    detail = f"{_levels_text([start], ind.unit)} → {_levels_text([end], ind.unit)}"
    if start.value > 0:
        detail += f" = {(end.value / start.value - 1) * 100:+.2f} %"
    detail += f": {audit.reason}"
    latest = None
    now_start, now_end = data.point(ind.id, base), data.point(ind.id, period)
    if now_start is not None and now_end is not None and (now_start, now_end) != (start, end):
        now = audit_stated_growth(
            stated, point_interval(data, now_start), point_interval(data, now_end)
        )
        latest = (now.recomputed, now.status == "pass")
        detail += (
            f"; latest vintages {_levels_text([now_start], ind.unit)} → "
            f"{_levels_text([now_end], ind.unit)}"
        )
        if now_start.value > 0:
            detail += f" = {(now_end.value / now_start.value - 1) * 100:+.2f} %"
        detail += (
            ": also consistent"
            if latest[1]
            else ": outside the stated rate since the levels were revised"
        )
    return _check_row("stated growth", subject, audit, "pct", basis, detail, latest)


def _derivation_checks(data: Data) -> list[dict[str, Any]]:
    derived: list[tuple[str, Any, Interval, str]] = []
    from .analysis import rounding_interval

    for ind in data.model.indicators:
        # Most series have no derived figure: skip them without building their Points.
        if not any(obs.get("derivation") for obs in ind.observations):
            continue
        for points in data.vintages(ind.id).values():
            for p in points:
                if p.derivation is not None:
                    subject = f"{ind.id} {p.period.label} (as of {p.as_of})"
                    stored = rounding_interval(p.value, p.precision, p.qualifier)
                    derived.append((subject, p.derivation, stored, ind.unit))
    for t in visible_targets(data):
        if t.derivation is not None:
            derived.append((f"target {t.id}", t.derivation, (t.value, t.value), t.unit))
    return [_derivation_check(data, *item) for item in derived]


def _derivation_check(
    data: Data, subject: str, d: Any, stored: Interval, unit: str
) -> dict[str, Any]:
    from .analysis import Audit, audit_formula
    from .formula import evaluate

    values: dict[str, float] = {}
    shown_inputs: list[str] = []
    missing = []
    for name, ref in d.inputs.items():
        resolved = data.resolve_input(ref)
        if resolved is None:
            missing.append(name)
        else:
            values[name] = resolved[0]
            shown_inputs.append(f"{name} = {_input_text(data, ref, resolved[0])}")
    if missing:
        reason = f"input(s) {', '.join(missing)} not found in the data"
        audit = Audit("fail", stored, None, reason)
        return _check_row("derivation", subject, audit, unit, "—", reason)
    computed = evaluate(d.formula, values)
    audit = audit_formula(stored, None if computed is None else (computed, computed))
    detail = f"{d.formula} with {', '.join(shown_inputs)}: {audit.reason}"
    return _check_row("derivation", subject, audit, unit, "formula", detail)


def _target_checks(data: Data) -> list[dict[str, Any]]:
    from .analysis import audit_parts

    rows = []
    for t in visible_targets(data):
        audit, detail = _target_series_audit(data, t)
        rows.append(_check_row("target series", t.id, audit, t.unit, "—", detail))
        if t.structure:
            audit = audit_parts(t.value, [part.value for part in t.structure])
            parts = " + ".join(f"{part.label} {figure(part.value, t.unit)}" for part in t.structure)
            detail = f"{parts}: {audit.reason}"
            if audit.status != "pass" and t.note:
                detail += f". The data's note: {t.note}"
            rows.append(_check_row("target structure", t.id, audit, t.unit, "as stated", detail))
    return rows


def _target_series_audit(data: Data, t: Any) -> tuple[Any, str]:
    from .analysis import Audit

    if t.indicator is None:
        return Audit("warn", None, None, "no series"), f"no series measures it: {t.reason}"
    ind = data.indicators.get(t.indicator)
    if ind is None:
        return Audit("fail", None, None, "unknown series"), f"'{t.indicator}' is not in the data"
    if ind.unit != t.unit:
        detail = f"the target is in {t.unit} but {ind.id} is in {ind.unit}"
        return Audit("fail", None, None, "units differ"), detail
    n = len(data.series(ind.id))
    if not n:
        return Audit("warn", None, None, "no figures yet"), f"{ind.id} has no figures yet"
    return Audit("pass", None, None, "tracked"), (
        f"tracked by {ind.id} ({n} period{'s' if n != 1 else ''})"
    )


# pkit validate ---------------------------------------------------------------------------

PROBLEM_FIELDS = [
    Field("path", "JSON path"),
    Field("problem", "Problem"),
]


def validate(result: Any) -> Report:
    """Every problem in a dataset file, with its JSON path; exit 1 when there is any."""
    rows = [{"path": path, "problem": problem} for path, problem in result.problems]
    n = len(rows)
    verdict = "valid" if not n else f"{n} problem{'s' if n != 1 else ''}"
    counts: dict[str, int] = {}
    if result.model is not None:
        m = result.model
        counts = {
            "sources": len(m.sources),
            "indicators": len(m.indicators),
            "observations": sum(len(i.observations) for i in m.indicators),
            "statements": len(m.statements),
            "targets": len(m.targets),
        }
    notes = []
    if not n:
        notes.append("No problems: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + ".")
        notes.append("The figures themselves are audited by `pkit check`.")
    return Report(
        "Problems" if n else "No problems",
        PROBLEM_FIELDS,
        rows,
        details=[("Dataset", result.name), ("Result", verdict)],
        notes=notes,
        meta={"file": result.name, "valid": not n, "counts": counts},
        rows_key="problems",
        exit_code=1 if n else 0,
    )
