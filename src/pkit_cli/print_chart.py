"""Charts fit to print (``pkit chart``), drawn with matplotlib, an optional
extra: a light theme, a title and subtitle, axes in the reader's units ($3.8 bn), statuses
told apart in grey-scale (hatching and hollow markers, explained in a legend), targets as
labelled lines, and the sources and data date in a footer. SVG keeps its text as text."""

from __future__ import annotations

import os
from typing import Any

from .errors import PkitError
from .report import BAR_LOOKS, BarChart
from .text import UNIT_WORDS, figure

FORMATS = ("png", "svg", "pdf")
EXTRA = "pip install 'pkit-cli[charts]'"

INK, GRID, TARGET = "#222222", "#dddddd", "#b03a2e"


class ChartsUnavailable(PkitError):
    """matplotlib is not installed."""

    def __init__(self) -> None:
        super().__init__(f"charts for print need matplotlib: {EXTRA}")


class ChartFormatProblem(PkitError):
    """The output file's extension is not a format matplotlib is asked to write."""

    exit_code = 2

    def __init__(self, path: str) -> None:
        super().__init__(f"'{path}': name the file .png, .svg or .pdf")
        self.path = path


def file_format(path: str) -> str:
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    if ext not in FORMATS:
        raise ChartFormatProblem(path)
    return ext


# Any for matplotlib's objects (pyplot, Figure, Axes): an optional extra, imported on use.
def pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise ChartsUnavailable() from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def figure_of(chart: BarChart) -> Any:
    """The chart as a matplotlib Figure (not yet saved), so tests can measure its text."""
    plt = pyplot()
    with plt.rc_context(_THEME):
        fig = plt.figure(figsize=(8, 5), dpi=150)
        # The legend sits under the subtitle, in rows of three; the plot starts below it.
        rows = -(-len(_legend_kinds(chart)) // 3)
        top = 0.86 - 0.045 * rows - 0.05  # room for the top tick label
        left = 0.12 if chart.line else 0.1  # months' axis ticks ($400 mn) are wider
        ax = fig.add_axes((left, 0.3, 0.96 - left, top - 0.3))
        if chart.line:
            _draw_line(ax, chart)
        else:
            _draw_bars(ax, chart)
        _draw_targets(ax, chart)
        _format_axes(ax, chart)
        _frame(fig, chart)
    return fig


def save(chart: BarChart, path: str, fmt: str) -> None:
    """Write the chart to ``path`` as ``fmt`` (png, svg or pdf)."""
    plt = pyplot()
    fig = figure_of(chart)
    with plt.rc_context(_THEME):
        fig.savefig(path, format=fmt, metadata=_metadata(fmt, chart.title))
    plt.close(fig)


_THEME = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: no web font, no system lookup
    "font.size": 9,
    "svg.fonttype": "none",  # text stays text, for an editor to restyle
    "pdf.fonttype": 42,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "hatch.color": "#3b6ea5",
    "hatch.linewidth": 0.8,
}


def _metadata(fmt: str, title: str) -> dict[str, Any]:
    # Deterministic files: no creation date, no software version in the bytes.
    if fmt == "svg":
        return {"Title": title, "Date": None, "Creator": None}
    if fmt == "pdf":
        return {"Title": title, "CreationDate": None, "Creator": None, "Producer": None}
    return {"Software": None}


def _legend_kinds(chart: BarChart) -> list[str]:
    return list(dict.fromkeys(_kinds(chart)))


def _kinds(chart: BarChart) -> list[str]:
    return [bar.kind if bar.kind in BAR_LOOKS else "reported" for bar in chart.bars]


def _draw_bars(ax: Any, chart: BarChart) -> None:
    """A slot per period; bars that share a period (a required and a projected path) stand
    side by side within its slot, so each period label appears once."""
    slots = list(dict.fromkeys(bar.label for bar in chart.bars))
    members: dict[str, list[int]] = {}
    for i, bar in enumerate(chart.bars):
        members.setdefault(bar.label, []).append(i)
    kinds = _kinds(chart)
    for x, label in enumerate(slots):
        group = members[label]
        width = 0.72 / len(group)
        for k, i in enumerate(group):
            bar = chart.bars[i]
            if bar.value is None:
                continue
            face, hatch = BAR_LOOKS[kinds[i]].face, BAR_LOOKS[kinds[i]].hatch
            offset = (k - (len(group) - 1) / 2) * width
            ax.bar(
                x + offset,
                bar.value,
                width=width * 0.92,
                color=face,
                hatch=hatch,
                edgecolor="#3b6ea5",
                lw=0.8,
            )
    ax.set_xticks(list(range(len(slots))), slots)


