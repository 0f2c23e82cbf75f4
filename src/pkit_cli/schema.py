"""The dataset's schema: pydantic v2 models, the single source of truth for validation
and for ``pkit schema``.

Everything is a frozen model except observations, which are ``TypedDict``s validated by
pydantic-core: a dataset may hold a million of them and a model instance each costs
several times as much to build (see the Performance section of the README).
Cross-references (ids, sources, derivation inputs, duplicate vintages) are checked once,
after the types, and every problem is reported with its JSON path.
"""

# No `from __future__ import annotations` here: pydantic would have to evaluate every
# annotation string (a compile() each, ~4 ms at start-up); the models use real objects.

from datetime import date
from operator import itemgetter
from typing import Annotated, Any, Literal, NotRequired, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError
from typing_extensions import TypedDict

from . import periods
from .formula import check_formula

Unit = Literal["USD", "count", "percent", "bytes"]
"""USD: US dollars (base units, not billions); count: people, places, subscriptions…;
percent: a ratio ×100 (teledensity); bytes: a volume of data."""

Status = Literal["reported", "revised", "provisional", "estimated", "derived"]
"""After SDMX's observation status: reported (a first release), revised (a later release of
the same figure), provisional, estimated, derived (computed by us from other figures)."""

Qualifier = Literal["at_least", "about", "nearly"]
"""How the source qualified the number: "over 350,000" is at_least; "about −1 %" about."""

Topic = Literal["exports", "parks", "connectivity", "talent"]

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
# Numbers are JSON numbers (strict: "15000000000" in quotes is an error, not a number), and
# within what arithmetic on them can stay finite: 1e21 is a zettabyte, far above any
# figure of an economy, and a precision finer than 1e-9 of a unit is not a rounding step
# anyone published (5e-324 made the log of the step a math domain error).
MAX_MAGNITUDE = 1e21
MIN_STEP = 1e-9
Finite = Annotated[
    float, Field(allow_inf_nan=False, strict=True, ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)
]
Positive = Annotated[float, Field(allow_inf_nan=False, strict=True, ge=MIN_STEP, le=MAX_MAGNITUDE)]
# Data lies a year inside the years periods can represent, so that the year before a
# figure (growth) or the fiscal year holding a date (targets) can still be computed.
FIRST_DATA_YEAR, LAST_DATA_YEAR = periods.MIN_YEAR + 1, periods.MAX_YEAR - 1
Day = Annotated[
    date,
    Field(ge=date(FIRST_DATA_YEAR, 1, 1), le=date(LAST_DATA_YEAR, 12, 31)),
]
"""A date pkit can place in a fiscal year (checked by pydantic-core, not a Python loop)."""


MAX_INPUTS = 100


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(Frozen):
    """A publication a figure comes from (after Our World in Data's ``origins``)."""

    id: Id
    publisher: Text
    title: Text | None = Field(
        None,
        description="The headline as printed on the page; null when the page as read did not "
        "show one (never a headline made up from the URL's slug).",
    )
    url: Text | None = None
    published: Day | None = Field(None, description="Publication date; null when undated.")
    note: Text | None = None


class InputRef(Frozen):
    """One input of a derivation: an observation (indicator, period and optionally the
    vintage ``as_of``) or a stated growth rate (``statement``)."""

    indicator: Id | None = None
    period: str | None = None
    as_of: Day | None = None
    statement: Id | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        if (self.statement is None) == (self.indicator is None or self.period is None):
            raise ValueError("give either 'statement', or 'indicator' and 'period'")
        return self


class Derivation(Frozen):
    """How a derived figure was computed: an arithmetic ``formula`` over named inputs,
    e.g. ``total / (1 + growth / 100)`` with inputs ``total`` and ``growth``."""

    formula: Text
    inputs: dict[Id, InputRef] = Field(min_length=1, max_length=MAX_INPUTS)

    @field_validator("inputs", mode="before")
    @classmethod
    def _few_inputs(cls, value: Any) -> Any:
        # Before the items are checked: a dict has no fail_fast, and a million bad inputs
        # would be a million error objects. A formula of 500 characters names fewer.
        if isinstance(value, dict) and len(value) > MAX_INPUTS:
            raise ValueError(f"at most {MAX_INPUTS} inputs, not {len(value):,}")
        return value


