"""`pkit targets`: each target, its progress, the rate it needs and a verdict."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .. import periods
from ..dataset import Data, Point
from ..report import Cell, Field, Report
from ..text import (
    figure,
    given_rate,
    growth_interval_text,
    machine_amount,
    machine_percent,
    machine_years,
    rate,
    years,
)
from .common import (
    by_deadline,
    legend,
    pct_cell,
    pct_range_cell,
    point_at,
    sources_footer,
    value_cell,
)

if TYPE_CHECKING:
    from ..analysis import Interval, TargetAssessment
    from ..schema import Target

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
    Field("required_cagr_range_pct", "Needs, within rounding", in_table=False),
    Field("recent_cagr_pct", "Recent pace", numeric=True, short="Pace"),
    Field("recent_cagr_range_pct", "Recent pace, within rounding", in_table=False),
    Field("recent_from", "Pace since", in_table=False),
    Field("projection_rate_pct", "Projected at", in_table=False),
    Field("projected", "Projected", numeric=True, short="Proj."),
    Field("reaches_target_by", "Reached by", in_table=False),
    Field("verdict", "Verdict"),
    Field("verdict_reason", "Why", in_table=False),
    Field("structure", "Structure", in_table=False),
    Field("working", "Working", in_table=False),
]

# With --rate: the verdict at that rate, beside the verdict at the recent pace.
WHAT_IF_FIELDS = [
    Field("what_if_verdict", "What-if verdict"),
    Field("what_if_reason", "What-if why", in_table=False),
]


def _fields(what_if_rate: float | None) -> list[Field]:
    """The verdict columns say what each is judged on when a what-if rate adds one."""
    if what_if_rate is None:
        return TARGET_FIELDS
    at = given_rate(what_if_rate)
    fields = []
    for f in TARGET_FIELDS:
        if f.key == "verdict":
            fields.append(f._replace(header="Verdict at recent pace", short="At pace"))
            fields.append(
                WHAT_IF_FIELDS[0]._replace(header=f"Verdict at {at} a year", short=f"At {at}")
            )
            fields.append(WHAT_IF_FIELDS[1])
        else:
            fields.append(f)
    return fields


VERDICT_STYLE = {
    "met": "bold green",
    "on track": "green",
    "behind": "yellow",
    "missed": "bold red",
    "too close to call": "bold yellow",
    "awaiting data": "cyan",
    "no data": "dim",
    "open": "cyan",
}


def targets(data: Data, ident: str | None, what_if_rate: float | None) -> Report:
    """Every target (or one, with its working); ``what_if_rate`` (a fraction a year)
    projects at that rate instead of the recent pace."""
    chosen = [data.target(ident)] if ident is not None else data.visible_targets()
    rows = [target_row(data, t, what_if_rate) for t in chosen]
    title = "Targets" + (f", judged as of {data.today.isoformat()}" if data.as_of else "")
    if what_if_rate is not None:
        title += f" (projected at {given_rate(what_if_rate)} a year)"
    notes = [
        "Needs: the compound annual rate from the latest actual to the target by the deadline. "
        "Recent pace: CAGR over the last up-to-3 fiscal years the series has.",
        "Verdicts: met / missed (deadline passed, judged on the deadline's actual); on track / behind "
        "(recent pace vs needed); too close to call (on track or behind depending on values within "
        "the rounding of the figures; see `pkit targets ID`); awaiting data (no actual yet); "
        "no data (no series measures it); open (no deadline: progress only).",
    ]
    if what_if_rate is not None:
        notes.append(
            f"Verdict at {given_rate(what_if_rate)} a year: a what-if, the rate given against the "
            "rate needed; the verdict at the recent pace is unchanged."
        )
    notes += legend(r["latest_status"] for r in rows if r["latest_status"])
    notes += sources_footer(data, (r["source"] for r in rows))
    details: list[tuple[str, str]] = []
    if ident:
        details = [("", line) for line in rows[0]["working"]]
    return Report(title, _fields(what_if_rate), rows, notes=notes, details=details)


def assess(data: Data, t: Target, what_if_rate: float | None) -> TargetAssessment:
    """A target's assessment (analysis.assess_target), its verdicts judged within the
    rounding of the figures they rest on: the same intervals `pkit check` uses."""
    from ..analysis import assess_target, within_rounding
    from .audit import figure_model

    deadline = None if t.deadline is None else periods.parse_canonical(t.deadline)
    points = data.series(t.indicator) if t.indicator else []
    a = assess_target(
        t.value,
        deadline,
        t.set_on,
        [(p.period, p.value) for p in points],
        data.today,
        has_series=t.indicator is not None,
        rate=what_if_rate,
    )
    latest = point_at(points, a.latest_period)
    if latest is None or a.judged_on is not None:
        return a
    start = point_at(points, a.pace_from)
    leaves, value_at = figure_model(data, [latest] + ([start] if start else []))
    return within_rounding(a, t.value, leaves, value_at[0], value_at[1] if start else None)


def target_row(data: Data, t: Target, what_if_rate: float | None) -> dict[str, Any]:
    deadline = None if t.deadline is None else periods.parse_canonical(t.deadline)
    points = data.series(t.indicator) if t.indicator else []
    a = assess(data, t, what_if_rate)
    unit = t.unit
    latest = point_at(points, a.latest_period)
    pace_text = pct_cell(a.pace) if a.pace else None
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
        else Cell(machine_percent(a.progress), rate(a.progress)),
        "years_left": machine_years(a.years_left),
        "years_from_latest": machine_years(a.years_from_latest),
        "required_cagr_pct": pct_cell(a.required) if a.required else None,
        "required_cagr_range_pct": pct_range_cell(a.required_range),
        "recent_cagr_pct": pace_text,
        "recent_cagr_range_pct": pct_range_cell(a.pace_range),
        "recent_from": a.pace_from.label if a.pace_from else None,
        "projection_rate_pct": None
        if a.projection_rate is None
        else Cell(machine_percent(a.projection_rate), rate(a.projection_rate)),
        "projected": _projected_cell(a, unit),
        "reaches_target_by": reached_by(a),
        "verdict": Cell(a.verdict, a.verdict, VERDICT_STYLE[a.verdict]),
        "verdict_reason": a.reason,
        "what_if_verdict": None
        if a.what_if_verdict is None
        else Cell(a.what_if_verdict, a.what_if_verdict, VERDICT_STYLE[a.what_if_verdict]),
        "what_if_reason": a.what_if_reason,
        "structure": [
            {"label": part.label, "value": part.value, "target": part.target}
            for part in t.structure
        ],
        "working": target_working(data, t, a, latest),
    }
    return row


def _projected_cell(a: TargetAssessment, unit: str) -> Cell | None:
    if a.projected is None or a.projected.value is None:
        return None
    return Cell(machine_amount(a.projected.value, unit), figure(a.projected.value, unit))


def reached_by(a: TargetAssessment) -> str | None:

    if a.reach_years is None or a.reach_years.value is None or a.latest_period is None:
        return None
    if a.latest_period.kind != "fiscal_year":
        return None
    years = math.ceil(a.reach_years.value - 1e-9)
    try:
        return periods.fiscal_year(a.latest_period.fiscal_start_year + years).label
    except periods.PeriodError:
        return None


def target_working(data: Data, t: Target, a: TargetAssessment, latest: Point | None) -> list[str]:
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
    assert a.latest_period is not None  # ``latest`` is the point at it
    lv, tv = figure(a.latest_value, unit, latest.precision, latest.qualifier), figure(t.value, unit)
    label = "Actual at the deadline" if a.judged_on else "Latest actual"
    lines.append(f"{label}: {lv} ({a.latest_period.label}, {latest.status}, {latest.source}).")
    lines.append(f"Progress: {lv} / {tv} = {rate(a.progress)}.")
    if a.required is not None:
        n = years(a.years_from_latest)
        req = (
            rate(a.required.value)
            if a.required.value is not None
            else f"none ({a.required.reason})"
        )
        lines.append(f"Years from {a.latest_period.label} to {t.deadline}: {n}.")
        lines.append(
            f"Required CAGR: ({tv} / {lv})^(1/{n}) − 1 = {req}{_within(a.required_range)}."
        )
    if a.pace is not None and a.pace_from is not None:
        start = point_at(data.series(t.indicator), a.pace_from)
        sv = figure(start.value, unit, start.precision) if start else "?"
        span = years(a.latest_period.fiscal_start_year - a.pace_from.fiscal_start_year)
        marker = (
            f" ({a.pace_from.label} is {start.status})"
            if start and start.status != "reported"
            else ""
        )
        lines.append(
            f"Recent pace: ({lv} / {sv})^(1/{span}) − 1 = {rate(a.pace.value)} a year "
            f"({a.pace_from.label} → {a.latest_period.label}){marker}{_within(a.pace_range)}."
        )
    if a.projected is not None and a.projected.value is not None:
        lines.append(
            f"Projection at {rate(a.projection_rate)} a year: {lv} × (1 + {rate(a.projection_rate)})"
            f"^{years(a.years_from_latest)} = {figure(a.projected.value, unit)} {by_deadline(t)}."
        )
        reached = reached_by(a)
        if reached:
            lines.append(f"At that rate the target is reached in {reached}.")
    lines.append(f"Verdict: {a.verdict}: {a.reason}.")
    if a.what_if_verdict is not None and a.what_if_rate is not None:  # set together
        lines.append(
            f"Verdict at {given_rate(a.what_if_rate)} a year (what-if): "
            f"{a.what_if_verdict}: {a.what_if_reason}."
        )
    return lines


def _within(iv: Interval | None) -> str:
    """'; 26.39 to 26.95 % within the rounding of its inputs' for a range that is one."""
    if iv is None or iv[0] == iv[1]:
        return ""
    return (
        f"; {growth_interval_text((iv[0] * 100, iv[1] * 100))} within the rounding of its figures"
    )
