"""The figures in data/indicators.json, checked against /work/shared/data-sources.md.

Every expected value below is typed in by hand from data-sources.md, not read from the data
file, so a wrong, rounded or invented figure in the data makes a test fail.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from pkit_cli.formula import evaluate
from pkit_cli.schema import Dataset
from test_data_monthly import MAY_2025, MONTHS, STATED_RATES, TOTALS

DATA = Path(__file__).parents[1] / "data" / "indicators.json"
# /work/shared beside the checkout (/work/main) or beside the worktrees (/work/wt/NAME).
SHARED = next(
    (p / "shared" for p in Path(__file__).parents if (p / "shared" / "data-sources.md").exists()),
    Path(__file__).parents[2] / "shared",
)
DATA_SOURCES = SHARED / "data-sources.md"
DATA_MONTHLY = SHARED / "data-monthly.md"

SEED = "dailytimes-2025-07-19"
SEED_DATE = "2025-07-19"
BN = 1_000_000_000
MN = 1_000_000


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return Dataset.model_validate_json(DATA.read_bytes())


def indicator(ds: Dataset, indicator_id: str):
    matches = [i for i in ds.indicators if i.id == indicator_id]
    assert len(matches) == 1, f"indicator {indicator_id!r} missing or duplicated"
    return matches[0]


def observation(ds: Dataset, indicator_id: str, period: str, as_of: str) -> dict:
    ind = indicator(ds, indicator_id)
    matches = [
        o
        for o in ind.observations
        if o["period"] == period and o["as_of"] == date.fromisoformat(as_of)
    ]
    assert len(matches) == 1, f"no single observation of {indicator_id} for {period} as of {as_of}"
    return matches[0]


# indicator -> rows of (period, as_of, value, precision, status, source[, qualifier])
OBSERVED = {
    # S1, the seed (s2, s5 and s13 are statements, s15 and s16 targets); S2 to S4 below.
    "it-exports-total": [
        ("FY2024-25", SEED_DATE, 4.6 * BN, 100 * MN, "reported", SEED),  # s1
    ],
    "ict-exports": [
        ("FY2019-20", "2021-07-20", 1.440 * BN, MN, "reported", "urdupoint-2021-07-20"),
        ("FY2020-21", "2021-07-20", 2.123 * BN, MN, "reported", "urdupoint-2021-07-20"),
        ("FY2020-21", "2022-07-28", 2.108 * BN, MN, "revised", "arynews-2022-07-28"),
        ("FY2021-22", "2022-07-28", 2.616 * BN, MN, "reported", "arynews-2022-07-28"),
        ("FY2021-22", "2024-03-19", 2.619 * BN, MN, "revised", "propakistani-2024-03-19"),
        ("FY2022-23", "2024-03-19", 2.597 * BN, MN, "reported", "propakistani-2024-03-19"),
        ("FY2022-23", "2024-12-19", 2.596 * BN, MN, "revised", "nation-2024-12-19"),
        ("FY2023-24", "2024-10-01", 3.2 * BN, 100 * MN, "reported", "phoneworld-2024-10-01"),
        ("FY2023-24", "2024-12-19", 3.223 * BN, MN, "revised", "nation-2024-12-19"),
        ("FY2024-25", SEED_DATE, 3.8 * BN, 100 * MN, "reported", SEED),  # s3
        ("FY2024-25", "2025-08-20", 3.810 * BN, MN, "revised", "brecorder-2025-08-20"),
        # S3b's July-January totals (2.61 bn, 2.18 bn) are statements now (kind level, in
        # test_data_monthly.TOTALS): the months are the data. The months: test_data_monthly.
    ],
    "freelancing": [
        ("FY2024-25", SEED_DATE, 779 * MN, MN, "reported", SEED),  # s4
    ],
    # S3: freelancer remittances, partial years.
    "freelancer-remittances": [
        (
            "FY2023-24 Jul-Mar",
            "2024-06-11",
            350.15 * MN,
            10_000,
            "reported",
            "brecorder-2024-06-11",
        ),
        ("FY2024-25 Jul-Mar", "2025-06-09", 400 * MN, MN, "reported", "app-2025-06-09"),
    ],
    "youth-trained": [("2025-07-19", SEED_DATE, 350_000, 10_000, "reported", SEED, "at_least")],
    "coworking-spaces-new": [("2025-07-19", SEED_DATE, 43, 1, "reported", SEED)],  # s7
    "special-technology-zones": [("2025-07-19", SEED_DATE, 23, 1, "reported", SEED)],  # s8
    "tech-parks": [("2025-07-19", SEED_DATE, 44, 1, "reported", SEED)],  # s9
    "hub-professionals": [("2025-07-19", SEED_DATE, 18_000, 1_000, "reported", SEED, "at_least")],
    # S4: telecom; the seed's s11 ("over 200 mn") is mobile plus fixed.
    "telecom-subscriptions": [
        ("2024-03", "2024-06-18", 194 * MN, MN, "reported", "propakistani-2024-06-18"),
        ("2025-06-09", "2025-06-09", 199.9 * MN, 100_000, "reported", "dailytimes-2025-06-09"),
        ("2025-07-19", SEED_DATE, 200 * MN, MN, "reported", SEED, "at_least"),  # s11
        # S6: PTA Annual Report 2025 via Profit, "over 200 mn subscribers".
        ("2026-01-01", "2026-01-01", 200 * MN, MN, "reported", "profit-2026-01-01", "at_least"),
    ],
    "teledensity": [
        ("2024-03", "2024-06-18", 80.7, 0.1, "reported", "propakistani-2024-06-18"),
        ("2025-06-09", "2025-06-09", 81.3, 0.1, "reported", "dailytimes-2025-06-09"),
    ],
    "cellular-subscribers": [
        ("2025-06", "2025-10-25", 197.804 * MN, 1_000, "reported", "brecorder-2025-10-25"),
        ("2025-09", "2025-10-25", 196.194 * MN, 1_000, "reported", "brecorder-2025-10-25"),
        # S6: Kaff Digital citing PTA, undated (published January 2026; as-of rule 3).
        ("2025-11", "2026-01-20", 196.58 * MN, 10_000, "reported", "kaffdigital-undated"),
        ("2025-12", "2026-01-20", 200.55 * MN, 10_000, "reported", "kaffdigital-undated"),
    ],
    "mobile-broadband-subscribers": [
        ("2025-12", "2026-01-20", 150.59 * MN, 10_000, "reported", "kaffdigital-undated"),
    ],
    "broadband-subscriptions": [
        ("2026-01-01", "2026-01-01", 150 * MN, MN, "reported", "profit-2026-01-01", "at_least"),
    ],
    # S6, new figures.
    "freelancer-earnings-pafla": [
        ("FY2024-25 Jul-Dec", "2026-01-20", 352 * MN, MN, "reported", "tribune-undated-2592983"),
        ("FY2025-26 Jul-Dec", "2026-01-20", 557 * MN, MN, "reported", "tribune-undated-2592983"),
    ],
    "youth-in-training": [
        ("2025-09-08", "2025-09-08", 300_000, 10_000, "reported", "urdupoint-2025-09-08"),
    ],
    "it-park-islamabad-progress": [
        ("2025-09-18", "2025-09-18", 71, 1, "reported", "phoneworld-2025-09-18"),
    ],
    "freelancers": [],  # only the PM Office's stated growth (91 %)
    "mobile-teledensity": [
        ("2025-09", "2025-10-25", 80.04, 0.01, "reported", "brecorder-2025-10-25")
    ],
    "broadband-users": [("2025-07-19", SEED_DATE, 150 * MN, MN, "reported", SEED)],  # s12
    "villages-connected": [("2025-07-19", SEED_DATE, 550, 10, "reported", SEED, "at_least")],  # s14
    "data-usage": [],  # only a stated growth rate (s13)
}
OBSERVATIONS = [
    (ind_id, *row, None)[:8] for ind_id, rows in OBSERVED.items() for row in rows
]  # (indicator, period, as_of, value, precision, status, source, qualifier)


# (label, indicator, period, as_of, value, formula, {input name: reference})
DERIVED = [
    (
        "d1",
        "it-exports-total",
        "FY2023-24",
        SEED_DATE,
        3639240506.33,
        "total / (1 + growth / 100)",
        {
            "total": {"indicator": "it-exports-total", "period": "FY2024-25", "as_of": SEED_DATE},
            "growth": {"statement": "st-total-fy2024-25"},
        },
    ),
    (
        "d2",
        "freelancing",
        "FY2023-24",
        SEED_DATE,
        410_000_000,
        "freelancing / (1 + growth / 100)",
        {
            "freelancing": {"indicator": "freelancing", "period": "FY2024-25", "as_of": SEED_DATE},
            "growth": {"statement": "st-freelancing-fy2024-25"},
        },
    ),
]

# (id, indicator, period, base_period, percent, qualifier, source, as_of)
STATEMENTS = [
    (
        "st-total-fy2024-25",
        "it-exports-total",
        "FY2024-25",
        "FY2023-24",
        26.4,
        None,
        SEED,
        SEED_DATE,
    ),
    (
        "st-freelancing-fy2024-25",
        "freelancing",
        "FY2024-25",
        "FY2023-24",
        90,
        None,
        SEED,
        SEED_DATE,
    ),
    ("st-data-usage-fy2024-25", "data-usage", "FY2024-25", "FY2023-24", 24, None, SEED, SEED_DATE),
    (
        "st-ict-fy2020-21",
        "ict-exports",
        "FY2020-21",
        "FY2019-20",
        47.43,
        None,
        "urdupoint-2021-07-20",
        "2021-07-20",
    ),
    (
        "st-ict-fy2021-22",
        "ict-exports",
        "FY2021-22",
        "FY2020-21",
        24.1,
        None,
        "arynews-2022-07-28",
        "2022-07-28",
    ),
    (
        "st-ict-fy2022-23",
        "ict-exports",
        "FY2022-23",
        "FY2021-22",
        -1,
        "about",
        "propakistani-2024-03-19",
        "2024-03-19",
    ),
    (
        "st-ict-fy2023-24-phoneworld",
        "ict-exports",
        "FY2023-24",
        "FY2022-23",
        24,
        None,
        "phoneworld-2024-10-01",
        "2024-10-01",
    ),
    (
        "st-ict-fy2023-24-nation",
        "ict-exports",
        "FY2023-24",
        "FY2022-23",
        24,
        "at_least",  # S6: "an increase of over 24 percent"
        "nation-2024-12-19",
        "2024-12-19",
    ),
    (
        "st-ict-fy2024-25",
        "ict-exports",
        "FY2024-25",
        "FY2023-24",
        18,
        "nearly",
        "brecorder-2025-08-20",
        "2025-08-20",
    ),
    (
        "st-ict-fy2025-26-jul-jan",
        "ict-exports",
        "FY2025-26 Jul-Jan",
        "FY2024-25 Jul-Jan",
        19.78,
        None,
        "app-2026-02-18",
        "2026-02-18",
    ),
    # S6: the PM Office's "19 %" (contradicted by the series' 18.21 %: a conflict).
    (
        "st-ict-fy2024-25-pm",
        "ict-exports",
        "FY2024-25",
        "FY2023-24",
        19,
        None,
        "brecorder-2025-08-09",
        "2025-08-09",
    ),
    (
        "st-freelancers-fy2024-25",
        "freelancers",
        "FY2024-25",
        "FY2023-24",
        91,
        None,
        "brecorder-2025-08-09",
        "2025-08-09",
    ),
    (
        "st-pafla-fy2025-26-jul-dec",
        "freelancer-earnings-pafla",
        "FY2025-26 Jul-Dec",
        "FY2024-25 Jul-Dec",
        58,
        None,
        "tribune-undated-2592983",
        "2026-01-20",
    ),
]
PROJECTION = "st-ict-fy2025-26-projection-jsglobal"

# (id, value, unit, deadline, indicator tracked, source, set_on)
TARGETS = [
    ("T1", 15 * BN, "USD", "FY2029-30", "it-exports-total", SEED, SEED_DATE),
    ("T2", 25 * BN, "USD", "FY2029-30", None, SEED, SEED_DATE),
    ("T3", 10 * BN, "USD", "FY2028-29", "ict-exports", "mettis-2025-01-03", "2025-01-03"),
    ("T4", 5 * BN, "USD", "FY2028-29", "freelancing", "mettis-2025-01-03", "2025-01-03"),
    # T5 was first stated on 2021-04-13 (News One; data-sources.md S6).
    ("T5", 5 * BN, "USD", "FY2022-23", "ict-exports", "propakistani-2023-03-20", "2021-04-13"),
    ("T6", 1_100, "count", "FY2025-26", "villages-connected", SEED, SEED_DATE),
    ("T7", 3.5 * BN, "USD", "FY2021-22", "ict-exports", "brecorder-2022-04-24", "2022-04-24"),
    ("T8", 5 * BN, "USD", "FY2025-26", "ict-exports", "brecorder-2025-08-20", "2025-08-20"),
    # S6: T9-T13, each with the date it was first stated.
    ("T9", 25 * BN, "USD", "FY2029-30", None, "urdupoint-2024-11-22", "2024-09-06"),
    ("T10", 4.2 * BN, "USD", "FY2024-25", "ict-exports", "brecorder-2025-08-20", "2025-08-20"),
    ("T11", 3.8 * BN, "USD", "FY2024-25", "ict-exports", "brecorder-2025-08-09", "2025-08-09"),
    ("T12", 30 * BN, "USD", None, "ict-exports", "brecorder-2025-08-09", "2025-08-09"),
    ("T13", 15 * BN, "USD", "FY2025-26", "ict-exports", "urdupoint-2023-01-05", "2023-01-05"),
]
# Pages that first stated a target, when not its source; pages quoted in its reason.
FIRST_STATED_IN = {"T5": "newsone-2021-04-13", "T9": "brecorder-2024-09-06"}
ALSO_CITED = {
    "T1": ("k21news-2025-07-19",),  # "well on track" (S5)
    "T9": ("brecorder-2024-11-22-plan", "dawn-2024-11-23"),
}

# id -> (published, url)
SOURCES = {
    SEED: (
        "2025-07-19",
        "https://dailytimes.com.pk/1338773/pakistans-it-exports-hit-4-6-billion-growth-soars-26/",
    ),
    "urdupoint-2021-07-20": (
        "2021-07-20",
        "https://www.urdupoint.com/en/technology/pakistan-achieves-another-milestone-by-exceed-1307039.html",
    ),
    "arynews-2022-07-28": (
        "2022-07-28",
        "https://arynews.tv/ict-exports-rise-by-52-million-in-june/",
    ),
    "247news-undated": (
        None,
        "https://247news.com.pk/ict-exports-surges-to-us2-6b-during-fy21-22/",
    ),
    "propakistani-2024-03-19": (
        "2024-03-19",
        "https://propakistani.pk/2024/03/19/pakistans-it-exports-up-15-to-1-97-billion-in-8-months-of-fy24/",
    ),
    "phoneworld-2024-10-01": (
        "2024-10-01",
        "https://www.phoneworld.com.pk/pakistans-it-exports-hit-3-2-billion-in-fy24/",
    ),
    "nation-2024-12-19": (
        "2024-12-19",
        "https://www.nation.com.pk/19-Dec-2024/it-exports-surge-in-2023-24-sheza-fatima",
    ),
    "brecorder-2025-08-20": (
        "2025-08-20",
        "https://www.brecorder.com/news/40378736/july-ites-exports-remittances-register-around-24pc-growth",
    ),
    "brecorder-2024-06-11": (
        "2024-06-11",
        "https://www.brecorder.com/news/40307942/pakistans-ict-exports-soar-to-228bn-reveals-economic-survey-2023-24",
    ),
    "app-2025-06-09": ("2025-06-09", "https://www.app.com.pk/?p=1008643"),
    "app-2026-02-18": (
        "2026-02-18",
        "https://www.app.com.pk/business/ict-export-remittances-rise-19-78pc-to-2-61bn-in-jul-jan-fy26/",
    ),
    "propakistani-2024-06-18": (
        "2024-06-18",
        "https://propakistani.pk/2024/06/18/pakistan-is-the-most-financially-attractive-it-outsourcing-destination-in-the-world-report/",
    ),
    "dailytimes-2025-06-09": (
        "2025-06-09",
        "https://dailytimes.com.pk/1312629/pakistans-it-sector-booms-with-record-growth-in-exports-and-innovation/",
    ),
    "brecorder-2025-10-25": (
        "2025-10-25",
        "https://www.brecorder.com/news/40389119/total-cellular-subscriber-base-declines-for-3rd-consecutive-month",
    ),
    "urdupoint-2024-11-22": (
        "2024-11-22",
        "https://www.urdupoint.com/en/technology/it-exports-could-exceed-25b-through-better-u-1884986.html",
    ),
    "mettis-2025-01-03": (
        "2025-01-03",
        "https://mettisglobal.news/uraan-pakistan-plan-to-generate-5bn-from-freelancing-gig-economy/",
    ),
    "propakistani-2023-03-20": (
        "2023-03-20",
        "https://propakistani.pk/2023/03/20/pakistans-it-exports-register-3-decline-in-february/",
    ),
    "brecorder-2022-04-24": (
        "2022-04-24",
        "https://www.brecorder.com/news/40169134/jul-mar-ict-export-remittances-up-2926pc-to-1948bn-yoy",
    ),
    # data-monthly.md, section 1 and 2 pages (undated pages: published None).
    "propakistani-2023-08-18": (
        "2023-08-18",
        "https://propakistani.pk/2023/08/18/it-exports-increase-by-7-yoy-in-july/",
    ),
    "businesstribune-undated": (
        None,
        "https://businesstribune.com.pk/economy-news/it-exports-jumps-10-percent-in-august-2023/",
    ),
    "newstech-undated": (
        None,
        "https://newstech.pk/tech/despite-internet-disruptions-pakistans-it-exports-record-33-54-growth-in-q1-of-fiscal-year",
    ),
    "brecorder-2023-11-30": (
        "2023-11-30",
        "https://www.brecorder.com/news/40275956/it-exports-in-4mfy24",
    ),
    "propakistani-2023-12-18": (
        "2023-12-18",
        "https://propakistani.pk/2023/12/18/it-exports-increase-by-11-in-november-2023/",
    ),
    "urdupoint-2024-01-17": (
        "2024-01-17",
        "https://www.urdupoint.com/en/pakistan/ict-exports-increased-by-2267-in-december-2-1786298.html",
    ),
    "arynews-2024-02-22": (
        "2024-02-22",
        "https://arynews.tv/pakistans-it-exports-up-by-39pc-in-january/",
    ),
    "brecorder-2024-03-20": (
        "2024-03-20",
        "https://www.brecorder.com/news/40294497/jul-feb-ites-export-remittances-rise-149pc-to-1977bn-yoy",
    ),
    "dawn-2024-04-23": (
        "2024-04-23",
        "https://www.dawn.com/news/1829115/it-exports-surge-to-306m-in-march",
    ),
    "urdupoint-2024-05-18": (
        "2024-05-18",
        "https://www.urdupoint.com/en/pakistan/it-exports-surges-to-stunning-310-mln-in-apr-1826233.html",
    ),
    "urdupoint-2024-06-22": (
        "2024-06-22",
        "https://www.urdupoint.com/en/pakistan/it-exports-surges-to-stunning-332-mln-in-ma-1837149.html",
    ),
    "arabnews-2024-07-20": ("2024-07-20", "https://www.arabnews.pk/node/2552866"),
    "arabnews-2024-08-21": ("2024-08-21", "https://www.arabnews.pk/node/2568252/pakistan"),
    "phoneworld-2024-09-20": (
        "2024-09-20",
        "https://www.phoneworld.com.pk/pakistans-ict-export-remittances-surge-by-30-in-early-2024-25/",
    ),
    "dunyanews-2024-11-20": (
        "2024-11-20",
        "https://dunyanews.tv/en/Technology/851669-pakistans-it-exports-reach-12bn-in-four-months",
    ),
    "humenglish-undated": (
        None,
        "https://humenglish.com/pakistan/it-exports-defy-slow-internet-vpn-ban-shoot-up-to-324m",
    ),
    "dailyqudrat-undated": (None, "https://dailyqudrat.pk/314784"),
    "arabnews-2025-01-17": ("2025-01-17", "https://www.arabnews.pk/node/2586784/pakistan"),
    "dunya-2025-04-18": (None, "https://dunya.com.pk/index.php/business/2025-04-18/2502089"),
    "profit-undated-193884": (None, "https://profit.pakistantoday.com.pk/?p=193884"),
    "dunya-2025-05-17": (None, "https://dunya.com.pk/index.php/business/2025-05-17/2514506"),
    "phoneworld-2025-10-20": (
        "2025-10-20",
        "https://www.phoneworld.com.pk/pakistans-it-exports-surge-20-in-q1-fy2026-cross-1-billion-mark/",
    ),
    "dawn-2025-10-21": (
        "2025-10-21",
        "https://www.dawn.com/news/1950304/it-exports-hit-record-366m-in-september",
    ),
    "app-2025-11-17": (
        "2025-11-17",
        "https://www.app.com.pk/national/ict-exports-surge-19-5-as-sector-posts-record-four-month-performance/",
    ),
    "dunya-2025-12-18": (None, "https://dunya.com.pk/index.php/business/2025-12-18/2604420"),
    "arabnews-2026-01-20": ("2026-01-20", "https://www.arabnews.pk/node/2629942"),
    "pakistandigitalpost-undated": (None, "https://pakistandigitalpost.com/?p=4455"),
    "arynews-2025-10-20": (
        "2025-10-20",
        "https://arynews.tv/pakistan-it-exports-latest-figures-october-20-2025",
    ),
    "profit-2026-01-06": (
        "2026-01-06",
        "https://profit.pakistantoday.com.pk/2026/01/06/pakistans-services-exports-rise-16-8-to-3-83-billion-in-july-november-fy26/",
    ),
    "app-2025-04-18": (
        "2025-04-18",
        "https://www.app.com.pk/national/pm-hails-23-increase-in-it-exports-during-jul-mar-fy25/",
    ),
    "sunonews-undated": (
        None,
        "https://english.sunonews.tv/technology/pakistan/Pakistans-IT-exports-jump-18-in-two-months-despite-August-dip/1758266762-9080",
    ),
    "dunya-2026-01-20": (None, "https://dunya.com.pk/index.php/business/2026-01-20/2619780"),
    # data-sources.md S5 and S6.
    "brecorder-2024-11-22-plan": (
        None,
        "https://www.brecorder.com/news/40333934/25bn-it-export-target-pm-presented-comprehensive-plan",
    ),
    "dawn-2024-11-23": (
        "2024-11-23",
        "https://www.dawn.com/news/1874239/pm-shehbaz-eyes-25bn-it-exports-in-five-years",
    ),
    "brecorder-2024-09-06": (
        "2024-09-06",
        "https://www.brecorder.com/news/40321122/pm-seeks-plans-for-25bn-it-exports",
    ),
    "brecorder-2025-08-09": (
        "2025-08-09",
        "https://www.brecorder.com/news/40377080/pm-seeks-roadmap-for-30bn-it-export-target",
    ),
    "urdupoint-2023-01-05": (
        "2023-01-05",
        "https://www.urdupoint.com/en/business/prime-minister-shehbaz-sharif-for-measures-to-1620587.html",
    ),
    "newsone-2021-04-13": (
        "2021-04-13",
        "https://www.newsone.tv/featured-nation-box3/govts-efforts-aimed-towards-making-pakistan-leading-it-exporter-in-region-pm",
    ),
    "ppi-2026-02-18": (
        "2026-02-18",
        "https://ppinewsagency.com/pakistans-it-exports-surge-by-19-in-january-meeting-growth-expectations/",
    ),
    "tribune-undated-2592983": (
        None,
        "https://tribune.com.pk/story/2592983/freelancers-earn-557min-1hfy26",
    ),
    "kaffdigital-undated": (
        None,
        "https://kaffdigital.com/cellular-subscriber-base-jumps-to-200-5-million-in-pakistan-by-end-of-2025",
    ),
    "profit-2026-01-01": (
        "2026-01-01",
        "https://profit.pakistantoday.com.pk/2026/01/01/pakistans-telecom-sector-hits-200-million-subscribers-rs1-trillion-revenue-in-fy2024-25/",
    ),
    "urdupoint-2025-09-08": (
        "2025-09-08",
        "https://www.urdupoint.com/en/pakistan/govt-to-train-one-million-youth-in-it-skills-2040456.html",
    ),
    "phoneworld-2025-09-18": (
        "2025-09-18",
        "https://www.phoneworld.com.pk/islamabad-it-park-faces-major-delays-despite-78m-korean-funding/",
    ),
    "nation-2024-08-16": (
        "2024-08-16",
        "https://www.nation.com.pk/16-Aug-2024/stza-notifies-four-new-stzs-with-rs30b-infrastructure-investment-across-pakistan",
    ),
    "dailytimes-1350405": (
        None,
        "https://dailytimes.com.pk/1350405/pm-orders-action-plan-to-boost-it-exports-to-30-billion/",
    ),
    "k21news-2025-07-19": (
        "2025-07-19",
        "https://k21news.pk/pakistans-it-exports-surge-to-record-4-6-billion-but-industry-still-seeks-stability/",
    ),
}

# Titles as printed (data-sources.md, data-monthly.md); every other title is null ("not shown").
PRINTED_TITLES = {
    SEED: "Pakistan's IT exports hit $4.6 billion, growth soars 26%",
    "brecorder-2022-04-24": "Jul-Mar ICT export remittances up 29.26pc to $1.948bn YoY",
    "urdupoint-2024-11-22": "IT Exports Could Exceed $25b Through Better Use Of Resources: PM Shehbaz",
    "app-2026-02-18": "ICT export remittances rise 19.78pc to $2.61bn in Jul–Jan FY26",
    "propakistani-2023-12-18": "IT Exports Increase By 11% in November 2023",
    "brecorder-2024-03-20": "Jul-Feb ITeS export remittances rise 14.9pc to $1.977bn YoY",
    "urdupoint-2024-05-18": "IT Exports Surges To Stunning $310 Mln In April",
    "urdupoint-2024-06-22": "IT Exports Surges To Stunning $ 332 Mln In May This Year",
    "arabnews-2024-07-20": "Pakistan IT exports increased by nearly $300 million in June amid growth push",
    "arabnews-2024-08-21": "Amid ‘slow’ Internet controversy, Pakistan says IT exports to exceed "
    "$3.5 billion this year",
    "dunyanews-2024-11-20": "Pakistan's IT exports reach $1.2bn in four months",
    "humenglish-undated": "IT exports defy slow internet, VPN ban; shoot up to $324m",
    "dailyqudrat-undated": "انٹرنیٹ مسائل کے باوجود پاکستان کی آئی ٹی برآمدات میں تاریخی اضافہ",
    "arabnews-2025-01-17": "Pakistan recorded highest ever monthly IT exports of $348 million in "
    "Dec. 24 — data",
    "dunya-2025-04-18": "آئی ٹی برآمدات34کروڑ 20لاکھ ڈالر پر جاپہنچیں",
    "dunya-2025-05-17": "آئی ٹی برآمدات میں 2فیصد اضافہ،حجم31.40کروڑڈالررہا",
    "dawn-2025-10-21": "IT exports hit record $366m in September",
    "dunya-2025-12-18": "آئی سی ٹی برآمدی ترسیلات میں 18.5 فیصد کا نمایاں اضافہ",
    "arabnews-2026-01-20": "Government says Pakistan’s IT exports hit record monthly high in December",
    "profit-2026-01-06": "Pakistan’s services exports rise 16.8% to $3.83 billion in July–November FY26",
    "dunya-2026-01-20": "آئی ٹی برآمدات تاریخ کی بلند سطح پر ،26فیصداضافہ",
    "brecorder-2024-09-06": "PM seeks plans for $25bn IT exports",
    "brecorder-2025-08-09": "PM seeks roadmap for $30bn IT export target",
    "urdupoint-2023-01-05": "Prime Minister Shehbaz Sharif for measures to…",
    "newsone-2021-04-13": "Govt's efforts aimed towards making Pakistan leading IT exporter in "
    "region: PM",
    "ppi-2026-02-18": "Pakistan's IT Exports Surge by 19% in January, Meeting Growth Expectations",
    "tribune-undated-2592983": "Freelancers earn $557m in 1HFY26",
    "urdupoint-2025-09-08": "Govt to train one million youth in IT skills",
    "phoneworld-2025-09-18": "Islamabad IT Park faces major delays despite $78m Korean funding",
    "k21news-2025-07-19": "Pakistan's IT exports surge to record $4.6 billion but industry still "
    "seeks stability",
}


@pytest.mark.parametrize(
    "ind_id, period, as_of, value, precision, status, source, qualifier",
    OBSERVATIONS,
    ids=[f"{r[0]}:{r[1]}@{r[2]}" for r in OBSERVATIONS],
)
def test_observation(ds, ind_id, period, as_of, value, precision, status, source, qualifier):
    obs = observation(ds, ind_id, period, as_of)
    assert obs["value"] == pytest.approx(value, rel=1e-12)
    assert obs.get("precision") == pytest.approx(precision, rel=1e-12)
    assert obs["status"] == status
    assert obs["source"] == source
    assert obs.get("qualifier") == qualifier
    assert obs.get("derivation") is None


def test_fy2021_22_also_reported_by_247news(ds):
    obs = observation(ds, "ict-exports", "FY2021-22", "2022-07-28")
    assert obs.get("also_reported_by") == ["247news-undated"]


@pytest.mark.parametrize(
    "label, ind_id, period, as_of, value, formula, inputs", DERIVED, ids=[r[0] for r in DERIVED]
)
def test_derived(ds, label, ind_id, period, as_of, value, formula, inputs):
    obs = observation(ds, ind_id, period, as_of)
    assert obs["value"] == pytest.approx(value, abs=1)
    assert obs["status"] == "derived"
    assert obs["source"] == SEED
    derivation = obs["derivation"]
    assert derivation.formula == formula
    refs = {
        name: {k: v for k, v in ref.model_dump(mode="json").items() if v is not None}
        for name, ref in derivation.inputs.items()
    }
    assert refs == inputs
    # The stored value is what the formula gives on the inputs it names.
    values = {}
    for name, ref in derivation.inputs.items():
        if ref.statement is not None:
            values[name] = next(s.percent for s in ds.statements if s.id == ref.statement)
        else:
            values[name] = observation(ds, ref.indicator, ref.period, ref.as_of.isoformat())[
                "value"
            ]
    assert evaluate(derivation.formula, values) == pytest.approx(obs["value"], abs=1e-6)


# Every observation in the data is one of the rows above or a month of test_data_monthly:
# nothing untraced slips in.
def test_no_untraced_observations(ds):
    expected = {r[:3] for r in OBSERVATIONS} | {(r[1], r[2], r[3]) for r in DERIVED}
    expected |= {("ict-exports", month, as_of) for month, as_of, *_ in MONTHS}
    expected.add(("ict-exports", *MAY_2025[:2]))
    actual = {
        (ind.id, o["period"], o["as_of"].isoformat())
        for ind in ds.indicators
        for o in ind.observations
    }
    assert actual == expected


def test_data_usage_has_no_level(ds):
    ind = indicator(ds, "data-usage")
    assert ind.unit == "bytes"
    assert ind.observations == []


def test_total_components(ds):
    assert set(indicator(ds, "it-exports-total").components) == {"ict-exports", "freelancing"}


@pytest.mark.parametrize(
    "st_id, ind_id, period, base_period, percent, qualifier, source, as_of",
    STATEMENTS,
    ids=[r[0] for r in STATEMENTS],
)
def test_statement(ds, st_id, ind_id, period, base_period, percent, qualifier, source, as_of):
    matches = [s for s in ds.statements if s.id == st_id]
    assert len(matches) == 1
    st = matches[0]
    assert st.indicator == ind_id
    assert st.period == period
    assert st.base_period == base_period
    assert st.percent == pytest.approx(percent, rel=1e-12)
    assert st.qualifier == qualifier
    assert st.source == source
    assert st.as_of == date.fromisoformat(as_of)


def test_no_untraced_statements(ds):
    expected = [r[0] for r in STATEMENTS + STATED_RATES] + [r[0] for r in TOTALS] + [PROJECTION]
    assert sorted(s.id for s in ds.statements) == sorted(expected)
    growth = {r[0] for r in STATEMENTS + STATED_RATES}
    assert {s.id for s in ds.statements if s.kind == "growth"} == growth


def test_js_global_projection_is_a_projection_not_an_actual(ds):
    st = next(s for s in ds.statements if s.id == PROJECTION)
    assert (st.kind, st.indicator, st.period, st.value) == (
        "projection",
        "ict-exports",
        "FY2025-26",
        4.5 * BN,
    )
    assert (st.source, st.as_of) == ("ppi-2026-02-18", date(2026, 2, 18))
    ict = indicator(ds, "ict-exports")
    assert not [o for o in ict.observations if o["period"] == "FY2025-26"]


@pytest.mark.parametrize(
    "t_id, value, unit, deadline, ind_id, source, set_on", TARGETS, ids=[r[0] for r in TARGETS]
)
def test_target(ds, t_id, value, unit, deadline, ind_id, source, set_on):
    matches = [t for t in ds.targets if t.id == t_id]
    assert len(matches) == 1
    t = matches[0]
    assert t.value == pytest.approx(value, rel=1e-12)
    assert t.unit == unit
    assert t.deadline == deadline
    assert t.indicator == ind_id
    assert t.source == source
    assert t.set_on == date.fromisoformat(set_on)
    assert t.reason.strip()


def test_no_untraced_targets(ds):
    assert sorted(t.id for t in ds.targets) == sorted(f"T{i}" for i in range(1, 14))


def test_targets_first_stated_and_cited_pages(ds):
    for t in ds.targets:
        assert t.first_stated_in == FIRST_STATED_IN.get(t.id), t.id
        assert t.also_cited == ALSO_CITED.get(t.id, ()), t.id


def test_targets_in_the_order_they_were_set(ds):
    # data-sources.md S6: T5, T7, T13, T9, T3 and T4, T1 T2 and T6, T11 and T12, T8 and T10.
    order = [t.id for t in sorted(ds.targets, key=lambda t: t.set_on)]
    groups = [{"T5"}, {"T7"}, {"T13"}, {"T9"}, {"T3", "T4"}, {"T1", "T2", "T6"}, {"T11", "T12"}]
    groups.append({"T8", "T10"})
    i = 0
    for group in groups:
        assert set(order[i : i + len(group)]) == group
        i += len(group)


def test_t2_has_no_structure_and_t9_has_the_15_1_10_split(ds):
    t2 = next(t for t in ds.targets if t.id == "T2")
    assert t2.structure == ()
    t9 = next(t for t in ds.targets if t.id == "T9")
    parts = [(p.label, p.value) for p in t9.structure]
    assert parts == [
        ("IT exports", 15 * BN),
        ("Telecom exports", 1 * BN),
        ("Digitisation", 10 * BN),
    ]
    # As every outlet reports them the parts add up to 26 bn, not T9's 25 bn: kept as given,
    # and the target's note must say so rather than the data being adjusted to fit.
    assert sum(p.value for p in t9.structure) == 26 * BN
    assert t9.note is not None and "26 bn" in t9.note


def test_t6_doubles_villages(ds):
    t6 = next(t for t in ds.targets if t.id == "T6")
    assert t6.derivation is not None
    assert t6.derivation.formula == "2 * villages"
    ref = t6.derivation.inputs["villages"]
    assert (ref.indicator, ref.period) == ("villages-connected", "2025-07-19")
    villages = observation(ds, "villages-connected", "2025-07-19", SEED_DATE)["value"]
    assert evaluate(t6.derivation.formula, {"villages": villages}) == t6.value


@pytest.mark.parametrize("src_id", list(SOURCES))
def test_source(ds, src_id):
    published, url = SOURCES[src_id]
    matches = [s for s in ds.sources if s.id == src_id]
    assert len(matches) == 1
    s = matches[0]
    assert s.url == url
    assert s.published == (date.fromisoformat(published) if published else None)


def test_every_source_has_publisher_and_a_printed_title_or_none(ds):
    assert sorted(s.id for s in ds.sources) == sorted(SOURCES)
    for s in ds.sources:
        assert s.publisher.strip(), s.id
        # A title as printed, or null: never a headline made up from the URL's slug.
        assert s.title == PRINTED_TITLES.get(s.id), s.id
        if s.title is None:
            assert any(words in (s.note or "") for words in ("not shown", "not recorded")), s.id
        if s.url is None or s.published is None:
            assert s.note and s.note.strip(), f"{s.id}: a missing URL or date needs a note"


_URL = re.compile(r"https?://[^\s|<>()\"']+")


def test_urls_match_data_sources_md(ds):
    # The reference beside the checkout (as CI lays it out) is what the data is checked
    # against: without it this is a failure to see, not a test to skip.
    assert DATA_SOURCES.exists(), f"{DATA_SOURCES} not found beside the checkout"
    documented = {u.rstrip(".,;:") for u in _URL.findall(DATA_SOURCES.read_text(encoding="utf-8"))}
    assert documented, "no URLs found in data-sources.md"
    stored = {s.url for s in ds.sources if s.url is not None}
    assert documented - stored == set(), "URLs in data-sources.md missing from the sources"
    # Sources of the months and cumulative totals come from data-monthly.md (its monthly
    # values' URLs are checked in test_data_monthly): nothing else may appear.
    monthly = {u.rstrip(".,;:") for u in _URL.findall(DATA_MONTHLY.read_text(encoding="utf-8"))}
    assert stored - documented - monthly == set(), "source URLs in neither reference file"
