"""Drawing for people on a terminal: Rich tables fitted to the width, sparklines and bar
charts (and their SVG export). Imported only when a table is drawn, so that JSON and CSV
output never pay for Rich (or for this module)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from .report import BAR_LOOKS, BarChart, Cell, Field, Report
from .text import bar_text, cell_text, compact_citations, figure, trend_lines, visible

if TYPE_CHECKING:  # Rich's types, for the checker only: Rich is imported where it draws
    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

# Terminal ---------------------------------------------------------------------------------


def wants_color(stream: TextIO) -> bool:
    """gh's rules: NO_COLOR and CLICOLOR=0 turn colour off, CLICOLOR_FORCE/FORCE_COLOR on."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("CLICOLOR_FORCE", "0") != "0" or os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("CLICOLOR") == "0":
        return False
    return _isatty(stream)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


PIPE_WIDTH = 100_000  # the width of a file or pipe: lines are as long as their content


def make_console(stream: TextIO) -> Console:
    """A Rich console: the terminal's width on a TTY; in a pipe, no colour and no wrapping."""
    from rich.console import Console

    tty = _isatty(stream)
    color = wants_color(stream)
    # A file or pipe gets lines as long as their content; a forced terminal (FORCE_COLOR in
    # a pipe) takes its width from COLUMNS when that is set, as a terminal would.
    forced_width = color and not tty and os.environ.get("COLUMNS", "").strip().isdigit()
    width = None if tty or forced_width else PIPE_WIDTH
    return Console(
        file=stream,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        legacy_windows=False,
    )


def render_table(
    report: Report,
    fields: Sequence[Field],
    out: TextIO,
    citations: str | None = None,
    footer: str | None = None,
) -> None:
    """The report as a table (or its chart, on a terminal); ``footer`` is its last line."""
    terminal = _isatty(out) or wants_color(out)
    if not terminal:  # a pipe or file, no colour: written as Rich would, without Rich
        plain = plain_table(report, fields, footer, _encoding(out))
        if plain is not None:
            out.write(plain)
            return
    console = make_console(out)
    if terminal and citations is not None:  # a screen has no room for fourteen URLs
        report = _cited_short(report, citations)
    if report.chart is not None and terminal:
        draw_chart(console, report)  # a terminal sees the chart; a pipe gets its rows
        _draw_footer(console, footer)
        return
    if _isatty(out):
        _draw(console, report, fields)
        _draw_footer(console, footer)
        return
    out.write(drawn_for_a_pipe(console, report, fields, footer))


def drawn_for_a_pipe(
    console: Console, report: Report, fields: Sequence[Field], footer: str | None
) -> str:
    """In a pipe or file: no colour, no wrapping, and no padding after the last column."""
    with console.capture() as captured:
        _draw(console, report, fields)
        _draw_footer(console, footer)
    return _trimmed(captured.get())


def _trimmed(text: str) -> str:
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def _encoding(stream: TextIO) -> str:
    """The stream's encoding as Rich reads it (it draws ASCII boxes unless it is UTF)."""
    return (getattr(stream, "encoding", None) or "utf-8").lower()


# A table for a pipe, without Rich ------------------------------------------------------------
#
# In a pipe or file a table never wraps and has no colour, so what Rich draws there is plain:
# the title, a blank line (the box's top edge), the header, a rule, the rows, a blank line
# (its bottom edge), then the lines below. Writing that directly skips importing Rich and
# its layout of every cell: `pkit check`'s 128 rows at 100 k observations, 60 ms → 2 ms.
# tests/test_visual.py holds it to Rich's own drawing, byte for byte.


