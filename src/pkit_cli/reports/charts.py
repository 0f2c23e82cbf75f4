"""Reports that draw: `pkit chart` and the path to one target (the rows each plots;
terminal.py draws them)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from .. import periods
from ..dataset import Data, Point
from ..errors import LookupProblem
from ..report import Bar, BarChart, Cell, ChartMarker, Field, Report
from ..text import (
    FREQUENCY_WORDS,
    UNIT_WORDS,
    bar_text,
    figure,
    given_rate,
    machine_amount,
    machine_percent,
    rate,
)
from .common import (
    PERIOD,
    PROVENANCE_FIELDS,
    STATUS_STYLE,
    VALUE,
    by_deadline,
    legend,
    provenance,
    sources_footer,
    value_cell,
)

if TYPE_CHECKING:
    from ..analysis import Result, TargetAssessment
    from ..schema import Target

CHART_BAR_CELLS = 40  # the bar drawn in the table a pipe gets (a terminal draws the chart)


CHART_FIELDS = [
    PERIOD,
    VALUE,
    *PROVENANCE_FIELDS,
    Field("fraction", "Bar (share of the full width)", short="Bar"),
]


def chart(
    data: Data,
    ident: str,
    first: periods.Period | None,
    last: periods.Period | None,
    monthly: bool = False,
) -> Report:
    """One bar per period (latest vintage): full fiscal years if the series has any, else
    its points in time; partial years are left out rather than set beside full ones.
    ``monthly``, or a flow series that has months and nothing else: its months instead."""
    ind = data.indicator(ident)
    if monthly or (not data.comparable_series(ident) and data.months(ident)):
        return monthly_chart(data, ident, first, last)
    points = [p for p in data.comparable_series(ident) if p.period.within(first, last)]
    plotted = {p.period.label for p in points}
    skipped = [
        label
        for label, vs in data.vintages(ident).items()
        if label not in plotted and vs[-1].period.within(first, last)
    ]
    # Targets with a deadline, marked across the bars (one with none is not on a timeline).
    tracked = [
        t
        for t in data.visible_targets()
        if t.indicator == ident and t.unit == ind.unit and t.deadline is not None
    ]
    markers = [
        ChartMarker(t.id, t.value, f"{t.id}: {figure(t.value, t.unit)} {by_deadline(t)} ({t.name})")
        for t in tracked
    ]
    bars = [_bar(p, ind.unit, p.status) for p in points]
    title = f"{ind.name}, latest vintage of each period" + (
        f", as known on {data.as_of.isoformat()}" if data.as_of else ""
    )
    subtitle, footer = print_frame(data, ind.unit, points, "the latest release of each figure")
    drawing = BarChart(title, ind.unit, bars, markers, subtitle=subtitle, footer=footer)
    scale = drawing.scale
    rows = [_chart_row(p, ind.unit, scale) for p in points]
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
        f"Target {t.id}: {figure(t.value, t.unit)} {by_deadline(t)}: {t.name}." for t in tracked
    ]
    notes += shared
    meta = {
        "indicator": ind.id,
        "name": ind.name,
        "unit": ind.unit,
        "as_of": data.as_of,
        "full_width_value": machine_amount(scale, ind.unit),
        "targets": [_marked_target(t, scale) for t in tracked],
    }
    return Report(title, CHART_FIELDS, rows, notes=notes, meta=meta, chart=drawing)


def monthly_chart(
    data: Data, ident: str, first: periods.Period | None, last: periods.Period | None
) -> Report:
    """One bar per month of a flow series (latest vintage), in order, grouped by fiscal
    year; for print, a line with hollow markers for derived months. Targets are for fiscal
    years, so none is marked against a month."""
    from .monthly import months

    ind = data.indicator(ident)
    points = [p for p in months(data, ident) if p.period.within(first, last)]
    if not points:
        raise LookupProblem(f"{ident} has no months in that span (see `pkit monthly {ident}`)")
    bars = [
        _bar(p, ind.unit, p.status)._replace(section=periods.containing_fiscal_year(p.period).label)
        for p in points
    ]
    title = f"{ind.name}, month by month" + (
        f", as known on {data.as_of.isoformat()}" if data.as_of else ""
    )
    subtitle, footer = print_frame(data, ind.unit, points, "the latest release of each month")
    # A page a month: the publishers fit under a printed chart, the pages do not.
    pages = list(dict.fromkeys(p.source for p in points))
    publishers = dict.fromkeys(
        data.sources[i].publisher.split(" (", 1)[0] if i in data.sources else i for i in pages
    )
    cited = f"Sources: {len(pages)} cited pages, from {', '.join(publishers)}; each month's page: "
    footer = [*textwrap.wrap(cited + f"pkit monthly {ident}.", 150), footer[-1]]
    drawing = BarChart(title, ind.unit, bars, subtitle=subtitle, footer=footer, line=True)
    scale = drawing.scale
    rows = [_chart_row(p, ind.unit, scale) for p in points]
    shared = legend(p.status for p in points)
    shared.append(
        "Months in order; a rule marks where each fiscal year (July–June) begins. Targets "
        f"are for fiscal years: see `pkit targets` and `pkit ytd {ident}`."
    )
    shared += sources_footer(data, (p.source for p in points))
    drawing.notes = shared
    notes = [f"Bar: the value as a share of {figure(scale, ind.unit)} (the full width).", *shared]
    meta: dict[str, Any] = {
        "indicator": ind.id,
        "name": ind.name,
        "unit": ind.unit,
        "as_of": data.as_of,
        "full_width_value": machine_amount(scale, ind.unit),
        "targets": [],
    }
    return Report(title, CHART_FIELDS, rows, notes=notes, meta=meta, chart=drawing)


def _chart_row(p: Point, unit: str, scale: float) -> dict[str, Any]:
    """A plotted period; its bar as the share of the full width, for a pipe's table."""
    fraction = round(p.value / scale, 4) if p.value > 0 else 0.0
    return {
        "period": p.period.label,
        "value": value_cell(p, unit),
        **provenance(p),
        "fraction": Cell(fraction, bar_text(fraction, CHART_BAR_CELLS), STATUS_STYLE.get(p.status)),
    }


