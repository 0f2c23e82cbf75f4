"""Periods: Pakistan's fiscal years (July–June), parts of them, months and dates.

Canonical labels, which the data file uses and every output shows:

- ``FY2024-25``           fiscal year, 1 July 2024 – 30 June 2025
- ``FY2024-25 Jul-Mar``   the months July–March of that fiscal year (a partial year)
- ``2025-06``             a calendar month: in a flow series (exports; see
                          ``Indicator.flow``) that month's total, which belongs to a
                          fiscal year (June 2025 is month 12 of FY2024-25); in a stock
                          series a point-in-time figure measured that month
- ``2025-07-19``          a date (a point-in-time figure)

Frequencies: a figure's period is ``annual`` (a fiscal year), ``partial`` (months of one),
``monthly`` (a month of a flow series) or ``point`` (a stock measured on a day or in a month).
Annual commands use annual (and point) figures only: a fiscal year that has only some
months is never shown as a full year.

User input is more forgiving (see ``parse``); the data file must use canonical labels.
A month is also ``Dec 2025``, ``December 2025`` or ``2025/12``; where a month's number
pairs with its year as a fiscal year does (``2011-12``, ``2011/12``), the fiscal year wins,
as it always has, and the month is written ``Dec 2011``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache
from typing import Literal, NamedTuple

from .errors import UsageProblem, cut

Kind = Literal["fiscal_year", "fiscal_part", "month", "date"]
Frequency = Literal["annual", "partial", "monthly", "point"]

MIN_YEAR, MAX_YEAR = 1947, 2199  # Pakistan's first fiscal year … far enough for any target
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Months in fiscal order: July is month 1 of the fiscal year.
FISCAL_MONTHS = MONTHS[6:] + MONTHS[:6]

ACCEPTED_FORMS = (
    "a fiscal year as FY2024-25, FY24-25, FY25, 2024-25, 2024/25 or 2025 (the fiscal year "
    "ending June 2025), part of one as 'FY2024-25 Jul-Mar', a month as 2025-06, "
    "Jun 2025, June 2025 or 2025/06, or a date as 2025-07-19"
)


class PeriodError(ValueError):
    """User or data text that is not a period."""


class Period(NamedTuple):
    """A span of time with a canonical label. Ordered by end date, then start date."""

    kind: Kind
    start: date
    end: date  # inclusive
    label: str

    @property
    def is_point(self) -> bool:
        """Months and dates are point-in-time figures; fiscal (part) years are flows."""
        return self.kind in ("month", "date")

    @property
    def fiscal_start_year(self) -> int:
        """The calendar year in which this period's fiscal year starts (July)."""
        return self.start.year if self.start.month >= 7 else self.start.year - 1

    def sort_key(self) -> tuple[date, date]:
        return (self.end, self.start)

    # The four comparisons ignore [override]: a Period orders only against another Period
    # (by end date, then start), not field by field against any tuple as its base does.
    def __lt__(self, other: Period) -> bool:  # type: ignore[override]
        return self.sort_key() < other.sort_key()

    def __le__(self, other: Period) -> bool:  # type: ignore[override]
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: Period) -> bool:  # type: ignore[override]
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: Period) -> bool:  # type: ignore[override]
        return self.sort_key() >= other.sort_key()

    def __str__(self) -> str:
        return self.label

    @property
    def fiscal_month(self) -> int:
        """For a month: its place in the fiscal year (July 1 … June 12)."""
        if self.kind != "month":
            raise PeriodError(f"{self.label} is not a month")
        return (self.start.month - 7) % 12 + 1

    def frequency(self, flow: bool) -> Frequency:
        """How often a figure for this period comes: ``flow`` says whether the series is
        a flow (a month is that month's total) or a stock (a month is when it was counted)."""
        if self.kind == "fiscal_year":
            return "annual"
        if self.kind == "fiscal_part":
            return "partial"
        return "monthly" if flow and self.kind == "month" else "point"

    def within(self, first: Period | None, last: Period | None) -> bool:
        """True when this period lies inside [first.start, last.end]."""
        return (first is None or self.start >= first.start) and (
            last is None or self.end <= last.end
        )

    def comparable_with(self, other: Period) -> bool:
        """Growth may only be computed between like periods: full years with full years,
        the same months of two fiscal years, or two points in time."""
        if self.is_point or other.is_point:
            return self.is_point and other.is_point
        if self.kind != other.kind:
            return False
        return self.kind == "fiscal_year" or _part_months(self) == _part_months(other)


def _part_months(p: Period) -> tuple[int, int]:
    return (p.start.month, p.end.month)


@lru_cache(maxsize=1024)
def fiscal_year(start_year: int) -> Period:
    """The fiscal year that starts in July of ``start_year``. Cached, as month() is."""
    _check_year(start_year)
    _check_year(start_year + 1)
    label = f"FY{start_year}-{(start_year + 1) % 100:02d}"
    return Period("fiscal_year", date(start_year, 7, 1), date(start_year + 1, 6, 30), label)


