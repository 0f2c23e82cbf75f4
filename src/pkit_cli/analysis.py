"""Pure arithmetic on figures and series: growth, compound rates, targets, rounding.

No I/O and no Rich. Formulas follow FRED's transforms:

- change                 x(t) − x(s)
- percent change         x(t) / x(s) − 1                      (a fraction; ×100 for %)
- compounded annual rate (x(t) / x(s)) ** (1 / years) − 1     (CAGR)

A computation that has no meaningful answer (zero or negative base, periods in the wrong
order, unlike periods) returns ``Result(None, reason)``; nothing here raises on finite input.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Literal, NamedTuple

from . import periods
from .formula import evaluate
from .periods import Period, containing_fiscal_year, years_between

Interval = tuple[float, float]  # the values a figure (or a result) could stand for, low to high


class Result(NamedTuple):
    """A computed number, or None with the reason there is none."""

    value: float | None
    reason: str | None = None

    @classmethod
    def none(cls, reason: str) -> Result:
        return cls(None, reason)


def _finite(x: float) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x)


def change(start: float, end: float) -> float:
    """Absolute change x(t) − x(s)."""
    return end - start


def percent_change(start: float, end: float) -> Result:
    """x(t) / x(s) − 1, as a fraction (0.264 for 26.4 %)."""
    if not (_finite(start) and _finite(end)):
        return Result.none("a value is not a finite number")
    if start <= 0:
        return Result.none(f"the starting value is {'zero' if start == 0 else 'negative'}")
    try:
        value = end / start - 1
    except OverflowError:
        return Result.none("the values are too far apart to compare")
    return Result(value) if math.isfinite(value) else Result.none("the result is not finite")


def compounded_annual_rate(start: float, end: float, years: float) -> Result:
    """CAGR: (x(t) / x(s)) ** (1 / years) − 1, as a fraction."""
    if not _finite(years) or years <= 0:
        return Result.none(
            "the periods are in the wrong order" if years < 0 else "the two periods are the same"
        )
    if not (_finite(start) and _finite(end)):
        return Result.none("a value is not a finite number")
    if start <= 0:
        return Result.none(f"the starting value is {'zero' if start == 0 else 'negative'}")
    if end < 0:
        return Result.none("the end value is negative")
    try:
        value = (end / start) ** (1 / years) - 1 if end > 0 else -1.0
    except (OverflowError, ValueError, ZeroDivisionError):
        return Result.none("the values are too far apart to compound")
    return Result(value) if math.isfinite(value) else Result.none("the result is not finite")


def required_rate(current: float, target: float, years: float) -> Result:
    """The compound annual rate that takes ``current`` to ``target`` in ``years``."""
    return compounded_annual_rate(current, target, years)


def projected_value(current: float, rate: float, years: float) -> Result:
    """``current`` compounded at ``rate`` (a fraction) for ``years``."""
    if not (_finite(current) and _finite(rate) and _finite(years)):
        return Result.none("a value is not a finite number")
    if rate <= -1:
        return Result.none("a rate of −100 % or less cannot be compounded")
    try:
        value = current * (1 + rate) ** years
    except OverflowError:
        return Result.none("the projection overflows")
    return Result(value) if math.isfinite(value) else Result.none("the projection overflows")


def years_to_reach(current: float, target: float, rate: float) -> Result:
    """Years until ``current`` growing at ``rate`` reaches ``target`` (0 if already there)."""
    if not (_finite(current) and _finite(target) and _finite(rate)):
        return Result.none("a value is not a finite number")
    if current <= 0 or target <= 0:
        return Result.none("values must be positive")
    if current >= target:
        return Result(0.0)
    if rate <= 0:
        return Result.none("at a rate of zero or less the target is never reached")
    try:
        value = math.log(target / current) / math.log1p(rate)
    except (OverflowError, ZeroDivisionError, ValueError):
        return Result.none("the rate is too small to reach the target")
    return Result(value) if math.isfinite(value) else Result.none("never reached")


# Growth between periods ----------------------------------------------------------------------


class Growth(NamedTuple):
    start_period: Period
    end_period: Period
    start: float
    end: float
    years: float
    change: float
    percent_change: Result
    cagr: Result


def growth_between(
    start_period: Period, start: float, end_period: Period, end: float
) -> Growth | Result:
    """Change, percent change and CAGR between two observations, or why there are none."""
    if not start_period.comparable_with(end_period):
        return Result.none(
            "they are not like periods "
            "(a partial year is compared only with the same months of another year)"
        )
    years = years_between(start_period, end_period)
    if years == 0:
        return Result.none("both ends are the same figure")
    if years < 0:
        return Result.none(
            f"{end_period.label} is before {start_period.label}: the periods are in the wrong order"
        )
    return Growth(
        start_period,
        end_period,
        start,
        end,
        years,
        change(start, end),
        percent_change(start, end),
        compounded_annual_rate(start, end, years),
    )


def year_on_year(
    series: Sequence[tuple[Period, float]],
) -> list[tuple[Period, Period | None, Result]]:
    """Each period's percent change from the like period one year earlier, if present."""
    by_label = {p.label: v for p, v in series}
    out: list[tuple[Period, Period | None, Result]] = []
    for period, value in series:
        prior = _year_earlier(period)
        if prior is None or prior.label not in by_label:
            out.append((period, None, Result.none("no figure a year earlier")))
            continue
        out.append((period, prior, percent_change(by_label[prior.label], value)))
    return out