class Observation(TypedDict):
    """One published value of an indicator for a period, as of a publication date."""

    # Unknown keys are errors, as in the models: a misspelt "qualifer" must not vanish
    # silently; it also puts additionalProperties: false into `pkit schema`. [misc]: to mypy
    # a TypedDict holds only fields; pydantic reads this one attribute.
    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]

    # period and source are checked once per distinct value by integrity_problems (a
    # canonical label; a known source id), not by a pattern on each of a million rows.
    period: str
    value: Finite
    status: Status
    as_of: Day
    source: str
    qualifier: NotRequired[Qualifier | None]
    precision: NotRequired[Positive | None]
    note: NotRequired[Text | None]
    also_reported_by: NotRequired[Annotated[list[Id], Field(fail_fast=True)]]
    derivation: NotRequired[Derivation | None]


class Indicator(Frozen):
    id: Id
    name: Text
    short_name: Text | None = Field(None, description="A column header, e.g. 'Freelancing'.")
    topic: Topic
    unit: Unit
    definition: Text
    components: tuple[Id, ...] = Field(
        (),
        description="Indicators that add up to this one (checked by `pkit check`).",
        fail_fast=True,
    )
    flow: bool = Field(
        False,
        description="A flow (exports, earnings): each figure is a total over its period, so a "
        "month is that month's total and twelve of them make a fiscal year. False: a stock "
        "(subscribers), where a month is when the figure was counted.",
    )
    notes: tuple[Text, ...] = Field((), fail_fast=True)
    observations: list[Observation] = Field([], fail_fast=True)


StatementKind = Literal["growth", "level", "projection"]
"""growth: a stated rate (``percent``) of ``period`` over ``base_period``; level: a stated
total (``value``) for a period, e.g. a cumulative fiscal year to date (``FY2025-26 Jul-Feb``)
kept to audit against the months, never a second copy of the data; projection: a
forecast (``value``) for a period, never an actual."""


class Statement(Frozen):
    """What a source stated about a series, kept to audit against the levels it describes."""

    id: Id
    kind: StatementKind = "growth"
    indicator: Id
    period: str
    base_period: str | None = Field(None, description="growth only: the period compared with.")
    percent: Finite | None = Field(None, description="growth only: the stated rate, in %.")
    value: Finite | None = Field(None, description="level and projection: the stated figure.")
    qualifier: Qualifier | None = None
    precision: Positive | None = None
    source: Id
    as_of: Day
    note: Text | None = None

    @model_validator(mode="after")
    def _fields_of_kind(self) -> Self:
        if self.kind == "growth":
            if self.percent is None or self.base_period is None or self.value is not None:
                raise ValueError("a growth statement has 'percent' and 'base_period', no 'value'")
        elif self.value is None or self.percent is not None or self.base_period is not None:
            raise ValueError(f"a {self.kind} statement has 'value', no 'percent' or 'base_period'")
        return self


class TargetPart(Frozen):
    label: Text
    value: Finite
    target: Id | None = None


class Target(Frozen):
    id: Id
    name: Text
    value: Positive
    unit: Unit
    deadline: str | None = Field(description="A fiscal year; null when none was stated.")
    source: Id
    set_on: Day = Field(description="The date the target was first stated in a cited page.")
    first_stated_in: Id | None = Field(
        None, description="The page that first stated it, when not `source`."
    )
    also_cited: tuple[Id, ...] = Field(
        (), description="Other pages its note or reason quotes (e.g. the verdict a minister gave)."
    )
    indicator: Id | None = Field(None, description="The series that measures progress, if any.")
    reason: Text = Field(description="Why this series measures this target (or why none does).")
    note: Text | None = None
    structure: tuple[TargetPart, ...] = Field((), fail_fast=True)
    derivation: Derivation | None = None


class Dataset(Frozen):
    # Every list stops at its first bad item (fail_fast): pydantic otherwise keeps an error
    # object per bad item, and a 9 MB file of three million empty notes took 4.6 GB.
    # `pkit validate` then checks the items one by one to list every problem (dataset.py).
    title: Text
    notes: tuple[Text, ...] = Field((), fail_fast=True)
    sources: tuple[Source, ...] = Field(fail_fast=True)
    indicators: tuple[Indicator, ...] = Field(fail_fast=True)
    statements: tuple[Statement, ...] = Field((), fail_fast=True)
    targets: tuple[Target, ...] = Field((), fail_fast=True)

    @model_validator(mode="after")
    def _integrity(self) -> Self:
        problems = integrity_problems(self)
        if problems:
            raise ValidationError.from_exception_data(
                "Dataset",
                [
                    InitErrorDetails(
                        type=PydanticCustomError("integrity", msg), loc=loc, input=None
                    )
                    for loc, msg in problems
                ],
            )
        return self


