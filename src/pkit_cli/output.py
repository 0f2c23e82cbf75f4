"""The one place that prints results: a Rich table on a terminal, or JSON, CSV, TSV or
Markdown for pipes; and the one place that formats money, counts and percentages.

Commands build a ``Report`` (rows of machine values, each optionally paired with the text
a person should see) and hand it to ``emit``. Drawing a table (and sparklines and charts)
is left to ``terminal``, imported only then: JSON and CSV never load Rich.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TextIO

from .errors import UsageProblem, cut

if TYPE_CHECKING:
    from .terminal import BarChart

Format = Literal["table", "json", "csv", "tsv", "markdown"]
FORMATS: tuple[str, ...] = ("table", "json", "csv", "tsv", "markdown")


class Cell(NamedTuple):
    """A value for machines (JSON, CSV) and the text people see (table, Markdown)."""

    value: Any
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
    after: Callable[[Any], None] | None = None
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


def _qualify(text: str, qualifier: str | None) -> str:
    if qualifier == "at_least":
        return text + "+"
    if qualifier == "about":
        return "~" + text
    if qualifier == "nearly":
        return "nearly " + text
    return text


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


def rate(fraction: float | None, decimals: int = 2) -> str:
    """A computed growth rate given as a fraction: 0.2148 → 21.48 %."""
    return "—" if fraction is None else f"{fraction * 100:,.{decimals}f} %"


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


# Making untrusted text visible -------------------------------------------------------------

_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def visible(text: str) -> str:
    """Control characters (ANSI escapes, bidi overrides, tabs, newlines) shown as escapes,
    so dataset text can never drive the terminal."""
    return _INVISIBLE.sub(_escape_char, text)


def _escape_char(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# Emitting ------------------------------------------------------------------------------------


def choose_format(fmt: str | None, json_flag: bool) -> Format:
    if json_flag and fmt not in (None, "json"):
        raise UsageProblem(f"--json conflicts with --format {fmt}: give one of them")
    chosen = "json" if json_flag else ("table" if fmt is None else fmt)  # '' is no format
    if chosen not in FORMATS:
        raise UsageProblem(
            f"--format '{visible(cut(chosen))}' is unknown; choose one of {', '.join(FORMATS)}"
        )
    return chosen  # type: ignore[return-value]


def select_fields(report: Report, spec: str | None, fmt: Format) -> list[Field]:
    """The fields to output: --fields a,b,c in that order, else the default set."""
    people = fmt in ("table", "markdown")
    # Drawings (sparklines) are for people: machine formats neither output nor accept them.
    available = [f for f in report.fields if people or f.machine]
    if spec is None:
        if people:
            return [f for f in available if f.in_table]
        return available
    by_key = {f.key: f for f in available}
    wanted = [k.strip() for k in spec.split(",") if k.strip()]
    unknown = [k for k in wanted if k not in by_key]
    if unknown or not wanted:
        what = (
            f"unknown field{'s' if len(unknown) > 1 else ''} {', '.join(visible(cut(k)) for k in unknown[:5])}"
            if unknown
            else "no fields given"
        )
        raise UsageProblem(f"--fields: {what}; available fields: {', '.join(sorted(by_key))}")
    return [by_key[k] for k in dict.fromkeys(wanted)]


def emit(
    report: Report, fmt: Format, fields_spec: str | None = None, out: TextIO | None = None
) -> None:
    out = out or sys.stdout
    fields = select_fields(report, fields_spec, fmt)
    for f in fields:
        if not f.machine:
            _draw_deferred(report, f.key)
    for message in report.messages:
        print_message(message)
    if fmt == "json":
        _write_json(out, to_json(report, fields))
    elif fmt in ("csv", "tsv"):
        out.write(to_delimited(report, fields, "," if fmt == "csv" else "\t"))
    elif fmt == "markdown":
        out.write(to_markdown(report, fields))
    elif report.bare:
        out.write(to_bare_lines(report, fields))
    else:
        from .terminal import render_table  # Rich only when a table is drawn

        render_table(report, fields, out)


def _draw_deferred(report: Report, key: str) -> None:
    """A drawing (a sparkline) may be given as a function that makes its Cell: it is made
    here, only for a format that shows it. JSON and CSV never do, and drawing every series
    of a large dataset costs more than loading it."""
    for row in report.rows:
        value = row.get(key)
        if callable(value):
            row[key] = value()


def _machine(value: Any) -> Any:
    if isinstance(value, Cell):
        value = value.value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return _label(value)  # a Period is its label, not a list of its parts
    if isinstance(value, (list, tuple)):
        return [_machine(v) for v in value]
    if isinstance(value, dict):
        return {k: _machine(v) for k, v in value.items()}
    if value is not None and not isinstance(value, (str, int, bool)):
        return str(value)
    return value


def _label(value: tuple[Any, ...]) -> str:
    """A Period as its label; any other NamedTuple (an analysis ``Result``) reaching
    output is a bug to catch, not a repr like ``Result(value=…)`` to print."""
    from .periods import Period

    if isinstance(value, Period):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not an output value; give its fields")


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
        return _label(value)  # a Period shows as its label
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(v) for v in value)
    return str(value)


def machine_rows(report: Report, fields: Sequence[Field]) -> list[dict[str, Any]]:
    return [{f.key: _machine(row.get(f.key)) for f in fields} for row in report.rows]


# Characters json.dumps(ensure_ascii=False) leaves raw that a terminal acts on: C1 controls
# (U+009B is CSI, U+009D OSC), bidi overrides and the other invisible ones ``visible`` shows.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def _json_escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def safe_json(text: str) -> str:
    """JSON text with every terminal-active character escaped (``\\u009b``): they occur
    only inside strings, where the escape means the same character."""
    return _JSON_UNSAFE.sub(_json_escape, text)


def ascii_json(text: str) -> str:
    """JSON text for a stream that cannot encode it (PYTHONIOENCODING=ascii): the same
    document, every non-ASCII character escaped as JSON does."""
    return re.sub(r"[^\x00-\x7f]", lambda m: json.dumps(m.group())[1:-1], text)


def to_json(report: Report, fields: Sequence[Field]) -> str:
    """An array of rows, one row per line; or, for a report about one thing, an indented
    object. (One row a line is readable and fast: json's indenting encoder is pure Python,
    and took 27 ms of a 0.35 s answer over 100 k observations.)"""
    rows = machine_rows(report, fields)
    if report.meta is not None:
        doc = {**_machine(report.meta), report.rows_key: rows}
        return safe_json(json.dumps(doc, allow_nan=False, ensure_ascii=False, indent=2))
    if not rows:
        return "[]"
    lines = (json.dumps(row, allow_nan=False, ensure_ascii=False) for row in rows)
    return safe_json("[\n  " + ",\n  ".join(lines) + "\n]")


def to_delimited(report: Report, fields: Sequence[Field], delimiter: str) -> str:
    buf = io.StringIO()
    if delimiter == ",":
        writer = csv.writer(buf)  # RFC 4180: quoted as needed, CRLF line ends
    else:
        writer = csv.writer(
            buf, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n"
        )
    writer.writerow([f.key for f in fields])
    for row in machine_rows(report, fields):
        cells = [_delimited_cell(row[f.key]) for f in fields]
        if cells == [""] and delimiter == "\t":  # csv refuses it unquoted: an empty line
            buf.write("\n")
            continue
        writer.writerow(cells)
    return buf.getvalue()


def _delimited_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    return visible(str(value))


def to_markdown(report: Report, fields: Sequence[Field]) -> str:
    def cell(text: str) -> str:
        return visible(text).replace("\\", "\\\\").replace("|", "\\|")

    lines = [f"### {cell(report.title)}", ""]
    if report.details:
        lines += [f"- **{cell(k)}:** {cell(v)}" if k else f"- {cell(v)}" for k, v in report.details]
        lines.append("")
    lines.append("| " + " | ".join(cell(f.header) for f in fields) + " |")
    lines.append("|" + "|".join("---:" if f.numeric else "---" for f in fields) + "|")
    for row in report.rows:
        lines.append("| " + " | ".join(cell(cell_text(row.get(f.key))) for f in fields) + " |")
    from .terminal import trend_lines

    notes = trend_lines(report, fields) + report.notes
    if notes:
        lines += [""] + [cell(n) + "  " for n in notes]
    return "\n".join(lines) + "\n"


def print_message(message: str) -> None:
    """A note or warning for people: stderr, so stdout stays machine-readable."""
    sys.stderr.write(visible(message) + "\n")


# Bare lines and plain documents ------------------------------------------------------------


def to_bare_lines(report: Report, fields: Sequence[Field]) -> str:
    """Each row's cells as one line of text, control characters made visible."""
    return "".join(
        " ".join(visible(cell_text(row.get(f.key))) for f in fields) + "\n" for row in report.rows
    )


def write_json_document(doc: Any, out: TextIO | None = None) -> None:
    """A JSON document that is not a report (pkit schema): strict JSON on stdout."""
    out = out or sys.stdout
    _write_json(out, safe_json(json.dumps(doc, allow_nan=False, ensure_ascii=False, indent=2)))


def _write_json(out: TextIO, text: str) -> None:
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("_", "-")
    out.write((text if encoding in ("utf-8", "utf8") else ascii_json(text)) + "\n")
