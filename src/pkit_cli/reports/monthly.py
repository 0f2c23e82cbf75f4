"""`pkit monthly` and `pkit ytd`: the months of a flow series, the fiscal year to date and
the twelve-month rolling total, each against a year earlier; and the fiscal year to date
beside the cumulative total a source printed for the same span."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import periods
from ..dataset import Data, Point
from ..errors import LookupProblem
from ..report import Cell, Field, Report
from ..text import figure, interval_text, machine_amount, machine_percent, rate
from .common import (
    MARKERS,
    PERIOD,
    PROVENANCE_FIELDS,
    SOURCE,
    STATUS,
    VALUE,
    legend,
    provenance,
    short_citation,
    sources_footer,
    value_cell,
)

if TYPE_CHECKING:  # for the checker: analysis loads with the command that needs it
    from ..analysis import MonthFigures, Result

DEFAULT_INDICATOR = "ict-exports"

# Where the same month a year earlier came from, in both reports' rows.
YEAR_EARLIER_PROVENANCE_FIELDS = [
    Field("year_earlier_status", "Year-earlier status", in_table=False),
    Field("year_earlier_source", "Year-earlier source", in_table=False),
]


def _year_earlier_provenance(p: Point | None) -> dict[str, Any]:
    return {
        "year_earlier_status": p.status if p else None,
        "year_earlier_source": p.source if p else None,
    }


# Both tables have a row a month.
MONTH = PERIOD.labelled("Month")

MONTHLY_FIELDS = [
    MONTH,
    Field("fiscal_year", "Fiscal year", in_table=False),
    VALUE,
    *PROVENANCE_FIELDS,
    Field("year_earlier", "A year earlier", numeric=True, short="Year ago"),
    *YEAR_EARLIER_PROVENANCE_FIELDS,
    Field("yoy_pct", "YoY", numeric=True),
    Field("fytd_period", "Fiscal year to date", in_table=False),
    Field("fytd", "FY to date", numeric=True, short="FYTD"),
    Field("fytd_year_earlier", "FY to date a year earlier", numeric=True, in_table=False),
    Field("fytd_yoy_pct", "FYTD YoY", numeric=True),
    Field("rolling_12m", "12-month total", numeric=True, short="12m total"),
    Field("rolling_12m_year_earlier", "12 months a year earlier", numeric=True, in_table=False),
    Field("rolling_12m_yoy_pct", "12-month YoY", numeric=True, in_table=False),
    Field("derived_months", "Derived months included", in_table=False),
]

YTD_FIELDS = [
    MONTH,
    VALUE.labelled("This year"),
    STATUS.hidden(),
    SOURCE.hidden(),
    Field("year_earlier_period", "Month a year earlier", in_table=False),
    Field("year_earlier", "A year earlier", numeric=True),
    *YEAR_EARLIER_PROVENANCE_FIELDS,
    Field("cumulative", "Cumulative", numeric=True),
    Field(
        "cumulative_year_earlier", "Cumulative a year earlier", numeric=True, short="Cum. earlier"
    ),
]

_DERIVED = MARKERS["derived"][0]
_NOTE_SUMS = (
    "FY to date: the months from July; 12-month total: the twelve months to this one; each "
    "only when every month is in the data, and compared with a year earlier only when every "
    "month of that span is too. YoY = value / value a year earlier − 1."
)


def months(data: Data, ident: str) -> list[Point]:
    """The latest visible vintage of each month of a flow series; an error when it has none."""
    data.indicator(ident)  # an unknown id first
    found = data.months(ident)
    if not found:
        raise LookupProblem(_no_months(data, ident))
    return found


def _no_months(data: Data, ident: str) -> str:
    if not data.indicator(ident).flow:
        why = "it is not a flow series (its months are points in time)"
    elif data.as_of is not None:
        why = f"none published by {data.as_of}"
    else:
        why = "none in the data"
    return f"{ident} has no monthly figures: {why}; see `pkit show {ident}`"


def _require_month(p: periods.Period | None) -> None:
    if p is not None and p.kind != "month":
        from ..errors import UsageProblem

        raise UsageProblem(f"{p.label} is not a month; give one as 2025-12, Dec 2025 or 2025/12")


def monthly(
    data: Data,
    ident: str = DEFAULT_INDICATOR,
    first: periods.Period | None = None,
    last: periods.Period | None = None,
) -> Report:
    """One row per month from ``first`` to ``last`` (default: every month)."""
    from ..analysis import month_figures

    _require_month(first)
    _require_month(last)
    ind = data.indicator(ident)
    points = months(data, ident)
    by_label = {p.period.label: p for p in points}
    values = {p.period.label: p.value for p in points}
    derived = {p.period.label for p in points if p.status == "derived"}
    shown = [p for p in points if p.period.within(first, last)]
    if not shown:
        have = f"{points[0].period.label} … {points[-1].period.label}"
        raise LookupProblem(f"{ident} has no months in that span; months in the data: {have}")
    rows = []
    cited: list[Point] = []
    for p in shown:
        f = month_figures(values, p.period)
        base = by_label.get(f.base_month.label) if f.base_month else None
        cited += [p] + ([base] if base else [])
        rows.append(_month_row(ind.unit, p, base, f, derived))
    title = f"{ind.name}, month by month" + (f", as known on {data.as_of}" if data.as_of else "")
    marked = any(r["derived_months"] for r in rows)
    notes = legend([q.status for q in cited] + (["derived"] if marked else []))
    if marked:
        notes.append(
            f"A total or rate marked {_DERIVED} includes a derived month "
            f"({', '.join(sorted(derived))}); the month's own row says how it was derived."
        )
    notes.append(_NOTE_SUMS)
    notes += sources_footer(data, (q.source for q in cited))
    return Report(title, MONTHLY_FIELDS, rows, notes=notes, trends=["value", "fytd", "rolling_12m"])


def _month_row(
    unit: str, p: Point, base: Point | None, f: MonthFigures, derived: set[str]
) -> dict[str, Any]:
    from ..analysis import months_ending

    fytd_span = periods.fiscal_year_to_date(p.period)
    # Which derived months each computed figure rests on: it is marked as they are.
    spans = {
        "yoy": {p.period.label} | ({f.base_month.label} if f.base_month else set()),
        "fytd": {m.label for m in periods.months_of(fytd_span)},
        "rolling": {m.label for m in months_ending(p.period, 12)},
    }
    if f.base_month is not None:
        fytd_base = periods.fiscal_year_to_date(f.base_month)
        spans["fytd_base"] = {m.label for m in periods.months_of(fytd_base)}
        spans["rolling_base"] = {m.label for m in months_ending(f.base_month, 12)}
        spans["fytd_growth"] = spans["fytd"] | spans["fytd_base"]
        spans["rolling_growth"] = spans["rolling"] | spans["rolling_base"]
    used: set[str] = set()

    def amount(r: Result, span: str) -> Cell | None:
        if r.value is None:
            return None
        mark = _mark(spans.get(span, set()), derived, used)
        # A sum of months is shown to the step its months were given to.
        return Cell(machine_amount(r.value, unit), figure(r.value, unit, p.precision) + mark)

    def pct(r: Result, span: str) -> Cell | None:
        if r.value is None:
            return None
        mark = _mark(spans.get(span, set()), derived, used)
        return Cell(machine_percent(r.value), rate(r.value, signed=True) + mark)

    row = {
        "period": p.period.label,
        "fiscal_year": periods.containing_fiscal_year(p.period).label,
        "value": value_cell(p, unit),
        **provenance(p),
        "year_earlier": value_cell(base, unit) if base else None,
        **_year_earlier_provenance(base),
        "yoy_pct": pct(f.year_on_year, "yoy"),
        "fytd_period": fytd_span.label,
        "fytd": amount(f.to_date, "fytd"),
        "fytd_year_earlier": amount(f.to_date_base, "fytd_base"),
        "fytd_yoy_pct": pct(f.to_date_growth, "fytd_growth"),
        "rolling_12m": amount(f.rolling, "rolling"),
        "rolling_12m_year_earlier": amount(f.rolling_base, "rolling_base"),
        "rolling_12m_yoy_pct": pct(f.rolling_growth, "rolling_growth"),
    }
    row["derived_months"] = sorted(used)
    return row


def _mark(span: set[str], derived: set[str], used: set[str]) -> str:
    hit = span & derived
    used |= hit
    return _DERIVED if hit else ""


# pkit ytd -----------------------------------------------------------------------------------


def ytd(
    data: Data, ident: str = DEFAULT_INDICATOR, through: periods.Period | None = None
) -> Report:
    """The fiscal year to date through ``through`` (default: the latest month) against the
    same months a year earlier, from the months; beside each, the cumulative total a source
    printed for that span (the latest visible one) and whether they agree within rounding."""
    from ..analysis import fiscal_year_to_date_total, year_earlier

    _require_month(through)
    ind = data.indicator(ident)
    points = months(data, ident)
    by_label = {p.period.label: p for p in points}
    last = through or points[-1].period
    if last.label not in by_label:
        have = f"{points[0].period.label} … {points[-1].period.label}"
        raise LookupProblem(f"{ident} has no figure for {last.label}; months in the data: {have}")
    values = {p.period.label: p.value for p in points}
    span = periods.fiscal_year_to_date(last)
    total = fiscal_year_to_date_total(values, last)
    if total.value is None:
        raise LookupProblem(f"{ident} has no total for {span.label}: {total.reason}")
    base_month = year_earlier(last)
    base_span = periods.fiscal_year_to_date(base_month) if base_month else None
    base_total = fiscal_year_to_date_total(values, base_month) if base_month else None
    base_value = base_total.value if base_total else None
    this_months = [by_label[m.label] for m in periods.months_of(span)]
    base_months = (
        [by_label[m.label] for m in periods.months_of(base_span)]
        if base_span is not None and base_value is not None
        else []
    )
    rows = _ytd_rows(ind.unit, this_months, base_months)
    shown = this_months + base_months
    derived = sorted(p.period.label for p in shown if p.status == "derived")
    from ..analysis import percent_change

    growth = percent_change(base_value, total.value) if base_value is not None else None
    cited = _cited(data, ident, span, this_months)
    base_cited = _cited(data, ident, base_span, base_months) if base_months else None
    meta = {
        "indicator": ident,
        "period": span.label,
        "through": last.label,
        "value": machine_amount(total.value, ind.unit),
        "base_period": base_span.label if base_span else None,
        "base_value": machine_amount(base_value, ind.unit),
        "change": None
        if base_value is None
        else machine_amount(total.value - base_value, ind.unit),
        "percent_change_pct": None if growth is None else machine_percent(growth.value),
        "derived_months": derived,
        "cited": cited,
        "base_cited": base_cited,
    }
    step = this_months[-1].precision
    details = [
        (
            span.label,
            f"{figure(total.value, ind.unit, step)} (the sum of {len(this_months)} months)",
        )
    ]
    if base_span is not None:
        then = (
            f"{figure(base_value, ind.unit, step)}"
            if base_value is not None
            else f"— ({base_total.reason if base_total else 'no figures'})"
        )
        details.append((base_span.label, then))
    if growth is not None and growth.value is not None:
        details.append(("Growth", rate(growth.value, signed=True)))
    for label, c in ((span.label, cited), (base_span.label if base_span else "", base_cited)):
        if c is not None:
            details.append((f"Cited for {label}", _cited_text(data, c, ind.unit)))
    if cited is None:
        details.append(("Cited", f"no cumulative total for {span.label} in the data"))
    title = f"{ind.name}: fiscal year to date" + (
        f", as known on {data.as_of}" if data.as_of else ""
    )
    notes = legend(p.status for p in shown)
    if base_value is None:
        earlier = base_span.label if base_span else "the year before"
        notes.append(f"No comparison: not every month of {earlier} is in the data.")
    notes.append(
        "Agreement is rounding-aware (as `pkit check`): a printed total stands for every value "
        "that rounds to it, each month for ± half its last digit."
    )
    notes += sources_footer(
        data,
        [p.source for p in shown] + [c["source"] for c in (cited, base_cited) if c is not None],
    )
    return Report(
        title, YTD_FIELDS, rows, notes=notes, meta=meta, rows_key="months", details=details
    )


def _ytd_rows(unit: str, this: list[Point], base: list[Point]) -> list[dict[str, Any]]:
    rows = []
    total = total_base = 0.0
    for i, p in enumerate(this):
        b = base[i] if i < len(base) else None
        total += p.value
        total_base += b.value if b else 0.0
        step = p.precision
        rows.append(
            {
                "period": p.period.label,
                "value": value_cell(p, unit),
                "status": p.status,
                "source": p.source,
                "year_earlier_period": b.period.label if b else None,
                "year_earlier": value_cell(b, unit) if b else None,
                **_year_earlier_provenance(b),
                "cumulative": Cell(machine_amount(total, unit), figure(total, unit, step)),
                "cumulative_year_earlier": Cell(
                    machine_amount(total_base, unit), figure(total_base, unit, step)
                )
                if b
                else None,
            }
        )
    return rows


def _cited(
    data: Data, ident: str, span: periods.Period | None, parts: list[Point]
) -> dict[str, Any] | None:
    """The latest visible cumulative total a source printed for ``span``, against the sum
    of its months, both as the audit sees them: rounding intervals."""
    from ..analysis import audit_sum, rounding_interval
    from .audit import point_interval

    if span is None or not parts:
        return None
    stated = [
        s
        for s in data.visible_statements(ident, ("level",))
        if s.period == span.label and s.value is not None
    ]
    if not stated:
        return None
    st = max(stated, key=lambda s: s.as_of)  # of equal dates, max keeps the first in the file
    unit = data.indicator(ident).unit
    claimed = rounding_interval(st.value or 0.0, st.precision, st.qualifier)
    audit = audit_sum(claimed, [point_interval(data, p) for p in parts])
    recomputed = audit.recomputed or (0.0, 0.0)
    return {
        "statement": st.id,
        "value": st.value,
        "precision": st.precision,
        "source": st.source,
        "as_of": st.as_of,
        "range": [machine_amount(x, unit) for x in claimed],
        "sum_range": [machine_amount(x, unit) for x in recomputed],
        "agrees": audit.status == "pass",
    }


def _cited_text(data: Data, c: dict[str, Any], unit: str) -> str:
    stated = figure(c["value"], unit, c["precision"])
    verdict = "agrees" if c["agrees"] else "does not agree"
    return (
        f"{stated} ({short_citation(data, c['source'])}) {verdict} with the months within "
        "rounding: it stands for "
        f"{interval_text(tuple(c['range']), unit)}, the months for "
        f"{interval_text(tuple(c['sum_range']), unit)}"
    )