def plain_table(
    report: Report, fields: Sequence[Field], footer: str | None, encoding: str
) -> str | None:
    """The report as Rich draws it in a pipe (SIMPLE_HEAD, edges unpadded), or None where
    only Rich can draw it: details or a drawing of its own above or below the table, a
    line wider than a pipe (Rich folds it), a table that must be fitted, a non-UTF
    stream (Rich's ASCII box)."""
    if report.details or report.after is not None or not fields:
        return None
    if not encoding.startswith("utf"):
        return None
    from rich.cells import cell_len

    columns = [
        [visible(f.header)] + [visible(cell_text(row.get(f.key))) for row in report.rows]
        for f in fields
    ]
    widths = [max(map(cell_len, column)) for column in columns]
    overhead = 3 * len(fields) - 1  # as fitted_table counts it
    if sum(widths) + overhead > PIPE_WIDTH or not all(widths):
        return None  # Rich fits it, or gives an empty column a width of its own
    if any(_VARIATION_SELECTOR in text for column in columns for text in column):
        return None  # its width is not the sum of its words' widths: Rich may wrap there
    above = [visible(report.title)]
    below = [visible(line) for line in trend_lines(report, fields)]
    below += [visible(note) for note in report.notes]
    below += [] if footer is None else [visible(footer)]
    if any(max(len(line), cell_len(line)) > PIPE_WIDTH for line in above + below):
        return None  # Rich folds or crops it
    right = [f.numeric for f in fields]
    rows = [_plain_row(cells, widths, right, cell_len) for cells in zip(*columns, strict=True)]
    rule = " " + "─" * (sum(widths) + 3 * (len(fields) - 1))
    lines = [*above, "", rows[0], rule, *rows[1:], "", *below]
    return _trimmed("".join(line + "\n" for line in lines))  # each printed, a newline after


def _plain_row(
    cells: Sequence[str],
    widths: Sequence[int],
    right: Sequence[bool],
    cell_len: Callable[[str], int],
) -> str:
    """One row: each cell justified in its column (a right-justified one without trailing
    spaces, as Rich does), three spaces between columns (padding, divider, padding)."""
    justified = []
    for text, width, to_the_right in zip(cells, widths, right, strict=True):
        text = _cropped(text, width)
        if to_the_right:
            text = text.rstrip()
            justified.append(" " * (width - cell_len(text)) + text)
        else:
            justified.append(text + " " * (width - cell_len(text)))
    return " " + "   ".join(justified)


_VARIATION_SELECTOR = "\ufe0f"  # the one character visible() keeps that joins its neighbour
_TRAILING_SPACE = re.compile(r"\s+$")


def _cropped(text: str, width: int) -> str:
    """As Rich wraps a cell: whitespace at its end beyond the column's width is cropped,
    the width counted in characters, not cells (Text.rstrip_end), so a text with
    zero-width characters (a combining accent) loses some trailing spaces."""
    excess = len(text) - width
    if excess > 0 and (trailing := _TRAILING_SPACE.search(text)):
        return text[: len(text) - min(len(trailing[0]), excess)]
    return text


def _draw_footer(console: Any, footer: str | None) -> None:
    if footer is not None:
        from rich.text import Text

        console.print(Text(visible(footer), style="dim"), overflow="fold")


def _cited_short(report: Report, hint: str) -> Report:
    import dataclasses

    chart = report.chart
    if chart is not None and chart.notes is not None:
        chart = dataclasses.replace(chart, notes=compact_citations(chart.notes, hint))
    return dataclasses.replace(report, notes=compact_citations(report.notes, hint), chart=chart)


def _draw(console: Console, report: Report, fields: Sequence[Field]) -> None:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    if report.details:
        keyed = any(key for key, _ in report.details)
        grid = Table.grid(padding=(0, 2) if keyed else 0)
        if keyed:
            grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for key, value in report.details:
            grid.add_row(*([Text(visible(key))] if keyed else []), Text(visible(value)))
        console.print(grid)
        console.print()
    table = fitted_table(console, report, fields)
    if not isinstance(table, Group):  # a records layout carries its own title
        console.print(Text(visible(report.title), style="bold"), overflow="fold")
    console.print(table)
    for line in trend_lines(report, fields):
        console.print(Text(visible(line)), overflow="fold")
    for note in report.notes:
        console.print(Text(visible(note), style="dim"), overflow="fold")
    if report.after is not None:
        report.after(console)


