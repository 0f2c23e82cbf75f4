"""`pkit check`: the rounding-aware audit of the dataset against itself."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import methodcaller
from typing import Any

from .. import periods
from ..analysis import Interval
from ..dataset import Data, Point
from ..report import Cell, Field, Report
from ..text import (
    figure,
    growth_interval_text,
    interval_text,
    machine_amount,
    rate,
    stated_growth,
)

CHECK_FIELDS = [
    Field("check", "Check"),
    Field("subject", "Subject"),
    Field("status", "Result"),
    Field("claimed", "Claimed", numeric=True),
    Field("recomputed", "Recomputed", numeric=True),
    Field("basis", "Basis", in_table=False),
    Field("detail", "Detail"),
    Field("latest_recomputed", "Latest vintages", in_table=False),
    Field("latest_consistent", "Consistent with latest", in_table=False),
]


CHECK_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "n/a": "dim"}


def _interval_cell(iv: Interval | None, unit: str | None) -> Cell:
    """Unit None: a growth rate in percent (the audit of a stated growth)."""
    text = growth_interval_text(iv) if unit is None else interval_text(iv, unit)
    if iv is None:
        return Cell(None, text)
    return Cell([machine_amount(x, unit or "percent") for x in iv], text)


def _status_cell(status: str) -> Cell:
    return Cell(status, status, CHECK_STYLE.get(status))


def point_interval(data: Data, p: Point) -> Interval:
    """The values an observation could stand for: its rounding, or for a derived figure
    the range its formula takes over its inputs' intervals."""
    from ..analysis import corner_range, rounding_interval

    leaves, (value_at,) = figure_model(data, [p])
    return corner_range(leaves, value_at) or rounding_interval(p.value, p.precision, p.qualifier)


ValueAt = Callable[[Mapping[str, float]], "float | None"]
MAX_DERIVATION_DEPTH = 5


def figure_model(data: Data, points: Sequence[Point]) -> tuple[dict[str, Interval], list[ValueAt]]:
    """The figures ``points`` rest on, as rounding intervals (leaves: reported figures and
    stated growth rates), and each point's value as a function of one choice of them. A
    derived figure is its formula over its inputs; a figure two points share is one leaf,
    so no choice pairs values that cannot occur together (FY2023-24's total is derived from
    FY2024-25's: a pace between them moves with it, not against it)."""
    leaves: dict[str, Interval] = {}
    return leaves, [_value_at(data, p, leaves, 0) for p in points]


def _value_at(data: Data, p: Point, leaves: dict[str, Interval], depth: int) -> ValueAt:
    from ..analysis import rounding_interval
    from ..formula import evaluate

    key = f"{p.indicator} {p.period.label} as of {p.as_of}"
    inputs = None
    if p.derivation is not None and depth <= MAX_DERIVATION_DEPTH:
        found: dict[str, Interval] = {}
        inputs = _input_values(data, p.derivation, found, depth + 1)
    if inputs is None:  # reported, or its inputs are not all in the data: it is a leaf
        leaves[key] = rounding_interval(p.value, p.precision, p.qualifier)
        return lambda v: v[key]
    leaves.update(found)
    formula = p.derivation.formula  # type: ignore[union-attr]
    return lambda v: evaluate(formula, {name: f(v) for name, f in inputs.items()})  # type: ignore[misc]


def _input_values(
    data: Data, d: Any, leaves: dict[str, Interval], depth: int
) -> dict[str, ValueAt] | None:
    """Each input of a derivation as a function of the leaves (added to ``leaves``)."""
    from ..analysis import rounding_interval

    out: dict[str, ValueAt] = {}
    for name, ref in d.inputs.items():
        if ref.statement is not None:
            st = data.statements.get(ref.statement)
            if st is None:
                return None
            key = f"statement {st.id}"
            leaves[key] = rounding_interval(st.percent, st.precision, st.qualifier)
            out[name] = lambda v, key=key: v[key]  # type: ignore[misc]
            continue
        p = data.input_point(ref)
        if p is None:
            return None
        out[name] = _value_at(data, p, leaves, depth)
    return out