Loc = tuple[str | int, ...]


def integrity_problems(ds: Dataset) -> list[tuple[Loc, str]]:
    """Every broken cross-reference, duplicate or malformed period, with its JSON path."""
    problems: list[tuple[Loc, str]] = []
    source_ids = _unique_ids(ds.sources, "sources", problems)
    indicator_ids = _unique_ids(ds.indicators, "indicators", problems)
    statement_ids = _unique_ids(ds.statements, "statements", problems)
    _unique_ids(ds.targets, "targets", problems)
    refs = _References(source_ids, indicator_ids, statement_ids, problems)
    refs.statement_kinds = {st.id: st.kind for st in ds.statements}

    for i, ind in enumerate(ds.indicators):
        _check_indicator(ind, ("indicators", i), refs)
    for i, st in enumerate(ds.statements):
        loc: Loc = ("statements", i)
        refs.indicator(loc + ("indicator",), st.indicator)
        refs.source(loc + ("source",), st.source)
        refs.period(loc + ("period",), st.period)
        if st.base_period is not None:
            refs.period(loc + ("base_period",), st.base_period)
    for i, t in enumerate(ds.targets):
        loc = ("targets", i)
        refs.source(loc + ("source",), t.source)
        if t.first_stated_in is not None:
            refs.source(loc + ("first_stated_in",), t.first_stated_in)
        for k, also in enumerate(t.also_cited):
            refs.source(loc + ("also_cited", k), also)
        if t.deadline is not None:
            refs.period(loc + ("deadline",), t.deadline)
        if t.indicator is not None:
            refs.indicator(loc + ("indicator",), t.indicator)
        if t.derivation is not None:
            refs.derivation(loc + ("derivation",), t.derivation)
    return problems


class _References:
    def __init__(
        self,
        sources: set[str],
        indicators: set[str],
        statements: set[str],
        problems: list[tuple[Loc, str]],
    ) -> None:
        self.sources, self.indicators, self.statements = sources, indicators, statements
        self.problems = problems
        self.statement_kinds: dict[str, str] = {}
        self._bad_periods: dict[str, str | None] = {}
        self.good_periods: set[str] = set()  # labels known to parse: checked once each

    def _resolve(self, loc: Loc, kind: str, value: str, known: set[str]) -> None:
        if value not in known:
            self.problems.append((loc, f"unknown {kind} id '{value}'"))

    def source(self, loc: Loc, value: str) -> None:
        self._resolve(loc, "source", value, self.sources)

    def indicator(self, loc: Loc, value: str) -> None:
        self._resolve(loc, "indicator", value, self.indicators)

    def statement(self, loc: Loc, value: str) -> None:
        self._resolve(loc, "statement", value, self.statements)

    def period(self, loc: Loc, label: str) -> None:
        if (error := self.period_error(label)) is not None:
            self.problems.append((loc, error))

    def period_error(self, label: str) -> str | None:
        # Validate each distinct label once: large datasets repeat a few hundred labels.
        if label not in self._bad_periods:
            try:
                p = periods.parse_canonical(label)
                if not (p.start.year >= FIRST_DATA_YEAR and p.end.year <= LAST_DATA_YEAR):
                    raise periods.PeriodError(
                        f"'{label}' is outside the years pkit computes with "
                        f"({FIRST_DATA_YEAR}–{LAST_DATA_YEAR})"
                    )
                self._bad_periods[label] = None
                self.good_periods.add(label)
            except periods.PeriodError as e:
                self._bad_periods[label] = str(e)
        return self._bad_periods[label]

    def derivation(self, loc: Loc, d: Derivation) -> None:
        for name, ref in d.inputs.items():
            ref_loc = loc + ("inputs", name)
            if ref.statement is not None:
                self.statement(ref_loc + ("statement",), ref.statement)
                kind = self.statement_kinds.get(ref.statement)
                if kind not in (None, "growth"):
                    self.problems.append(
                        (
                            ref_loc + ("statement",),
                            f"'{ref.statement}' is a {kind} statement, "
                            "not a growth rate; a derivation may use only stated growth",
                        )
                    )
            else:
                assert ref.indicator is not None and ref.period is not None
                self.indicator(ref_loc + ("indicator",), ref.indicator)
                self.period(ref_loc + ("period",), ref.period)
        try:
            check_formula(d.formula, set(d.inputs))
        except ValueError as e:
            self.problems.append((loc + ("formula",), str(e)))


