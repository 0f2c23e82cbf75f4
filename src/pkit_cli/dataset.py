"""Loading a dataset (the embedded one, a path given on the command line or ``$PKIT_DATA``)
and querying it.

Every load failure becomes a ``DataError`` whose message says what was wrong and where.
Look-ups are dictionary look-ups; the default view is the latest vintage of each
(indicator, period), and ``as_of`` hides everything published after a date (as ALFRED does).
"""

from __future__ import annotations

import copy
import difflib
import os
import stat
from collections.abc import Iterable
from datetime import date
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import ValidationError

from . import periods, schema
from .errors import DataError, EmptyDataPath, LookupProblem, NotYetPublished, cut

if TYPE_CHECKING:
    from pydantic import BaseModel, TypeAdapter
    from pydantic_core import ErrorDetails

DATA_ENV = "PKIT_DATA"
OVERLAY_ENV = "PKIT_OVERLAY"
MAX_SIZE_ENV = "PKIT_MAX_DATA_MB"
DEFAULT_MAX_MB = 256  # a million observations take about 110 MB; see README "Limits"
EMBEDDED = "embedded dataset"


class Point(NamedTuple):
    """One observation of one indicator, with its period parsed.

    A NamedTuple, not a frozen dataclass: as immutable and hashable, and built four times
    faster (a frozen dataclass sets each field through ``object.__setattr__``), which
    matters when a command walks every series of a million-observation dataset."""

    indicator: str
    period: periods.Period
    value: float
    status: schema.Status
    as_of: date
    source: str
    qualifier: schema.Qualifier | None = None
    precision: float | None = None
    note: str | None = None
    derivation: schema.Derivation | None = None
    also_reported_by: tuple[str, ...] = ()

    @classmethod
    def of(cls, indicator: str, obs: schema.Observation) -> Point:
        return cls(
            indicator,
            periods.parse_canonical(obs["period"]),
            obs["value"],
            obs["status"],
            obs["as_of"],
            obs["source"],
            obs.get("qualifier"),
            obs.get("precision"),
            obs.get("note"),
            obs.get("derivation"),
            tuple(obs.get("also_reported_by") or ()),
        )


# Loading ------------------------------------------------------------------------------------


TODAY_ENV = "PKIT_TODAY"


def pinned_today() -> date | None:
    """``PKIT_TODAY`` (YYYY-MM-DD): the day to judge deadlines against instead of today, so a
    README or a golden file reads the same tomorrow. Unlike an as-of date it hides nothing."""
    text = os.environ.get(TODAY_ENV)
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise DataError(f"{TODAY_ENV}='{cut(text)}' is not a date; write YYYY-MM-DD") from None


def resolve_path(option: str | None) -> str | None:
    """A path given on the command line wins over ``$PKIT_DATA``; None means the embedded
    dataset."""
    if option is not None:
        return option
    return os.environ.get(DATA_ENV) or None


def resolve_overlays(option: list[str] | None) -> list[str]:
    """Overlay files given on the command line win over ``$PKIT_OVERLAY`` (several paths
    joined by ``os.pathsep``); [] means none, and the load pays nothing for them."""
    if option:
        return list(option)
    raw = os.environ.get(OVERLAY_ENV)
    return [p for p in raw.split(os.pathsep) if p] if raw else []


MAX_MB_ALLOWED = 1024 * 1024  # 1 TB: far above any memory pkit could load it into


def max_bytes() -> int:
    raw = os.environ.get(MAX_SIZE_ENV)
    if raw is None:
        return DEFAULT_MAX_MB * 1024 * 1024
    shown = cut(raw)
    try:
        mb = float(raw)
    except ValueError:
        raise DataError(f"{MAX_SIZE_ENV}='{shown}' is not a number of megabytes") from None
    if not 0 < mb <= MAX_MB_ALLOWED:  # also refuses NaN and infinity
        raise DataError(
            f"{MAX_SIZE_ENV}='{shown}': give a number of megabytes above 0 and at most "
            f"{MAX_MB_ALLOWED:,}"
        )
    return max(1, int(mb * 1024 * 1024))


