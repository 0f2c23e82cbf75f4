"""Charts fit to print: written as PNG, SVG and PDF with matplotlib; text stays text in
SVG; no two pieces of text overlap (measured from matplotlib's own text extents); without
matplotlib, one line naming the extra to install."""

from __future__ import annotations

import itertools
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("matplotlib")

from pkit_cli import print_chart
from pkit_cli.dataset import load
from pkit_cli.reports import charts

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_chart_is_written_in_each_format(run: Any, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"c.{suffix}"
    result = run("chart", "ict-exports", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    magic = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}[suffix]
    assert out.read_bytes().startswith(magic)
    assert f"Chart written to {out}" in result.stderr


def test_svg_keeps_title_axes_and_sources_as_text(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "c.svg"
    assert run("chart", "ict-exports", "--out", str(out)).exit_code == 0
    texts = " ".join(t.text or "" for t in ET.parse(out).getroot().iter(f"{SVG}text"))
    assert "ICT services exports" in texts  # the title
    assert "US dollars" in texts  # the y axis label and the subtitle
    assert "$4 bn" in texts  # axis ticks in the reader's units, not 4e9
    assert "FY2024-25" in texts  # the x axis
    assert "Business Recorder" in texts and "Data as of 2025-08-20" in texts  # the footer
    assert "T7: $3.5 bn" in texts  # a target line's label


def _text_boxes(fig: Any) -> list[tuple[str, Any]]:
    """Every piece of text the figure draws, with its extent on the canvas: titles and
    footer, legend entries, target labels, axis labels and the tick labels in view."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = list(fig.texts)
    for legend in fig.legends:
        texts += legend.get_texts()
    for ax in fig.axes:
        texts += [*ax.texts, ax.xaxis.label, ax.yaxis.label]
        for axis, (low, high) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            for tick in axis.get_major_ticks():
                if min(low, high) <= tick.get_loc() <= max(low, high):
                    texts.append(tick.label1)
    return [
        (t.get_text(), t.get_window_extent(renderer))
        for t in texts
        if t.get_visible() and t.get_text().strip()
    ]


def _overlaps(fig: Any) -> list[tuple[str, str]]:
    boxes = _text_boxes(fig)
    return [
        (a, b)
        for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
        if box_a.overlaps(box_b)
    ]


@pytest.mark.parametrize(
    "make",
    [
        lambda d: charts.chart(d, "ict-exports", None, None),
        lambda d: charts.chart(d, "telecom-subscriptions", None, None),
        lambda d: charts.target_path(d, "T1", None),
        lambda d: charts.target_path(d, "T4", 0.2),
        lambda d: charts.chart(d, "ict-exports", None, None, monthly=True),
    ],
    ids=["ict-exports", "telecom", "T1-path", "T4-what-if", "ict-exports-monthly"],
)
def test_no_text_overlaps(make: Any) -> None:
    report = make(load(None))
    fig = print_chart.figure_of(report.chart)
    assert _text_boxes(fig), "no text measured"
    assert _overlaps(fig) == []


def test_the_overlap_check_can_fail() -> None:
    """Two targets a hair apart, labelled in one place, would collide: the check sees it."""
    report = charts.chart(load(None), "ict-exports", None, None)
    fig = print_chart.figure_of(report.chart)
    ax = fig.axes[0]
    ax.annotate("T98: $3.5 bn", xy=(0.005, 3.5e9), xycoords=("axes fraction", "data"))
    ax.annotate("T99: $3.5 bn", xy=(0.005, 3.52e9), xycoords=("axes fraction", "data"))
    assert _overlaps(fig)


def test_close_targets_are_staggered_not_stacked() -> None:
    from pkit_cli.report import ChartMarker

    report = charts.chart(load(None), "ict-exports", None, None)
    report.chart.markers += [ChartMarker("T10", 4.2e9, ""), ChartMarker("T11", 3.8e9, "")]
    assert _overlaps(print_chart.figure_of(report.chart)) == []


def test_an_unknown_extension_is_a_usage_error(run: Any, tmp_path: Path) -> None:
    result = run("chart", "ict-exports", "--out", str(tmp_path / "c.gif"))
    assert result.exit_code == 2
    assert ".png, .svg or .pdf" in result.stderr
    assert not (tmp_path / "c.gif").exists()


def test_svg_option_is_kept_for_one_release_with_a_note(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "old.svg"
    result = run("chart", "ict-exports", "--svg", str(out))
    assert result.exit_code == 0, result.stderr
    assert "--out FILE.svg" in result.stderr
    assert out.read_bytes().startswith(b"<?xml")


def test_target_path_chart_for_print(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "t1.svg"
    assert run("targets", "T1", "--chart", "--out", str(out)).exit_code == 0
    texts = " ".join(t.text or "" for t in ET.parse(out).getroot().iter(f"{SVG}text"))
    assert "path at the required rate" in texts and "T1: $15 bn" in texts


def test_without_matplotlib_one_line_names_the_extra(tmp_path: Path) -> None:
    program = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "sys.argv = ['pkit', 'chart', 'ict-exports', '--out', sys.argv[1]]\n"
        "from pkit_cli.__main__ import main; main()\n"
    )
    out = tmp_path / "c.png"
    done = subprocess.run(
        [sys.executable, "-c", program, str(out)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "pkit: charts for print need matplotlib: pip install 'pkit-cli[charts]'"
    )
    assert "Traceback" not in done.stderr
    assert not out.exists()
