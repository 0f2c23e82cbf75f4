"""The one place that prints results: a Rich table on a terminal, or JSON, CSV, TSV or
Markdown for pipes; and the one place that formats money, counts and percentages.

Commands build a ``Report`` (rows of machine values, each optionally paired with the text
a person should see) and hand it to ``emit``. Drawing a table (and sparklines and charts)
is left to ``terminal``, imported only then: JSON and CSV never load Rich.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import json
import math
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from itertools import chain, repeat
from typing import Any, Literal, TextIO

from .errors import CannotWrite, OutputExists, UnknownFields, cut
from .report import Block, Cell, Column, Field, Keyed, Report, Same
from .text import cell_text, data_as_of_line, machine_number, number_texts, output_label, visible

Format = Literal["table", "json", "csv", "tsv", "markdown"]
FORMATS: tuple[str, ...] = ("table", "json", "csv", "tsv", "markdown")
PEOPLE: tuple[str, ...] = ("table", "markdown")  # the formats with a footer for people


# Emitting ------------------------------------------------------------------------------------


def select_fields(report: Report, spec: str | None, fmt: Format) -> list[Field]:
    """The fields of the report's rows to output: those ``spec`` names ("a,b,c"), in that
    order, else the default set. JSON carries every row set of the report (growth's
    ``span`` beside its ``year_on_year``), so there a name may be a field of any of them."""
    # Drawings (sparklines) are for a terminal: no other format outputs or accepts them.
    available = [f for f in report.fields if fmt == "table" or f.machine]
    if spec is None:
        people = fmt in ("table", "markdown")
        return [f for f in report.table_fields() if f in available] if people else available
    by_key = {f.key: f for f in available}
    wanted = field_names(spec)
    elsewhere = set(other_row_set_keys(report)) if fmt == "json" else set()
    unknown = [k for k in wanted if k not in by_key and k not in elsewhere]
    if unknown or not wanted:
        raise UnknownFields([visible(cut(k)) for k in unknown[:5]], sorted(set(by_key) | elsewhere))
    return [by_key[k] for k in wanted if k in by_key]


def field_names(spec: str) -> list[str]:
    """The names a field selection ("a,b,c") gives, each once, in order."""
    return list(dict.fromkeys(k.strip() for k in spec.split(",") if k.strip()))


def other_row_sets(report: Report) -> dict[str, list[dict[str, Any]]]:
    """The row sets a report carries besides its rows: the lists of records in its meta."""
    meta = report.meta or {}
    return {
        k: v
        for k, v in meta.items()
        if isinstance(v, list) and v and all(isinstance(r, dict) for r in v)
    }


def other_row_set_keys(report: Report) -> list[str]:
    return [k for rows in other_row_sets(report).values() for row in rows for k in row]


# Where a terminal's short citations point to the full ones, unless a command says better.
FULL_CITATIONS = "In full: `pkit sources`."


def emit(
    report: Report,
    fmt: Format,
    fields_spec: str | None = None,
    out: TextIO | None = None,
    citations: str | None = FULL_CITATIONS,
    data_as_of: date | None = None,
) -> None:
    """Output a report. ``fields_spec`` ("a,b,c") selects the fields of every row set;
    what describes the one thing a report is about stays in JSON (its object's other
    keys), and the lines above a table or Markdown table are left out: only the fields
    asked for are shown. On a terminal the sources are cited short, ending with
    ``citations`` (where the full ones are); None: in full, as in pipes and files.
    ``data_as_of`` (the newest figure's date) ends a table's or Markdown's footer."""
    out = out or sys.stdout
    fields = select_fields(report, fields_spec, fmt)
    if fields_spec is not None:
        report = dataclasses.replace(report, details=[])
    for f in fields:
        if not f.machine:
            _draw_deferred(report, f.key)
    for message in report.messages:
        print_message(message)
    if fmt == "json":
        names = None if fields_spec is None else field_names(fields_spec)
        _write_json(out, to_json(report, fields, names))
    elif fmt in ("csv", "tsv"):
        out.write(to_delimited(report, fields, "," if fmt == "csv" else "\t"))
    elif fmt == "markdown":
        out.write(to_markdown(report, fields, data_as_of))
    elif report.bare:
        out.write(to_bare_lines(report, fields))
    else:
        from .terminal import render_table  # Rich only when a table is drawn

        footer = None if data_as_of is None else data_as_of_line(data_as_of)
        render_table(report, fields, out, citations, footer)


def _draw_deferred(report: Report, key: str) -> None:
    """A drawing (a sparkline) may be given as a function that makes its Cell: it is made
    here, only for a format that shows it. JSON and CSV never do, and drawing every series
    of a large dataset costs more than loading it."""
    for row in report.rows:
        value = row.get(key)
        if callable(value):
            row[key] = value()


# JSON values already, most cells of a large report: returned before any isinstance test
# (`pkit indicators --json` at 100 k observations: its rows made machine values 3.2 → 1.5 ms).
_AS_IS = frozenset((str, int, bool))


def _machine(value: Any) -> Any:
    if value is None or type(value) in _AS_IS:
        return value
    if isinstance(value, Cell):
        value = value.value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return machine_number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return output_label(value)  # a Period is its label, not a list of its parts
    if isinstance(value, (list, tuple)):
        return [_machine(v) for v in value]
    if isinstance(value, dict):
        return {k: _machine(v) for k, v in value.items()}
    if value is not None and not isinstance(value, (str, int, bool)):
        return str(value)
    return value


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


def json_document(report: Report) -> Any:
    """What the JSON format prints for a report, as Python values (the library's rows): a list
    of rows, or for a report about one thing an object holding them."""
    rows = machine_rows(report, select_fields(report, None, "json"))
    if report.meta is None:
        return rows
    return {**_machine(report.meta), report.rows_key: rows}


def machine_record(row: dict[str, Any]) -> dict[str, Any]:
    """One record of a row stream (pkit export) as JSON values."""
    return {k: _machine(v) for k, v in row.items()}


def to_json(report: Report, fields: Sequence[Field], names: Sequence[str] | None = None) -> str:
    """An array of rows, one row per line; or, for a report about one thing, an indented
    object. ``names`` (a field selection) cuts every row set to those of its fields, in order;
    a row set with none of them is left out. (One row a line is readable and fast: json's
    indenting encoder is pure Python, and took 27 ms of a 0.35 s answer over 100 k
    observations.)"""
    rows = machine_rows(report, fields)
    if report.meta is not None:
        doc = _machine(report.meta)
        if names is not None:
            for key, records in other_row_sets(report).items():
                kept = [k for k in names if any(k in r for r in records)]
                doc.pop(key)
                if kept:
                    doc[key] = [{k: _machine(r.get(k)) for k in kept} for r in records]
        if names is None or fields:
            doc[report.rows_key] = rows
        return safe_json(json.dumps(doc, allow_nan=False, ensure_ascii=False, indent=2))
    if not rows:
        return "[]"
    return "[\n  " + ",\n  ".join(map(_json_row, rows)) + "\n]"


# One encoder for every row (json.dumps with options makes one per call); each row made safe
# alone, so an ASCII row skips the scan (`pkit indicators --json` at 100 k observations, with
# _AS_IS above: its rows to JSON text 6.8 → 4.0 ms).
_ROW_ENCODER = json.JSONEncoder(allow_nan=False, ensure_ascii=False)


def _json_row(row: dict[str, Any]) -> str:
    text = _ROW_ENCODER.encode(row)
    if text.isascii() and "\x7f" not in text:  # DEL is the one ASCII character to escape
        return text
    return safe_json(text)


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


def to_markdown(report: Report, fields: Sequence[Field], data_as_of: date | None = None) -> str:
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
    notes = report.notes  # no sparklines: Markdown is read where they do not render
    if data_as_of is not None:
        notes = [*notes, data_as_of_line(data_as_of)]
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


# Streams of rows and files written whole (pkit export) ----------------------------------


def stream_csv(
    keys: Sequence[str],
    blocks: Iterable[Block],
    out: TextIO,
    free_text: Sequence[str] = (),
) -> None:
    """A large table as RFC 4180 CSV (the ``csv`` module's quoting), block by block. The
    ``free_text`` columns (names, URLs, notes: text a dataset may fill at will) are made
    visible as everywhere; the others are ids, labels and dates the schema has checked."""
    header = io.StringIO()
    csv.writer(header).writerow(keys)
    out.write(header.getvalue())
    cells = [_Cells(_csv_free_text if k in free_text else _csv_value) for k in keys]
    _stream_blocks(blocks, cells, out, ",", "\r\n")


def stream_jsonl(keys: Sequence[str], blocks: Iterable[Block], out: TextIO) -> None:
    """JSON Lines: one JSON object per row, one row per line (terminal-active characters
    escaped, as in all JSON pkit writes), block by block."""
    dumps = json.JSONEncoder(allow_nan=False, ensure_ascii=False).encode
    cells = [_Cells(lambda v: safe_json(dumps(v))) for _ in keys]
    names = [dumps(k) + ": " for k in keys]
    _stream_blocks(blocks, cells, out, ", ", "}\n", names, "{")


class _Cells(dict[Any, str]):
    """The text of each distinct value of one column, worked out on first sight (ids,
    labels, dates and names repeat on every row) and then looked up in C; numbers a column
    at a time (``number_texts``)."""

    LIMIT = 100_000  # distinct values remembered; notes seldom repeat

    def __init__(self, encode: Callable[[Any], str]) -> None:
        super().__init__()
        self.encode = encode

    def __missing__(self, value: Any) -> str:
        # A number as number_texts prints it (3, not 3.0), wherever it stands.
        text = self.encode(machine_number(value) if value.__class__ is float else value)
        if len(self) < self.LIMIT:
            self[value] = text
        return text

    def column(self, values: list[Any]) -> Iterable[str]:
        if values and values[0].__class__ is float:
            try:
                return number_texts(values)
            except TypeError:  # not only floats: each value on its own
                pass
        return map(self.__getitem__, values)


class _GroupTexts(dict[Any, str]):
    """The text of neighbouring columns keyed alike (a period's frequency, label and
    dates), for each distinct key: their cells joined, worked out on first sight."""

    def __init__(self, parts: list[tuple[str, _Cells, Mapping[Any, Any] | None]], between: str):
        super().__init__()
        self.parts = parts
        self.between = between

    def __missing__(self, key: Any) -> str:
        text = self[key] = self.between.join(
            name + cells[key if of is None else of[key]] for name, cells, of in self.parts
        )
        return text


def _stream_blocks(
    blocks: Iterable[Block],
    cells: Sequence[_Cells],
    out: TextIO,
    between: str,
    end: str,
    names: Sequence[str] = (),
    begin: str = "",
) -> None:
    """Write each block's rows as one string: the text that is the same on every row (a
    column with one value, the names, the separators) held as literal pieces, and the
    varying columns' texts between them, all joined by one ``str.join`` over
    ``zip``/``chain`` in C (no Python code and no template to parse per row: a million
    rows of JSON Lines, 1.4 s → 0.8 s of writing). Columns keyed alike side by side (a
    period's frequency, label and dates) are one piece, worked out once per distinct key."""
    named = names or [""] * len(cells)
    groups: dict[tuple[Any, ...], _GroupTexts] = {}
    for block in blocks:
        literal = [begin]  # the text before each varying piece, and after the last
        varying: list[Iterable[str]] = []
        for n, run in enumerate(_runs(block.columns)):
            if n:
                literal[-1] += between
            i, column = run[0]
            if isinstance(column, Keyed):
                varying.append(_keyed_texts(run, cells, named, between, groups))
                literal.append("")
            elif isinstance(column, Same):
                literal[-1] += named[i] + cells[i][column.value]
            else:
                literal[-1] += named[i]
                varying.append(cells[i].column(column))
                literal.append("")
        literal[-1] += end
        if not varying:
            out.write(literal[0] * block.length)
            continue
        pieces: list[Iterable[str]] = [repeat(literal[0])]
        for texts, after in zip(varying, literal[1:], strict=True):
            pieces += [texts, repeat(after)]
        # repeat() never ends: the block's columns, all of one length, end each row's zip.
        rows = zip(*pieces, strict=False)
        out.write("".join(chain.from_iterable(rows)))


def _runs(columns: Sequence[Column]) -> list[list[tuple[int, Column]]]:
    """The columns one by one, except that neighbours keyed by the same keys go together."""
    runs: list[list[tuple[int, Column]]] = []
    for i, column in enumerate(columns):
        previous = runs[-1][-1][1] if runs else None
        if (
            isinstance(column, Keyed)
            and isinstance(previous, Keyed)
            and previous.keys is column.keys
        ):
            runs[-1].append((i, column))
        else:
            runs.append([(i, column)])
    return runs


def _keyed_texts(
    run: list[tuple[int, Column]],
    cells: Sequence[_Cells],
    names: Sequence[str],
    between: str,
    groups: dict[tuple[Any, ...], _GroupTexts],
) -> Iterable[str]:
    """The text of a run of columns keyed alike, row by row: each distinct key's text made
    once, and remembered across blocks for the same columns and mappings."""
    keyed = [(i, c) for i, c in run if isinstance(c, Keyed)]
    signature = tuple((i, id(c.of)) for i, c in keyed)
    texts = groups.get(signature)
    if texts is None or len(texts) > _Cells.LIMIT:  # keys are periods, dates and sources
        texts = groups[signature] = _GroupTexts(
            [(names[i], cells[i], c.of) for i, c in keyed], between
        )
    return map(texts.__getitem__, keyed[0][1].keys)


def _csv_value(value: Any) -> str:
    return "" if value is None else _csv_cell(str(value))


def _csv_free_text(value: Any) -> str:
    return "" if value is None else _csv_cell(visible(value))


def _csv_cell(text: str) -> str:
    """One CSV field as the ``csv`` module writes it (quoted only when it must be)."""
    line = io.StringIO()
    csv.writer(line, lineterminator="").writerow([text, ""])
    return line.getvalue()[:-1]


def write_text_file(path: str, text: str) -> None:
    """A small text file (an overlay) written as UTF-8."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


@contextlib.contextmanager
def file_replaced_whole(path: str, *, force: bool) -> Iterator[str]:
    """A temporary path beside ``path``, renamed onto it when the block succeeds and
    removed when it fails or is interrupted: a reader never sees a half-written file."""
    target = os.path.abspath(path)
    if os.path.exists(target) and not force:
        raise OutputExists(path)
    if os.path.isdir(target):
        raise CannotWrite(path, "it is a directory")
    folder = os.path.dirname(target)
    try:
        fd, temporary = tempfile.mkstemp(prefix=".pkit-", suffix=".tmp", dir=folder)
    except OSError as e:
        raise CannotWrite(path, str(e.strerror or e)) from None
    os.close(fd)
    try:
        os.unlink(temporary)  # sqlite3 wants to create its file itself
        yield temporary
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