def embedded_bytes() -> bytes:
    """The dataset shipped inside the package (in a source checkout: data/indicators.json)."""
    shipped = resources.files("pkit_cli").joinpath("indicators.json")
    if shipped.is_file():
        return shipped.read_bytes()
    checkout = Path(__file__).resolve().parents[2] / "data" / "indicators.json"
    return checkout.read_bytes()


# How long a pipe (`--data <(curl …)`, a FIFO) may stay silent before pkit gives up: a
# FIFO nobody writes to would otherwise block forever.
PIPE_PATIENCE_SECONDS = 3.0
_CHUNK = 1024 * 1024
BOM = b"\xef\xbb\xbf"


def read_bytes(path: str | None, *, patience: float = PIPE_PATIENCE_SECONDS) -> tuple[bytes, str]:
    """The raw file and a name for messages.

    Reads at most the size limit plus one byte from anything, whatever ``st_size`` says
    (it is 0 for devices and pipes). A regular file is read; a pipe is read without ever
    blocking for longer than ``patience`` seconds (0: refused, as completion must never
    wait); devices, sockets and directories are refused."""
    if path is None:
        return embedded_bytes(), EMBEDDED
    if path == "":
        raise EmptyDataPath()
    name = cut(path, 200)
    limit = max_bytes()
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise DataError(f"{name}: is a directory, not a dataset file")
        if stat.S_ISREG(mode):
            data = _read_file(path, limit)
        elif stat.S_ISFIFO(mode) and patience > 0:
            data = _read_pipe(path, name, limit, patience)
        else:
            kind = "a pipe" if stat.S_ISFIFO(mode) else "a device or socket"
            raise DataError(f"{name}: is {kind}, not a regular file; give a dataset file")
    except DataError:
        raise
    except FileNotFoundError:
        raise DataError(f"{name}: no such file") from None
    except PermissionError:
        raise DataError(f"{name}: permission denied (cannot read the file)") from None
    except OSError as e:
        raise DataError(f"{name}: cannot read: {e.strerror or e}") from None
    if len(data) > limit:
        raise DataError(
            f"{name}: larger than the {_megabytes(limit)} limit; raise it with "
            f"{MAX_SIZE_ENV}=<megabytes> if the file is trusted"
        )
    if data.startswith(BOM):
        raise DataError(
            f"{name}: the file starts with a byte-order mark (BOM); save it as UTF-8 without one"
        )
    if not data.strip():
        raise DataError(f"{name}: the file is empty; expected a JSON dataset")
    return data, name


def _read_file(path: str, limit: int) -> bytes:
    """A regular file, at most ``limit`` + 1 bytes. Read at the size the file says it has
    (asking for the limit itself reserves that much first: 100 k observations, 7 → 1 ms),
    then on to the limit if it has grown meanwhile."""
    with open(path, "rb") as f:
        size = min(os.fstat(f.fileno()).st_size, limit)
        data = f.read(size + 1)
        if len(data) > size:
            data += f.read(limit - len(data) + 1)
    return data