def _year_earlier(p: Period) -> Period | None:
    try:
        if p.kind == "fiscal_year":
            return periods.fiscal_year(p.fiscal_start_year - 1)
        if p.kind == "fiscal_part":
            first, last = p.label.split(" ")[1].split("-")
            return periods.fiscal_part(p.fiscal_start_year - 1, first, last)
        if p.kind == "month":
            return periods.month(p.start.year - 1, p.start.month)
    except periods.PeriodError:
        return None
    return None


def recent_pace(
    series: Sequence[tuple[Period, float]], max_years: int = 3
) -> tuple[Period, Period, Result] | None:
    """CAGR over the last up-to-``max_years`` fiscal years the series has."""
    years = [(p, v) for p, v in series if p.kind == "fiscal_year"]
    if len(years) < 2:
        return None
    last_p, last_v = years[-1]
    candidates = [(p, v) for p, v in years[:-1] if 0 < years_between(p, last_p) <= max_years]
    if not candidates:
        return None
    first_p, first_v = candidates[0]
    return first_p, last_p, compounded_annual_rate(first_v, last_v, years_between(first_p, last_p))


# Targets ----------------------------------------------------------------------------------

Verdict = Literal[
    "met",
    "missed",
    "on track",
    "behind",
    "too close to call",
    "awaiting data",
    "no data",
    "open",
    "on track (projected)",
    "behind (projected)",
    "too close to call (projected)",
    "out of reach",
]
"""open: a target with no deadline: progress only, no required rate. The projected verdicts
and ``out of reach`` judge a deadline year under way from its months (``run_rate``)."""


class TargetAssessment(NamedTuple):
    """A target judged against its series: the verdict, why, and the figures it rests on
    (rates are fractions a year; None where the verdict needs no such figure)."""

    verdict: Verdict
    reason: str
    latest_period: Period | None = None
    latest_value: float | None = None
    progress: float | None = None  # fraction of target
    years_from_latest: float | None = None  # from the latest period to the deadline
    years_left: float | None = None  # from "today" to the end of the deadline
    required: Result | None = None  # the CAGR from the latest value to the target
    pace_from: Period | None = None  # where the recent pace starts; it ends at the latest
    pace: Result | None = None  # the CAGR over the last up-to-3 fiscal years
    projection_rate: float | None = None  # a what-if rate, else the pace
    projected: Result | None = None  # the value at the deadline at that rate, or by run-rate
    reach_years: Result | None = None  # from the latest period until the target is reached
    judged_on: Period | None = None  # a passed deadline: the period of the actual judged
    # Within the rounding of the figures they rest on (``within_rounding``): the ranges the
    # required rate and the pace could take (fractions).
    required_range: Interval | None = None
    pace_range: Interval | None = None
    # With a what-if rate: the verdict at that rate, beside the verdict at the recent pace.
    what_if_rate: float | None = None
    what_if_verdict: Verdict | None = None
    what_if_reason: str | None = None
    # A deadline year under way in the months (``run_rate``): the run-rate it was judged on.
    run_rate: RunRate | None = None


def assess_target(
    target_value: float,
    deadline: Period | None,
    set_on: date,
    series: Sequence[tuple[Period, float]],
    today: date,
    has_series: bool = True,
    rate: float | None = None,
) -> TargetAssessment:
    """Judge a target against the series that measures it.

    - no series measures it: ``no data``;
    - the deadline has passed: ``met``/``missed`` on the actual for the deadline period,
      else ``awaiting data`` (never ``missed`` for want of data);
    - otherwise the recent pace against the required rate: ``on track``/``behind``
      (``met`` if the latest actual already reaches the target).
    ``rate`` (a fraction) replaces the recent pace for the projection, and gives a
    what-if verdict (the verdict at that rate) beside the verdict at the recent pace.
    ``within_rounding`` then says whether either would flip within the rounding of the
    figures it rests on.
    """
    if not has_series:
        why = "no series in the data measures this target"
        return _what_if_same(TargetAssessment("no data", why), rate)
    full = _comparable(series)
    if not full:
        return _what_if_same(TargetAssessment("no data", "the series has no figures yet"), rate)
    if deadline is None:
        latest_p, latest_v = full[-1]
        return _what_if_same(
            TargetAssessment(
                "open",
                "no deadline stated: progress only",
                latest_p,
                latest_v,
                latest_v / target_value,
            ),
            rate,
        )
    if today > deadline.end:
        a = _judged_on_deadline(target_value, deadline, set_on, series, full[-1])
        return _what_if_same(a, rate)
    return _judged_on_pace(target_value, deadline, full, today, rate)


