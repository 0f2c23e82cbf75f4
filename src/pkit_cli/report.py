"""The data a command produces, before any formatting: a ``Report`` of rows and fields,
the ``Cell`` pairing a machine value with its text, and the bar charts drawn from rows.
Pure data types: this module imports nothing of pkit's."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, NamedTuple


class Cell(NamedTuple):
    """A value for machines (JSON, CSV) and the text people see (table, Markdown)."""

    value: Any  # a JSON value: number, string, date, None or a list of them
    text: str
    style: str | None = None


class Field(NamedTuple):
    key: str
    header: str
    numeric: bool = False
    in_table: bool = True  # shown in table/Markdown unless --fields names it
    # False: a drawing for people (a sparkline), never in JSON/CSV/TSV nor in their --fields.
    machine: bool = True
    # The header on a terminal too narrow for ``header`` (abbreviate rather than wrap).
    short: str | None = None
    # Text folds onto more lines at a narrow width; numbers and periods never split
    # (None: numeric fields and the "period" key keep to one line).
    wrap: bool | None = None

    def hidden(self) -> Field:
        """The same field out of the default table: still in JSON and CSV, shown when named."""
        return self._replace(in_table=False)

    def labelled(self, header: str) -> Field:
        """The same key under the header a report's rows call it ("Month" for a period)."""
        return self._replace(header=header)


@dataclass
class Report:
    """What a command produces: rows (dicts keyed by the fields' keys) and their framing.

    ``meta`` turns the JSON output into an object ``{**meta, rows_key: rows}`` for commands
    that describe one thing (``pkit show``); ``details`` are its lines above the table.
    ``notes`` (legend, sources) appear under a table or Markdown table, never in JSON/CSV.
    ``after`` draws extra terminal-only output (charts) below the table.
    """

    title: str
    fields: list[Field]
    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    meta: dict[str, Any] | None = None
    rows_key: str = "rows"
    details: list[tuple[str, str]] = field(default_factory=list)
    after: Callable[[Any], None] | None = None  # Any: a Rich Console (never imported here)
    messages: list[str] = field(default_factory=list)  # always to stderr
    # The process exit status after output (pkit check: 1 when a check fails), so a
    # command can report a failure without printing or raising before its output.
    exit_code: int = 0
    # A bare report prints only its rows' table cells, one row per line, with no title,
    # header or notes: a paste-ready line (pkit show --cite). Other formats are unchanged.
    bare: bool = False
    # Keys of numeric fields that get a sparkline under the table (table and Markdown only),
    # drawn from the rows in their order, for those of them being shown.
    trends: list[str] = field(default_factory=list)
    # A bar chart of the rows (pkit chart, pkit targets ID --chart): drawn instead of the
    # table on a terminal; in a pipe and in every other format the rows are output.
    chart: BarChart | None = None

    def table_fields(self) -> list[Field]:
        """The fields a table shows when the user does not choose them."""
        return [f for f in self.fields if f.in_table]


class Bar(NamedTuple):
    """One bar: a period's value, the text shown after it, and what kind of figure it is."""

    label: str
    value: float | None
    text: str
    kind: str = "reported"  # a status, or "required"/"projected" for a path to a target
    style: str | None = None
    # The group a bar belongs to (a month's fiscal year): a chart marks where it changes.
    section: str | None = None


class BarLook(NamedTuple):
    """How one kind of bar is told apart without colour (NO_COLOR, a printout), by each
    drawing: on a terminal a fill character and a default colour (Rich's names), in print
    a face colour and a hatch (matplotlib's). The legend names the kind; print, with room
    to spare, may say more (``in_print``)."""

    legend: str
    fill: str
    colour: str
    face: str
    hatch: str = ""
    in_print: str | None = None

    @property
    def print_legend(self) -> str:
        return self.in_print or self.legend


# By Bar.kind. A kind not listed is drawn as a reported figure.
BAR_LOOKS: dict[str, BarLook] = {
    "reported": BarLook("reported", "█", "green", "#3b6ea5"),
    "revised": BarLook("revised", "█", "yellow", "#8eaed3", in_print="revised (a later release)"),
    "derived": BarLook(
        "derived", "▓", "cyan", "#ffffff", "///", "derived (computed from other figures)"
    ),
    "provisional": BarLook("provisional", "▒", "magenta", "#ffffff", "..."),
    "estimated": BarLook("estimated", "▒", "magenta", "#ffffff", "..."),
    "required": BarLook("path at the required rate", "░", "red", "#ffffff", "\\\\\\"),
    "projected": BarLook(
        "path at the recent pace",
        "╍",
        "blue",
        "#e4ebf3",
        in_print="path at the recent pace (projection)",
    ),
}


class ChartMarker(NamedTuple):
    """A value marked across the bars, with its legend: a target."""

    label: str
    value: float
    text: str


@dataclass
class BarChart:
    title: str
    unit: str
    bars: list[Bar]
    markers: list[ChartMarker] = field(default_factory=list)
    # Notes under the drawing; None: the report's notes (some repeat what the chart shows).
    notes: list[str] | None = None
    # For print (matplotlib): the unit, frequency and vintage under the title, and the
    # sources and data date in the footer; ``line`` for months (bars for years).
    subtitle: str = ""
    footer: list[str] = field(default_factory=list)
    line: bool = False

    @property
    def scale(self) -> float:
        """The value of a full-length bar: the largest value or marker."""
        values = [b.value for b in self.bars if b.value is not None and b.value > 0]
        values += [m.value for m in self.markers if m.value > 0]
        return max(values, default=1.0)


# Large tables (pkit export), column by column ------------------------------------------------


class Same(NamedTuple):
    """A column in which every row of a block has this one value (an indicator's name)."""

    value: Any


class Keyed(NamedTuple):
    """A column whose value on each row is ``of[key]`` for that row's key (None: the key
    itself): a period's dates, a source's URL. Writers work out each distinct key's text
    once, and columns keyed alike side by side as one."""

    keys: list[Any]
    of: Mapping[Any, Any] | None = None

    def values(self) -> Iterable[Any]:
        return self.keys if self.of is None else map(self.of.__getitem__, self.keys)


Column = list[Any] | Same | Keyed


class Block(NamedTuple):
    """A run of rows of a large table, held column by column in the table's key order.
    Writers handle a column at a time in C (``map``) instead of running Python for each
    row: a million rows in about a second."""

    length: int
    columns: tuple[Column, ...]

    def records(self) -> Iterator[tuple[Any, ...]]:
        """The rows as tuples."""
        return zip(*(_values(c, self.length) for c in self.columns), strict=True)


def _values(column: Column, length: int) -> Iterable[Any]:
    if isinstance(column, Same):
        return repeat(column.value, length)
    if isinstance(column, Keyed):
        return column.values()
    return column
