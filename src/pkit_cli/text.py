"""All text for people: money, counts, percentages, rates, years, intervals, qualifier
words, sparklines and bars, and the escaping of untrusted text. Each is formatted here once."""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Sequence
from itertools import compress
from typing import Any

from .report import Cell, Field, Report

# A unit in words: a chart's subtitle, and the axis of a chart fit to print.
UNIT_WORDS = {"USD": "US dollars", "count": "count", "percent": "percent", "bytes": "bytes"}
# A kind of period in words, for the frequency in a chart's subtitle.
FREQUENCY_WORDS = {
    "fiscal_year": "fiscal years (July–June)",
    "fiscal_part": "parts of fiscal years",
    "month": "months",
    "date": "dates",
}

# Formatting numbers --------------------------------------------------------------------------

_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "mn"))


def _step_of(value: float) -> float:
    """The rounding step a number was written with: 4600000000 → 1e8, 350.15 → 0.01.
    Read from its 15 significant digits, so float noise in the 16th is not a digit."""
    if value == 0 or not math.isfinite(value):
        return 1.0
    mantissa, _, exponent = f"{abs(value):.14e}".partition("e")
    digits = mantissa.replace(".", "").rstrip("0")
    return 10.0 ** (int(exponent) - (len(digits) - 1))


def effective_step(value: float, precision: float | None) -> float:
    """The step to show: the source's precision, else the value's own digits, at most 4
    significant digits (computed values carry float noise)."""
    if precision is not None:
        return precision
    step = _step_of(value)
    if value:
        step = max(step, 10.0 ** (math.floor(math.log10(abs(value))) - 3))
    return step


def _decimals(step: float, scale: float) -> int:
    ratio = step / scale
    return 0 if ratio >= 1 else max(0, round(-math.log10(ratio)))


# A qualifier as a figure shows it, and as a sentence says it: 350,000+ / over +26 %.
_QUALIFIERS = {
    "at_least": ("{}+", "over {}"),
    "about": ("~{}", "about {}"),
    "nearly": ("nearly {}", "nearly {}"),
}


def _qualify(text: str, qualifier: str | None, words: bool = False) -> str:
    forms = _QUALIFIERS.get(qualifier or "")
    return forms[words].format(text) if forms else text


def stated_growth(percent: float, qualifier: str | None) -> str:
    """A growth rate as a source stated it, in percent, in words: 'about +26.4 %'."""
    return _qualify(f"{percent:+g} %", qualifier, words=True)


def _scaled(value: float, step: float) -> str:
    for scale, name in _SCALES:
        if abs(value) >= scale:
            return f"{value / scale:,.{_decimals(step, scale)}f} {name}"
    return f"{value:,.{_decimals(step, 1)}f}"


def money(value: float, precision: float | None = None, qualifier: str | None = None) -> str:
    """$4.6 bn, $779 mn, $3.810 bn: never more digits than the source gave."""
    text = _scaled(abs(value), effective_step(value, precision))
    return _qualify(("-" if value < 0 else "") + "$" + text, qualifier)


def count(value: float, precision: float | None = None, qualifier: str | None = None) -> str:
    """350,000+, 197.804 mn."""
    text = _scaled(abs(value), effective_step(value, precision))
    return _qualify(("-" if value < 0 else "") + text, qualifier)


def percent(value: float, precision: float | None = None, qualifier: str | None = None) -> str:
    """A percentage given in percent units: 26.4 %."""
    step = effective_step(value, precision)
    return _qualify(f"{value:,.{_decimals(step, 1)}f} %", qualifier)


def rate(fraction: float | None, decimals: int = 2, signed: bool = False) -> str:
    """A computed rate given as a fraction: 0.2148 → 21.48 % (signed: +21.48 %)."""
    if fraction is None:
        return "—"
    return f"{fraction * 100:{'+' if signed else ''},.{decimals}f} %"


def given_rate(fraction: float) -> str:
    """A rate the user gave (a what-if), as they gave it: 0.2 → 20 %."""
    return f"{fraction * 100:g} %"


