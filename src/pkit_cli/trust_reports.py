"""Reports of the trust commands: `pkit sources`, `pkit show --cite`, the rounding-aware
audit `pkit check`, and `pkit validate`."""

from __future__ import annotations

import math
from operator import methodcaller
from typing import Any

from . import periods
from .analysis import Interval
from .dataset import Data, Point
from .errors import LookupProblem
from .output import Cell, Field, Report, figure
from .reports import (
    legend,
    match_period,
    value_cell,
)

# pkit sources ----------------------------------------------------------------------------

SOURCE_FIELDS = [
    Field("id", "Id"),
    Field("publisher", "Publisher"),
    Field("title", "Title"),
    Field("published", "Published"),
    Field("url", "URL"),
    Field("note", "Note", in_table=False),
    Field("supports", "Supports"),
    Field("indicators", "Indicators", in_table=False),
    Field("observations", "Observations", in_table=False),
    Field("statements", "Statements", in_table=False),
    Field("targets", "Targets", in_table=False),
]

SUPPORT_FIELDS = [
    Field("kind", "Kind"),
    Field("id", "Id"),
    Field("period", "Period"),
    Field("value", "Value", numeric=True),
    Field("status", "Status"),
    Field("as_of", "As of"),
    Field("role", "Role"),
]


def source_record(s: Any) -> dict[str, Any]:
    return {
        "id": s.id,
        "publisher": s.publisher,
        "title": s.title,
        "published": s.published,
        "url": s.url,
        "note": s.note,
    }


