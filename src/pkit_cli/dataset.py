"""Loading a dataset (the embedded one, a path given on the command line or ``$PKIT_DATA``)
and querying it.

Every load failure becomes a ``DataError`` whose message says what was wrong and where.
Look-ups are dictionary look-ups; the default view is the latest vintage of each
(indicator, period), and ``as_of`` hides everything published after a date (as ALFRED does).
"""

from __future__ import annotations

import difflib
import gc
import os
from collections.abc import Iterable
from datetime import date
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from . import periods, schema
from .errors import DataError, EmptyDataPath, LookupProblem, NotYetPublished

DATA_ENV = "PKIT_DATA"
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


def resolve_path(option: str | None) -> str | None:
    """A path given on the command line wins over ``$PKIT_DATA``; None means the embedded
    dataset."""
    if option is not None:
        return option
    return os.environ.get(DATA_ENV) or None


def max_bytes() -> int:
    raw = os.environ.get(MAX_SIZE_ENV)
    if raw is None:
        return DEFAULT_MAX_MB * 1024 * 1024
    try:
        mb = float(raw)
    except ValueError:
        raise DataError(f"{MAX_SIZE_ENV}='{raw}' is not a number of megabytes") from None
    if not mb > 0:
        raise DataError(f"{MAX_SIZE_ENV} must be a positive number of megabytes, not '{raw}'")
    return int(mb * 1024 * 1024)


def embedded_bytes() -> bytes:
    """The dataset shipped inside the package (in a source checkout: data/indicators.json)."""
    shipped = resources.files("pkit_cli").joinpath("indicators.json")
    if shipped.is_file():
        return shipped.read_bytes()
    checkout = Path(__file__).resolve().parents[2] / "data" / "indicators.json"
    return checkout.read_bytes()


def read_bytes(path: str | None) -> tuple[bytes, str]:
    """The raw file and a name for messages."""
    if path is None:
        return embedded_bytes(), EMBEDDED
    name = path
    if path == "":
        raise EmptyDataPath()
    p = Path(path)
    try:
        if p.is_dir():
            raise DataError(f"{name}: is a directory, not a dataset file")
        size = p.stat().st_size
        limit = max_bytes()
        if size > limit:
            raise DataError(
                f"{name}: {_megabytes(size)} is larger than the {_megabytes(limit)} "
                f"limit; raise it with {MAX_SIZE_ENV}=<megabytes> if the file is trusted"
            )
        data = p.read_bytes()
    except DataError:
        raise
    except FileNotFoundError:
        raise DataError(f"{name}: no such file") from None
    except PermissionError:
        raise DataError(f"{name}: permission denied (cannot read the file)") from None
    except OSError as e:
        raise DataError(f"{name}: cannot read: {e.strerror or e}") from None
    if not data.strip():
        raise DataError(f"{name}: the file is empty; expected a JSON dataset")
    return data, name


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
    # Building a million small objects trips the cyclic GC over and over; nothing here
    # makes cycles, so pause it for the load.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return schema.Dataset.model_validate_json(data)
    except ValidationError as e:
        _check_utf8(data, name)  # pydantic rejects bad UTF-8 too, but cannot say where
        raise DataError(name + ": " + describe_validation_error(e, name)) from None
    except RecursionError:
        raise DataError(f"{name}: JSON nested too deeply") from None
    finally:
        if gc_was_enabled:
            # The dataset lives until the process ends: move it out of the GC's sight, or
            # every later collection rescans its millions of objects (a query that builds a
            # million Points took three times as long).
            gc.freeze()
            gc.enable()


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


def _message(err: dict) -> str:  # type: ignore[type-arg]
    msg = err["msg"]
    if err["type"] == "finite_number":
        return "must be a finite number (not NaN, Infinity or out of range)"
    return msg[0].lower() + msg[1:] if msg else msg