def _comparable(series: Sequence[tuple[Period, float]]) -> list[tuple[Period, float]]:
    """Full fiscal years if the series has any, else its points in time."""
    return [(p, v) for p, v in series if not p.is_point and p.kind == "fiscal_year"] or [
        (p, v) for p, v in series if p.is_point
    ]


def _judged_on_deadline(
    target_value: float,
    deadline: Period,
    set_on: date,
    series: Sequence[tuple[Period, float]],
    latest: tuple[Period, float],
) -> TargetAssessment:
    """A passed deadline: met or missed on its actual, else awaiting data."""
    latest_p, latest_v = latest
    actual = _actual_for_deadline(series, deadline, set_on)
    if actual is None:
        return TargetAssessment(
            "awaiting data",
            f"the deadline {deadline.label} has passed but the data has no figure for it yet",
            latest_p,
            latest_v,
            latest_v / target_value,
            years_left=0.0,
        )
    p, v = actual
    verdict: Verdict = "met" if v >= target_value else "missed"
    return TargetAssessment(
        verdict,
        f"{p.label} actual is {v / target_value:.2%} of the target",
        p,
        v,
        v / target_value,
        years_left=0.0,
        judged_on=p,
    )


def _judged_on_pace(
    target_value: float,
    deadline: Period,
    full: list[tuple[Period, float]],
    today: date,
    rate: float | None,
) -> TargetAssessment:
    """A deadline still ahead: the recent pace against the rate the target requires."""
    latest_p, latest_v = full[-1]
    if deadline is None:
        return TargetAssessment(
            "open", "no deadline stated: progress only", latest_p, latest_v, latest_v / target_value
        )
    years_left = max(0.0, (deadline.end - today).days / 365.25)
    years_from_latest = _years_to_deadline(latest_p, deadline)
    required = required_rate(latest_v, target_value, years_from_latest)
    pace_info = recent_pace(full)
    pace_from, pace = (pace_info[0], pace_info[2]) if pace_info else (None, None)
    projection_rate = rate if rate is not None else (pace.value if pace else None)
    projected = reach = None
    if projection_rate is not None:
        projected = projected_value(latest_v, projection_rate, years_from_latest)
        reach = years_to_reach(latest_v, target_value, projection_rate)
    # The figures every verdict below shares; each call adds its verdict and reason.
    with_figures = functools.partial(
        TargetAssessment,
        latest_period=latest_p,
        latest_value=latest_v,
        progress=latest_v / target_value,
        years_from_latest=years_from_latest,
        years_left=years_left,
        required=required,
        pace_from=pace_from,
        pace=pace,
        projection_rate=projection_rate,
        projected=projected,
        reach_years=reach,
    )
    if latest_v >= target_value:
        met = with_figures("met", f"{latest_p.label} already reaches the target")
        return _what_if_same(met, rate)
    if rate is not None and required.value is not None:
        with_figures = functools.partial(
            with_figures,
            what_if_rate=rate,
            what_if_verdict=_on_pace(rate, required.value),
            what_if_reason=_pace_reason("at the given rate", rate, required.value),
        )
    if pace is None or pace.value is None or required.value is None:
        why = pace.reason if pace and pace.reason else "one figure is not a trend"
        return with_figures("awaiting data", f"no recent pace to judge by: {why}")
    return with_figures(
        _on_pace(pace.value, required.value),
        _pace_reason("recent pace", pace.value, required.value),
    )


def _on_pace(pace: float, required: float) -> Verdict:
    return "on track" if pace >= required else "behind"


def _pace_reason(what: str, pace: float, required: float) -> str:
    return f"{what} {pace:.2%} a year vs {required:.2%} required"


def _what_if_same(a: TargetAssessment, rate: float | None) -> TargetAssessment:
    """A verdict no rate can change (met, no data, or judged on the deadline's actual) is
    also the what-if verdict."""
    if rate is None:
        return a
    return _with_what_if(a, rate, a.verdict, a.reason)


def _with_what_if(
    a: TargetAssessment, rate: float | None, verdict: Verdict | None, reason: str | None
) -> TargetAssessment:
    """``a`` with the verdict at a what-if ``rate`` and its reason: the three are set
    together (all None: no what-if)."""
    return a._replace(what_if_rate=rate, what_if_verdict=verdict, what_if_reason=reason)


Leaves = Mapping[str, Interval]
ValueAt = Callable[[Mapping[str, float]], float | None]