def supports_by_source(data: Data) -> dict[str, list[dict[str, Any]]]:
    """Every visible observation, statement and target, under each source that cites it:
    one pass over the data for all sources, not one per source."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for ind in data.model.indicators:
        for points in data.vintages(ind.id).values():
            for p in points:
                for source_id, role in [(p.source, "source")] + [
                    (also, "also reported") for also in p.also_reported_by
                ]:
                    rows.setdefault(source_id, []).append(
                        {
                            "kind": "observation",
                            "id": ind.id,
                            "period": p.period.label,
                            "value": value_cell(p, ind.unit),
                            "status": p.status,
                            "as_of": p.as_of,
                            "role": role,
                        }
                    )
    for st in data.visible_statements():
        rows.setdefault(st.source, []).append(
            {
                "kind": "statement",
                "id": st.id,
                "period": f"{st.period} vs {st.base_period}",
                "value": Cell(
                    st.percent, figure(st.percent, "percent", st.precision, st.qualifier)
                ),
                "status": "reported",
                "as_of": st.as_of,
                "role": "source",
            }
        )
    for t in data.visible_targets():
        rows.setdefault(t.source, []).append(
            {
                "kind": "target",
                "id": t.id,
                "period": t.deadline,
                "value": Cell(t.value, figure(t.value, t.unit)),
                "status": None,
                "as_of": t.set_on,
                "role": "source",
            }
        )
    return rows


def _supports_text(supports: list[dict[str, Any]]) -> str:
    """'ict-exports FY2019-20, FY2020-21; statements st-…; targets T1' for a table cell."""
    by_indicator: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}
    for r in supports:
        if r["kind"] == "observation":
            label = r["period"] + (" (also)" if r["role"] == "also reported" else "")
            by_indicator.setdefault(r["id"], []).append(label)
        else:
            others.setdefault(r["kind"] + "s", []).append(r["id"])
    parts = [f"{i} {', '.join(dict.fromkeys(ps))}" for i, ps in by_indicator.items()]
    parts += [f"{kind} {', '.join(ids)}" for kind, ids in others.items()]
    return "; ".join(parts) or "nothing (not cited)"


def sources(data: Data, ident: str | None) -> Report:
    if ident is not None:
        return _one_source(data, ident)
    rows = []
    cited = supports_by_source(data)
    for s in data.model.sources:
        if s.published is not None and not data.visible(s.published):
            continue
        supports = cited.get(s.id, [])
        observations = [r for r in supports if r["kind"] == "observation"]
        rows.append(
            {
                **source_record(s),
                "supports": _supports_text(supports),
                "indicators": list(dict.fromkeys(r["id"] for r in observations)),
                "observations": [
                    {
                        "indicator": r["id"],
                        "period": r["period"],
                        "as_of": r["as_of"],
                        "role": r["role"],
                    }
                    for r in observations
                ],
                "statements": [r["id"] for r in supports if r["kind"] == "statement"],
                "targets": [r["id"] for r in supports if r["kind"] == "target"],
            }
        )
    title = "Sources" + (f" published by {data.as_of.isoformat()}" if data.as_of else "")
    notes = ["Details of one, with every figure it supports: pkit sources ID"] if rows else []
    return Report(title, SOURCE_FIELDS, rows, notes=notes)


def _one_source(data: Data, ident: str) -> Report:
    s = data.source(ident)
    if s.published is not None and not data.visible(s.published):
        raise LookupProblem(
            f"source '{s.id}' was published on {s.published}, after --as-of {data.as_of}"
        )
    supports = supports_by_source(data).get(s.id, [])
    details = [
        ("Id", s.id),
        ("Publisher", s.publisher),
        ("Title", s.title),
        ("Published", s.published.isoformat() if s.published else "undated"),
        ("URL", s.url or "not recorded"),
    ]
    if s.note:
        details.append(("Note", s.note))
    return Report(
        f"What {s.id} supports",
        SUPPORT_FIELDS,
        supports,
        notes=legend(r["status"] for r in supports if r["status"]),
        meta=source_record(s),
        rows_key="supports",
        details=details,
    )


# pkit show --cite ------------------------------------------------------------------------

CITE_FIELDS = [
    Field("citation", "Citation"),
    Field("indicator", "Indicator", in_table=False),
    Field("name", "Name", in_table=False),
    Field("period", "Period", in_table=False),
    Field("value", "Value", in_table=False),
    Field("value_text", "Value as shown", in_table=False),
    Field("unit", "Unit", in_table=False),
    Field("status", "Status", in_table=False),
    Field("as_of", "As of", in_table=False),
    Field("source", "Source", in_table=False),
    Field("publisher", "Publisher", in_table=False),
    Field("title", "Title", in_table=False),
    Field("published", "Published", in_table=False),
    Field("url", "URL", in_table=False),
]


def cite(data: Data, ident: str, period: periods.Period | None) -> Report:
    """One paste-ready line citing the figure `pkit show ID --period P` shows."""
    from .errors import UsageProblem

    ind = data.indicator(ident)
    if period is None:
        raise UsageProblem("--cite cites one figure: give --period too, e.g. --period FY2024-25")
    p = data.vintages(ident)[match_period(data, ident, period)][-1]
    s = data.sources.get(p.source)
    shown = figure(p.value, ind.unit, p.precision, p.qualifier)
    status = p.status
    if p.derivation is not None:
        status += f": = {p.derivation.formula}"
    line = f"{ind.name}, {p.period.label}: {shown} ({status}; as of {p.as_of.isoformat()})."
    if s is not None:
        published = s.published.isoformat() if s.published else "undated"
        line += f" Source: {s.publisher}, “{s.title}”, {published}"
        line += f", {s.url}." if s.url else " (URL not recorded)."
    row = {
        "citation": line,
        "indicator": ind.id,
        "name": ind.name,
        "period": p.period.label,
        "value": p.value,
        "value_text": shown,
        "unit": ind.unit,
        "status": p.status,
        "as_of": p.as_of,
        "source": p.source,
        "publisher": s.publisher if s else None,
        "title": s.title if s else None,
        "published": s.published if s else None,
        "url": s.url if s else None,
    }
    return Report(f"Citation: {ind.id} {p.period.label}", CITE_FIELDS, [row], bare=True)


# pkit check ------------------------------------------------------------------------------

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


def _interval_text(iv: Interval | None, unit: str) -> str:
    """A range people can read, rounded outwards so it never looks narrower than it is:
    '$4.528 bn to $4.630 bn', '47.425 to 47.435 %'."""
    if iv is None:
        return "—"
    lo, hi = iv
    exact = abs(hi - lo) <= 1e-9 * max(abs(lo), abs(hi), 1)
    if unit == "pct":
        if exact:
            return f"{lo:.2f} %"
        step = min(max(_step_for_interval(lo, hi, 1), 1e-6), 0.01)
        decimals = max(2, -math.floor(math.log10(step)))
        lo, hi = _outward(lo, hi, step)
        return f"{lo:.{decimals}f} to {hi:.{decimals}f} %"
    if exact:
        return figure(lo, unit)
    step = _step_for_interval(lo, hi)
    lo, hi = _outward(lo, hi, step)
    return f"{figure(lo, unit, step)} to {figure(hi, unit, step)}"


def _step_for_interval(lo: float, hi: float, extra_digits: int = 2) -> float:
    """Enough digits to tell the two ends apart (4.55 to 4.65 bn, not 5 to 5 bn)."""
    width = abs(hi - lo)
    if width <= 0:
        return 1.0
    return 10.0 ** (math.floor(math.log10(width) + 1e-9) - extra_digits)


def _outward(lo: float, hi: float, step: float) -> Interval:
    # The 1e-9 keeps an end that is already on the step (4.55 bn) from moving.
    return math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step


def _interval_cell(iv: Interval | None, unit: str) -> Cell:
    return Cell(None if iv is None else [iv[0], iv[1]], _interval_text(iv, unit))


def _status_cell(status: str) -> Cell:
    return Cell(status, status, CHECK_STYLE.get(status))


def point_interval(data: Data, p: Point, depth: int = 0) -> Interval:
    """The values an observation could stand for: its rounding, or for a derived figure
    the range its formula takes over its inputs' intervals."""
    from .analysis import formula_interval, rounding_interval

    own = rounding_interval(p.value, p.precision, p.qualifier)
    if p.derivation is None or depth > 5:
        return own
    inputs = derivation_input_intervals(data, p.derivation, depth + 1)
    if inputs is None:
        return own
    return formula_interval(p.derivation.formula, inputs) or own