# Fitting tables to the terminal's width ------------------------------------------------------


def fitted_table(console: Console, report: Report, fields: Sequence[Field]) -> Table | Group:
    """The report's table at this console's width: full headers if everything fits,
    abbreviated headers and wrapped text if that fits, and one block of 'header  value'
    lines per row when even the narrowest table is wider than the terminal, so no column
    is squeezed until its values are unreadable."""
    width = console.width
    overhead = 3 * len(fields) - 1  # box edges, separators and padding (SIMPLE_HEAD, no pad edge)
    spans = [_span(report, f, short=False) for f in fields]
    if sum(most for _, most in spans) + overhead <= width:
        return _table(report, fields, short=False)
    short = any(f.short for f in fields)
    if short:
        spans = [_span(report, f, short=True) for f in fields]
        if sum(most for _, most in spans) + overhead <= width:
            return _table(report, fields, short=True)
    if sum(least for least, _ in spans) + overhead <= width:
        return _table(report, fields, short, _share(spans, width - overhead))
    return _records(report, fields)


def _one_line(f: Field) -> bool:
    return f.wrap is False or (f.wrap is None and (f.numeric or f.key == "period"))


def _header(f: Field, short: bool) -> str:
    return visible((f.short or f.header) if short else f.header)


def _span(report: Report, f: Field, short: bool) -> tuple[int, int]:
    """The narrowest a column can be and the width it would like, in cells. A number or a
    period split over two lines is misread, so those keep their widest value whole; other
    text and headers wrap between words."""
    from rich.cells import cell_len

    texts = [_header(f, short)] + [visible(cell_text(r.get(f.key))) for r in report.rows]
    most = max(cell_len(t) for t in texts)
    if _one_line(f):
        header_words = [cell_len(w) for w in texts[0].split()]
        least = max([cell_len(t) for t in texts[1:]] + header_words + [1])
    else:
        least = max([cell_len(w) for t in texts for w in t.split()] + [1])
        least = min(least, 24)  # a long id or URL folds rather than widening the table
    return least, max(most, least)


