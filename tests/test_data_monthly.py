"""The monthly ICT export figures and cumulative totals, checked against data-monthly.md.

Every expected value below is typed in by hand from /work/shared/data-monthly.md (section 1,
the months; section 2, the fiscal-year-to-date checkpoints; sections 3 and 5, the conflicts)
and from the hand-checked results in data-sources.md S6, never read from the data file.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from pathlib import Path

import pytest

from pkit_cli import periods
from pkit_cli.dataset import Data
from pkit_cli.formula import evaluate
from pkit_cli.schema import Dataset

DATA = Path(__file__).parents[1] / "data" / "indicators.json"
# /work/shared beside the checkout (/work/main) or beside the worktrees (/work/wt/NAME).
DATA_MONTHLY = next(
    (p / "shared" / "data-monthly.md" for p in Path(__file__).parents if (p / "shared").is_dir()),
    Path(__file__).parents[2] / "shared" / "data-monthly.md",
)
MN = 1_000_000
ICT = "ict-exports"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return Dataset.model_validate_json(DATA.read_bytes())


# (month, as_of, USD mn, status, source): data-monthly.md section 1, with the as-of rule of
# data-sources.md S6 for undated pages (the rule is named in each observation's note).
MONTHS = [
    ("2023-07", "2023-08-18", 214, "reported", "propakistani-2023-08-18"),
    ("2023-08", "2024-09-20", 235, "reported", "businesstribune-undated"),  # rule 2
    ("2023-09", "2023-11-20", 206, "reported", "newstech-undated"),  # rule 2 (§5)
    ("2023-10", "2023-11-30", 238, "reported", "brecorder-2023-11-30"),
    ("2023-11", "2023-12-18", 259, "reported", "propakistani-2023-12-18"),
    ("2023-12", "2024-01-17", 303, "reported", "urdupoint-2024-01-17"),
    ("2024-01", "2024-02-22", 265, "reported", "arynews-2024-02-22"),
    ("2024-02", "2024-03-20", 257, "reported", "brecorder-2024-03-20"),
    ("2024-03", "2024-04-23", 306, "reported", "dawn-2024-04-23"),
    ("2024-04", "2024-05-18", 310, "reported", "urdupoint-2024-05-18"),
    ("2024-05", "2024-06-22", 332, "reported", "urdupoint-2024-06-22"),
    ("2024-06", "2024-07-20", 298, "reported", "arabnews-2024-07-20"),
    ("2024-07", "2024-08-21", 286, "reported", "arabnews-2024-08-21"),
    ("2024-08", "2024-09-20", 298, "reported", "phoneworld-2024-09-20"),
    ("2024-09", "2025-10-20", 292, "reported", "newstech-undated"),  # rule 2
    ("2024-10", "2024-11-20", 330, "reported", "dunyanews-2024-11-20"),
    ("2024-11", "2024-12-18", 324, "reported", "humenglish-undated"),  # first print (§5)
    ("2024-11", "2025-01-17", 310, "revised", "dailyqudrat-undated"),  # later value (§3, §5)
    ("2024-12", "2025-01-17", 348, "reported", "arabnews-2025-01-17"),
    ("2025-01", "2026-02-18", 313, "reported", "app-2026-02-18"),
    ("2025-02", "2025-04-18", 305, "reported", "dunya-2025-04-18"),  # rule 1
    ("2025-03", "2025-06-09", 342, "reported", "profit-undated-193884"),  # rule 2
    ("2025-04", "2025-05-17", 317, "reported", "dunya-2025-05-17"),  # rule 1; 317 not 314
    ("2025-06", "2025-08-20", 339, "reported", "brecorder-2025-08-20"),  # 339 not 338
    ("2025-07", "2025-08-20", 354, "reported", "brecorder-2025-08-20"),
    ("2025-08", "2025-10-20", 337, "reported", "phoneworld-2025-10-20"),
    ("2025-09", "2025-10-21", 366, "reported", "dawn-2025-10-21"),
    ("2025-10", "2025-11-17", 386, "reported", "app-2025-11-17"),
    ("2025-11", "2025-12-18", 356, "reported", "dunya-2025-12-18"),  # rule 1; 356 not 348
    ("2025-12", "2026-01-20", 437, "reported", "arabnews-2026-01-20"),
    ("2026-01", "2026-02-18", 374, "reported", "app-2026-02-18"),
    ("2026-02", "2026-03-20", 365, "reported", "pakistandigitalpost-undated"),  # rule 3
]
MAY_2025 = ("2025-05", "2025-08-20", 330)  # derived: 3,810 − the other eleven months

# (id, period, USD mn, precision mn, source, as_of): data-monthly.md section 2 (PBS values and
# FY2024-25's 3,810, which is the series' own observation, are not statements).
TOTALS = [
    ("st-ict-2mfy24-total", "FY2023-24 Jul-Aug", 449, 1, "businesstribune-undated", "2024-09-20"),
    ("st-ict-1qfy24-total", "FY2023-24 Jul-Sep", 656, 1, "newstech-undated", "2024-10-20"),
    ("st-ict-4mfy24-total", "FY2023-24 Jul-Oct", 894, 1, "dunyanews-2024-11-20", "2024-11-20"),
    ("st-ict-5mfy24-total", "FY2023-24 Jul-Nov", 1152, 1, "propakistani-2023-12-18", "2023-12-18"),
    ("st-ict-1hfy24-total", "FY2023-24 Jul-Dec", 1456, 1, "dailyqudrat-undated", "2025-01-20"),
    ("st-ict-7mfy24-total", "FY2023-24 Jul-Jan", 1700, 100, "arynews-2024-02-22", "2024-02-22"),
    ("st-ict-8mfy24-total", "FY2023-24 Jul-Feb", 1977, 1, "brecorder-2024-03-20", "2024-03-20"),
    ("st-ict-9mfy24-total", "FY2023-24 Jul-Mar", 2283, 1, "brecorder-2024-06-11", "2024-06-11"),
    ("st-ict-10mfy24-total", "FY2023-24 Jul-Apr", 2593, 1, "urdupoint-2024-05-18", "2024-05-18"),
    ("st-ict-11mfy24-total", "FY2023-24 Jul-May", 2925, 1, "urdupoint-2024-06-22", "2024-06-22"),
    ("st-ict-fy2023-24-total", "FY2023-24", 3223, 1, "arabnews-2024-07-20", "2024-07-20"),
    ("st-ict-2mfy25-total", "FY2024-25 Jul-Aug", 584, 1, "phoneworld-2024-09-20", "2024-09-20"),
    ("st-ict-1qfy25-total", "FY2024-25 Jul-Sep", 876, 1, "newstech-undated", "2024-10-20"),
    ("st-ict-1qfy25-ary-total", "FY2024-25 Jul-Sep", 877, 1, "arynews-2025-10-20", "2025-10-20"),
    ("st-ict-4mfy25-total", "FY2024-25 Jul-Oct", 1206, 1, "dunyanews-2024-11-20", "2024-11-20"),
    (
        "st-ict-5mfy25-first-total",
        "FY2024-25 Jul-Nov",
        1530,
        10,
        "humenglish-undated",
        "2024-12-18",
    ),
    ("st-ict-5mfy25-total", "FY2024-25 Jul-Nov", 1518, 1, "profit-2026-01-06", "2026-01-06"),
    ("st-ict-1hfy25-total", "FY2024-25 Jul-Dec", 1864, 1, "dailyqudrat-undated", "2025-01-20"),
    ("st-ict-7mfy25-total", "FY2024-25 Jul-Jan", 2180, 10, "app-2026-02-18", "2026-02-18"),
    (
        "st-ict-8mfy25-total",
        "FY2024-25 Jul-Feb",
        2480,
        10,
        "pakistandigitalpost-undated",
        "2026-03-20",
    ),
    ("st-ict-9mfy25-total", "FY2024-25 Jul-Mar", 2824, 1, "dunya-2025-04-18", "2025-04-18"),
    ("st-ict-9mfy25-survey-total", "FY2024-25 Jul-Mar", 2825, 1, "app-2025-06-09", "2025-06-09"),
    ("st-ict-9mfy25-pmo-total", "FY2024-25 Jul-Mar", 2828, 1, "app-2025-04-18", "2025-04-18"),
    ("st-ict-10mfy25-total", "FY2024-25 Jul-Apr", 3142, 1, "dunya-2025-05-17", "2025-05-17"),
    ("st-ict-2mfy26-total", "FY2025-26 Jul-Aug", 691, 1, "sunonews-undated", "2025-09-20"),
    ("st-ict-1qfy26-total", "FY2025-26 Jul-Sep", 1057, 1, "arynews-2025-10-20", "2025-10-20"),
    ("st-ict-4mfy26-total", "FY2025-26 Jul-Oct", 1443, 1, "app-2025-11-17", "2025-11-17"),
    ("st-ict-5mfy26-total", "FY2025-26 Jul-Nov", 1799, 1, "profit-2026-01-06", "2026-01-06"),
    ("st-ict-1hfy26-total", "FY2025-26 Jul-Dec", 2236, 1, "dunya-2026-01-20", "2026-01-20"),
    ("st-ict-7mfy26-total", "FY2025-26 Jul-Jan", 2610, 10, "app-2026-02-18", "2026-02-18"),
    (
        "st-ict-8mfy26-total",
        "FY2025-26 Jul-Feb",
        2970,
        10,
        "pakistandigitalpost-undated",
        "2026-03-20",
    ),
]


def month_observations(ds: Dataset) -> list[dict]:
    ind = next(i for i in ds.indicators if i.id == ICT)
    return [o for o in ind.observations if re.fullmatch(r"\d{4}-\d{2}", o["period"])]


def month_sum(months: dict[str, float], period: str) -> float:
    return math.fsum(months[m.label] for m in periods.months_of(periods.parse_canonical(period)))


@pytest.fixture(scope="module")
def latest_months(ds: Dataset) -> dict[str, float]:
    return {p.period.label: p.value for p in Data(ds, "test").months(ICT)}


@pytest.mark.parametrize("month, as_of, mn, status, source", MONTHS, ids=[r[0] for r in MONTHS])
def test_month(ds, month, as_of, mn, status, source):
    found = [
        o
        for o in month_observations(ds)
        if o["period"] == month and o["as_of"] == date.fromisoformat(as_of)
    ]
    assert len(found) == 1
    o = found[0]
    assert o["value"] == mn * MN
    assert o["precision"] == MN
    assert o["status"] == status
    assert o["source"] == source
    assert o.get("derivation") is None
    assert o.get("note"), "each month says where it comes from and which as-of rule it used"


def test_every_month_is_one_of_the_rows(ds):
    expected = {(m, a) for m, a, *_ in MONTHS} | {MAY_2025[:2]}
    assert {(o["period"], o["as_of"].isoformat()) for o in month_observations(ds)} == expected


def test_32_months_july_2023_to_february_2026(latest_months):
    assert list(latest_months) == [
        f"{y}-{m:02d}"
        for y, m in [(2023, m) for m in range(7, 13)]
        + [(2024, m) for m in range(1, 13)]
        + [(2025, m) for m in range(1, 13)]
        + [(2026, 1), (2026, 2)]
    ]
    assert len(latest_months) == 32


def test_headline_months(latest_months):
    assert latest_months["2025-12"] == 437_000_000  # the record month
    assert latest_months["2025-05"] == 330_000_000  # derived
    assert latest_months["2024-11"] == 310_000_000  # the later value, not the first print


def test_november_2024_first_print_is_an_earlier_vintage(ds):
    then = Data(ds, "test", date(2024, 12, 31))
    now = Data(ds, "test")
    nov = periods.parse("Nov 2024")
    assert then.point(ICT, nov).value == 324_000_000
    assert now.point(ICT, nov).value == 310_000_000
    assert [p.value for p in now.all_vintages(ICT)["2024-11"]] == [324_000_000, 310_000_000]


def test_may_2025_is_derived_from_the_year_and_the_other_eleven_months(ds, latest_months):
    may = next(o for o in month_observations(ds) if o["period"] == "2025-05")
    assert may["status"] == "derived"
    assert may["value"] == 330_000_000
    assert may["as_of"] == date(2025, 8, 20)
    d = may["derivation"]
    refs = {name: (ref.indicator, ref.period) for name, ref in d.inputs.items()}
    fy24_25 = [f"2024-{m:02d}" for m in range(7, 13)] + [f"2025-{m:02d}" for m in range(1, 7)]
    assert sorted(refs.values()) == sorted(
        [(ICT, "FY2024-25")] + [(ICT, m) for m in fy24_25 if m != "2025-05"]
    )
    # The November input is the later vintage (310), not the first print.
    nov = next(ref for ref in d.inputs.values() if ref.period == "2024-11")
    assert nov.as_of == date(2025, 1, 17)
    values = {}
    data = Data(ds, "test")
    for name, ref in d.inputs.items():
        values[name] = data.input_point(ref).value
    assert evaluate(d.formula, values) == pytest.approx(330_000_000)
    # data-sources.md S6: the eleven cited months sum to 3,480 mn.
    assert math.fsum(latest_months[m] for m in fy24_25 if m != "2025-05") == 3_480_000_000


def test_full_years_of_months_sum_to_the_annual_figures(ds, latest_months):
    assert month_sum(latest_months, "FY2023-24") == 3_223_000_000
    assert month_sum(latest_months, "FY2024-25") == 3_810_000_000
    annual = {p.period.label: p.value for p in Data(ds, "test").series(ICT)}
    assert annual["FY2023-24"] == 3_223_000_000
    assert annual["FY2024-25"] == 3_810_000_000


def test_fiscal_year_to_date_from_the_months(latest_months):
    # data-sources.md S6, hand-checked results.
    ytd = periods.fiscal_year_to_date(periods.parse("2026-02"))
    assert ytd.label == "FY2025-26 Jul-Feb"
    now = month_sum(latest_months, ytd.label)
    before = month_sum(latest_months, "FY2024-25 Jul-Feb")
    assert now == 2_975_000_000
    assert before == 2_482_000_000
    assert (now / before - 1) * 100 == pytest.approx(19.86, abs=0.005)
    assert month_sum(latest_months, "FY2025-26 Jul-Dec") == 2_236_000_000
    assert month_sum(latest_months, "FY2024-25 Jul-Dec") == 1_864_000_000


def test_twelve_months_to_february(latest_months):
    labels = list(latest_months)
    to_feb_26 = math.fsum(latest_months[m] for m in labels[labels.index("2026-02") - 11 :])
    i = labels.index("2025-02")
    to_feb_25 = math.fsum(latest_months[m] for m in labels[i - 11 : i + 1])
    assert to_feb_26 == 4_303_000_000
    assert to_feb_25 == 3_728_000_000
    assert (to_feb_26 / to_feb_25 - 1) * 100 == pytest.approx(15.42, abs=0.005)


@pytest.mark.parametrize(
    "st_id, period, mn, step, source, as_of", TOTALS, ids=[r[0] for r in TOTALS]
)
def test_cumulative_total_is_a_level_statement(ds, st_id, period, mn, step, source, as_of):
    st = next(s for s in ds.statements if s.id == st_id)
    assert st.kind == "level"
    assert (st.indicator, st.period, st.value, st.precision) == (ICT, period, mn * MN, step * MN)
    assert st.percent is None and st.base_period is None
    assert (st.source, st.as_of) == (source, date.fromisoformat(as_of))


def test_31_cumulative_totals_and_no_partial_year_copies_in_the_data(ds):
    levels = [s.id for s in ds.statements if s.kind == "level"]
    assert sorted(levels) == sorted(r[0] for r in TOTALS)
    assert len(levels) == 31
    ind = next(i for i in ds.indicators if i.id == ICT)
    assert not [o for o in ind.observations if " " in o["period"]], "totals are statements"


def test_annual_views_never_see_the_months(ds):
    data = Data(ds, "test")
    assert [p.period.label for p in data.series(ICT)] == [
        "FY2019-20",
        "FY2020-21",
        "FY2021-22",
        "FY2022-23",
        "FY2023-24",
        "FY2024-25",
    ]
    assert data.latest(ICT).period.label == "FY2024-25"
    assert data.latest(ICT).value == 3_810_000_000
    # A stock series' months stay points in time in the annual view.
    assert "2025-12" in [p.period.label for p in data.series("cellular-subscribers")]
    assert data.months("cellular-subscribers") == []


def test_frequencies(ds):
    data = Data(ds, "test")
    dec = data.point(ICT, periods.parse("December 2025"))
    assert data.frequency(dec) == "monthly"
    assert data.frequency(data.point(ICT, periods.parse("FY25"))) == "annual"
    cell = data.point("cellular-subscribers", periods.parse("2025/12"))
    assert data.frequency(cell) == "point"


def test_no_ite_s_label_on_the_ict_series(ds):
    ind = next(i for i in ds.indicators if i.id == ICT)
    assert ind.name == "ICT services exports (SBP export remittances)"
    for text in (ind.name, ind.short_name or "", ind.definition):
        assert "ITeS" not in text and "IT & ITeS" not in text


# The URLs of data-monthly.md's monthly values (section 1, the URL column) are all cited.
def monthly_value_urls() -> set[str]:
    text = DATA_MONTHLY.read_text(encoding="utf-8")
    section = text.split("## 1. Monthly values", 1)[1].split("## 2.", 1)[0]
    urls = set()
    for line in section.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)]  # "\|" is inside a cell
        is_month = len(cells) > 8 and re.fullmatch(r"[A-Z][a-z]{2} \d{4}", cells[1])
        if is_month and cells[7].startswith("http"):
            urls.add(cells[7])
    return urls


def test_urls_match_data_monthly_md(ds):
    # The reference beside the checkout (as CI lays it out) is what the data is checked
    # against: without it this is a failure to see, not a test to skip.
    assert DATA_MONTHLY.exists(), f"{DATA_MONTHLY} not found beside the checkout"
    urls = monthly_value_urls()
    # 31 cited months (May 2025 is derived); three pages carry two months each.
    assert len(urls) == 28
    stored = {s.url for s in ds.sources}
    assert urls - stored == set(), "monthly values' URLs in data-monthly.md missing from sources"
    # ... and each is the source of the month it gives.
    by_url = {s.url: s.id for s in ds.sources}
    cited = {o["source"] for o in month_observations(ds)}
    assert {by_url[u] for u in urls} <= cited


def test_first_print_page_is_cited_for_its_vintage(ds):
    by_id = {s.id: s for s in ds.sources}
    assert (
        by_id["humenglish-undated"].url
        == "https://humenglish.com/pakistan/it-exports-defy-slow-internet-vpn-ban-shoot-up-to-324m"
    )
    assert by_id["humenglish-undated"].published is None  # undated: never a guess


def test_check_reports_the_19_percent_as_a_conflict_between_sources(run):
    result = run("check", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    rows = {r["subject"].split(":")[0]: r for r in doc["checks"]}
    pm = rows["st-ict-fy2024-25-pm"]
    assert pm["status"] == "conflict"
    assert "brecorder-2025-08-09" in pm["detail"] and "brecorder-2025-08-20" in pm["detail"]
    for st_id, *_ in TOTALS:
        assert rows[st_id]["status"] == "pass", rows[st_id]["detail"]
    assert doc["passed"] is True
    assert doc["summary"]["fail"] == 0
    assert doc["summary"]["conflict"] == 1


def test_a_page_contradicting_itself_is_a_failure_not_a_conflict(run, tmp_path):
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    for st in doc["statements"]:
        if st["id"] == "st-ict-fy2024-25-pm":
            # The same page that printed 3.810 bn now also states 19 %: no second source.
            st["source"], st["as_of"] = "brecorder-2025-08-20", "2025-08-20"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    result = run("--data", str(bad), "check", "--json")
    assert result.exit_code == 1
    rows = {r["subject"].split(":")[0]: r for r in json.loads(result.stdout)["checks"]}
    assert rows["st-ict-fy2024-25-pm"]["status"] == "fail"


def test_a_cumulative_total_off_by_more_than_rounding_fails(run, tmp_path):
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    for st in doc["statements"]:
        if st["id"] == "st-ict-8mfy24-total":
            st["value"] = 1_990_000_000  # the months sum to 1,977
            st["source"] = "brecorder-2024-03-20"  # the page that printed February 2024
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    result = run("--data", str(bad), "check", "--json")
    assert result.exit_code == 1
    rows = {r["subject"].split(":")[0]: r for r in json.loads(result.stdout)["checks"]}
    assert rows["st-ict-8mfy24-total"]["status"] == "fail"


# Growth rates the pages state for a month (year on year or on the month before) or for a
# fiscal year to date: (id, period, compared with, percent, qualifier, source), typed from
# data-monthly.md's "yoy stated" columns and quotes. Audited by `pkit check`.
STATED_RATES = [
    ("st-ict-2023-07-yoy", "2023-07", "2022-07", 7, "about", "propakistani-2023-08-18"),
    ("st-ict-2023-08-yoy", "2023-08", "2022-08", 3, None, "businesstribune-undated"),
    ("st-ict-2023-10-yoy", "2023-10", "2022-10", 8, None, "brecorder-2023-11-30"),
    ("st-ict-2023-11-yoy", "2023-11", "2022-11", 11, "about", "propakistani-2023-12-18"),
    ("st-ict-2023-12-yoy", "2023-12", "2022-12", 22.67, None, "urdupoint-2024-01-17"),
    ("st-ict-2024-01-yoy", "2024-01", "2023-01", 39.4, None, "arynews-2024-02-22"),
    ("st-ict-2024-02-yoy", "2024-02", "2023-02", 32, "about", "brecorder-2024-03-20"),
    ("st-ict-2024-03-yoy", "2024-03", "2023-03", 37, None, "dawn-2024-04-23"),
    ("st-ict-2024-04-yoy", "2024-04", "2023-04", 62.3, None, "urdupoint-2024-05-18"),
    ("st-ict-2024-05-yoy", "2024-05", "2023-05", 40.7, None, "urdupoint-2024-06-22"),
    ("st-ict-2024-06-yoy", "2024-06", "2023-06", 32.44, None, "arabnews-2024-07-20"),
    ("st-ict-2024-08-yoy", "2024-08", "2023-08", 26.8, None, "phoneworld-2024-09-20"),
    ("st-ict-2024-09-yoy", "2024-09", "2023-09", 41.7, None, "newstech-undated"),
    ("st-ict-2024-11-yoy", "2024-11", "2023-11", 25, None, "humenglish-undated"),
    ("st-ict-2024-12-yoy", "2024-12", "2023-12", 15, None, "arabnews-2025-01-17"),
    ("st-ict-2025-03-yoy", "2025-03", "2024-03", 12, None, "profit-undated-193884"),
    ("st-ict-2025-04-yoy", "2025-04", "2024-04", 2, None, "dunya-2025-05-17"),
    ("st-ict-2025-07-yoy", "2025-07", "2024-07", 24, "about", "brecorder-2025-08-20"),
    ("st-ict-2025-09-yoy", "2025-09", "2024-09", 25, None, "dawn-2025-10-21"),
    ("st-ict-2025-10-yoy", "2025-10", "2024-10", 17, None, "app-2025-11-17"),
    ("st-ict-2025-12-yoy", "2025-12", "2024-12", 26, None, "arabnews-2026-01-20"),
    ("st-ict-2026-01-yoy", "2026-01", "2025-01", 19.5, None, "app-2026-02-18"),
    ("st-ict-2026-01-yoy-ppi", "2026-01", "2025-01", 19, None, "ppi-2026-02-18"),
    ("st-ict-2023-10-mom", "2023-10", "2023-09", 16, None, "brecorder-2023-11-30"),
    ("st-ict-2024-10-mom", "2024-10", "2024-09", 13, None, "dunyanews-2024-11-20"),
    ("st-ict-2024-12-mom", "2024-12", "2024-11", 12, None, "arabnews-2025-01-17"),
    ("st-ict-2025-03-mom", "2025-03", "2025-02", 12, None, "profit-undated-193884"),
    ("st-ict-2025-04-mom", "2025-04", "2025-03", -7, None, "dunya-2025-05-17"),
    ("st-ict-2025-09-mom", "2025-09", "2025-08", 9, None, "dawn-2025-10-21"),
    ("st-ict-2025-12-mom", "2025-12", "2025-11", 23, None, "arabnews-2026-01-20"),
    ("st-ict-2026-01-mom-ppi", "2026-01", "2025-12", -14, None, "ppi-2026-02-18"),
    (
        "st-ict-2mfy24-yoy",
        "FY2023-24 Jul-Aug",
        "FY2022-23 Jul-Aug",
        5,
        None,
        "businesstribune-undated",
    ),
    (
        "st-ict-5mfy24-yoy",
        "FY2023-24 Jul-Nov",
        "FY2022-23 Jul-Nov",
        6,
        "about",
        "propakistani-2023-12-18",
    ),
    ("st-ict-7mfy24-yoy", "FY2023-24 Jul-Jan", "FY2022-23 Jul-Jan", 13, None, "arynews-2024-02-22"),
    (
        "st-ict-8mfy24-yoy",
        "FY2023-24 Jul-Feb",
        "FY2022-23 Jul-Feb",
        14.9,
        "about",
        "brecorder-2024-03-20",
    ),
    (
        "st-ict-9mfy24-yoy",
        "FY2023-24 Jul-Mar",
        "FY2022-23 Jul-Mar",
        17.44,
        None,
        "brecorder-2024-06-11",
    ),
    (
        "st-ict-2mfy25-yoy",
        "FY2024-25 Jul-Aug",
        "FY2023-24 Jul-Aug",
        30,
        None,
        "phoneworld-2024-09-20",
    ),
    (
        "st-ict-1qfy25-yoy",
        "FY2024-25 Jul-Sep",
        "FY2023-24 Jul-Sep",
        33.54,
        None,
        "newstech-undated",
    ),
    (
        "st-ict-4mfy25-yoy",
        "FY2024-25 Jul-Oct",
        "FY2023-24 Jul-Oct",
        34,
        "at_least",
        "dunyanews-2024-11-20",
    ),
    (
        "st-ict-5mfy25-first-yoy",
        "FY2024-25 Jul-Nov",
        "FY2023-24 Jul-Nov",
        33,
        None,
        "humenglish-undated",
    ),
    (
        "st-ict-1hfy25-yoy",
        "FY2024-25 Jul-Dec",
        "FY2023-24 Jul-Dec",
        28,
        None,
        "dailyqudrat-undated",
    ),
    ("st-ict-9mfy25-yoy", "FY2024-25 Jul-Mar", "FY2023-24 Jul-Mar", 24, None, "dunya-2025-04-18"),
    (
        "st-ict-9mfy25-survey-yoy",
        "FY2024-25 Jul-Mar",
        "FY2023-24 Jul-Mar",
        23.7,
        None,
        "app-2025-06-09",
    ),
    ("st-ict-9mfy25-pmo-yoy", "FY2024-25 Jul-Mar", "FY2023-24 Jul-Mar", 23, None, "app-2025-04-18"),
    ("st-ict-10mfy25-yoy", "FY2024-25 Jul-Apr", "FY2023-24 Jul-Apr", 21, None, "dunya-2025-05-17"),
    ("st-ict-2mfy26-yoy", "FY2025-26 Jul-Aug", "FY2024-25 Jul-Aug", 18, None, "sunonews-undated"),
    ("st-ict-1qfy26-yoy", "FY2025-26 Jul-Sep", "FY2024-25 Jul-Sep", 20, None, "arynews-2025-10-20"),
    ("st-ict-4mfy26-yoy", "FY2025-26 Jul-Oct", "FY2024-25 Jul-Oct", 19.5, None, "app-2025-11-17"),
    (
        "st-ict-5mfy26-yoy",
        "FY2025-26 Jul-Nov",
        "FY2024-25 Jul-Nov",
        18.51,
        None,
        "profit-2026-01-06",
    ),
    ("st-ict-1hfy26-yoy", "FY2025-26 Jul-Dec", "FY2024-25 Jul-Dec", 20, None, "dunya-2026-01-20"),
    (
        "st-ict-8mfy26-yoy",
        "FY2025-26 Jul-Feb",
        "FY2024-25 Jul-Feb",
        19.7,
        None,
        "pakistandigitalpost-undated",
    ),
]


@pytest.mark.parametrize(
    "st_id, period, base, pct, qualifier, source", STATED_RATES, ids=[r[0] for r in STATED_RATES]
)
def test_stated_rate(ds, st_id, period, base, pct, qualifier, source):
    st = next(s for s in ds.statements if s.id == st_id)
    assert (st.kind, st.indicator, st.period, st.base_period) == ("growth", ICT, period, base)
    assert st.percent == pytest.approx(pct, rel=1e-12)
    assert (st.qualifier, st.source) == (qualifier, source)


def test_stated_rates_whose_levels_are_all_in_the_data_agree_with_them(run):
    # Each rate the pages state where both levels are in the data reproduces within the
    # rounding of the figures (data-monthly.md: every checkpoint reconciles).
    rows = {
        r["subject"].split(":")[0]: r for r in json.loads(run("check", "--json").stdout)["checks"]
    }
    audited = [r for r in STATED_RATES if rows[r[0]]["status"] != "n/a"]
    assert len(audited) >= 30
    for st_id, *_ in audited:
        assert rows[st_id]["status"] == "pass", rows[st_id]["detail"]
    # The FY2023-24 months' bases (FY2022-23 months) are not in the data: nothing to audit.
    assert rows["st-ict-2024-06-yoy"]["status"] == "n/a"