def _input_text(data: Data, ref: Any, value: float) -> str:
    """A derivation input as people read it: '$4.6 bn' or '26.4 %'."""
    if ref.statement is not None:
        st = data.statements[ref.statement]
        return figure(value, "percent", st.precision, st.qualifier)
    p = data.input_point(ref)
    unit = data.indicator(ref.indicator).unit
    return figure(value, unit, p.precision if p else None, p.qualifier if p else None)


def _uses_statement(data: Data, p: Point | None, statement_id: str, depth: int = 0) -> bool:
    """True when a (derived) level was computed from this very statement."""
    if p is None or p.derivation is None or depth > 5:
        return False
    for ref in p.derivation.inputs.values():
        if ref.statement == statement_id:
            return True
        if ref.indicator is not None and _uses_statement(
            data, data.input_point(ref), statement_id, depth + 1
        ):
            return True
    return False


def _as_known_on(data: Data, day: Any) -> Data:
    """The same dataset seen as of an earlier day (never later than the user's as-of date)."""
    if data.as_of is not None and data.as_of <= day:
        return data
    return Data(data.model, data.name, day)


def check(data: Data) -> Report:
    rows: list[dict[str, Any]] = []
    rows += _component_checks(data)
    rows += _statement_checks(data)
    rows += _derivation_checks(data)
    rows += _target_checks(data)
    counts = {s: sum(1 for r in rows if r["status"].value == s) for s in CHECK_STYLE}
    failed = counts["fail"]
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "nothing to check"
    title = f"Audit of {data.name}" + (f" as known on {data.as_of}" if data.as_of else "")
    notes = [
        f"{len(rows)} checks: {summary}.",
        "Rounding-aware: a figure stated as 3.2 bn stands for 3.15–3.25 bn, 'over N' for N to "
        "N + one step, 'about'/'nearly' for ± one step; a derived figure for the range of its "
        "formula over its inputs' ranges. Only a contradiction outside these ranges fails.",
        "Stated growth is judged against the levels known when it was stated (what its source "
        "compared); the latest vintages are in Detail, and in JSON as latest_recomputed.",
    ]
    meta = {"dataset": data.name, "as_of": data.as_of, "passed": failed == 0, "summary": counts}
    messages = [f"pkit check: {failed} check{'s' if failed != 1 else ''} failed"] if failed else []
    return Report(
        title,
        CHECK_FIELDS,
        rows,
        notes=notes,
        meta=meta,
        rows_key="checks",
        exit_code=1 if failed else 0,
        messages=messages,
    )


def _check_row(
    check_name: str,
    subject: str,
    audit: Any,
    unit: str | None,
    basis: str,
    detail: str,
    latest: tuple[Interval | None, bool] | None = None,
) -> dict[str, Any]:
    return {
        "check": check_name,
        "subject": subject,
        "status": _status_cell(audit.status),
        "claimed": _interval_cell(audit.claimed, unit),
        "recomputed": _interval_cell(audit.recomputed, unit),
        "basis": basis,
        "detail": detail,
        "latest_recomputed": None if latest is None else _interval_cell(latest[0], unit),
        "latest_consistent": None if latest is None else latest[1],
    }


def _levels_text(points: list[Point], unit: str) -> str:
    return " + ".join(figure(p.value, unit, p.precision, p.qualifier) for p in points)


