"""`pkit targets`: each target, its progress, the rate it needs and a verdict."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from .. import periods
from ..dataset import Data, Point
from ..report import Cell, Field, Report
from ..text import (
    PERCENT_DECIMALS,
    figure,
    given_rate,
    growth_interval_text,
    interval_text,
    machine_amount,
    machine_percent,
    machine_years,
    rate,
    years,
)
from .common import (
    ID,
    INDICATOR,
    LATEST,
    NAME,
    SOURCE,
    UNIT,
    VALUE,
    by_deadline,
    legend,
    pct_cell,
    pct_range_cell,
    point_at,
    sources_footer,
    value_cell,
)

if TYPE_CHECKING:
    from ..analysis import Interval, RunRate, TargetAssessment
    from ..schema import Target

# The target as stated, and its verdict: in the list of targets and in their history.
TARGET_NAME = NAME.labelled("Target")
DEADLINE = Field("deadline", "By")
SET_BY = SOURCE.labelled("Set by").hidden()
SET_ON = Field("set_on", "Set on")
SERIES = INDICATOR.labelled("Series").hidden()
VERDICT = Field("verdict", "Verdict")
CONFLICTS_WITH = Field("conflicts_with", "Conflicts with", in_table=False)

TARGET_FIELDS = [
    ID,
    TARGET_NAME,
    VALUE,
    UNIT.hidden(),
    DEADLINE,
    SET_BY,
    SET_ON.hidden(),
    SERIES,
    Field("reason", "Why this series", in_table=False),
    LATEST,
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
    Field("projected_progress_pct", "Projected, share of target", in_table=False),
    Field("reaches_target_by", "Reached by", in_table=False),
    VERDICT,
    Field("verdict_reason", "Why", in_table=False),
    CONFLICTS_WITH,
    Field("run_rate", "Run-rate", in_table=False),
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
    "on track (projected)": "green",
    "behind (projected)": "yellow",
    "too close to call (projected)": "bold yellow",
    "out of reach": "bold red",
}


def targets(data: Data, ident: str | None, what_if_rate: float | None) -> Report:
    """Every target (or one, with its working); ``what_if_rate`` (a fraction a year)
    projects at that rate instead of the recent pace."""
    chosen = [data.target(ident)] if ident is not None else data.visible_targets()
    conflicts = conflicts_of(data)
    rows = [target_row(data, t, what_if_rate, conflicts) for t in chosen]
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
    if any(r["_run_rate"] for r in rows):
        notes.append(run_rate_legend())
    notes += [run_rate_note(data, r["id"], r["_run_rate"]) for r in rows if r["_run_rate"]]
    notes += conflict_notes(data, chosen, conflicts)
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
    if latest is not None and a.judged_on is None:
        start = point_at(points, a.pace_from)
        leaves, value_at = figure_model(data, [latest] + ([start] if start else []))
        a = within_rounding(a, t.value, leaves, value_at[0], value_at[1] if start else None)
    rr = year_under_way(data, t, deadline, points)
    if rr is None:
        return a
    from ..analysis import with_run_rate

    return with_run_rate(a, rr, t.value, what_if_rate)


def year_under_way(
    data: Data, t: Target, deadline: periods.Period | None, points: list[Point]
) -> RunRate | None:
    """The run-rate of a target whose deadline year has months in the data and no
    full-year figure yet (analysis.run_rate), or None."""
    from ..analysis import MonthFigure, run_rate
    from .audit import point_interval

    if deadline is None or t.indicator is None or deadline.kind != "fiscal_year":
        return None
    if any(p.period == deadline for p in points):
        return None  # the full-year figure is in: judged on it
    months = data.months(t.indicator)
    if not any(periods.containing_fiscal_year(p.period) == deadline for p in months):
        return None
    figures = [MonthFigure(p.period, p.value, point_interval(data, p)) for p in months]
    return run_rate(t.value, deadline, figures)


def conflicts_of(data: Data) -> dict[str, list[str]]:
    """Each target → the targets for the same series and deadline with another value."""
    from ..analysis import conflicting_targets

    return conflicting_targets(
        [(t.id, t.indicator, t.deadline, t.value) for t in data.visible_targets()]
    )


def target_row(
    data: Data,
    t: Target,
    what_if_rate: float | None,
    conflicts: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    deadline = None if t.deadline is None else periods.parse_canonical(t.deadline)
    conflicts = conflicts_of(data) if conflicts is None else conflicts
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
        "projected_progress_pct": None
        if a.projected is None or a.projected.value is None
        else machine_percent(a.projected.value / t.value),
        "reaches_target_by": reached_by(a),
        "verdict": Cell(a.verdict, a.verdict, VERDICT_STYLE[a.verdict]),
        "verdict_reason": a.reason,
        "what_if_verdict": None
        if a.what_if_verdict is None
        else Cell(a.what_if_verdict, a.what_if_verdict, VERDICT_STYLE[a.what_if_verdict]),
        "what_if_reason": a.what_if_reason,
        "conflicts_with": conflicts.get(t.id, []),
        "run_rate": None if a.run_rate is None else run_rate_record(a.run_rate, t.value, unit),
        "_run_rate": a.run_rate,  # for the table's notes; no field shows it
        "structure": [
            {"label": part.label, "value": part.value, "target": part.target}
            for part in t.structure
        ],
        "working": target_working(data, t, a, latest, conflicts.get(t.id, [])),
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


def target_working(
    data: Data,
    t: Target,
    a: TargetAssessment,
    latest: Point | None,
    conflicts: list[str] | None = None,
) -> list[str]:
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
    if a.run_rate is not None:
        lines += run_rate_working(a.run_rate, t.value, unit, month_step(data, t.indicator))
    if a.run_rate is None and a.projected is not None and a.projected.value is not None:
        lines.append(
            f"Projection at {rate(a.projection_rate)} a year: {lv} × (1 + {rate(a.projection_rate)})"
            f"^{years(a.years_from_latest)} = {figure(a.projected.value, unit)} {by_deadline(t)}."
        )
        reached = reached_by(a)
        if reached:
            lines.append(f"At that rate the target is reached in {reached}.")
    step = month_step(data, t.indicator)
    projected = a.projected.value if a.projected is not None else None
    if a.run_rate is not None and a.what_if_rate is not None and projected is not None:
        lines.append(
            f"What-if projection: the rest of the year at {given_rate(a.what_if_rate)} on the "
            f"same months a year earlier: {figure(a.run_rate.ytd, unit, step)} + "
            f"{figure(a.run_rate.base_rest, unit, step)} × (1 + {given_rate(a.what_if_rate)}) = "
            f"{figure(projected, unit)} (projected)."
        )
    lines += [conflict_line(data, t, other) for other in conflicts or []]
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


# A deadline year under way: the run-rate -------------------------------------------------------


def run_rate_legend() -> str:
    from ..analysis import OUT_OF_REACH_FACTOR

    return (
        "A deadline year under way (months in the data, no full-year figure yet) is judged by its "
        "run-rate: on track / behind / too close to call (projected), by a projection: the months "
        "still to come as they were a year earlier, grown by the year to date's growth on the same "
        "months (never met or missed before the full-year figure); out of reach: every month left "
        f"would need more than {OUT_OF_REACH_FACTOR:g} times the record month, whatever the "
        "rounding; met: the year to date already reaches the target."
    )


def month_step(data: Data, indicator: str | None) -> float | None:
    """The rounding step of a series' months (the coarsest), to show sums of them with."""
    if indicator is None:
        return None
    steps = [p.precision for p in data.months(indicator)]
    return None if not steps or None in steps else max(s for s in steps if s is not None)