def _marked_target(t: Target, scale: float) -> dict[str, Any]:
    return {
        "id": t.id,
        "value": t.value,
        "deadline": t.deadline,
        "fraction": round(t.value / scale, 4),
    }


def _bar(p: Point, unit: str, kind: str) -> Bar:
    cell = value_cell(p, unit)
    return Bar(p.period.label, p.value, cell.text, kind, STATUS_STYLE.get(p.status))


PATH_FIELDS = [
    PERIOD,
    Field("actual", "Actual", numeric=True),
    Field("actual_status", "Status", in_table=False),
    Field("required_path", "Required path", numeric=True, short="Needed"),
    Field("pace_path", "At recent pace", numeric=True, short="At pace"),
]


def target_path(data: Data, ident: str, what_if_rate: float | None) -> Report:
    """A target's series against the path the required compound rate would take from the
    latest actual to the deadline, and the path the recent pace (or a what-if rate) takes."""
    from .targets import assess

    t = data.target(ident)
    if t.indicator is None:
        raise LookupProblem(f"{t.id} has no series in the data to chart ({t.reason})")
    if t.deadline is None:
        raise LookupProblem(f"{t.id} has no deadline: no path to chart (see `pkit targets {t.id}`)")
    unit = t.unit
    deadline = periods.parse_canonical(t.deadline)
    points = data.comparable_series(t.indicator)
    a = assess(data, t, what_if_rate)
    rows = [_actual_row(p, unit) for p in points]
    bars = [_bar(p, unit, p.status) for p in points]
    pace_name = "recent pace" if what_if_rate is None else f"{given_rate(what_if_rate)} a year"
    notes = legend(p.status for p in points)
    if a.latest_period is None or a.latest_value is None:
        notes.append(f"No path: {a.reason}.")
    elif a.required is None or a.required.value is None or not a.years_from_latest:
        notes.append(f"No path to draw: {a.verdict}: {a.reason}.")
    else:
        path_rows, path_bars = _path_to(a, deadline, unit)
        rows += path_rows
        bars += path_bars
        notes += _path_working(t, a, pace_name)
    notes += sources_footer(data, [t.source, *(p.source for p in points)])
    title = f"{t.id}: {t.name}, {figure(t.value, unit)} {by_deadline(t)}: actual and the path to it"
    marker = ChartMarker(t.id, t.value, f"{t.id}: {figure(t.value, unit)} {by_deadline(t)}")
    subtitle, footer = print_frame(
        data, unit, points, f"actual to {a.latest_period or 'date'}, then paths to {t.deadline}"
    )
    footer[0:0] = [f"Target: {t.name}, set {t.set_on.isoformat()} ({source_name(data, t.source)})."]
    drawing = BarChart(title, unit, bars, [marker], subtitle=subtitle, footer=footer)
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
        **({} if what_if_rate is None else {"what_if_verdict": a.what_if_verdict}),
        "required_cagr_pct": None if a.required is None else machine_percent(a.required.value),
        "pace_cagr_pct": machine_percent(a.projection_rate),
    }
    return Report(title, fields, rows, notes=notes, meta=meta, chart=drawing)