def within_rounding(
    a: TargetAssessment,
    target_value: float,
    leaves: Leaves,
    latest_at: ValueAt,
    pace_start_at: ValueAt | None,
) -> TargetAssessment:
    """The ranges the required rate and the recent pace take over every value the figures
    they rest on could stand for (``leaves``: name → rounding interval; ``latest_at`` and
    ``pace_start_at`` give the latest actual and the pace's first figure at one choice of
    those values). A verdict that is "on track" at some of those values and "behind" at
    others is "too close to call"; so is a what-if rate inside the required range.

    The pace and the required rate are judged at the same values, jointly: when the pace's
    first figure was derived from the latest one, they move together."""
    if a.required is None or a.required.value is None or a.years_from_latest is None:
        return a
    years_left = a.years_from_latest

    def required_at(v: Mapping[str, float]) -> float | None:
        latest = latest_at(v)
        return None if latest is None else required_rate(latest, target_value, years_left).value

    a = a._replace(required_range=corner_range(leaves, required_at))
    pace_at = _pace_at(a, latest_at, pace_start_at)
    if pace_at is not None:
        a = a._replace(pace_range=corner_range(leaves, pace_at))
        if a.verdict in ("on track", "behind") and _flips(leaves, pace_at, required_at):
            a = a._replace(verdict="too close to call", reason=a.reason + _EITHER_WAY)
    rate = a.what_if_rate
    judged = a.what_if_verdict in ("on track", "behind") and rate is not None
    if judged and _flips(leaves, lambda _: rate, required_at):
        a = a._replace(
            what_if_verdict="too close to call", what_if_reason=f"{a.what_if_reason}{_EITHER_WAY}"
        )
    return a


_EITHER_WAY = ", but within the rounding of the figures it rests on it could go either way"


def _pace_at(
    a: TargetAssessment, latest_at: ValueAt, pace_start_at: ValueAt | None
) -> ValueAt | None:
    if pace_start_at is None or a.pace_from is None or a.latest_period is None:
        return None
    span = years_between(a.pace_from, a.latest_period)

    def pace_at(v: Mapping[str, float]) -> float | None:
        start, latest = pace_start_at(v), latest_at(v)
        if start is None or latest is None:
            return None
        return compounded_annual_rate(start, latest, span).value

    return pace_at


def _flips(leaves: Leaves, pace_at: ValueAt, required_at: ValueAt) -> bool:
    """True when pace ≥ required at some values the figures could stand for, and not at others."""

    def margin(v: Mapping[str, float]) -> float | None:
        pace, required = pace_at(v), required_at(v)
        return None if pace is None or required is None else pace - required

    m = corner_range(leaves, margin)
    return m is not None and m[0] < 0 <= m[1]


def _years_to_deadline(latest: Period, deadline: Period) -> float:
    if latest.is_point:
        return (deadline.end - latest.end).days / 365.25
    return years_between(latest, deadline)


def _actual_for_deadline(
    series: Sequence[tuple[Period, float]], deadline: Period, set_on: date
) -> tuple[Period, float] | None:
    """The figure a passed deadline is judged on: the deadline's own fiscal year, or for a
    point-in-time series the last figure dated within the deadline year after the target
    was set (the figure a target was set from cannot also be its result)."""
    for p, v in reversed(series):
        if p.kind == deadline.kind and p.label == deadline.label:
            return p, v
        if p.is_point and containing_fiscal_year(p) == deadline and p.end > set_on:
            return p, v
    return None


# Rounding-aware comparison -------------------------------------------------------------------


def rounding_interval(
    value: float, step: float | None, qualifier: str | None = None
) -> tuple[float, float]:
    """The values a figure stated to ``step`` could stand for: 3.2 bn (step 0.1 bn) is
    3.15–3.25 bn. "over N" stands for N … N + step; "about"/"nearly" for ± one step."""
    if step is None or step <= 0:
        return value, value
    half = step / 2
    if qualifier == "at_least":
        return value, value + step
    if qualifier in ("about", "nearly"):
        return value - step, value + step
    return value - half, value + half


def growth_interval(
    start: tuple[float, float], end: tuple[float, float]
) -> tuple[float, float] | None:
    """The range of percent change (fractions) between two intervals of positive values."""
    (s_lo, s_hi), (e_lo, e_hi) = start, end
    if s_lo <= 0:
        return None
    return e_lo / s_hi - 1, e_hi / s_lo - 1


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


# Audits (pkit check) -------------------------------------------------------------------------
#
# Every comparison is between intervals, not points: a figure stated to a step stands for
# every value that rounds to it (``rounding_interval``), so two figures contradict each other
# only when no values they could stand for agree. As FRED warns, a rate recomputed from
# rounded levels differs from the publisher's own; that difference alone is no error.

AuditStatus = Literal["pass", "warn", "conflict", "fail", "n/a"]
"""conflict: two sources disagree (a statement against levels from other pages); like warn,
it is not a failure of the data file."""

# Float noise: 0.1 + 0.2 != 0.3. Intervals are widened by this fraction of their size
# before comparing, far below any rounding step a source uses.
RELATIVE_TOLERANCE = 1e-9
MAX_FORMULA_INPUTS = 10  # corners evaluated: 2 ** inputs


class Audit(NamedTuple):
    """The outcome of one check: what the data claims, what pkit recomputes, and why."""

    status: AuditStatus
    claimed: Interval | None
    recomputed: Interval | None
    reason: str


def _widened(iv: Interval) -> Interval:
    slack = RELATIVE_TOLERANCE * max(abs(iv[0]), abs(iv[1]), 1e-300)
    return iv[0] - slack, iv[1] + slack


def consistent(a: Interval, b: Interval) -> bool:
    """True when some value lies in both intervals (allowing for float noise)."""
    return overlaps(_widened(a), _widened(b))


