"""Shared pieces of every report: a figure as a cell, the status legend, the sources footer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import periods
from ..dataset import Data, Point
from ..report import Cell
from ..text import Citation, figure, rate

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


def pct_cell(r: Any) -> Cell:

    # Rounded to 1e-10 of a percentage point: float noise (26.400000000000002), not data.
    return Cell(None if r.value is None else round(r.value * 100, 10), rate(r.value))


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
    (full years, else points in time): a trend, not a plot of a long series."""
    from ..text import sparkline

    series = data.comparable_series(ident)[-TREND_POINTS:]
    return Cell(None, sparkline([p.value for p in series]))


TREND_POINTS = 24