def _component_checks(data: Data) -> list[dict[str, Any]]:
    from ..analysis import audit_sum

    rows = []
    for ind in data.model.indicators:
        if not ind.components:
            continue
        for label, vintages in data.vintages(ind.id).items():
            total = vintages[-1]
            then = _as_known_on(data, total.as_of)
            maybe_then = [then.point(c, total.period) for c in ind.components]
            maybe_now = [data.point(c, total.period) for c in ind.components]
            if any(p is None for p in maybe_now):
                continue  # checked only where every component is present
            parts_now = [p for p in maybe_now if p is not None]
            parts_then = [p for p in maybe_then if p is not None]
            use_then = len(parts_then) == len(parts_now)
            parts = parts_then if use_then else parts_now
            total_iv = point_interval(data, total)
            audit = audit_sum(total_iv, [point_interval(data, p) for p in parts])
            basis = f"as of {total.as_of}" if use_then else "latest vintages"
            total_text = figure(total.value, ind.unit, total.precision)
            detail = f"{_levels_text(parts, ind.unit)} vs {total_text}: {audit.reason}"
            latest = None
            if use_then and [p.as_of for p in parts_now] != [p.as_of for p in parts_then]:
                now = audit_sum(total_iv, [point_interval(data, p) for p in parts_now])
                latest = (now.recomputed, now.status == "pass")
                detail += f"; with the latest vintages {_levels_text(parts_now, ind.unit)}: " + (
                    "still consistent" if latest[1] else "no longer consistent"
                )
            subject = f"{ind.id} {label} = " + " + ".join(ind.components)
            rows.append(_check_row("components", subject, audit, ind.unit, basis, detail, latest))
    return rows


def _statement_checks(data: Data) -> list[dict[str, Any]]:
    rows = []
    for st in data.visible_statements():
        rows.append(_statement_check(data, st))
    return rows


def _statement_check(data: Data, st: Any) -> dict[str, Any]:
    from ..analysis import Audit, audit_stated_growth, rounding_interval

    ind = data.indicator(st.indicator)
    stated = rounding_interval(st.percent, st.precision, st.qualifier)
    period = periods.parse_canonical(st.period)
    base = periods.parse_canonical(st.base_period)
    subject = f"{st.id}: {stated_growth(st.percent, st.qualifier)} {st.period} vs {st.base_period}"

    def not_applicable(reason: str) -> dict[str, Any]:
        audit = Audit("n/a", stated, None, reason)
        return _check_row("stated growth", subject, audit, None, "—", reason)

    if not base.comparable_with(period):
        return not_applicable(f"{st.base_period} and {st.period} are not like periods")
    then = _as_known_on(data, st.as_of)
    start, end = then.point(ind.id, base), then.point(ind.id, period)
    basis = f"levels as of {st.as_of}"
    if start is None or end is None:
        start, end = data.point(ind.id, base), data.point(ind.id, period)
        basis = "latest vintages (no levels were known when it was stated)"
    if start is None or end is None:
        return not_applicable(f"no levels of {ind.id} for both {st.base_period} and {st.period}")
    if _uses_statement(data, start, st.id) or _uses_statement(data, end, st.id):
        return not_applicable(
            "a level is derived from this statement, so they agree by construction "
            "(see the derived figure's note)"
        )
    audit = audit_stated_growth(stated, point_interval(data, start), point_interval(data, end))
    detail = f"{_levels_text([start], ind.unit)} → {_levels_text([end], ind.unit)}"
    detail += _growth_text(start, end)
    detail += f": {audit.reason}"
    latest = None
    now_start, now_end = data.point(ind.id, base), data.point(ind.id, period)
    if now_start is not None and now_end is not None and (now_start, now_end) != (start, end):
        now = audit_stated_growth(
            stated, point_interval(data, now_start), point_interval(data, now_end)
        )
        latest = (now.recomputed, now.status == "pass")
        detail += (
            f"; latest vintages {_levels_text([now_start], ind.unit)} → "
            f"{_levels_text([now_end], ind.unit)}"
        )
        detail += _growth_text(now_start, now_end)
        detail += (
            ": also consistent"
            if latest[1]
            else ": outside the stated rate since the levels were revised"
        )
    return _check_row("stated growth", subject, audit, None, basis, detail, latest)


