"""pkit as a Python library: the same rows the command line prints as JSON.

    import pkit_cli as pkit
    d = pkit.load()                                  # the embedded dataset
    d.observations("ict-exports")                    # list[dict], one per period
    pkit.to_frame(d.growth("ict-exports", "FY2019-20", "FY2024-25"))

Every method builds its rows with the code the matching command uses (one builder, two
front doors), so ``d.targets()`` equals the JSON that ``pkit targets`` prints. Nothing here
imports typer or Rich. Errors are pkit's own exceptions (``pkit_cli.errors``):
``DataError`` (a dataset that cannot be read or is invalid), ``LookupProblem`` (an id or
period the data does not have) and ``UsageProblem`` (a malformed argument); all three are
``PkitError``s.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from . import periods
from .dataset import Data, resolve_overlays
from .dataset import load as load_data
from .errors import UsageProblem

if TYPE_CHECKING:
    import pandas

    from .report import Report

Rows = list[dict[str, Any]]


def load(
    path: str | os.PathLike[str] | None = None,
    *,
    as_of: date | str | None = None,
    overlays: Sequence[str | os.PathLike[str]] | None = None,
) -> Dataset:
    """The dataset at ``path`` (default: ``$PKIT_DATA``, else the embedded one), seen as of
    ``as_of`` (a date or 'YYYY-MM-DD': figures published later are invisible), with the
    figures of ``overlays`` (overlay files; default: ``$PKIT_OVERLAY``) on top."""
    where = None if path is None else os.fspath(path)
    paths = resolve_overlays([os.fspath(p) for p in overlays] if overlays else None)
    if not paths:
        return Dataset(load_data(where, _day(as_of)))
    from . import overlay

    return Dataset(overlay.load(where, paths, _day(as_of)))


class Dataset:
    """A loaded dataset. Each method returns a new list of plain dicts (JSON values:
    numbers, strings, None, lists), the rows of the command named in its docstring."""

    def __init__(self, data: Data) -> None:
        self._data = data
        self._growth: dict[tuple[str, str | None, str | None], Any] = {}

    @property
    def as_of(self) -> date | None:
        """The date the dataset is seen as of (None: everything published)."""
        return self._data.as_of

    def indicators(self, topic: str | None = None) -> Rows:
        """Every indicator with its latest figure (``pkit indicators`` as JSON)."""
        from .reports import indicators

        return _rows(indicators.indicators(self._data, topic))

    def observations(
        self,
        indicator: str | None = None,
        *,
        vintages: bool = False,
        frequency: str | None = None,
    ) -> Rows:
        """One row per observation: indicator, unit, frequency, period and its dates,
        value, qualifier, status, as-of date, source and URL, note; the latest vintage of
        each period unless ``vintages``: the rows of ``pkit export`` as JSON Lines, for
        one indicator, every vintage, one frequency. ``frequency``: annual, partial-year,
        monthly, daily."""
        from . import output
        from .reports import export

        rows = export.observation_rows(
            self._data, vintages=vintages, indicator=indicator, frequency=frequency
        )
        return [output.machine_record(row) for row in rows]

    def sources(self) -> Rows:
        """Every source with what it supports (``pkit sources`` as JSON)."""
        from .reports import sources

        return _rows(sources.sources(self._data, None))

    def targets(self) -> Rows:
        """Every target with its progress, rates and verdict (``pkit targets`` as JSON)."""
        from .reports import targets

        return _rows(targets.targets(self._data, None, None))

    def target_history(self) -> Rows:
        """Every target in the order it was set, with the actual at its deadline or
        today's projection: the moving goalposts, in the order they were set."""
        from .reports import targets

        return _rows(targets.history(self._data))

    def info(self) -> dict[str, Any]:
        """How old the data is: the dataset, its newest figure, and each headline series'
        latest period and next release due (``pkit info`` as JSON)."""
        from . import __version__, output
        from .reports import info

        doc = output.json_document(info.info(self._data, __version__))
        assert isinstance(doc, dict)
        return doc

    def growth(self, indicator: str, start: str | None = None, end: str | None = None) -> Rows:
        """Growth of one indicator between two periods (any form the command line takes:
        'FY2019-20', 'FY20', '2020'), or over its whole span when neither is given:
        change, % change, years and CAGR (``pkit growth`` as JSON; with neither period,
        its ``span``)."""
        doc = self._growth_document(indicator, start, end)
        rows = doc["span"] if isinstance(doc, dict) else doc
        return [dict(row) for row in rows]

    def year_on_year(self, indicator: str) -> Rows:
        """Each period against the one a year earlier (``pkit growth ID`` as JSON, its
        ``year_on_year``)."""
        doc = self._growth_document(indicator, None, None)
        return [dict(row) for row in doc["year_on_year"]]

    def monthly(
        self, indicator: str = "ict-exports", start: str | None = None, end: str | None = None
    ) -> Rows:
        """One row per month: value, the same month a year earlier, year-on-year %, the
        fiscal year to date and the twelve-month total with their growth (``pkit monthly``
        as JSON). ``start``/``end``: months as the command line takes them ('2025-12',
        'Dec 2025', '2025/12')."""
        from .reports import monthly

        first, last = periods.parse_given(start, "start"), periods.parse_given(end, "end")
        if first is not None and last is not None and last < first:
            raise UsageProblem(f"end {last} is before start {first}")
        return _rows(monthly.monthly(self._data, indicator, first, last))

    def ytd(self, indicator: str = "ict-exports", through: str | None = None) -> dict[str, Any]:
        """The fiscal year to date through a month (default: the latest) against the same
        months a year earlier, with the cumulative total a source printed for the span
        (``pkit ytd`` as JSON: an object, its months in ``months``)."""
        from . import output
        from .reports import monthly

        doc = output.json_document(
            monthly.ytd(self._data, indicator, periods.parse_given(through, "through"))
        )
        assert isinstance(doc, dict)
        return doc

    def _growth_document(self, indicator: str, start: str | None, end: str | None) -> Any:
        key = (indicator, start, end)
        if key not in self._growth:  # the dataset never changes: answer each question once
            from . import output
            from .reports import growth

            first, last = periods.parse_given(start, "start"), periods.parse_given(end, "end")
            if first is not None and last is not None and last < first:
                raise UsageProblem(f"end {last} is before start {first}")
            report = growth.growth(self._data, [indicator], first, last)
            self._growth[key] = output.json_document(report)
        return self._growth[key]


def to_frame(rows: Rows) -> pandas.DataFrame:
    """Rows as a pandas DataFrame (needs the pandas extra: pip install 'pkit-cli[pandas]')."""
    try:
        import pandas
    except ImportError:
        raise ImportError("pkit.to_frame needs pandas: pip install 'pkit-cli[pandas]'") from None
    return pandas.DataFrame.from_records(rows)


def _rows(report: Report) -> Rows:
    from . import output  # on first use: loading the data does not need the formats

    rows = output.json_document(report)
    assert isinstance(rows, list), "a list command's report has no meta"
    return rows


def _day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise UsageProblem(f"as_of: {value!r} is not a date; write YYYY-MM-DD") from None