def _share(spans: list[tuple[int, int]], room: int) -> list[int]:
    """Column widths: each column its minimum, the rest shared in proportion to how much
    more each would like."""
    widths = [least for least, _ in spans]
    wants = [most - least for least, most in spans]
    spare = room - sum(widths)
    total = sum(wants)
    if total and spare > 0:
        extra = [min(w, spare * w // total) for w in wants]
        widths = [a + b for a, b in zip(widths, extra, strict=True)]
        left = spare - sum(extra)
        for i in sorted(range(len(spans)), key=lambda i: wants[i] - extra[i], reverse=True):
            if left <= 0:
                break
            if extra[i] < wants[i]:
                widths[i] += 1
                left -= 1
    return widths


def _cell(value: Any) -> Text:  # value: a row's value, a Cell or plain JSON
    from rich.text import Text

    style = value.style if isinstance(value, Cell) else None
    return Text(visible(cell_text(value)), style=style or "")


def _table(
    report: Report, fields: Sequence[Field], short: bool, widths: Sequence[int] | None = None
) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    # The title is printed above the table, not as its caption: Rich would wrap a title to
    # the table's width, and a table in a pipe must not wrap.
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    for i, f in enumerate(fields):
        table.add_column(
            Text(_header(f, short)),
            justify="right" if f.numeric else "left",
            overflow="fold",
            width=None if widths is None else widths[i],
        )
    for row in report.rows:
        table.add_row(*(_cell(row.get(f.key)) for f in fields))
    return table


def _records(report: Report, fields: Sequence[Field]) -> Group:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Table | Text] = [Text(visible(report.title), style="bold"), Text("")]
    for row in report.rows:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", max_width=24, overflow="fold")
        grid.add_column(overflow="fold")
        for f in fields:
            grid.add_row(Text(visible(f.header)), _cell(row.get(f.key)))
        parts += [grid, Text("")]
    return Group(*parts)


def draw_chart(console: Console, report: Report) -> None:
    from rich.text import Text

    chart = report.chart
    assert chart is not None
    console.print(Text(visible(chart.title), style="bold"), overflow="fold")
    console.print()
    for line in chart_lines(chart, console.width):
        console.print(line, no_wrap=True, crop=True)
    for note in report.notes if chart.notes is None else chart.notes:
        console.print(Text(visible(note), style="dim"), overflow="fold")


def chart_lines(chart: BarChart, width: int) -> list[Text]:
    """The chart as lines of Rich Text no wider than ``width``: a bar per row, the value
    after it, each marker as a dotted line across the rows, then the legends."""
    from rich.cells import cell_len
    from rich.text import Text

    if not chart.bars:
        return [Text("No figures to plot.", style="dim")]
    label_w = max(cell_len(visible(b.label)) for b in chart.bars)
    text_w = max(cell_len(visible(b.text)) for b in chart.bars)
    area = max(8, width - label_w - text_w - 2)
    scale = chart.scale
    columns = {
        m.label: min(area - 1, max(0, round(m.value / scale * area) - 1)) for m in chart.markers
    }
    marked = set(columns.values())
    lines: list[Text] = []
    previous = section = None
    for b in chart.bars:
        if b.section is not None and b.section != section:  # a fiscal year begins
            section = b.section
            rule = f"── {visible(section)} "
            lines.append(Text(rule + "─" * max(0, width - cell_len(rule)), style="dim"))
        look = BAR_LOOKS.get(b.kind, BAR_LOOKS["reported"])
        fill, colour = look.fill, look.colour
        label = "" if b.label == previous else visible(b.label)
        previous = b.label
        line = Text(label + " " * (label_w - cell_len(label) + 1))
        drawn = _bar_cells(b.value, scale, area, fill)
        line.append(drawn, style=b.style or colour)
        text = " " + visible(b.text)
        used = cell_len(drawn) + cell_len(text)
        line.append(text, style=b.style or "")
        for col in range(used, area):
            line.append("┆" if col in marked else " ", style="dim red" if col in marked else "")
        lines.append(line)
    if chart.markers:
        lines += _marker_lines(chart, columns, label_w, area)
    lines.append(_fill_legend(chart, scale))
    return lines


def _bar_cells(value: float | None, scale: float, area: int, fill: str) -> str:
    if value is None or value <= 0:
        return ""
    if fill == "█":
        return bar_text(value / scale, area)
    return fill * max(1, round(value / scale * area))


def _marker_lines(chart: BarChart, columns: dict[str, int], label_w: int, area: int) -> list[Text]:
    from rich.text import Text

    axis = ["─"] * area
    for col in columns.values():
        axis[col] = "┴"
    lines = [Text(" " * (label_w + 1) + "".join(axis), style="dim")]
    # Each marker's id under its tick, where it does not overlap the one before.
    names = [" "] * (area + 8)
    free_from = 0
    for m in sorted(chart.markers, key=lambda m: columns[m.label]):
        col, name = columns[m.label], visible(m.label)
        start = max(col, free_from)
        if start + len(name) > len(names):
            continue
        names[start : start + len(name)] = list(name)
        free_from = start + len(name) + 1
    lines.append(Text(" " * (label_w + 1) + "".join(names).rstrip(), style="red"))
    for m in chart.markers:
        lines.append(Text("┆ " + visible(m.text), style="red"))
    return lines


def _fill_legend(chart: BarChart, scale: float) -> Text:
    from rich.text import Text

    legend = Text()
    seen: list[str] = []
    for b in chart.bars:
        look = BAR_LOOKS.get(b.kind, BAR_LOOKS["reported"])
        fill, colour, name = look.fill, look.colour, look.legend
        if name in seen:
            continue
        seen.append(name)
        legend.append(fill, style=b.style or colour)
        legend.append(f" {name}   ")
    legend.append(f"Full width: {figure(scale, chart.unit)}", style="dim")
    return legend
