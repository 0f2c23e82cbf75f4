"""Charts fit to print (``pkit chart``), drawn with matplotlib, an optional
extra: a light theme, a title and subtitle, axes in the reader's units ($3.8 bn), statuses
told apart in grey-scale (hatching and hollow markers, explained in a legend), targets as
labelled lines, and the sources and data date in a footer. SVG keeps its text as text."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from .errors import PkitError
from .report import BarChart
from .text import axis_figure

FORMATS = ("png", "svg", "pdf")
EXTRA = "pip install 'pkit-cli[charts]'"

# How each kind of figure looks in print: (face colour, hatch, legend text).
STYLES: dict[str, tuple[str, str, str]] = {
    "reported": ("#3b6ea5", "", "reported"),
    "revised": ("#3b6ea5", "", "revised (a later release)"),
    "derived": ("#ffffff", "///", "derived (computed from other figures)"),
    "provisional": ("#ffffff", "...", "provisional"),
    "estimated": ("#ffffff", "...", "estimated"),
    "partial": ("#ffffff", "xx", "partial year"),
    "required": ("#ffffff", "\\\\\\", "path at the required rate"),
    "projected": ("#c9d6e6", "", "path at the recent pace (projection)"),
}
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


def pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise ChartsUnavailable() from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def figure_of(chart: BarChart, subtitle: str, footer: Sequence[str], *, line: bool = False) -> Any:
    """The chart as a matplotlib Figure (not yet saved), so tests can measure its text."""
    plt = pyplot()
    with plt.rc_context(_THEME):
        fig = plt.figure(figsize=(8, 5), dpi=150)
        ax = fig.add_axes((0.1, 0.3, 0.86, 0.5))
        if line:
            _draw_line(ax, chart)
        else:
            _draw_bars(ax, chart)
        _draw_targets(ax, chart)
        _format_axes(ax, chart, line)
        _frame(fig, ax, chart, subtitle, footer)
    return fig


def save(
    chart: BarChart, path: str, subtitle: str, footer: Sequence[str], *, line: bool = False
) -> None:
    fmt = file_format(path)
    plt = pyplot()
    fig = figure_of(chart, subtitle, footer, line=line)
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


def _kinds(chart: BarChart) -> list[str]:
    return [bar.kind if bar.kind in STYLES else "reported" for bar in chart.bars]


def _draw_bars(ax: Any, chart: BarChart) -> None:
    x = range(len(chart.bars))
    for i, (bar, kind) in enumerate(zip(chart.bars, _kinds(chart), strict=True)):
        if bar.value is None:
            continue
        face, hatch, _ = STYLES[kind]
        ax.bar(i, bar.value, width=0.7, color=face, hatch=hatch, edgecolor="#3b6ea5", lw=0.8)
    ax.set_xticks(list(x), [bar.label for bar in chart.bars])


def _draw_line(ax: Any, chart: BarChart) -> None:
    xs = [i for i, b in enumerate(chart.bars) if b.value is not None]
    ys = [b.value for b in chart.bars if b.value is not None]
    ax.plot(xs, ys, color="#3b6ea5", lw=1.5, zorder=2)
    for i, (bar, kind) in enumerate(zip(chart.bars, _kinds(chart), strict=True)):
        if bar.value is None:
            continue
        hollow = kind not in ("reported", "revised")
        ax.plot(
            i,
            bar.value,
            marker="o" if kind == "reported" else ("s" if kind == "revised" else "D"),
            ms=4 if kind == "reported" else 5,
            mfc="white" if hollow else "#3b6ea5",
            mec="#3b6ea5",
            zorder=3,
        )
    labels = [b.label for b in chart.bars]
    step = max(1, len(labels) // 10)
    ticks = list(range(0, len(labels), step))
    ax.set_xticks(ticks, [labels[i] for i in ticks])


def _draw_targets(ax: Any, chart: BarChart) -> None:
    for marker in chart.markers:
        ax.axhline(marker.value, color=TARGET, lw=1, ls="--", zorder=1)
        ax.annotate(
            f"{marker.label}: {axis_figure(marker.value, chart.unit)}",
            xy=(0, marker.value),
            xycoords=("axes fraction", "data"),
            xytext=(2, 2),
            textcoords="offset points",
            color=TARGET,
            fontsize=8,
            va="bottom",
        )


def _format_axes(ax: Any, chart: BarChart, line: bool) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: axis_figure(v, chart.unit)))
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
    ax.set_ylabel(_unit_label(chart.unit))
    ax.set_xlabel("Month" if line else "Fiscal year (July–June)")


def _unit_label(unit: str) -> str:
    return {"USD": "US dollars", "percent": "percent", "bytes": "bytes"}.get(unit, "count")


def _frame(fig: Any, ax: Any, chart: BarChart, subtitle: str, footer: Sequence[str]) -> None:
    from matplotlib.patches import Patch

    fig.text(0.02, 0.96, chart.title, fontsize=12, weight="bold", color=INK, va="top")
    fig.text(0.02, 0.905, subtitle, fontsize=9, color="#555555", va="top")
    used = [k for k in dict.fromkeys(_kinds(chart)) if k in STYLES]
    handles = [
        Patch(facecolor=STYLES[k][0], hatch=STYLES[k][1], edgecolor="#3b6ea5", label=STYLES[k][2])
        for k in used
    ]
    fig.legend(
        handles=handles,
        loc="upper right",
        bbox_to_anchor=(0.98, 0.875),
        ncols=min(len(handles), 3),
        frameon=False,
        fontsize=8,
    )
    fig.text(0.02, 0.02, "\n".join(footer), fontsize=7, color="#555555", va="bottom", wrap=False)