def json_path(loc: Iterable[str | int]) -> str:
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def load(path_option: str | None, as_of: date | None = None) -> Data:
    data, name = read_bytes(resolve_path(path_option))
    model = parse(data, name)
    check_duplicate_keys(data, name)  # small user files only; see "Validation" below
    return Data(model, name, as_of)


# Queries ------------------------------------------------------------------------------------


class Data:
    """A validated dataset seen as of a date (None: everything published)."""

    def __init__(self, model: schema.Dataset, name: str, as_of: date | None = None) -> None:
        self.model = model
        self.name = name
        self.as_of = as_of
        self.indicators = {i.id: i for i in model.indicators}
        self.sources = {s.id: s for s in model.sources}
        self.statements = {s.id: s for s in model.statements}
        self.targets = {t.id: t for t in model.targets}
        self._vintages: dict[str, dict[str, list[Point]]] = {}

    @property
    def today(self) -> date:
        """The date deadlines are judged against: ``as_of`` when given."""
        return self.as_of or date.today()

    def visible(self, published: date) -> bool:
        return self.as_of is None or published <= self.as_of

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
        """Every visible observation of an indicator: period label → oldest … newest."""
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
        points = self.vintages(ident).get(period.label)
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
        if not observations:
            return None
        # Labels in order of first appearance, reversed: of two labels with equal sort keys,
        # max() then picks the one vintages() would order last (its sort is stable).
        labels = reversed(dict.fromkeys(map(itemgetter("period"), observations)))
        last = max(labels, key=periods.label_sort_key)
        # (period, as_of) is unique within an indicator (schema integrity), so no ties here.
        newest = max((o for o in observations if o["period"] == last), key=itemgetter("as_of"))
        return Point.of(ident, newest)

    def visible_statements(self, ident: str | None = None) -> list[schema.Statement]:
        return [
            s
            for s in self.model.statements
            if (ident is None or s.indicator == ident) and self.visible(s.as_of)
        ]

    def resolve_input(self, ref: schema.InputRef) -> tuple[float, str] | None:
        """The value a derivation input names, and a description of it."""
        if ref.statement is not None:
            st = self.statements.get(ref.statement)
            return None if st is None else (st.percent, f"stated growth {st.id}")
        p = self.input_point(ref)
        if p is None:
            return None
        return p.value, f"{ref.indicator} {p.period.label} as of {p.as_of}"

    def input_point(self, ref: schema.InputRef) -> Point | None:
        """The visible observation a derivation input names: its vintage if it names one,
        else the latest. None for a statement input, or when nothing matches."""
        if ref.indicator is None or ref.period is None:
            return None
        points = self.vintages(ref.indicator).get(ref.period, [])
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
    shown = ident if len(ident) <= 60 else ident[:57] + "..."
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


class _Pairs(dict):  # type: ignore[type-arg]
    """A JSON object that remembers which of its keys appeared more than once."""

    duplicates: tuple[str, ...] = ()