def _unique_ids(items: Any, name: str, problems: list[tuple[Loc, str]]) -> set[str]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            problems.append(((name, i, "id"), f"duplicate id '{item.id}'"))
        seen.add(item.id)
    return seen


def _check_indicator(ind: Indicator, loc: Loc, refs: _References) -> None:
    for j, comp in enumerate(ind.components):
        refs.indicator(loc + ("components", j), comp)
        if comp == ind.id:
            refs.problems.append(
                (loc + ("components", j), "an indicator cannot be its own component")
            )
    if _plainly_valid(ind.observations, refs):
        return
    seen: set[tuple[str, date]] = set()
    for j, obs in enumerate(ind.observations):
        oloc = loc + ("observations", j)
        refs.period(oloc + ("period",), obs["period"])
        refs.source(oloc + ("source",), obs["source"])
        for k, also in enumerate(obs.get("also_reported_by") or ()):
            refs.source(oloc + ("also_reported_by", k), also)
        key = (obs["period"], obs["as_of"])
        if key in seen:
            refs.problems.append(
                (oloc, f"duplicate observation of '{ind.id}' for {key[0]} as of {key[1]}")
            )
        seen.add(key)
        derivation = obs.get("derivation")
        if obs["status"] == "derived":
            if derivation is None:
                refs.problems.append(
                    (
                        oloc + ("derivation",),
                        "a derived observation must name its formula and inputs",
                    )
                )
            else:
                refs.derivation(oloc + ("derivation",), derivation)
        elif derivation is not None:
            refs.problems.append(
                (oloc + ("status",), "an observation with a derivation must have status 'derived'")
            )


def _plainly_valid(observations: list[Observation], refs: _References) -> bool:
    """Whether a series passes every observation check, judged a whole series at a time.

    A dataset may hold a million observations, and a Python loop that builds a JSON path
    for each costs half as much again as pydantic's whole validation; these set operations
    run in C. A series that fails one, or has derived or co-reported figures, is then
    walked one observation at a time to say where each problem is."""
    if not observations:
        return True
    labels = set(map(itemgetter("period"), observations))
    keys = set().union(*observations)  # every key any observation of the series has
    return (
        all(refs.period_error(label) is None for label in labels - refs.good_periods)
        and set(map(itemgetter("source"), observations)) <= refs.sources
        and (
            len(labels) == len(observations)  # one figure per period: no duplicates possible
            or len(set(map(itemgetter("period", "as_of"), observations))) == len(observations)
        )
        and "derived" not in set(map(itemgetter("status"), observations))
        and not keys & {"derivation", "also_reported_by"}
    )


# Overlays: a user's own newer figures, on top of a dataset --------------------------------
#
# Built on first use (defer_build): a run without an overlay never pays for these models.


class Deferred(Frozen):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class OverlayIndicator(Deferred):
    """An indicator in an overlay file. With only ``id`` and ``observations`` it adds
    figures to an indicator the dataset has; with every field of an indicator, it is a
    new one."""

    id: Id
    name: Text | None = None
    short_name: Text | None = None
    topic: Topic | None = None
    unit: Unit | None = None
    definition: Text | None = None
    components: tuple[Id, ...] | None = Field(None, fail_fast=True)
    flow: bool | None = None
    notes: tuple[Text, ...] | None = Field(None, fail_fast=True)
    observations: list[Observation] = Field([], fail_fast=True)


class Overlay(Deferred):
    """A small file of sources, observations, statements and targets added on top of the
    dataset in use: the dataset's shape, every part optional."""

    note: Text | None = Field(None, description="What the file holds, for its reader.")
    sources: tuple[Source, ...] = Field((), fail_fast=True)
    indicators: tuple[OverlayIndicator, ...] = Field((), fail_fast=True)
    statements: tuple[Statement, ...] = Field((), fail_fast=True)
    targets: tuple[Target, ...] = Field((), fail_fast=True)