def _actual_row(p: Point, unit: str) -> dict[str, Any]:
    return {
        "period": p.period.label,
        "actual": value_cell(p, unit),
        "actual_status": p.status,
        "required_path": None,
        "pace_path": None,
    }


def _path_to(
    a: TargetAssessment, deadline: periods.Period, unit: str
) -> tuple[list[dict[str, Any]], list[Bar]]:
    """The years from the latest actual to the deadline: the value each needs at the
    required rate, and the value the projection reaches (rows, and their bars)."""
    from ..analysis import compound_path

    latest, value = a.latest_period, a.latest_value
    needs = a.required.value if a.required else None
    assert latest is not None and value is not None and needs is not None  # the caller checked
    required = compound_path(latest, value, needs, deadline)
    pace = (
        dict(compound_path(latest, value, a.projection_rate, deadline))
        if a.projection_rate is not None
        else {}
    )
    rows: list[dict[str, Any]] = []
    bars: list[Bar] = []
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
            bars.append(Bar(year.label, pace_cell.value, pace_cell.text + " at pace", "projected"))
    return rows, bars


def _path_working(t: Target, a: TargetAssessment, pace_name: str) -> list[str]:
    """How the paths are computed, and the verdict."""
    assert a.latest_period is not None and a.required is not None  # as for _path_to
    lines = [
        f"Required path: {figure(a.latest_value, t.unit)} ({a.latest_period.label}) × "
        f"(1 + {rate(a.required.value)})^years, reaching {figure(t.value, t.unit)} "
        f"in {t.deadline}."
    ]
    if a.projection_rate is not None:
        lines.append(f"At {pace_name}: the same start × (1 + {rate(a.projection_rate)})^years.")
    lines.append(f"Verdict: {a.verdict}: {a.reason}.")
    if a.what_if_verdict is not None:
        lines.append(f"Verdict at {pace_name} (what-if): {a.what_if_verdict}: {a.what_if_reason}.")
    return lines


def _path_cell(r: Result, unit: str) -> Cell:
    if r.value is None:
        return Cell(None, "—")
    return Cell(machine_amount(r.value, unit), figure(r.value, unit))


def source_name(data: Data, ident: str) -> str:
    s = data.sources.get(ident)
    if s is None:
        return ident
    return f"{s.publisher}, {s.published.isoformat() if s.published else 'undated'}"


def print_frame(data: Data, unit: str, points: list[Point], what: str) -> tuple[str, list[str]]:
    """A printed chart's subtitle (unit, frequency, what is plotted) and footer (sources,
    and the date of the newest figure plotted), so the image stands on its own."""
    kinds = list(dict.fromkeys(FREQUENCY_WORDS[p.period.kind] for p in points))
    subtitle = " · ".join([UNIT_WORDS[unit], ", ".join(kinds) or "no figures", what])
    if data.as_of is not None:
        subtitle += f" · as known on {data.as_of.isoformat()}"
    names = list(dict.fromkeys(source_name(data, p.source) for p in points))
    footer = textwrap.wrap("Sources: " + "; ".join(names) + ".", 150) if names else []
    if points:
        newest = max(p.as_of for p in points).isoformat()
        footer.append(f"Data as of {newest} (newest figure plotted). Chart: pkit.")
    return subtitle, footer