def _read_pipe(path: str, name: str, limit: int, patience: float) -> bytes:
    """A FIFO read to its end, at most ``limit`` + 1 bytes, never waiting in ``open`` (no
    writer yet) nor for more than ``patience`` seconds between bytes."""
    import select

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        chunks: list[bytes] = []
        size = 0
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP)
        while size <= limit:
            if not poller.poll(int(patience * 1000)):
                raise DataError(
                    f"{name}: a pipe that sent no data for {patience:g} s; give a dataset file"
                )
            try:
                chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            except BlockingIOError:
                continue
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def _check_utf8(data: bytes, name: str) -> None:
    """Raise the DataError that names the first byte that is not UTF-8, if any.

    Only after a failed parse: decoding a 100 MB file costs 0.15 s that a valid one
    need not pay."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _line_col(data, e.start)
        raise DataError(
            f"{name}: not UTF-8 text (byte 0x{data[e.start]:02x} at line {line}, column {col})"
        ) from None


def parse(data: bytes, name: str) -> schema.Dataset:
    """Validate raw bytes into the schema, or raise DataError listing every problem."""
    # The cyclic GC is off for the whole run (the entry point, __main__, decides that).
    try:
        return schema.Dataset.model_validate_json(data)
    except ValidationError as e:
        _check_utf8(data, name)  # pydantic rejects bad UTF-8 too, but cannot say where
        raise DataError(name + ": " + describe_validation_error(e, name)) from None
    except RecursionError:
        raise DataError(f"{name}: JSON nested too deeply") from None


SHOWN_PROBLEMS = 5  # in a load error; `pkit validate` lists them all


def describe_validation_error(e: ValidationError, name: str) -> str:
    problems = validation_problems(e)
    if len(problems) == 1 and problems[0].startswith("invalid JSON"):
        return problems[0]
    # One line on stderr (errors are one line): the first few problems, then a pointer to
    # `pkit validate`, which lists every one — a load stops at type errors before checking
    # cross-references, so it cannot promise it found them all.
    shown = "; ".join(problems[:SHOWN_PROBLEMS])
    more = len(problems) - SHOWN_PROBLEMS
    command = "pkit validate" + ("" if name == EMBEDDED else f" {name}")
    also = f"; and {more} more" if more > 0 else ""
    return f"invalid dataset: {shown}{also} (every problem: {command})"


def validation_problems(e: ValidationError) -> list[str]:
    """One line per error: the JSON path, then what was wrong and what is accepted (a JSON
    syntax error carries its own line and column instead of a path)."""
    return [
        msg if msg.startswith("invalid JSON") else f"{path}: {msg}"
        for path, msg in structured_problems(e)
    ]


def _message(err: ErrorDetails) -> str:
    msg = err["msg"]
    if err["type"] == "finite_number":
        return "must be a finite number (not NaN, Infinity or out of range)"
    if err["type"] == "float_type" and isinstance(err.get("input"), str):
        return "must be a JSON number, not a string in quotes"
    return msg[0].lower() + msg[1:] if msg else msg


def json_path(loc: Iterable[str | int]) -> str:
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def load(
    path_option: str | None, as_of: date | None = None, *, patience: float = PIPE_PATIENCE_SECONDS
) -> Data:
    data, name = read_bytes(resolve_path(path_option), patience=patience)
    model = parse(data, name)
    check_duplicate_keys(data, name)  # small user files only; see "Validation" below
    return Data(model, name, as_of)


# Queries ------------------------------------------------------------------------------------


class Data:
    """A validated dataset seen as of a date (None: everything published)."""

    def __init__(
        self,
        model: schema.Dataset,
        name: str,
        as_of: date | None = None,
        overlays: tuple[str, ...] = (),
    ) -> None:
        self.model = model
        self.name = name
        self.overlays = overlays  # the overlay files merged into the model, in order
        self.indicators = {i.id: i for i in model.indicators}
        self.sources = {s.id: s for s in model.sources}
        self.statements = {s.id: s for s in model.statements}
        self.targets = {t.id: t for t in model.targets}
        self._seen_as_of(as_of)

    def _seen_as_of(self, as_of: date | None) -> None:
        """The as-of date and everything that depends on it: what a view of the same data
        on another day (as_known_on) sets afresh, sharing the rest."""
        self.as_of = as_of
        self._vintages: dict[str, dict[str, list[Point]]] = {}
        self._annual: dict[str, dict[str, list[Point]]] = {}
        self._earlier: dict[date, Data] = {}  # as_known_on's views, by day

    @property
    def today(self) -> date:
        """The date deadlines are judged against: ``as_of`` when given, else today
        (``PKIT_TODAY`` pins today for reproducible documents and tests; it hides nothing)."""
        return self.as_of or pinned_today() or date.today()

    @property
    def embedded(self) -> bool:
        return self.name == EMBEDDED

    def newest_figure(self) -> date | None:
        """The publication date of the newest visible observation (as of ``as_of``)."""
        newest = [
            max(map(itemgetter("as_of"), observations))
            for ind in self.model.indicators
            if (observations := self.observations(ind.id))
        ]
        return max(newest, default=None)

    def visible(self, published: date) -> bool:
        return self.as_of is None or published <= self.as_of

    def as_known_on(self, day: date) -> Data:
        """The same dataset seen as of an earlier day (never later than its own as-of date).

        A view: it shares the look-ups by id, and one is made per day. `pkit check` asks
        for one per statement's date, and building the look-ups of a thousand series anew
        each time cost a third of its audit (100 k observations: 10 ms of 32)."""
        if self.as_of is not None and self.as_of <= day:
            return self
        view = self._earlier.get(day)
        if view is None:
            view = copy.copy(self)  # the model, its name and the look-ups, shared
            view._seen_as_of(day)
            self._earlier[day] = view
        return view

    def indicator(self, ident: str) -> schema.Indicator:
        try:
            return self.indicators[ident]
        except KeyError:
            raise LookupProblem(_unknown("indicator", ident, self.indicators)) from None

    def target(self, ident: str) -> schema.Target:
        t = self.targets.get(ident)
        if t is None:
            by_case = {t.lower(): t for t in self.targets}
            if ident.lower() not in by_case:
                raise LookupProblem(_unknown("target", ident, self.targets))
            t = self.targets[by_case[ident.lower()]]
        if not self.visible(t.set_on):
            raise NotYetPublished(f"target {t.id} was set on {t.set_on}", self.as_of)
        return t

    def visible_targets(self) -> list[schema.Target]:
        """Targets already set on the as-of date (all of them without one)."""
        return [t for t in self.model.targets if self.visible(t.set_on)]

    def source(self, ident: str) -> schema.Source:
        try:
            return self.sources[ident]
        except KeyError:
            raise LookupProblem(_unknown("source", ident, self.sources)) from None

    def vintages(self, ident: str) -> dict[str, list[Point]]:
        """The annual view: every visible observation of an indicator (period label →
        oldest … newest), without the months of a flow series. Fiscal years, parts of
        them and points in time, as every annual command (exports, growth, targets,
        chart, show) has always used; the months are in ``all_vintages`` and ``months``."""
        if ident not in self._annual:
            everything = self.all_vintages(ident)
            if self.indicator(ident).flow:
                everything = {
                    label: points
                    for label, points in everything.items()
                    if points[0].period.kind != "month"
                }
            self._annual[ident] = everything
        return self._annual[ident]

    def months(self, ident: str) -> list[Point]:
        """The latest visible vintage of each month of a flow series, in order ([] for a
        stock series, whose months are points in time in the annual view)."""
        if not self.indicator(ident).flow:
            return []
        return [
            points[-1]
            for points in self.all_vintages(ident).values()
            if points[0].period.kind == "month"
        ]

    def frequency(self, p: Point) -> periods.Frequency:
        """``annual``, ``partial``, ``monthly`` (a month of a flow series) or ``point``."""
        return p.period.frequency(self.indicator(p.indicator).flow)

    def all_vintages(self, ident: str) -> dict[str, list[Point]]:
        """Every visible observation of an indicator, months of flow series included:
        period label → oldest … newest."""
        cache = self._vintages
        if ident not in cache:
            by_period: dict[str, list[Point]] = {}
            for obs in self.observations(ident):
                by_period.setdefault(obs["period"], []).append(Point.of(ident, obs))
            for points in by_period.values():
                points.sort(key=lambda p: p.as_of)
            cache[ident] = dict(
                sorted(by_period.items(), key=lambda kv: kv[1][0].period.sort_key())
            )
        return cache[ident]

    def _known(self, obs: schema.Observation) -> bool:
        if not self.visible(obs["as_of"]):
            return False
        derivation = obs.get("derivation")
        return derivation is None or self._inputs_known(derivation)

    def _inputs_known(self, d: schema.Derivation) -> bool:
        """A derived value is invisible until every input it names had been published."""
        if self.as_of is None:
            return True
        for ref in d.inputs.values():
            if ref.statement is not None:
                if not self.visible(self.statements[ref.statement].as_of):
                    return False
            elif ref.as_of is not None and not self.visible(ref.as_of):
                return False
        return True

    def series(self, ident: str) -> list[Point]:
        """The latest visible vintage of each period, in period order."""
        return [points[-1] for points in self.vintages(ident).values()]

    def point(self, ident: str, period: periods.Period) -> Point | None:
        """The latest visible vintage for exactly this period (a month too)."""
        points = self.all_vintages(ident).get(period.label)
        return points[-1] if points else None

    def observations(self, ident: str) -> list[schema.Observation]:
        """An indicator's visible observations, every vintage, in file order."""
        everything = self.indicator(ident).observations
        if self.as_of is None:  # nothing is hidden
            return everything
        return [obs for obs in everything if self._known(obs)]

    def count(self, ident: str) -> int:
        """How many visible observations (every vintage) an indicator has."""
        return len(self.observations(ident))

    def latest(self, ident: str) -> Point | None:
        """The latest vintage of the last period: the same point as ``series(ident)[-1]``,
        found without a Point (or a sort) for every observation, since `pkit indicators`
        asks this of every series of a dataset that may hold a million observations."""
        if ident in self._vintages:
            s = self.series(ident)
            return s[-1] if s else None
        observations = self.observations(ident)
        if self.indicator(ident).flow:  # the annual view: a flow series' months are not in it
            observations = [
                o for o in observations if periods.parse_canonical(o["period"]).kind != "month"
            ]
        if not observations:
            return None
        # Labels in order of first appearance, reversed: of two labels with equal sort keys,
        # max() then picks the one vintages() would order last (its sort is stable).
        labels = reversed(dict.fromkeys(map(itemgetter("period"), observations)))
        last = max(labels, key=periods.label_sort_key)
        # (period, as_of) is unique within an indicator (schema integrity), so no ties here.
        newest = max((o for o in observations if o["period"] == last), key=itemgetter("as_of"))
        return Point.of(ident, newest)

    def visible_statements(
        self, ident: str | None = None, kinds: tuple[schema.StatementKind, ...] | None = None
    ) -> list[schema.Statement]:
        """Statements published by the as-of date; ``kinds`` None: every kind."""
        return [
            s
            for s in self.model.statements
            if (ident is None or s.indicator == ident)
            and (kinds is None or s.kind in kinds)
            and self.visible(s.as_of)
        ]

    def resolve_input(self, ref: schema.InputRef) -> tuple[float, str] | None:
        """The value a derivation input names, and a description of it."""
        if ref.statement is not None:
            st = self.statements.get(ref.statement)
            if st is None or st.percent is None:  # only a growth statement has a rate
                return None
            return st.percent, f"stated growth {st.id}"
        p = self.input_point(ref)
        if p is None:
            return None
        return p.value, f"{ref.indicator} {p.period.label} as of {p.as_of}"

    def input_point(self, ref: schema.InputRef) -> Point | None:
        """The visible observation a derivation input names: its vintage if it names one,
        else the latest. None for a statement input, or when nothing matches."""
        if ref.indicator is None or ref.period is None:
            return None
        points = self.all_vintages(ref.indicator).get(ref.period, [])
        if ref.as_of is not None:
            points = [p for p in points if p.as_of == ref.as_of]
        return points[-1] if points else None

    def match_period(self, ident: str, period: periods.Period) -> str:
        """The label of the period an indicator has a figure for, exactly as asked."""
        vintages = self.vintages(ident)
        if period.label in vintages:
            return period.label
        raise self._no_figure_for(ident, period)

    def resolve_point(self, ident: str, wanted: periods.Period, pick_last: bool) -> Point:
        """The observation a user's period names: the period itself, or for a point-in-time
        series the first or last (``pick_last``) figure inside it."""
        exact = self.point(ident, wanted)
        if exact is not None:
            return exact
        inside = [
            p for p in self.series(ident) if p.period.is_point and p.period.within(wanted, wanted)
        ]
        if inside:
            return inside[-1] if pick_last else inside[0]
        raise self._no_figure_for(ident, wanted)

    def _no_figure_for(self, ident: str, period: periods.Period) -> LookupProblem:
        have = ", ".join(self.vintages(ident)) or "none"
        return LookupProblem(
            f"{ident} has no figure for {period.label}; periods in the data: {have}"
        )

    def comparable_series(self, ident: str) -> list[Point]:
        """The points a growth over the whole series uses: full fiscal years if the series
        has any (partial years are never set against full ones), else its points in time."""
        points = self.series(ident)
        full = [p for p in points if p.period.kind == "fiscal_year"]
        return full or [p for p in points if p.period.is_point]

    def first_published(self, ident: str) -> date | None:
        """The date an indicator's first figure was published (whatever the as-of date)."""
        dates = [obs["as_of"] for obs in self.indicator(ident).observations]
        return min(dates) if dates else None

    def nothing_yet(self, ident: str) -> str:
        """Why an indicator has no figures: none published by the as-of date, or none at all."""
        first = self.first_published(ident)
        if first is None or self.as_of is None or first <= self.as_of:
            return f"{ident} has no figures in {self.name}"
        return (
            f"{ident} had no figures published by {self.as_of}; its first was published on {first}"
        )