def derivation_input_intervals(data: Data, d: Any, depth: int = 0) -> dict[str, Interval] | None:
    from .analysis import rounding_interval

    out: dict[str, Interval] = {}
    for name, ref in d.inputs.items():
        if ref.statement is not None:
            st = data.statements.get(ref.statement)
            if st is None:
                return None
            out[name] = rounding_interval(st.percent, st.precision, st.qualifier)
            continue
        p = data.input_point(ref)
        if p is None:
            return None
        out[name] = point_interval(data, p, depth)
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
    """The same dataset seen as of an earlier day (never later than the user's --as-of)."""
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
    unit: str,
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
    from .analysis import audit_sum

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
    from .analysis import Audit, audit_stated_growth, rounding_interval

    ind = data.indicator(st.indicator)
    stated = rounding_interval(st.percent, st.precision, st.qualifier)
    period = periods.parse_canonical(st.period)
    base = periods.parse_canonical(st.base_period)
    q = {"about": "about ", "nearly": "nearly ", "at_least": "over "}.get(st.qualifier or "", "")
    subject = f"{st.id}: {q}{st.percent:+g} % {st.period} vs {st.base_period}"

    def not_applicable(reason: str) -> dict[str, Any]:
        audit = Audit("n/a", stated, None, reason)
        return _check_row("stated growth", subject, audit, "pct", "—", reason)

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
    if start.value > 0:
        detail += f" = {(end.value / start.value - 1) * 100:+.2f} %"
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
        if now_start.value > 0:
            detail += f" = {(now_end.value / now_start.value - 1) * 100:+.2f} %"
        detail += (
            ": also consistent"
            if latest[1]
            else ": outside the stated rate since the levels were revised"
        )
    return _check_row("stated growth", subject, audit, "pct", basis, detail, latest)


_GET_DERIVATION = methodcaller("get", "derivation")  # C-level: a series may hold 100 k rows


def _derivation_checks(data: Data) -> list[dict[str, Any]]:
    derived: list[tuple[str, Any, Interval, str]] = []
    from .analysis import rounding_interval

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
    from .analysis import Audit, audit_formula
    from .formula import evaluate

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
    from .analysis import audit_parts

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
    from .analysis import Audit

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


# pkit validate ---------------------------------------------------------------------------

PROBLEM_FIELDS = [
    Field("path", "JSON path"),
    Field("problem", "Problem"),
]


def validate(result: Any) -> Report:
    """Every problem in a dataset file, with its JSON path; exit 1 when there is any."""
    rows = [{"path": path, "problem": problem} for path, problem in result.problems]
    n = len(rows) + result.more  # past the first thousand, problems are counted, not listed
    verdict = "valid" if not n else f"{n:,} problem{'s' if n != 1 else ''}"
    counts: dict[str, int] = {}
    if result.model is not None:
        m = result.model
        counts = {
            "sources": len(m.sources),
            "indicators": len(m.indicators),
            "observations": sum(len(i.observations) for i in m.indicators),
            "statements": len(m.statements),
            "targets": len(m.targets),
        }
    notes = []
    if result.more:
        notes.append(f"And {result.more:,} more, not listed: fix these and validate again.")
    if not n:
        notes.append("No problems: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + ".")
        notes.append("The figures themselves are audited by `pkit check`.")
    return Report(
        "Problems" if n else "No problems",
        PROBLEM_FIELDS,
        rows,
        details=[("Dataset", result.name), ("Result", verdict)],
        notes=notes,
        meta={"file": result.name, "valid": not n, "counts": counts, "unlisted": result.more},
        rows_key="problems",
        exit_code=1 if n else 0,
    )