def fiscal_part(start_year: int, first_month: str, last_month: str) -> Period:
    """Months ``first_month``–``last_month`` (e.g. Jul-Mar) of fiscal year ``start_year``."""
    fy = fiscal_year(start_year)
    try:
        i, j = FISCAL_MONTHS.index(first_month), FISCAL_MONTHS.index(last_month)
    except ValueError:
        raise PeriodError(f"unknown month in '{first_month}-{last_month}'") from None
    if i > j or (i == 0 and j == 11):
        raise PeriodError(
            f"'{first_month}-{last_month}' is not a part of a fiscal year "
            "(months run Jul … Jun; a whole year is written FY2024-25)"
        )
    start = _fiscal_month_date(start_year, i)
    last = _fiscal_month_date(start_year, j)
    end = date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
    return Period("fiscal_part", start, end, f"{fy.label} {first_month}-{last_month}")


def _fiscal_month_date(start_year: int, index: int) -> date:
    month = (index + 6) % 12 + 1
    return date(start_year if month >= 7 else start_year + 1, month, 1)


@lru_cache(maxsize=4096)
def month(year: int, month_number: int) -> Period:
    """Cached: `pkit check` asks for the months of each statement's span and `pkit monthly`
    for each row's spans, a thousand and more, most of them the same few dozen."""
    _check_year(year)
    last = calendar.monthrange(year, month_number)[1]
    return Period(
        "month",
        date(year, month_number, 1),
        date(year, month_number, last),
        f"{year}-{month_number:02d}",
    )


@lru_cache(maxsize=4096)
def fiscal_year_to_date(last_month: Period) -> Period:
    """July … ``last_month`` of its fiscal year: ``FY2025-26 Jul-Feb`` for 2026-02, and the
    whole fiscal year for a June. Cached: `pkit monthly` asks it four times a row."""
    if last_month.kind != "month":
        raise PeriodError(f"{last_month.label} is not a month")
    fy = containing_fiscal_year(last_month)
    if last_month.fiscal_month == 12:
        return fy
    return fiscal_part(fy.fiscal_start_year, "Jul", MONTHS[last_month.start.month - 1])


def months_of(p: Period) -> list[Period]:
    """The calendar months a fiscal year or part of one is made of, in order."""
    return list(_months_of(p))  # a list of the caller's own: the cache's tuple stays whole


@lru_cache(maxsize=4096)
def _months_of(p: Period) -> tuple[Period, ...]:
    """Cached: `pkit check` and `pkit monthly` ask for the same spans again and again."""
    if p.kind not in ("fiscal_year", "fiscal_part", "month"):
        raise PeriodError(f"{p.label} is not made of whole months")
    out = []
    y, m = p.start.year, p.start.month
    while date(y, m, 1) <= p.end:
        out.append(month(y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return tuple(out)


def day(d: date) -> Period:
    _check_year(d.year)
    return Period("date", d, d, d.isoformat())


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"year {year} is out of range ({MIN_YEAR}–{MAX_YEAR})")


# ASCII digits only: '２０２５' is not a year a person typed on purpose (re's \d is Unicode).
_CANONICAL_FY = re.compile(r"FY(\d{4})-(\d{2})", re.ASCII)
_CANONICAL_PART = re.compile(r"FY(\d{4})-(\d{2}) ([A-Z][a-z]{2})-([A-Z][a-z]{2})", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)


@lru_cache(maxsize=4096)
def parse_canonical(label: str) -> Period:
    """Parse a label as the data file must write it. Cached: datasets repeat labels."""
    if m := _CANONICAL_FY.fullmatch(label):
        return _fiscal_from_pair(int(m[1]), m[2], label)
    if m := _CANONICAL_PART.fullmatch(label):
        fy = _fiscal_from_pair(int(m[1]), m[2], label)
        return fiscal_part(fy.fiscal_start_year, m[3], m[4])
    if m := _DATE.fullmatch(label):
        return day(_make_date(int(m[1]), int(m[2]), int(m[3]), label))
    if m := _MONTH.fullmatch(label):
        return _month_checked(int(m[1]), int(m[2]), label)
    raise PeriodError(
        f"'{cut(label)}' is not a canonical period: write FY2024-25, 'FY2024-25 Jul-Mar', "
        "2025-06 or 2025-07-19"
    )


@lru_cache(maxsize=65536)
def label_sort_key(label: str) -> tuple[date, date]:
    """The sort key of a canonical label, cached: a large dataset's series share labels."""
    return parse_canonical(label).sort_key()


def _fiscal_from_pair(start_year: int, end_digits: str, text: str) -> Period:
    if (start_year + 1) % 100 != int(end_digits):
        raise PeriodError(
            f"'{text}' is not a fiscal year: a fiscal year ends the year after it starts "
            f"(FY{start_year}-{(start_year + 1) % 100:02d})"
        )
    return fiscal_year(start_year)


def _make_date(y: int, m: int, d: int, text: str) -> date:
    _check_year(y)
    try:
        return date(y, m, d)
    except ValueError:
        raise PeriodError(f"'{text}' is not a real date") from None


def _month_checked(y: int, m: int, text: str) -> Period:
    if not 1 <= m <= 12:
        raise PeriodError(f"'{text}' is not a month (01–12)")
    return month(y, m)


# User input -------------------------------------------------------------------------------
_USER_FY_LONG = re.compile(r"(?:FY)?\s*(\d{4})\s*[-/–]\s*(\d{2}|\d{4})", re.I | re.ASCII)
_USER_FY_SHORT_PAIR = re.compile(r"FY\s*(\d{2})\s*[-/–]\s*(\d{2})", re.I | re.ASCII)
_USER_FY_SHORT = re.compile(r"FY\s*(\d{2}|\d{4})", re.I | re.ASCII)
_USER_YEAR = re.compile(r"\d{4}", re.ASCII)
_USER_PART = re.compile(r"(.+?)\s+([A-Za-z]{3})\s*[-–]\s*([A-Za-z]{3})", re.ASCII)
_USER_MONTH_NAMED = re.compile(r"([A-Za-z]+)\.?\s+(\d{4})", re.ASCII)
_USER_MONTH_SLASH = re.compile(r"(\d{4})\s*/\s*(\d{1,2})", re.ASCII)
_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    name.lower(): i for i, name in enumerate(MONTHS, 1)
}


