"""`pkit sources`, the citation line of `pkit show` and `pkit validate`: where each figure
comes from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import periods
from ..dataset import Data
from ..errors import NotYetPublished
from ..report import Cell, Field, Report
from ..text import figure
from .common import (
    AS_OF,
    ID,
    INDICATOR,
    NAME,
    NOTE,
    PERIOD,
    PROVENANCE_FIELDS,
    PUBLISHED,
    STATUS,
    UNIT,
    VALUE,
    legend,
    machine_value,
    provenance,
    statement_cell,
    statement_span,
    value_cell,
)

if TYPE_CHECKING:
    from ..dataset import Validation
    from ..schema import Source

# Who published a source, and where: in the list of sources and in a citation.
PUBLICATION_FIELDS = [
    Field("publisher", "Publisher"),
    Field("title", "Title"),
    PUBLISHED,
    Field("url", "URL"),
]


def publication(s: Source | None) -> dict[str, Any]:
    """A row's PUBLICATION_FIELDS for the source ``s`` (None when the data has none)."""
    if s is None:
        return dict.fromkeys(f.key for f in PUBLICATION_FIELDS)
    return {"publisher": s.publisher, "title": s.title, "published": s.published, "url": s.url}


SOURCE_FIELDS = [
    ID,
    *PUBLICATION_FIELDS,
    NOTE.hidden(),
    Field("supports", "Supports"),
    Field("indicators", "Indicators", in_table=False),
    Field("observations", "Observations", in_table=False),
    Field("statements", "Statements", in_table=False),
    Field("targets", "Targets", in_table=False),
]


SUPPORT_FIELDS = [
    Field("kind", "Kind"),
    ID,
    PERIOD,
    VALUE,
    STATUS,
    AS_OF,
    Field("role", "Role"),
]


def source_record(s: Source) -> dict[str, Any]:
    return {"id": s.id, **publication(s), "note": s.note}


def supports_by_source(data: Data) -> dict[str, list[dict[str, Any]]]:
    """Every visible observation, statement and target, under each source that cites it:
    one pass over the data for all sources, not one per source."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for ind in data.model.indicators:
        for points in data.all_vintages(ind.id).values():  # months of flow series too
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
                "period": statement_span(st),
                "value": statement_cell(st, data.indicator(st.indicator).unit),
                "status": "reported",
                "as_of": st.as_of,
                "role": "source",
            }
        )
    for t in data.visible_targets():
        cited = [(t.source, "source")]
        cited += [(t.first_stated_in, "first stated")] if t.first_stated_in else []
        cited += [(also, "also cited") for also in t.also_cited]
        for source_id, role in cited:
            rows.setdefault(source_id, []).append(
                {
                    "kind": "target",
                    "id": t.id,
                    "period": t.deadline,
                    "value": Cell(t.value, figure(t.value, t.unit)),
                    "status": None,
                    "as_of": t.set_on,
                    "role": role,
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
        raise NotYetPublished(f"source '{s.id}' was published on {s.published}", data.as_of)
    supports = supports_by_source(data).get(s.id, [])
    details = [
        ("Id", s.id),
        ("Publisher", s.publisher),
        ("Title", s.title or "not shown on the page"),
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


CITE_FIELDS = [
    Field("citation", "Citation"),
    INDICATOR.hidden(),
    NAME.hidden(),
    PERIOD.hidden(),
    Field("value", "Value", in_table=False),  # a plain number, not VALUE
    Field("value_text", "Value as shown", in_table=False),
    UNIT.hidden(),
    *PROVENANCE_FIELDS,
    *(f.hidden() for f in PUBLICATION_FIELDS),
]


def cite(data: Data, ident: str, period: periods.Period) -> Report:
    """One paste-ready line citing the figure `pkit show ID` shows for one period."""
    ind = data.indicator(ident)
    p = data.vintages(ident)[data.match_period(ident, period)][-1]
    s = data.sources.get(p.source)
    shown = figure(p.value, ind.unit, p.precision, p.qualifier)
    status: str = p.status  # then, for a derived figure, its formula
    if p.derivation is not None:
        status += f": = {p.derivation.formula}"
    line = f"{ind.name}, {p.period.label}: {shown} ({status}; as of {p.as_of.isoformat()})."
    if s is not None:
        published = s.published.isoformat() if s.published else "undated"
        title = f"“{s.title}”" if s.title else "headline not shown"
        line += f" Source: {s.publisher}, {title}, {published}"
        line += f", {s.url}." if s.url else " (URL not recorded)."
    row = {
        "citation": line,
        "indicator": ind.id,
        "name": ind.name,
        "period": p.period.label,
        "value": machine_value(p, ind.unit),
        "value_text": shown,
        "unit": ind.unit,
        **provenance(p),
        **publication(s),
    }
    return Report(f"Citation: {ind.id} {p.period.label}", CITE_FIELDS, [row], bare=True)


PROBLEM_FIELDS = [
    Field("path", "JSON path"),
    Field("problem", "Problem"),
]


def validate(result: Validation) -> Report:
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
