"""`pkit info`: how old the data in use is. For each headline series, its latest period,
when that was published, and when the next release was due, overdue or not."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, NamedTuple

from .. import periods
from ..dataset import Data, Point
from ..report import Field, Report
from ..text import month_name
from .common import INDICATOR, PUBLISHED, SOURCE, STATUS, VALUE, value_cell

Cadence = Literal["monthly", "annual"]

# The series a reader checks first, and how often each is released.
HEADLINES: tuple[tuple[str, Cadence], ...] = (
    ("ict-exports", "monthly"),
    ("ict-exports", "annual"),
    ("freelancing", "annual"),
    ("telecom-subscriptions", "annual"),
)
# About when a release comes: SBP's monthly ICT export remittances around the 20th of the
# month after (data-monthly.md dates them 17th–23rd); annual figures around 20 July, after
# the fiscal year ends on 30 June (the July press releases and the budget documents).
RELEASE_DAY = 20
ANNUAL_RELEASE = (7, 20)

INFO_FIELDS = [
    INDICATOR.labelled("Series"),
    Field("frequency", "Frequency", in_table=False),  # the latest period's label says it
    Field("latest", "Latest"),
    VALUE.hidden(),
    STATUS.hidden(),
    PUBLISHED,
    SOURCE.hidden(),
    Field("next", "Next release", in_table=False),
    Field("due", "Next due"),
    Field("overdue", "Overdue", in_table=False),
    Field("days_overdue", "Days overdue", numeric=True, in_table=False),
    Field("state", "State"),
]


class Release(NamedTuple):
    period: periods.Period
    due: date


def next_release(latest: periods.Period, cadence: Cadence) -> Release:
    """The release after ``latest``: the next month, due about the 20th of the month after
    it; or the fiscal year ending on the first 30 June after ``latest`` ends (a stock's
    year-end count, or the next full year of a flow), due about 20 July after it."""
    if cadence == "monthly":
        y, m = divmod(latest.start.year * 12 + latest.start.month, 12)  # the month after
        following = periods.month(y, m + 1)
        y2, m2 = divmod(y * 12 + m + 1, 12)  # the month after that
        return Release(following, date(y2, m2 + 1, RELEASE_DAY))
    end = latest.end
    year_end = end.year if end < date(end.year, 6, 30) else end.year + 1
    return Release(periods.fiscal_year(year_end - 1), date(year_end, *ANNUAL_RELEASE))


def _latest(data: Data, ident: str, cadence: Cadence) -> Point | None:
    if cadence == "monthly":
        months = data.months(ident) or [p for p in data.series(ident) if p.period.kind == "month"]
        return months[-1] if months else None
    series = data.comparable_series(ident) or data.series(ident)
    return series[-1] if series else None


def _state(days_overdue: int) -> str:
    if days_overdue > 0:
        return f"{days_overdue} day{'s' if days_overdue != 1 else ''} late"
    if days_overdue == 0:
        return "due today"
    return f"due in {-days_overdue} day{'s' if days_overdue != -1 else ''}"


def _headlines(data: Data) -> list[tuple[str, Cadence]]:
    """The headline series the data has; for a dataset with none of them, every series,
    monthly where it has months."""
    present = [(i, c) for i, c in HEADLINES if i in data.indicators]
    if present:
        return present
    return [
        (ind.id, "monthly" if data.months(ind.id) else "annual") for ind in data.model.indicators
    ]


def info(data: Data, version: str) -> Report:
    today = data.today
    rows: list[dict[str, Any]] = []
    for ident, cadence in _headlines(data):
        ind = data.indicator(ident)
        p = _latest(data, ident, cadence)
        if p is None:
            continue
        release = next_release(p.period, cadence)
        days = (today - release.due).days
        rows.append(
            {
                "indicator": ident,
                "frequency": cadence,
                "latest": p.period.label,
                "value": value_cell(p, ind.unit),
                "status": p.status,
                "published": p.as_of,
                "source": p.source,
                "next": release.period.label,
                "due": release.due,
                "overdue": days > 0,
                "days_overdue": max(days, 0),
                "state": _state(days),
            }
        )
    newest = data.newest_figure()
    meta = {
        "dataset": data.name,
        "version": f"pkit {version}" if data.embedded else None,
        "overlays": list(data.overlays),
        "newest_figure": newest,
        "today": today,
    }
    details = [
        ("Dataset", data.name + (f" (shipped with pkit {version})" if data.embedded else "")),
        *[("Overlay", name) for name in data.overlays],
        ("Newest figure", newest.isoformat() if newest else "none"),
        ("Today", today.isoformat() + (" (the as-of date)" if data.as_of else "")),
    ]
    monthly = next((r for r in rows if r["frequency"] == "monthly"), None)
    if monthly is not None:
        latest = periods.parse_canonical(monthly["latest"])
        following = periods.parse_canonical(monthly["next"])
        details.append(
            (
                "Latest month",
                f"{month_name(latest)} ({monthly['indicator']}, published "
                f"{monthly['published']}); the {month_name(following)} release "
                + (
                    f"is overdue (due about {monthly['due']})"
                    if monthly["overdue"]
                    else f"is due about {monthly['due']}"
                ),
            )
        )
    notes = [
        "Due dates are approximate: monthly ICT figures about the 20th of the following "
        "month, annual figures about 20 July after the fiscal year ends.",
        "Newer figures of your own: pkit add, then use the file as an overlay.",
    ]
    return Report(
        "Freshness of the data",
        INFO_FIELDS,
        rows,
        notes=notes,
        meta=meta,
        rows_key="series",
        details=details,
    )