def _unknown(kind: str, ident: str, known: Iterable[str]) -> str:
    names = sorted(known)
    close = difflib.get_close_matches(ident, names, n=3, cutoff=0.5)
    close += [n for n in names if ident and ident.lower() in n.lower() and n not in close][:3]
    listing = f"see `pkit {_LIST_COMMAND[kind]}`"
    shown = cut(ident)
    if close:
        return f"unknown {kind} '{shown}'; did you mean {', '.join(close[:4])}? ({listing})"
    # Every id when they fit on a line; else a few, and how many more, never a silent cut.
    if len(names) <= _LIST_IN_FULL:
        return f"unknown {kind} '{shown}'; known: {', '.join(names)} ({listing})"
    some = ", ".join(names[:_LIST_SOME])
    return f"unknown {kind} '{shown}'; known: {some} and {len(names) - _LIST_SOME} more ({listing})"


_LIST_IN_FULL, _LIST_SOME = 20, 12


_LIST_COMMAND = {"indicator": "indicators", "target": "targets", "source": "sources"}


# Validation: every problem at once (pkit validate) -----------------------------------------
#
# Duplicate keys: pydantic's JSON parser silently keeps the last of two equal keys, and no
# fast parser reports them. Finding them needs a second, pure-Python parse, which costs
# about as much again as the load. So a user's file (not the embedded dataset, which the
# test suite checks) is checked on every load only up to DUPLICATE_CHECK_MAX_BYTES, which
# keeps a million-observation file as fast as before; `pkit validate` always checks.

