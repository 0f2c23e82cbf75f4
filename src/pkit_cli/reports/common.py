"""Shared pieces of every report: the fields several show, a figure as a cell, the status
legend, the sources footer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .. import periods
from ..dataset import Data, Point
from ..report import Cell, Field
from ..text import Citation, figure, machine_amount, machine_percent, rate

if TYPE_CHECKING:
    from ..analysis import Result
    from ..schema import Statement, Target

# Observation status → (marker, legend text). Plainly reported figures carry no marker.
MARKERS = {
    "derived": ("†", "derived: computed from other figures (see `pkit show ID`)"),
    "revised": ("ʳ", "revised: a later release replaced the first"),
    "provisional": ("ᵖ", "provisional"),
    "estimated": ("ᵉ", "estimated"),
}


# The fields several reports show, declared once so that a key has the same header and
# kind everywhere; a report narrows one with .hidden() or .labelled(), and declares the
# fields only it has beside the code that fills them.
ID = Field("id", "Id")
NAME = Field("name", "Name")
INDICATOR = Field("indicator", "Indicator")
UNIT = Field("unit", "Unit")
PERIOD = Field("period", "Period")
VALUE = Field("value", "Value", numeric=True)
QUALIFIER = Field("qualifier", "Qualifier", in_table=False)
LATEST = Field("latest", "Latest", numeric=True)
STATUS = Field("status", "Status")
AS_OF = Field("as_of", "As of")
SOURCE = Field("source", "Source")
PUBLISHED = Field("published", "Published")
NOTE = Field("note", "Note")

# Where a figure came from: fields of every row that shows one figure, for machines and
# --fields (a table marks the status and lists the sources under it instead).
PROVENANCE_FIELDS = [STATUS.hidden(), AS_OF.hidden(), SOURCE.hidden()]


def provenance(p: Point | None) -> dict[str, Any]:
    """A row's PROVENANCE_FIELDS for the figure ``p`` it shows (None when there is none)."""
    if p is None:
        return {"status": None, "as_of": None, "source": None}
    return {"status": p.status, "as_of": p.as_of, "source": p.source}


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
        machine_value(p, unit),
        figure(p.value, unit, p.precision, p.qualifier) + marker,
        STATUS_STYLE.get(p.status),
    )


def machine_value(p: Point, unit: str) -> float | None:
    """A figure for machines: as published, or if derived (computed), rounded like any
    computed figure: the file may hold 4.6 bn / 1.264 to the last float digit."""
    return machine_amount(p.value, unit) if p.status == "derived" else p.value


def legend(statuses: Iterable[str]) -> list[str]:
    """One line per marker present. ``statuses`` may be a generator: read it once."""
    present = set(statuses)
    used = [s for s in MARKERS if s in present]
    return [f"{MARKERS[s][0]} {MARKERS[s][1]}" for s in used]


def source_line(data: Data, ident: str) -> str:
    s = data.sources.get(ident)
    if s is None:
        return ident
    date = s.published.isoformat() if s.published else "undated"
    url = f" {s.url}" if s.url else ""
    title = f"“{s.title}”" if s.title else "headline not shown"
    return f"[{s.id}] {s.publisher}, {title}, {date}.{url}"


def short_citation(data: Data, ident: str) -> str:
    """'Daily Times, 2025-07-19': the publisher without its parenthesis, and the date."""
    s = data.sources.get(ident)
    if s is None:
        return ident
    publisher = s.publisher.split(" (", 1)[0]
    return f"{publisher}, {s.published.isoformat() if s.published else 'undated'}"


def sources_footer(data: Data, ids: Iterable[str]) -> list[str]:
    """The sources of the figures shown, each in full; a terminal shows them short."""
    unique = list(dict.fromkeys(i for i in ids if i))
    if not unique:
        return []
    lines = [Citation("  " + source_line(data, i), short_citation(data, i)) for i in unique]
    return [Citation("Sources:"), *lines]


def pct_cell(r: Result) -> Cell:

    return Cell(machine_percent(r.value), rate(r.value))


def pct_range_cell(iv: tuple[float, float] | None) -> Cell | None:
    """A range of rates (fractions) as [low, high] in percent, and as text."""
    from ..text import growth_interval_text

    if iv is None:
        return None
    return Cell(
        [machine_percent(iv[0]), machine_percent(iv[1])],
        growth_interval_text((iv[0] * 100, iv[1] * 100)),
    )


def change_step(a: Point, b: Point) -> float | None:
    steps = [p.precision for p in (a, b) if p.precision is not None]
    return max(steps) if len(steps) == 2 else None


def point_at(points: list[Point], period: periods.Period | None) -> Point | None:
    if period is None:
        return None
    for p in points:
        if p.period == period:
            return p
    return None


def trend_cell(data: Data, ident: str) -> Cell:
    """A sparkline of the last ``TREND_POINTS`` figures of the series a growth would use
    (full years, else points in time, else the months of a flow series): a trend, not a
    plot of a long series."""
    from ..text import sparkline

    # A series of months only (no fiscal years, nothing at a point in time): its months.
    series = (data.comparable_series(ident) or data.months(ident))[-TREND_POINTS:]
    return Cell(None, sparkline([p.value for p in series]))


TREND_POINTS = 24


def by_deadline(t: Target) -> str:
    """'by FY2029-30', or for a target with no deadline, saying so."""
    return f"by {t.deadline}" if t.deadline else "(no deadline stated)"


STATEMENT_KIND_NAMES = {
    "growth": "Stated growth",
    "level": "Stated total",
    "projection": "Projection",
}


def annual_view_statements(data: Data, ident: str) -> list[Statement]:
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


def statement_span(s: Statement) -> str:
    """'FY2024-25 vs FY2023-24' for a growth rate; the period for a total or projection."""
    return f"{s.period} vs {s.base_period}" if s.kind == "growth" else s.period


def statement_cell(s: Statement, unit: str) -> Cell:
    """A statement's figure: a growth rate in percent (as the source qualified it), else
    a level in the series' unit."""
    if s.kind == "growth":
        return Cell(s.percent, figure(s.percent, "percent", s.precision, s.qualifier))
    text = figure(s.value, unit, s.precision, s.qualifier)
    return Cell(s.value, text + (" (projection)" if s.kind == "projection" else ""))