def sum_interval(parts: Sequence[Interval]) -> Interval:
    return sum(p[0] for p in parts), sum(p[1] for p in parts)


def audit_sum(total: Interval, parts: Sequence[Interval]) -> Audit:
    """Components against their total: does any value the total could stand for equal a
    sum the components could stand for?"""
    if not parts:
        return Audit("n/a", total, None, "no components to add up")
    added = sum_interval(parts)
    if consistent(total, added):
        return Audit("pass", total, added, "the components add up to the total within rounding")
    return Audit("fail", total, added, "the components do not add up to the total")


def audit_stated_growth(stated_pct: Interval, start: Interval, end: Interval) -> Audit:
    """A stated growth rate (percent) against the rate the two levels imply (percent)."""
    g = growth_interval(start, end)
    if g is None:
        return Audit("n/a", stated_pct, None, "the base level is not positive")
    implied = (g[0] * 100, g[1] * 100)
    if consistent(stated_pct, implied):
        return Audit(
            "pass", stated_pct, implied, "the levels imply the stated rate within rounding"
        )
    return Audit("fail", stated_pct, implied, "the levels do not imply the stated rate")


def audit_formula(stored: Interval, computed: Interval | None) -> Audit:
    """A derived value against its formula evaluated over its inputs."""
    if computed is None:
        return Audit("fail", stored, None, "the formula has no value (division by zero)")
    if consistent(stored, computed):
        return Audit("pass", stored, computed, "the stored value reproduces its formula")
    return Audit("fail", stored, computed, "the stored value does not reproduce its formula")


def audit_parts(value: float, parts: Sequence[float]) -> Audit:
    """A target's stated split against its value. A mismatch is a warning, not a failure:
    the split is what the source published, and the data keeps it as given."""
    total = math.fsum(parts)
    if consistent((value, value), (total, total)):
        return Audit("pass", (value, value), (total, total), "the parts add up to the target")
    return Audit("warn", (value, value), (total, total), "the parts do not add up to the target")


def formula_interval(formula: str, inputs: Mapping[str, Interval]) -> Interval | None:
    """The range of a formula over input intervals, from its values at every corner.

    Exact for the formulas datasets use (each input once, no denominator that changes
    sign inside its interval); None when a corner divides by zero or there are too many
    inputs to try every corner."""
    return corner_range(inputs, lambda values: evaluate(formula, dict(values)))


def corner_range(
    inputs: Mapping[str, Interval], fn: Callable[[Mapping[str, float]], float | None]
) -> Interval | None:
    """The range of ``fn`` over input intervals, from its values at every corner: exact
    when ``fn`` moves one way in each input (as a ratio or a compound rate does). None when
    a corner has no value or there are too many inputs to try every corner."""
    names = sorted(inputs)
    if len(names) > MAX_FORMULA_INPUTS:
        return None
    values: list[float] = []
    for corner in itertools.product(*(inputs[n] for n in names)):
        v = fn(dict(zip(names, corner, strict=True)))
        if v is None or not math.isfinite(v):
            return None
        values.append(v)
    return min(values), max(values)


# A path to a target ---------------------------------------------------------------------------


def compound_path(
    latest: Period, latest_value: float, rate: float, deadline: Period
) -> list[tuple[Period, Result]]:
    """Year by year, the value ``latest_value`` reaches by each fiscal year after ``latest``
    up to ``deadline`` when it compounds at ``rate`` (a fraction). With the required rate
    the path ends on the target; with the recent pace it shows where the trend leads."""
    first = containing_fiscal_year(latest)
    if not latest.is_point or latest.end >= first.end:
        first = periods.fiscal_year(first.fiscal_start_year + 1)
    path: list[tuple[Period, Result]] = []
    for start_year in range(first.fiscal_start_year, deadline.fiscal_start_year + 1):
        year = periods.fiscal_year(start_year)
        path.append((year, projected_value(latest_value, rate, _years_to_deadline(latest, year))))
    return path


# =============================================================================================
# Run-rates: a target whose deadline year is under way, judged from its months
# (issue 10, item 6). Kept together, apart from the monthly beat's own arithmetic.
# =============================================================================================

OUT_OF_REACH_FACTOR = 2.0
"""A target is ``out of reach`` when every remaining month of its deadline year would have
to bring in more than this many times the record month (the best month the series has),
whatever the rounding of the figures: more than double the best month ever, every month."""

RECENT_MONTHS = 3  # the recent monthly average: the last three months in the data


class MonthFigure(NamedTuple):
    """One month of a flow series: its value and the values it could stand for."""

    period: Period
    value: float
    interval: Interval