def run_rate_record(rr: RunRate, target: float, unit: str) -> dict[str, Any]:
    """The run-rate for machines: amounts in base units (computed: whole units)."""

    def amount(v: float | None) -> float | None:
        return machine_amount(v, unit)

    projected = rr.projected.value
    return {
        "through": rr.through.label,
        "year_to_date_period": rr.year_to_date.label,
        "year_to_date": amount(rr.ytd),
        "months_left": len(rr.months_left),
        "still_needed": amount(rr.still_needed),
        "needed_per_month": amount(rr.needed_per_month),
        "recent_months": [p.label for p in rr.recent],
        "recent_average": amount(rr.recent_average),
        "record_month": rr.record_month.label,
        "record": rr.record,
        "needed_vs_record": None
        if rr.needed_vs_record is None
        else round(rr.needed_vs_record, PERCENT_DECIMALS),
        "base_period": rr.base_period.label if rr.base_period else None,
        "base": amount(rr.base),
        "year_to_date_growth_pct": machine_percent(rr.ytd_growth.value),
        "base_rest_period": rr.rest_period.label if rr.rest_period else None,
        "base_rest": amount(rr.base_rest),
        "projected_rest": amount(rr.projected_rest.value),
        "projected": amount(projected),
        "projected_range": None
        if rr.projected_range is None
        else [amount(x) for x in rr.projected_range],
        "projected_progress_pct": None
        if projected is None
        else machine_percent(projected / target),
    }