def _marker_style(kind: str) -> dict[str, Any]:
    """Reported: a filled dot; revised: a filled square; anything else (derived,
    provisional, estimated): a hollow diamond, which survives grey-scale printing."""
    hollow = kind not in ("reported", "revised")
    return {
        "marker": "o" if kind == "reported" else ("s" if kind == "revised" else "D"),
        "ms": 4 if kind == "reported" else 5,
        "mfc": "white" if hollow else "#3b6ea5",
        "mec": "#3b6ea5",
    }


def _line_marker(kind: str, label: str) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([], [], color="#3b6ea5", lw=1.5, label=label, **_marker_style(kind))


def _draw_line(ax: Any, chart: BarChart) -> None:
    xs = [i for i, b in enumerate(chart.bars) if b.value is not None]
    ys = [b.value for b in chart.bars if b.value is not None]
    ax.plot(xs, ys, color="#3b6ea5", lw=1.5, zorder=2)
    for i, (bar, kind) in enumerate(zip(chart.bars, _kinds(chart), strict=True)):
        if bar.value is None:
            continue
        ax.plot(i, bar.value, zorder=3, **_marker_style(kind))
    _draw_sections(ax, chart)
    # Room on the left: the first month's slanted label would run under the y axis's $0.
    ax.set_xlim(-2, len(chart.bars))
    labels = [b.label for b in chart.bars]
    step = max(1, len(labels) // 10)
    ticks = list(range(0, len(labels), step))
    ax.set_xticks(ticks, [labels[i] for i in ticks])


def _draw_sections(ax: Any, chart: BarChart) -> None:
    """Where a section (a fiscal year) begins: a dotted line, labelled at the top."""
    previous = chart.bars[0].section if chart.bars else None
    for i, bar in enumerate(chart.bars):
        if bar.section is None or bar.section == previous:
            continue
        previous = bar.section
        ax.axvline(i - 0.5, color="#999999", lw=0.8, ls=":", zorder=1)
        ax.annotate(
            bar.section,
            xy=(i - 0.5, 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, -10),
            textcoords="offset points",
            color="#555555",
            fontsize=7,
        )


def _draw_targets(ax: Any, chart: BarChart) -> None:
    """Each target a dashed line, labelled at its left end; labels of targets too close
    to tell apart vertically move right along their line instead of overlapping."""
    top = max([chart.scale] + [m.value for m in chart.markers]) * 1.12
    gap = top * 0.06  # about one label's height on a 5-inch figure
    placed: list[tuple[float, int]] = []
    for marker in sorted(chart.markers, key=lambda m: m.value):
        column = 0
        while any(abs(marker.value - v) < gap and c == column for v, c in placed):
            column += 1
        placed.append((marker.value, column))
        ax.axhline(marker.value, color=TARGET, lw=1, ls="--", zorder=1)
        ax.annotate(
            f"{marker.label}: {figure(marker.value, chart.unit)}",
            xy=(0.005 + 0.2 * column, marker.value),
            xycoords=("axes fraction", "data"),
            xytext=(2, 2),
            textcoords="offset points",
            color=TARGET,
            fontsize=8,
            va="bottom",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
        )


def _format_axes(ax: Any, chart: BarChart) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: figure(v, chart.unit)))
    ax.grid(axis="y", color=GRID, lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    top = max([chart.scale] + [m.value for m in chart.markers])
    ax.set_ylim(0, top * 1.12)
    many = len(ax.get_xticks()) > 7
    ax.tick_params(axis="x", labelrotation=45 if many else 0, length=0)
    if many:
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
    ax.set_ylabel(UNIT_WORDS.get(chart.unit, "count"))
    ax.set_xlabel("Month" if chart.line else "Period")


def _frame(fig: Any, chart: BarChart) -> None:
    from matplotlib.patches import Patch

    fig.text(0.02, 0.96, chart.title, fontsize=12, weight="bold", color=INK, va="top")
    fig.text(0.02, 0.905, chart.subtitle, fontsize=9, color="#555555", va="top")
    used = _legend_kinds(chart)
    handles = [
        Patch(facecolor=look.face, hatch=look.hatch, edgecolor="#3b6ea5", label=look.print_legend)
        for look in (BAR_LOOKS[k] for k in used)
    ]
    if chart.line:  # the legend shows the markers the line is drawn with
        handles = [_line_marker(k, BAR_LOOKS[k].print_legend) for k in used]
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.015, 0.88),
        ncols=min(len(handles), 3),
        frameon=False,
        fontsize=8,
    )
    fig.text(
        0.02, 0.02, "\n".join(chart.footer), fontsize=7, color="#555555", va="bottom", wrap=False
    )