def _growth_text(start: Point, end: Point) -> str:
    """' = +26.40 %': the growth the levels show, when they show one."""
    from ..analysis import percent_change

    growth = percent_change(start.value, end.value).value
    return "" if growth is None else f" = {rate(growth, signed=True)}"


_GET_DERIVATION = methodcaller("get", "derivation")  # C-level: a series may hold 100 k rows


def _derivation_checks(data: Data) -> list[dict[str, Any]]:
    derived: list[tuple[str, Any, Interval, str]] = []
    from ..analysis import rounding_interval

    for ind in data.model.indicators:
        # Most series have no derived figure: skip them without building their Points.
        if not any(map(_GET_DERIVATION, ind.observations)):
            continue
        for points in data.vintages(ind.id).values():
            for p in points:
                if p.derivation is not None:
                    subject = f"{ind.id} {p.period.label} (as of {p.as_of})"
                    stored = rounding_interval(p.value, p.precision, p.qualifier)
                    derived.append((subject, p.derivation, stored, ind.unit))
    for t in data.visible_targets():
        if t.derivation is not None:
            derived.append((f"target {t.id}", t.derivation, (t.value, t.value), t.unit))
    return [_derivation_check(data, *item) for item in derived]


def _derivation_check(
    data: Data, subject: str, d: Any, stored: Interval, unit: str
) -> dict[str, Any]:
    from ..analysis import Audit, audit_formula
    from ..formula import evaluate

    values: dict[str, float] = {}
    shown_inputs: list[str] = []
    missing = []
    for name, ref in d.inputs.items():
        resolved = data.resolve_input(ref)
        if resolved is None:
            missing.append(name)
        else:
            values[name] = resolved[0]
            shown_inputs.append(f"{name} = {_input_text(data, ref, resolved[0])}")
    if missing:
        reason = f"input(s) {', '.join(missing)} not found in the data"
        audit = Audit("fail", stored, None, reason)
        return _check_row("derivation", subject, audit, unit, "—", reason)
    computed = evaluate(d.formula, values)
    audit = audit_formula(stored, None if computed is None else (computed, computed))
    detail = f"{d.formula} with {', '.join(shown_inputs)}: {audit.reason}"
    return _check_row("derivation", subject, audit, unit, "formula", detail)


def _target_checks(data: Data) -> list[dict[str, Any]]:
    from ..analysis import audit_parts

    rows = []
    for t in data.visible_targets():
        audit, detail = _target_series_audit(data, t)
        rows.append(_check_row("target series", t.id, audit, t.unit, "—", detail))
        if t.structure:
            audit = audit_parts(t.value, [part.value for part in t.structure])
            parts = " + ".join(f"{part.label} {figure(part.value, t.unit)}" for part in t.structure)
            detail = f"{parts}: {audit.reason}"
            if audit.status != "pass" and t.note:
                detail += f". The data's note: {t.note}"
            rows.append(_check_row("target structure", t.id, audit, t.unit, "as stated", detail))
    return rows


def _target_series_audit(data: Data, t: Any) -> tuple[Any, str]:
    from ..analysis import Audit

    if t.indicator is None:
        return Audit("warn", None, None, "no series"), f"no series measures it: {t.reason}"
    ind = data.indicators.get(t.indicator)
    if ind is None:
        return Audit("fail", None, None, "unknown series"), f"'{t.indicator}' is not in the data"
    if ind.unit != t.unit:
        detail = f"the target is in {t.unit} but {ind.id} is in {ind.unit}"
        return Audit("fail", None, None, "units differ"), detail
    n = len(data.series(ind.id))
    if not n:
        return Audit("warn", None, None, "no figures yet"), f"{ind.id} has no figures yet"
    return Audit("pass", None, None, "tracked"), (
        f"tracked by {ind.id} ({n} period{'s' if n != 1 else ''})"
    )