class RunRate(NamedTuple):
    """A deadline year under way: what the months so far leave to do, against what months
    have brought in, and where the year is heading (a projection, never an actual)."""

    deadline: Period  # the fiscal year the target is for
    through: Period  # the last month of it in the data
    year_to_date: Period  # July … ``through``: ``FY2025-26 Jul-Feb`` (the year, with 12)
    ytd: float
    ytd_range: Interval
    months_left: tuple[Period, ...]
    still_needed: float  # target − year to date (0 once reached)
    needed_per_month: float | None  # None with no month left
    recent: tuple[Period, ...]  # the last ``RECENT_MONTHS`` months in the data
    recent_values: tuple[float, ...]
    recent_average: float
    record_month: Period
    record: float
    needed_vs_record: float | None  # needed per month / the record month
    base_period: Period | None  # the same months a year earlier
    base: float | None
    ytd_growth: Result  # year to date on the same months a year earlier
    rest_period: Period | None  # the months still to come, a year earlier
    base_rest: float | None
    projected_rest: Result
    projected: Result  # year to date + the rest of last year grown by ``ytd_growth``
    projected_range: Interval | None  # within the rounding of the months
    verdict: Verdict
    reason: str


def run_rate(
    target_value: float, deadline: Period, months: Sequence[MonthFigure]
) -> RunRate | None:
    """The run-rate of a target whose deadline fiscal year has months in the data.

    ``months``: the series' months in order (latest vintages). None when the deadline is
    not a fiscal year, none of its months is in the data, or they do not run from July
    without a gap (the year to date is then unknown).

    Projection by same-months growth: the months still to come, as they were a year
    earlier, grown by the year to date's growth on the same months a year earlier:
    ``ytd + rest_prev × ytd / ytd_prev``. It rises with the year to date and the rest of
    last year and falls with last year's same months, so its range within rounding is
    its value at the two extreme corners.

    Verdicts, in order: every month in, judged on their sum (``met``/``missed``); the year
    to date already reaches the target (``met``); each month left needs more than
    ``OUT_OF_REACH_FACTOR`` × the record month at every value within rounding
    (``out of reach``); no same months a year earlier (``awaiting data``); else the
    projection against the target (``on track``/``behind``/``too close to call``, each
    ``(projected)``). Never ``missed`` while months are still to come."""
    if deadline.kind != "fiscal_year":
        return None
    by_label = {m.period.label: m for m in months}
    in_year = [m for m in months if containing_fiscal_year(m.period) == deadline]
    if not in_year:
        return None
    through = in_year[-1].period
    year_to_date = periods.fiscal_year_to_date(through)
    so_far = periods.months_of(year_to_date)
    if [m.period.label for m in in_year] != [p.label for p in so_far]:
        return None
    done = [by_label[p.label] for p in so_far]
    left = tuple(p for p in periods.months_of(deadline) if p.label not in by_label)
    ytd = math.fsum(m.value for m in done)
    ytd_range = sum_interval([m.interval for m in done])
    seen = [m for m in months if m.period <= through]
    # The last three calendar months to ``through``: a month missing from the data is left
    # out of the average, never filled in.
    window = [_months_before(through, k) for k in range(RECENT_MONTHS - 1, -1, -1)]
    recent = [by_label[p.label] for p in window if p is not None and p.label in by_label]
    record = max(seen, key=lambda m: m.value)  # the first of equal months
    still_needed = max(0.0, target_value - ytd)
    per_month = still_needed / len(left) if left else None
    base_period = _year_earlier(year_to_date)
    base_months = _months_in(base_period, by_label)
    rest_period = _rest_a_year_earlier(deadline, left)
    rest_months = _months_in(rest_period, by_label) if left else []
    base = None if base_months is None else math.fsum(m.value for m in base_months)
    base_rest = None if rest_months is None else math.fsum(m.value for m in rest_months)
    growth = (
        percent_change(base, ytd)
        if base is not None
        else Result.none("the data lacks some of the same months a year earlier")
    )
    projected_rest, projected, projected_range = _same_months_projection(
        ytd, ytd_range, base_months, rest_months, left
    )
    rr = RunRate(
        deadline,
        through,
        year_to_date,
        ytd,
        ytd_range,
        left,
        still_needed,
        per_month,
        tuple(m.period for m in recent),
        tuple(m.value for m in recent),
        math.fsum(m.value for m in recent) / len(recent),
        record.period,
        record.value,
        None if per_month is None or record.value <= 0 else per_month / record.value,
        base_period if base_months is not None else None,
        base,
        growth,
        rest_period if left and rest_months is not None else None,
        base_rest if left else None,
        projected_rest,
        projected,
        projected_range,
        "awaiting data",
        "",
    )
    verdict, reason = _run_rate_verdict(rr, target_value, record.interval)
    return rr._replace(verdict=verdict, reason=reason)