DUPLICATE_CHECK_MAX_BYTES = 8 * 1024 * 1024


def _megabytes(n: float) -> str:
    mb = n / 1048576
    return f"{mb:,.0f} MB" if mb >= 10 else f"{mb:.2g} MB"


class _Pairs(dict[str, object]):
    """A JSON object that remembers which of its keys appeared more than once."""

    duplicates: tuple[str, ...] = ()


def _object_with_duplicates(pairs: list[tuple[str, object]]) -> _Pairs:
    obj = _Pairs(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        repeated = []
        for k, _ in pairs:
            if k in seen:
                repeated.append(k)
            seen.add(k)
        obj.duplicates = tuple(repeated)
    return obj


def duplicate_keys(data: bytes) -> list[tuple[str, str]]:
    """(JSON path, message) for every key that appears twice in one object.

    Assumes ``data`` is valid JSON (it is called after the schema parse succeeded)."""
    import json  # only here: the normal load never needs the stdlib parser

    try:
        doc = json.loads(data, object_pairs_hook=_object_with_duplicates)
    except (ValueError, RecursionError):
        return []  # not JSON, or nested too deeply: the schema parse reports it
    found: list[tuple[str, str]] = []
    stack: list[tuple[tuple[str | int, ...], object]] = [((), doc)]
    while stack:  # iterative: no recursion limit to hit
        loc, node = stack.pop()
        if isinstance(node, _Pairs):
            for key in node.duplicates:
                found.append(
                    (
                        json_path((*loc, key)),
                        f"duplicate key '{key}': JSON readers disagree on which value wins; "
                        "keep one",
                    )
                )
            stack += [((*loc, k), v) for k, v in reversed(node.items())]
        elif isinstance(node, list):
            stack += [((*loc, i), v) for i, v in reversed(list(enumerate(node)))]
    return found


def check_duplicate_keys(data: bytes, name: str) -> None:
    """Refuse a user's file with duplicate keys, when it is small enough to check cheaply."""
    if name == EMBEDDED or len(data) > DUPLICATE_CHECK_MAX_BYTES:
        return
    found = duplicate_keys(data)
    if found:
        path, message = found[0]
        more = f" (and {len(found) - 1} more; see pkit validate {name})" if len(found) > 1 else ""
        raise DataError(f"{name}: {path}: {message}{more}")


class Validation(NamedTuple):
    """The outcome of validating a dataset file: the model if valid, and every problem
    (the first MAX_LISTED of them; ``more`` counts the rest)."""

    name: str
    model: schema.Dataset | None
    problems: list[tuple[str, str]]  # (JSON path, message)
    more: int = 0


MAX_LISTED = 1000  # problems listed by `pkit validate`; the rest are counted


class _Problems:
    """Problems as they are found: the first MAX_LISTED kept, the rest only counted, so a
    file with millions of bad items needs memory for a thousand messages."""

    def __init__(self) -> None:
        self.listed: list[tuple[str, str]] = []
        self.more = 0

    @property
    def full(self) -> bool:
        return len(self.listed) >= MAX_LISTED

    def add(self, path: str, message: str) -> None:
        if self.full:
            self.more += 1
        else:
            self.listed.append((path, message))

    def add_errors(self, e: ValidationError, prefix: tuple[str | int, ...]) -> None:
        for path, message in structured_problems(e, prefix):
            self.add(path, message)


def validate_file(path: str | None) -> Validation:
    """Validate a dataset file (None: the embedded one), collecting every problem.

    Unreadable files (missing, a directory, too large, not UTF-8) still raise DataError:
    there is nothing in them to list."""
    data, name = read_bytes(path)
    _check_utf8(data, name)
    try:
        model = schema.Dataset.model_validate_json(data)
    except ValidationError as e:
        # The schema stops each list at its first bad item; check item by item for the rest.
        found = _Problems()
        first = structured_problems(e)
        if any(path == "$" for path, _ in first):  # not JSON at all
            return Validation(name, None, first)
        for problem in _outside_items(first):
            found.add(*problem)
        for problem in problems_item_by_item(data, found):
            found.add(*problem)
        if not found.full:
            for problem in duplicate_keys(data):
                found.add(*problem)
        return Validation(name, None, found.listed, found.more)
    except RecursionError:
        return Validation(name, None, [("$", "JSON nested too deeply")])
    return Validation(name, model, duplicate_keys(data))


def _outside_items(problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The schema's problems that are not inside an item of a list checked one by one
    (the title, an unknown top-level key, a collection that is not a list)."""
    inside = tuple(f"$.{name}[" for name in (*_COLLECTIONS, "notes"))
    return [(path, msg) for path, msg in problems if not path.startswith(inside)]


def structured_problems(
    e: ValidationError, prefix: tuple[str | int, ...] = ()
) -> list[tuple[str, str]]:
    """(JSON path, message) for each error; a JSON syntax error is at the root, "$"."""
    problems = []
    for err in e.errors(include_url=False):
        if err["type"] == "json_invalid":
            problems.append(("$", f"invalid JSON: {err['ctx'].get('error', err['msg'])}"))
        else:
            problems.append((json_path((*prefix, *err["loc"])), _message(err)))
    return problems


_COLLECTIONS: dict[str, type[BaseModel]] = {
    "sources": schema.Source,
    "indicators": schema.Indicator,
    "statements": schema.Statement,
    "targets": schema.Target,
}


def problems_item_by_item(data: bytes, found: _Problems) -> list[tuple[str, str]]:
    """Every item's type problems (into ``found``), then the cross-reference problems
    among the items that did pass their type checks (returned).

    The schema stops each list at its first bad item, and runs the integrity check only on
    a fully typed dataset, so one bad number would hide every other problem. Here each item
    (and each observation) is validated on its own, the valid ones are checked together,
    and their JSON paths are mapped back to the file's. A reference to an item that is
    itself invalid is not reported again. Once MAX_LISTED problems are listed, the rest
    are only counted, a thousand items at a time."""
    import json

    from pydantic import TypeAdapter

    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return []
    if not isinstance(doc, dict):
        return []
    notes = doc.get("notes")
    if isinstance(notes, list):
        _count_bad(TypeAdapter(list[schema.Text]), notes, 0, ("notes",), found)
    kept: dict[str, list[object]] = {}
    index_of: dict[str, list[int]] = {}
    obs_index_of: dict[int, list[int]] = {}  # kept indicator → original observation indices
    bad_ids: set[str] = set()
    observation = TypeAdapter(schema.Observation)
    for name, model in _COLLECTIONS.items():
        items = doc.get(name) or []
        kept[name], index_of[name] = [], []
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if found.full:  # count the rest, quickly; list no more
                # [valid-type]: a list of the model this collection holds, known at run time.
                _count_bad(TypeAdapter(list[model]), items, i, (name,), found)  # type: ignore[valid-type]
                break
            body = dict(item) if isinstance(item, dict) else item
            raw_obs: Any = []
            observations_listed = isinstance(body, dict) and isinstance(
                body.get("observations", []), list
            )  # when not a list, the indicator's model says so
            if name == "indicators" and observations_listed:
                raw_obs = body.pop("observations", [])
            try:
                parsed = model.model_validate(body)
            except ValidationError as e:
                found.add_errors(e, (name, i))
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    bad_ids.add(item["id"])
                continue
            if name == "indicators":
                good, where = [], []
                for j, obs in enumerate(raw_obs):
                    if found.full:
                        where_ = (name, i, "observations")
                        _count_bad(TypeAdapter(list[schema.Observation]), raw_obs, j, where_, found)
                        break
                    try:
                        good.append(observation.validate_python(obs))
                        where.append(j)
                    except ValidationError as e:
                        found.add_errors(e, (name, i, "observations", j))
                        continue
                parsed = parsed.model_copy(update={"observations": good})
                obs_index_of[len(kept[name])] = where
            kept[name].append(parsed)
            index_of[name].append(i)
    if found.full:
        return []  # cross-references among a partial set of items would mislead
    # Any: each collection's items, of the model _COLLECTIONS names for it.
    collections: dict[str, Any] = {k: tuple(v) for k, v in kept.items()}
    ds = schema.Dataset.model_construct(title="-", notes=(), **collections)
    integrity = []
    already = {path for path, _ in found.listed}
    for loc, message in schema.integrity_problems(ds):
        if any(f"'{bad}'" in message for bad in bad_ids):
            continue  # it names an item whose own problems are already listed
        mapped = list(loc)
        if len(mapped) >= 2 and isinstance(mapped[1], int):
            k = mapped[1]
            mapped[1] = index_of[str(mapped[0])][k]
            if mapped[0] == "indicators" and len(mapped) >= 4 and mapped[2] == "observations":
                mapped[3] = obs_index_of[k][int(mapped[3])]
        path = json_path(mapped)
        if path not in already:
            integrity.append((path, message))
    return integrity


_COUNT_CHUNK = 1000


def _count_bad(
    adapter: TypeAdapter[Any],
    items: list[Any],
    start: int,
    loc: tuple[str | int, ...],
    found: _Problems,
) -> None:
    """The problems of ``items[start:]``, validated a thousand at a time (in Rust, not a
    Python loop per item), listed while there is room and counted after."""
    for first in range(start, len(items), _COUNT_CHUNK):
        try:
            adapter.validate_python(items[first : first + _COUNT_CHUNK])
        except ValidationError as e:
            if found.full:
                found.more += e.error_count()
                continue
            for err in e.errors(include_url=False):
                index, *rest = err["loc"]
                found.add(json_path((*loc, first + int(index), *rest)), _message(err))