def _object_with_duplicates(pairs: list[tuple[str, object]]) -> _Pairs:
    obj = _Pairs(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        obj.duplicates = tuple(k for k, _ in pairs if k in seen or seen.add(k))
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
    """The outcome of validating a dataset file: the model if valid, and every problem."""

    name: str
    model: schema.Dataset | None
    problems: list[tuple[str, str]]  # (JSON path, message)


def validate_file(path: str | None) -> Validation:
    """Validate a dataset file (None: the embedded one), collecting every problem.

    Unreadable files (missing, a directory, too large, not UTF-8) still raise DataError:
    there is nothing in them to list."""
    data, name = read_bytes(path)
    _check_utf8(data, name)
    try:
        model = schema.Dataset.model_validate_json(data)
    except ValidationError as e:
        problems = structured_problems(e)
        problems += integrity_despite_type_errors(data, problems)
        return Validation(name, None, problems + duplicate_keys(data))
    except RecursionError:
        return Validation(name, None, [("$", "JSON nested too deeply")])
    return Validation(name, model, duplicate_keys(data))


def structured_problems(e: ValidationError) -> list[tuple[str, str]]:
    """(JSON path, message) for each error; a JSON syntax error is at the root, "$"."""
    problems = []
    for err in e.errors(include_url=False):
        if err["type"] == "json_invalid":
            problems.append(("$", f"invalid JSON: {err['ctx'].get('error', err['msg'])}"))
        else:
            problems.append((json_path(err["loc"]), _message(err)))
    return problems


_COLLECTIONS = {
    "sources": schema.Source,
    "indicators": schema.Indicator,
    "statements": schema.Statement,
    "targets": schema.Target,
}


def integrity_despite_type_errors(
    data: bytes, known: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Cross-reference problems among the items that did pass their type checks.

    Pydantic runs the integrity check only on a fully typed dataset, so one bad number
    would hide every broken reference. Here each item (and each observation) is validated
    on its own, the valid ones are checked together, and their JSON paths are mapped back
    to the file's. A reference to an item that is itself invalid is not reported again."""
    if any(path == "$" for path, _ in known):
        return []  # not JSON at all
    doc = _json_object(data)
    if doc is None:
        return []
    typed = _typed_items(doc)
    ds = schema.Dataset.model_construct(
        title="-", notes=(), **{k: tuple(v) for k, v in typed.kept.items()}
    )
    found = []
    already = {path for path, _ in known}
    for loc, message in schema.integrity_problems(ds):
        if any(f"'{bad}'" in message for bad in typed.bad_ids):
            continue  # it names an item whose own problems are already listed
        path = json_path(typed.original_loc(loc))
        if path not in already:
            found.append((path, message))
    return found


def _json_object(data: bytes) -> dict[str, Any] | None:
    import json

    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return None
    return doc if isinstance(doc, dict) else None


class _TypedItems(NamedTuple):
    """The items of each collection that pass their own type checks, and where each was."""

    kept: dict[str, list[object]]
    index_of: dict[str, list[int]]  # collection → original index of each kept item
    obs_index_of: dict[int, list[int]]  # kept indicator → original observation indices
    bad_ids: set[str]  # ids of items that failed

    def original_loc(self, loc: Iterable[str | int]) -> list[str | int]:
        """A location in the kept items as a location in the file."""
        mapped = list(loc)
        if len(mapped) >= 2 and isinstance(mapped[1], int):
            k = mapped[1]
            mapped[1] = self.index_of[str(mapped[0])][k]
            if mapped[0] == "indicators" and len(mapped) >= 4 and mapped[2] == "observations":
                mapped[3] = self.obs_index_of[k][int(mapped[3])]
        return mapped


def _typed_items(doc: dict[str, Any]) -> _TypedItems:
    from pydantic import TypeAdapter

    typed = _TypedItems({}, {}, {}, set())
    observation = TypeAdapter(schema.Observation)
    for name, model in _COLLECTIONS.items():
        items = doc.get(name) or []
        kept: list[object] = []
        typed.kept[name], typed.index_of[name] = kept, []
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            body = dict(item)
            raw_obs = body.pop("observations", []) if name == "indicators" else []
            try:
                parsed = model.model_validate(body)
            except ValidationError:
                if isinstance(item.get("id"), str):
                    typed.bad_ids.add(item["id"])
                continue
            if name == "indicators":
                good, where = _valid_observations(raw_obs, observation)
                parsed = parsed.model_copy(update={"observations": good})
                typed.obs_index_of[len(kept)] = where
            kept.append(parsed)
            typed.index_of[name].append(i)
    return typed


def _valid_observations(raw: object, adapter: Any) -> tuple[list[Any], list[int]]:
    """The observations that pass their type checks, and their original indices."""
    good, where = [], []
    for j, obs in enumerate(raw if isinstance(raw, list) else []):
        try:
            good.append(adapter.validate_python(obs))
            where.append(j)
        except ValidationError:
            continue
    return good, where