def _months_before(month: Period, k: int) -> Period | None:
    index = month.start.year * 12 + month.start.month - 1 - k
    try:
        return periods.month(index // 12, index % 12 + 1)
    except periods.PeriodError:
        return None


def _months_in(p: Period | None, by_label: Mapping[str, MonthFigure]) -> list[MonthFigure] | None:
    """The months a period is made of, or None when any is missing."""
    if p is None:
        return None
    found = [by_label.get(m.label) for m in periods.months_of(p)]
    return None if any(m is None for m in found) else [m for m in found if m is not None]


def _rest_a_year_earlier(deadline: Period, left: Sequence[Period]) -> Period | None:
    """The months still to come, a year earlier: ``FY2024-25 Mar-Jun`` for March–June 2026."""
    if not left:
        return None
    year = deadline.fiscal_start_year - 1
    first, last = (periods.MONTHS[p.start.month - 1] for p in (left[0], left[-1]))
    if first == "Jul" and last == "Jun":
        return periods.fiscal_year(year)
    return periods.fiscal_part(year, first, last)


def _same_months_projection(
    ytd: float,
    ytd_range: Interval,
    base_months: Sequence[MonthFigure] | None,
    rest_months: Sequence[MonthFigure] | None,
    left: Sequence[Period],
) -> tuple[Result, Result, Interval | None]:
    """(the rest of the year, the whole year, its range within rounding), projected."""
    if not left:  # every month is in: the year is their sum, not a projection
        return Result(0.0), Result(ytd), ytd_range
    if base_months is None or rest_months is None:
        why = "the data lacks some of the same months a year earlier"
        return Result.none(why), Result.none(why), None
    base = math.fsum(m.value for m in base_months)
    rest = math.fsum(m.value for m in rest_months)
    if base <= 0:
        why = "the same months a year earlier sum to zero or less"
        return Result.none(why), Result.none(why), None
    b_lo, b_hi = sum_interval([m.interval for m in base_months])
    r_lo, r_hi = sum_interval([m.interval for m in rest_months])
    (y_lo, y_hi) = ytd_range
    projected_rest = rest * ytd / base
    low = y_lo + r_lo * y_lo / b_hi if b_hi > 0 else None
    high = y_hi + r_hi * y_hi / b_lo if b_lo > 0 else None
    interval = None if low is None or high is None else (low, high)
    return Result(projected_rest), Result(ytd + projected_rest), interval


def _run_rate_verdict(rr: RunRate, target: float, record_interval: Interval) -> tuple[Verdict, str]:
    label = rr.deadline.label
    if not rr.months_left:
        lo, hi = rr.ytd_range
        share = f"the twelve months of {label} sum to {rr.ytd / target:.2%} of the target"
        if lo >= target:
            return "met", share
        if hi < target:
            return "missed", share
        return "too close to call", share + _EITHER_WAY
    if rr.ytd_range[0] >= target:
        return "met", f"{rr.year_to_date.label} already reaches the target"
    n = len(rr.months_left)
    least_needed = (target - rr.ytd_range[1]) / n
    if rr.needed_per_month is not None and least_needed > OUT_OF_REACH_FACTOR * record_interval[1]:
        times = (
            f"{rr.needed_vs_record:.2f} times the record month"
            if rr.needed_vs_record is not None
            else "more than the record month, which is nothing"
        )
        return "out of reach", (
            f"each of the {n} months left needs {times} ({rr.record_month.label}); more than "
            f"{OUT_OF_REACH_FACTOR:g} times is out of reach"
        )
    if rr.projected.value is None or rr.projected_range is None:
        why = rr.projected.reason or "the rounding of the months leaves no range for it"
        return "awaiting data", f"no projection: {why}"
    why = (
        f"projected {rr.projected.value / target:.2%} of the target by {label}: "
        f"the rest of the year at the year-to-date growth of "
        f"{rr.ytd_growth.value:+.2%} on the same months a year earlier"
        if rr.ytd_growth.value is not None
        else f"projected {rr.projected.value / target:.2%} of the target by {label}"
    )
    lo, hi = rr.projected_range
    if lo >= target:
        return "on track (projected)", why
    if hi < target:
        return "behind (projected)", why
    return "too close to call (projected)", why + _EITHER_WAY


def run_rate_what_if(rr: RunRate, target: float, rate: float) -> tuple[Result, Verdict, str]:
    """A what-if for a year under way: the months still to come grow by ``rate`` (a
    fraction) on the same months a year earlier. The projection, its verdict and why."""
    label = rr.deadline.label
    if rr.verdict in ("met", "missed", "out of reach") or not rr.months_left:
        return rr.projected, rr.verdict, rr.reason
    if rr.base_rest is None:
        why = "no projection: the data lacks some of the same months a year earlier"
        return Result.none(why), "awaiting data", why
    projected = rr.ytd + rr.base_rest * (1 + rate)
    why = (
        f"projected {projected / target:.2%} of the target by {label} with the rest of the "
        f"year at {rate:+.2%} on the same months a year earlier"
    )
    verdict: Verdict = "on track (projected)" if projected >= target else "behind (projected)"
    return Result(projected), verdict, why


def conflicting_targets(
    targets: Sequence[tuple[str, str | None, str | None, float]],
) -> dict[str, list[str]]:
    """Targets that conflict: (id, series, deadline, value) pairs for the same series and
    the same deadline whose values differ. Each id → the ids it conflicts with, in order."""
    out: dict[str, list[str]] = {}
    for a_id, a_series, a_deadline, a_value in targets:
        if a_series is None or a_deadline is None:
            continue
        out[a_id] = [
            b_id
            for b_id, b_series, b_deadline, b_value in targets
            if b_id != a_id
            and (b_series, b_deadline) == (a_series, a_deadline)
            and b_value != a_value
        ]
    return {k: v for k, v in out.items() if v}


def with_run_rate(
    a: TargetAssessment, rr: RunRate, target: float, rate: float | None = None
) -> TargetAssessment:
    """A target's assessment judged on the run-rate of its deadline year, which replaces
    the verdict from whole years (the months are the newer evidence). The projection is
    the run-rate's (or, with a what-if ``rate``, the rest of the year at that rate); the
    required rate and recent pace of whole years stay, for what they say."""
    a = a._replace(
        verdict=rr.verdict,
        reason=rr.reason,
        projected=rr.projected,
        projection_rate=None,
        reach_years=None,
        run_rate=rr,
    )
    if rate is None:
        return _with_what_if(a, None, None, None)  # one judged on whole years no longer stands
    projected, verdict, why = run_rate_what_if(rr, target, rate)
    return _with_what_if(a._replace(projected=projected, projection_rate=rate), rate, verdict, why)


# Months of a flow series ----------------------------------------------------------------------
#
# A month's figure is that month's total; the sums below are only ever taken over months that
# are all present (a missing month is unknown, not zero), so a sum is a complete span or none.


def months_ending(last: Period, count: int) -> list[Period]:
    """The ``count`` calendar months that end with ``last``, oldest first; fewer when they
    would run back past the first year pkit can name (the sums below then have no value)."""
    return list(_months_ending(last, count))  # the caller's own list; the cache's stays whole


@functools.lru_cache(maxsize=4096)
def _months_ending(last: Period, count: int) -> tuple[Period, ...]:
    """Cached: `pkit monthly` asks for each row's twelve months four times."""
    y, m = last.start.year, last.start.month
    out = []
    for _ in range(count):
        if y < periods.MIN_YEAR:
            break
        out.append(periods.month(y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return tuple(reversed(out))


def sum_of_months(values: Mapping[str, float], months: Sequence[Period]) -> Result:
    """The total of ``months`` (month label → value), or None naming the first one missing."""
    missing = [m.label for m in months if m.label not in values]
    if missing:
        return Result.none(f"no figure for {missing[0]}")
    return Result(math.fsum(values[m.label] for m in months))


def fiscal_year_to_date_total(values: Mapping[str, float], last: Period) -> Result:
    """July … ``last`` of its fiscal year, summed (the whole year for a June)."""
    return sum_of_months(values, periods.months_of(periods.fiscal_year_to_date(last)))


def rolling_total(values: Mapping[str, float], last: Period, count: int = 12) -> Result:
    """The ``count`` months to ``last``, summed: a year's worth that does not wait for June."""
    months = months_ending(last, count)
    if len(months) < count:
        return Result.none(f"the {count} months to {last.label} run back before {periods.MIN_YEAR}")
    return sum_of_months(values, months)


def year_earlier(p: Period) -> Period | None:
    """The like period one year before ``p`` (a month, a fiscal year or part of one); None
    when that would fall before the first fiscal year pkit can name (January 1947 is in
    FY1946-47), as it has no fiscal year to date or twelve months before it."""
    earlier = _year_earlier(p)
    if earlier is None:
        return None
    try:
        periods.fiscal_year_to_date(earlier) if earlier.kind == "month" else None
    except periods.PeriodError:
        return None
    return earlier


class MonthFigures(NamedTuple):
    """One month's figures and the totals that end with it, each against a year earlier."""

    month: Period
    value: float
    base_month: Period | None
    base_value: float | None
    year_on_year: Result
    to_date: Result  # the fiscal year to date
    to_date_base: Result  # the same months a year earlier
    to_date_growth: Result
    rolling: Result  # the twelve months to this one
    rolling_base: Result
    rolling_growth: Result


def month_figures(values: Mapping[str, float], month: Period) -> MonthFigures:
    """Year-on-year growth, the fiscal year to date and the twelve-month rolling total for
    ``month`` (which ``values`` must hold), each compared with a year earlier only when
    every month of both spans is present."""
    value = values[month.label]
    base = year_earlier(month)
    base_value = values.get(base.label) if base is not None else None
    yoy = (
        percent_change(base_value, value)
        if base_value is not None
        else Result.none("no figure a year earlier")
    )
    to_date = fiscal_year_to_date_total(values, month)
    rolling = rolling_total(values, month)
    to_date_base = rolling_base = Result.none("no figures a year earlier")
    if base is not None:
        to_date_base = fiscal_year_to_date_total(values, base)
        rolling_base = rolling_total(values, base)
    return MonthFigures(
        month,
        value,
        base,
        base_value,
        yoy,
        to_date,
        to_date_base,
        _growth_of(to_date, to_date_base),
        rolling,
        rolling_base,
        _growth_of(rolling, rolling_base),
    )


def _growth_of(now: Result, then: Result) -> Result:
    if now.value is None or then.value is None:
        return Result.none(then.reason or now.reason or "no figures")
    return percent_change(then.value, now.value)