def run_rate_working(rr: RunRate, target: float, unit: str, step: float | None) -> list[str]:
    """The run-rate's arithmetic, line by line; every projection says it is one."""

    def f(v: float | None) -> str:
        return figure(v, unit, step)  # None (unknown) shows as a dash

    n_done = len(periods.months_of(rr.year_to_date))
    lines = [
        f"Run-rate: {rr.deadline.label} is under way in the data ({n_done} of 12 months, "
        f"through {rr.through.label}) and has no full-year figure yet.",
        f"Year to date: {rr.year_to_date.label} = {f(rr.ytd)} "
        f"(the sum of {n_done} month{'s' if n_done != 1 else ''}).",
    ]
    if rr.months_left:
        n = len(rr.months_left)
        span = _span(rr.months_left)
        lines.append(
            f"Still needed: {figure(target, unit)} − {f(rr.ytd)} = {f(rr.still_needed)} in "
            f"{n} month{'s' if n != 1 else ''} ({span}): {f(rr.still_needed)} / {n} = "
            f"{f(rr.needed_per_month)} a month."
        )
    recent = " + ".join(f(v) for v in rr.recent_values)
    lines.append(
        f"Against: {_recent_words(rr)} ({', '.join(p.label for p in rr.recent)}), ({recent}) / "
        f"{len(rr.recent)} = {f(rr.recent_average)} a month; the record month "
        f"{f(rr.record)} ({rr.record_month.label})"
        + (
            f"; needed a month = {rr.needed_vs_record:.2f} × the record."
            if rr.needed_vs_record is not None
            else "."
        )
    )
    if rr.base_period is not None and rr.base is not None and rr.ytd_growth.value is not None:
        lines.append(
            f"Same months a year earlier: {rr.base_period.label} = {f(rr.base)}; year-to-date "
            f"growth {f(rr.ytd)} / {f(rr.base)} − 1 = {rate(rr.ytd_growth.value, signed=True)}."
        )
    if rr.months_left and rr.projected.value is not None and rr.rest_period is not None:
        lines.append(
            f"Projection (same-months growth): the rest of the year as in {rr.rest_period.label}, "
            f"{f(rr.base_rest)}, grown by the year-to-date growth: {f(rr.base_rest)} × "
            f"{f(rr.ytd)} / {f(rr.base)} = {figure(rr.projected_rest.value, unit)}; "
            f"{rr.deadline.label} ≈ {f(rr.ytd)} + {figure(rr.projected_rest.value, unit)} = "
            f"{figure(rr.projected.value, unit)} (projected), "
            f"{rate(rr.projected.value / target)} of the target"
            + (
                f"; {interval_text(rr.projected_range, unit)} within the rounding of the months."
                if rr.projected_range is not None
                else "."
            )
        )
    elif rr.months_left:
        lines.append(f"Projection: none ({rr.projected.reason}).")
    return lines


def _recent_words(rr: RunRate) -> str:
    """'the last 3 months', or '2 of the last 3 months in the data' when it lacks one."""
    from ..analysis import RECENT_MONTHS

    if len(rr.recent) == RECENT_MONTHS:
        return f"the last {RECENT_MONTHS} months"
    return f"{len(rr.recent)} of the last {RECENT_MONTHS} months in the data"


def _span(months: Iterable[periods.Period]) -> str:
    """'2026-03 … 2026-06', or one month's label."""
    months = list(months)
    if len(months) == 1:
        return months[0].label
    return f"{months[0].label} … {months[-1].label}"


def run_rate_note(data: Data, ident: str, rr: RunRate) -> str:
    """One line under the table: a year under way, at a glance."""
    t = data.target(ident)
    unit = t.unit
    step = month_step(data, t.indicator)

    def f(v: float | None) -> str:
        return figure(v, unit, step)

    text = f"{ident}: {rr.year_to_date.label} {f(rr.ytd)}"
    if rr.months_left:
        n = len(rr.months_left)
        text += (
            f"; needs {f(rr.still_needed)} in {n} month{'s' if n != 1 else ''}, "
            f"{f(rr.needed_per_month)} a month ({_recent_words(rr)} "
            f"{f(rr.recent_average)} a month, record {f(rr.record)})"
        )
    if rr.months_left and rr.projected.value is not None:
        text += (
            f"; projected {figure(rr.projected.value, unit)} by same-months growth "
            f"({rate(rr.projected.value / t.value)} of the target)"
        )
    return text + f": {rr.verdict}."


def conflict_line(data: Data, t: Target, other_id: str) -> str:
    other = data.targets[other_id]
    return (
        f"Conflicts with {other.id}: {figure(other.value, other.unit)} {by_deadline(other)} "
        f"for the same series (set {other.set_on}); both are shown."
    )