def parse(text: str) -> Period:
    """Parse a period as a user may type it. Raises PeriodError naming the accepted forms."""
    s = text.strip()
    if not s:
        raise PeriodError(f"an empty period; expected {ACCEPTED_FORMS}")
    try:
        return _parse_user(s)
    except PeriodError as e:
        raise PeriodError(f"'{cut(text)}': {e}; expected {ACCEPTED_FORMS}") from None


def parse_given(text: str | None, where: str) -> Period | None:
    """``text`` parsed, or None when it was not given. A malformed one is a usage problem
    that names ``where`` it was given (an option of the command line, a parameter of the
    API), so that both front doors word it alike."""
    if text is None:
        return None
    try:
        return parse(text)
    except PeriodError as e:
        raise UsageProblem(f"{where}: {e}") from None


def _parse_user(s: str) -> Period:
    if m := _USER_PART.fullmatch(s):
        fy = _parse_user_fiscal(m[1])
        if fy is not None:
            return fiscal_part(fy.fiscal_start_year, m[2].title(), m[3].title())
    if m := _DATE.fullmatch(s):
        return day(_make_date(int(m[1]), int(m[2]), int(m[3]), s))
    named = _USER_MONTH_NAMED.fullmatch(s)  # Dec 2025, December 2025 (not FY 2025)
    if named and (number := _MONTH_NAMES.get(named[1].lower())) is not None:
        return _month_checked(int(named[2]), number, s)
    # 2024/25 is a fiscal year, 2025/12 a month: a fiscal-year pair wins (checked first).
    slash = _USER_MONTH_SLASH.fullmatch(s)
    if slash and (int(slash[1]) + 1) % 100 != int(slash[2]) and 1 <= int(slash[2]) <= 12:
        return _month_checked(int(slash[1]), int(slash[2]), s)
    fy = _parse_user_fiscal(s)
    if fy is not None:
        return fy
    if m := _MONTH.fullmatch(s):
        return _month_checked(int(m[1]), int(m[2]), s)
    raise PeriodError("not a period")


def _parse_user_fiscal(s: str) -> Period | None:
    """Fiscal-year spellings; None when ``s`` is not written as a fiscal year at all."""
    if m := _USER_FY_LONG.fullmatch(s):
        start, end = int(m[1]), m[2]
        if len(end) == 4:
            if int(end) != start + 1:
                raise PeriodError("a fiscal year ends the year after it starts")
            return fiscal_year(start)
        if (start + 1) % 100 == int(end):
            return fiscal_year(start)
        if s.upper().startswith("FY") or "/" in s:
            raise PeriodError("a fiscal year ends the year after it starts")
        return None  # '2025-06' is a month, not a fiscal year
    if m := _USER_FY_SHORT_PAIR.fullmatch(s):
        a, b = int(m[1]), int(m[2])
        if (a + 1) % 100 != b:
            raise PeriodError("a fiscal year ends the year after it starts")
        return fiscal_year(2000 + a)
    if m := _USER_FY_SHORT.fullmatch(s):
        end = int(m[1])
        return fiscal_year((2000 + end if end < 100 else end) - 1)
    if _USER_YEAR.fullmatch(s):
        return fiscal_year(int(s) - 1)
    return None


def years_between(a: Period, b: Period) -> float:
    """Years from ``a`` to ``b`` (negative when b is earlier).

    Fiscal years and like parts of fiscal years count whole years; months count
    months / 12; anything else counts days between the periods' ends / 365.25.
    """
    if not a.is_point and not b.is_point:
        return float(b.fiscal_start_year - a.fiscal_start_year)
    if a.kind == "month" and b.kind == "month":
        return ((b.start.year - a.start.year) * 12 + b.start.month - a.start.month) / 12
    return (b.end - a.end).days / 365.25


def containing_fiscal_year(p: Period) -> Period:
    """The fiscal year a period falls in (by its end)."""
    y = p.end.year if p.end.month >= 7 else p.end.year - 1
    return fiscal_year(y)