def figure(
    value: float | None, unit: str, precision: float | None = None, qualifier: str | None = None
) -> str:
    if value is None:
        return "—"
    if unit == "USD":
        return money(value, precision, qualifier)
    if unit == "percent":
        return percent(value, precision, qualifier)
    if unit == "bytes":
        return count(value, precision, qualifier) + " bytes"
    return count(value, precision, qualifier)


def years(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if value == int(value) else f"{value:.2f}"


def data_as_of_line(newest: Any) -> str:
    """The last line of every table: how old the data in use is (a ``date``)."""
    return f"Data as of {newest.isoformat()} (newest figure); see `pkit info`"


def month_name(p: Any) -> str:
    """A month (a ``Period``) in words: 'February 2026'."""
    return f"{calendar.month_name[p.start.month]} {p.start.year}"


# Machine precision -------------------------------------------------------------------------
#
# JSON, CSV and TSV carry computed values rounded here, once, so float noise never reaches
# them (26.400000000000002, 3639240506.329114); figures as published are never rounded.

PERCENT_DECIMALS = 4  # computed percentages: 4 decimals of a percent (6 of a fraction)
YEARS_DECIMALS = 4  # computed spans of years (days / 365.25, months / 12)


# Above this a float is not every whole number (2**53): it keeps its float form.
EXACT_INTEGERS = 2**53


def machine_number(value: float) -> int | float:
    """A number for machines: a whole number as an integer (3810000000, not 3810000000.0),
    as JSON and CSV print it."""
    return int(value) if value.is_integer() and abs(value) < EXACT_INTEGERS else value


def number_texts(values: list[float]) -> list[str]:
    """``machine_number(v)`` printed, for a column of floats, a column at a time in C:
    ``repr`` (the shortest text that reads back as the same float) for a fraction, the
    integer's digits for a whole number. A float's repr costs three times an integer's,
    so a column of whole numbers is printed as integers; only a column that mixes the
    two goes back to the whole ones one by one."""
    whole = list(map(float.is_integer, values))
    if not any(whole):
        return list(map(repr, values))
    if all(whole) and max(map(abs, values)) < EXACT_INTEGERS:
        return list(map(repr, map(int, values)))  # int(-0.0) is 0, as machine_number has it
    texts = list(map(repr, values))
    for i in compress(range(len(values)), whole):
        texts[i] = repr(machine_number(values[i]))
    return texts


def machine_percent(fraction: float | None) -> float | None:
    """A computed rate (a fraction) for machines: in percent, to 4 decimals."""
    return None if fraction is None else round(fraction * 100, PERCENT_DECIMALS)


def machine_amount(value: float | None, unit: str) -> float | None:
    """A computed or derived figure for machines: whole base units (USD, counts, bytes),
    or for a figure in percent, 4 decimals."""
    if value is None or not math.isfinite(value):
        return value
    return round(value, PERCENT_DECIMALS) if unit == "percent" else float(round(value))


def machine_years(value: float | None) -> float | None:
    return None if value is None else round(value, YEARS_DECIMALS)


# Ranges ------------------------------------------------------------------------------------


def interval_text(iv: tuple[float, float] | None, unit: str) -> str:
    """A range of figures in a dataset unit, rounded outwards so it never looks narrower
    than it is: '$4.528 bn to $4.630 bn'."""
    if iv is None:
        return "—"
    lo, hi = iv
    if _exact(lo, hi):
        return figure(lo, unit)
    step = _step_for_interval(lo, hi)
    lo, hi = _outward(lo, hi, step)
    return f"{figure(lo, unit, step)} to {figure(hi, unit, step)}"


def growth_interval_text(iv: tuple[float, float] | None) -> str:
    """A range of growth rates given in percent, rounded outwards: '47.425 to 47.435 %'."""
    if iv is None:
        return "—"
    lo, hi = iv
    if _exact(lo, hi):
        return f"{lo:.2f} %"
    step = min(max(_step_for_interval(lo, hi, 1), 1e-6), 0.01)
    decimals = max(2, -math.floor(math.log10(step)))
    lo, hi = _outward(lo, hi, step)
    return f"{lo:.{decimals}f} to {hi:.{decimals}f} %"


def _exact(lo: float, hi: float) -> bool:
    return abs(hi - lo) <= 1e-9 * max(abs(lo), abs(hi), 1)


def _step_for_interval(lo: float, hi: float, extra_digits: int = 2) -> float:
    """Enough digits to tell the two ends apart (4.55 to 4.65 bn, not 5 to 5 bn)."""
    width = abs(hi - lo)
    if width <= 0:
        return 1.0
    return 10.0 ** (math.floor(math.log10(width) + 1e-9) - extra_digits)


def _outward(lo: float, hi: float, step: float) -> tuple[float, float]:
    # The 1e-9 keeps an end that is already on the step (4.55 bn) from moving.
    return math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step


# Making untrusted text visible -------------------------------------------------------------

_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def visible(text: str) -> str:
    """Control characters (ANSI escapes, bidi overrides, tabs, newlines) shown as escapes,
    so dataset text can never drive the terminal."""
    return _INVISIBLE.sub(_escape_char, text)


def _escape_char(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def cell_text(value: Any) -> str:
    if isinstance(value, Cell):
        return value.text
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return output_label(value)  # a Period shows as its label
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(v) for v in value)
    return str(value)


def output_label(value: tuple[Any, ...]) -> str:
    """A Period as its label; any other NamedTuple (an analysis ``Result``) reaching
    output is a bug to catch, not a repr like ``Result(value=…)`` to print."""
    from .periods import Period

    if isinstance(value, Period):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not an output value; give its fields")


# Drawings: sparklines and bar charts ---------------------------------------------------------

SPARKS = "▁▂▃▄▅▆▇█"
EIGHTHS = " ▏▎▍▌▋▊▉"


class Citation(str):
    """A line of a sources footer in full (the source's id, publisher, title, date and URL,
    for pipes and files), with ``short``, what a terminal shows: 'Daily Times, 2025-07-19'.
    The footer's heading is one too, with no short form."""

    short: str

    def __new__(cls, full: str, short: str = "") -> Citation:
        line = super().__new__(cls, full)
        line.short = short
        return line


def compact_citations(notes: Sequence[str], hint: str) -> list[str]:
    """Notes for a terminal: a sources footer (a heading, then a line per source, each
    wrapping over two or three lines at 80 columns) as one paragraph of numbered short
    citations, '[1] Daily Times, 2025-07-19', and ``hint``, where the full ones are."""
    cited = [n.short for n in notes if isinstance(n, Citation) and n.short]
    if not cited:
        return list(notes)
    numbered = "  ".join(f"[{i}] {c}" for i, c in enumerate(cited, 1))
    kept = [n for n in notes if not isinstance(n, Citation)]
    return [*kept, f"Sources: {numbered}. {hint}"]


def sparkline(values: Sequence[float | None]) -> str:
    """One character per value, its height proportional to the value from zero (as a bar's
    length is), a space for a missing value; min to max when a value is negative."""
    known = [v for v in values if v is not None and math.isfinite(v)]
    if len(known) < 2:
        return ""  # one figure is not a trend
    low, high = min(0.0, *known), max(known)
    span = high - low
    chars = []
    for v in values:
        if v is None or not math.isfinite(v):
            chars.append(" ")
        else:
            chars.append(SPARKS[round((v - low) / span * 7) if span else 0])
    return "".join(chars)


def trend_lines(report: Report, fields: Sequence[Field]) -> list[str]:
    """'Trend  <header>  ▄▅▆▆▇█' for each shown field named in ``report.trends``: one
    character per row, a space where a row has no figure, so it reads down the table."""
    shown = [f for f in fields if f.key in report.trends]
    width = max((len(f.header) for f in shown), default=0)
    lines = []
    for f in shown:
        values = [_number(row.get(f.key)) for row in report.rows]
        spark = sparkline(values)
        if spark.strip():
            lines.append(f"Trend  {f.header:<{width}}  {spark}")
    return lines


def _number(value: Any) -> float | None:
    value = value.value if isinstance(value, Cell) else value
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def bar_text(fraction: float | None, width: int) -> str:
    """A bar ``fraction`` of ``width`` cells long, to an eighth of a cell."""
    if fraction is None or not math.isfinite(fraction) or fraction <= 0:
        return ""
    eighths = round(min(fraction, 1.0) * width * 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[rest] if rest else "")