def conflict_notes(data: Data, chosen: list[Target], conflicts: dict[str, list[str]]) -> list[str]:
    """One line per group of targets for the same series and deadline that disagree."""
    groups: dict[tuple[str | None, str | None], list[Target]] = {}
    shown = {t.id for t in chosen}
    for t in data.visible_targets():
        if t.id in conflicts:
            groups.setdefault((t.indicator, t.deadline), []).append(t)
    lines = []
    for (indicator, deadline), group in groups.items():
        if not shown & {t.id for t in group}:
            continue
        values = ", ".join(f"{t.id} {figure(t.value, t.unit)} (set {t.set_on})" for t in group)
        lines.append(
            f"Conflicting targets for {indicator} by {deadline}: {values}: "
            "official targets for the same series and year that disagree; each is judged."
        )
    return lines


# The moving goalposts: every target in the order it was set ---------------------------------

HISTORY_FIELDS = [
    SET_ON,
    ID,
    TARGET_NAME,
    VALUE,
    DEADLINE,
    SERIES,
    SET_BY,
    Field("outcome", "Actual or projection", numeric=True, short="Outcome"),
    Field("outcome_kind", "Which", short="Which"),
    Field("outcome_period", "For"),
    Field("outcome_pct", "Of target", numeric=True, short="Of tgt"),
    VERDICT,
    CONFLICTS_WITH,
]


def history_order(t: Target) -> tuple[date, int, str]:
    """When a target was set, then its id in number order (T8 before T10)."""
    digits = "".join(ch for ch in t.id if ch.isdigit())
    return (t.set_on, int(digits) if digits else 0, t.id)


def history(data: Data) -> Report:
    """Every target in the order it was set, with the actual at its deadline, or where the
    deadline is still to be judged, today's projection: the moving goalposts in one table."""
    conflicts = conflicts_of(data)
    chosen = sorted(data.visible_targets(), key=history_order)
    rows = [history_row(data, t, conflicts) for t in chosen]
    title = "Targets in the order they were set" + (
        f", judged as of {data.today.isoformat()}" if data.as_of else ""
    )
    notes = [
        "Set on: the date a target was first stated on a cited page. Actual or projection: the "
        "actual for the deadline year where the data has it (actual); for a deadline year under "
        "way, the projection by same-months growth; for a deadline still ahead, the projection "
        "at the recent pace (projection); with no deadline or no figure for it yet, the latest "
        "figure (latest). Projections are not actuals; see `pkit targets ID` for the working.",
        *conflict_notes(data, chosen, conflicts),
    ]
    notes += legend(r["_status"] for r in rows if r["_status"])
    notes += sources_footer(data, (r["source"] for r in rows))
    return Report(title, HISTORY_FIELDS, rows, notes=notes)


def history_row(data: Data, t: Any, conflicts: dict[str, list[str]]) -> dict[str, Any]:
    a = assess(data, t, None)
    unit = t.unit
    points = data.series(t.indicator) if t.indicator else []
    kind, period, value, cell = None, None, None, Cell(None, "—")
    status = None
    projected = a.projected.value if a.projected is not None else None
    if a.judged_on is not None and a.latest_value is not None:
        kind, period, value = "actual", a.judged_on.label, a.latest_value
        p = point_at(points, a.judged_on)
        cell = value_cell(p, unit) if p else Cell(value, figure(value, unit))
        status = p.status if p else None
    elif a.run_rate is not None and (
        not a.run_rate.months_left or projected is None or a.verdict == "met"
    ):
        # every month in (the year is their sum), reached already, or no projection: the
        # year to date as it stands
        rr = a.run_rate
        kind = "actual" if not rr.months_left else "year to date"
        period, value = rr.year_to_date.label, rr.ytd
        cell = Cell(machine_amount(value, unit), figure(value, unit, month_step(data, t.indicator)))
    elif projected is not None and a.verdict not in ("met", "open", "awaiting data"):
        kind, period, value = "projection", t.deadline, projected
        cell = Cell(machine_amount(value, unit), figure(value, unit) + " (projected)")
    elif a.latest_value is not None and a.latest_period is not None:
        kind, period, value = "latest", a.latest_period.label, a.latest_value
        p = point_at(points, a.latest_period)
        cell = value_cell(p, unit) if p else Cell(value, figure(value, unit))
        status = p.status if p else None
    return {
        "set_on": t.set_on,
        "id": t.id,
        "name": t.name,
        "value": Cell(t.value, figure(t.value, unit)),
        "deadline": t.deadline,
        "indicator": t.indicator,
        "source": t.source,
        "outcome": cell,
        "outcome_kind": kind,
        "outcome_period": period,
        "outcome_pct": None
        if value is None
        else Cell(machine_percent(value / t.value), rate(value / t.value)),
        "verdict": Cell(a.verdict, a.verdict, VERDICT_STYLE[a.verdict]),
        "conflicts_with": conflicts.get(t.id, []),
        "_status": status,
    }
