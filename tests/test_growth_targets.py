"""`pkit growth`, `pkit targets` and the topic commands, end to end. Expected values are
the hand-checked results of data-sources.md."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import indicator


def test_growth_ict_exports_2020_to_2025(run: Any) -> None:
    result = run("growth", "ict-exports", "--from", "2020", "--to", "2025", "--json")
    assert result.exit_code == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert (row["from_period"], row["to_period"]) == ("FY2019-20", "FY2024-25")
    assert row["cagr_pct"] == pytest.approx(21.48, abs=0.01)
    assert row["years"] == 5
    assert (row["start"], row["end"]) == (1_440_000_000, 3_810_000_000)
    assert row["change"] == 2_370_000_000
    assert row["end_status"] == "revised" and "revised" in row["note"]


@pytest.mark.parametrize(
    "spelling",
    [("FY2019-20", "FY2024-25"), ("FY20", "FY25"), ("2019-20", "2024/25"), ("FY19-20", "FY24-25")],
)
def test_growth_accepts_every_period_spelling(run: Any, spelling: tuple[str, str]) -> None:
    rows = json.loads(
        run("growth", "ict-exports", "--from", spelling[0], "--to", spelling[1], "--json").stdout
    )
    assert rows[0]["from_period"] == "FY2019-20" and rows[0]["to_period"] == "FY2024-25"


def test_growth_one_period_runs_to_the_latest_or_from_the_earliest(run: Any) -> None:
    [since] = json.loads(run("growth", "ict-exports", "--from", "FY2022-23", "--json").stdout)
    assert (since["from_period"], since["to_period"]) == ("FY2022-23", "FY2024-25")
    # 3.810 / 2.596, two years; JSON gives computed percentages to 4 decimals (README)
    assert since["cagr_pct"] == pytest.approx(((3.810 / 2.596) ** 0.5 - 1) * 100, abs=5e-5)
    [until] = json.loads(run("growth", "ict-exports", "--to", "FY2021-22", "--json").stdout)
    assert (until["from_period"], until["to_period"]) == ("FY2019-20", "FY2021-22")


def test_growth_whole_series_year_on_year(run: Any) -> None:
    doc = json.loads(run("growth", "ict-exports", "--json").stdout)
    yoy = {r["period"]: r for r in doc["year_on_year"]}
    assert yoy["FY2023-24"]["percent_change_pct"] == pytest.approx(24.15, abs=0.005)  # 3.223/2.596
    assert yoy["FY2023-24"]["base_period"] == "FY2022-23"
    assert yoy["FY2019-20"]["percent_change_pct"] is None
    # Months are not in the annual view: only fiscal years.
    assert set(yoy) == {
        "FY2019-20",
        "FY2020-21",
        "FY2021-22",
        "FY2022-23",
        "FY2023-24",
        "FY2024-25",
    }
    [span] = doc["span"]
    assert (span["from_period"], span["to_period"]) == ("FY2019-20", "FY2024-25")
    assert span["cagr_pct"] == pytest.approx(21.48, abs=0.01)


def test_growth_compares_a_partial_year_only_with_the_same_months(run: Any) -> None:
    doc = json.loads(run("growth", "freelancer-earnings-pafla", "--json").stdout)
    yoy = {r["period"]: r for r in doc["year_on_year"]}
    # data-sources.md S6 (PAFLA): 557 mn in July-December FY2025-26 against 352 mn.
    assert yoy["FY2025-26 Jul-Dec"]["base_period"] == "FY2024-25 Jul-Dec"
    assert yoy["FY2025-26 Jul-Dec"]["percent_change_pct"] == pytest.approx((557 / 352 - 1) * 100)


def test_growth_of_several_indicators_side_by_side(run: Any) -> None:
    rows = json.loads(
        run(
            "growth", "ict-exports", "freelancing", "--from", "FY24", "--to", "FY25", "--json"
        ).stdout
    )
    assert [r["indicator"] for r in rows] == ["ict-exports", "freelancing"]
    assert rows[1]["percent_change_pct"] == pytest.approx(90.0)  # 779 / 410 − 1, d2 is derived
    assert rows[1]["start_status"] == "derived" and "derived" in rows[1]["note"]


def test_growth_from_after_to_is_a_usage_error(run: Any) -> None:
    result = run("growth", "ict-exports", "--from", "2025", "--to", "2020")
    assert result.exit_code == 2
    assert "--from FY2024-25 is after --to FY2019-20" in result.stderr
    assert "Traceback" not in result.stderr


def test_growth_bad_period_names_the_accepted_forms(run: Any) -> None:
    result = run("growth", "ict-exports", "--from", "FY2024-26")
    assert result.exit_code == 2 and "--from" in result.stderr and "FY24-25" in result.stderr


def test_growth_period_not_in_the_data(run: Any) -> None:
    result = run("growth", "ict-exports", "--from", "FY2010-11")
    assert (
        result.exit_code == 1
        and "no figure for FY2010-11" in result.stderr
        and "FY2019-20" in result.stderr
    )


def test_growth_from_a_zero_value_says_why(run: Any, dataset_file: Any) -> None:
    def zero(d: dict[str, Any]) -> None:
        for o in indicator(d, "ict-exports")["observations"]:
            if o["period"] == "FY2019-20":
                o["value"] = 0

    result = run(
        "--data",
        str(dataset_file(zero)),
        "growth",
        "ict-exports",
        "--from",
        "2020",
        "--to",
        "2021",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert row["cagr_pct"] is None and row["percent_change_pct"] is None
    assert "starting value is zero" in row["note"]


def test_growth_of_a_one_observation_series_says_why(run: Any) -> None:
    result = run("growth", "tech-parks")
    assert result.exit_code == 0
    assert "only one figure" in result.stdout
    doc = json.loads(run("growth", "tech-parks", "--json").stdout)
    assert doc["span"][0]["cagr_pct"] is None


# targets --------------------------------------------------------------------------------


def targets_json(run: Any, *args: str) -> dict[str, dict[str, Any]]:
    result = run("targets", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return {t["id"]: t for t in json.loads(result.stdout)}


def test_targets_verdicts(run: Any) -> None:
    t = targets_json(run)
    assert set(t) == {f"T{i}" for i in range(1, 14)}
    assert t["T1"]["verdict"] == "too close to call"  # see test_t1_is_too_close_to_call
    assert t["T3"]["verdict"] == "behind"  # 13.31 % a year against 27.28 %: far outside rounding
    assert t["T1"]["indicator"] == "it-exports-total"
    assert t["T1"]["latest"] == 4_600_000_000 and t["T1"]["latest_period"] == "FY2024-25"
    assert t["T1"]["required_cagr_pct"] == pytest.approx(26.67, abs=0.01)
    assert t["T1"]["recent_cagr_pct"] == pytest.approx(26.4, abs=1e-6)
    assert t["T1"]["deadline"] == "FY2029-30"
    assert t["T3"]["required_cagr_pct"] == pytest.approx(27.28, abs=0.01)
    assert t["T4"]["required_cagr_pct"] == pytest.approx(59.17, abs=0.01)
    assert t["T5"]["verdict"] == "missed" and t["T5"]["progress_pct"] == pytest.approx(
        51.92, abs=0.005
    )
    assert t["T7"]["verdict"] == "missed" and t["T7"]["progress_pct"] == pytest.approx(
        74.83, abs=0.005
    )
    assert t["T2"]["verdict"] == "no data" and t["T2"]["structure"] == []
    assert t["T9"]["verdict"] == "no data"
    assert [p["value"] for p in t["T9"]["structure"]] == [
        15_000_000_000,
        1_000_000_000,
        10_000_000_000,
    ]
    # data-sources.md S6: T10 missed (3.810 / 4.2), T11 met (3.810 / 3.8), the same year.
    assert t["T10"]["verdict"] == "missed"
    assert t["T10"]["progress_pct"] == pytest.approx(90.71, abs=0.005)
    assert t["T11"]["verdict"] == "met"
    assert t["T11"]["progress_pct"] == pytest.approx(100.26, abs=0.005)
    # T12 has no deadline: progress (3.810 / 30) and no required rate.
    assert t["T12"]["deadline"] is None and t["T12"]["required_cagr_pct"] is None
    assert t["T12"]["progress_pct"] == pytest.approx(12.70, abs=0.005)
    assert t["T6"]["verdict"] == "awaiting data"
    # data-sources.md S6: FY2025-26 is under way in the months and has no full-year figure:
    # T8 and T13 are judged by their run-rate (tests/test_run_rate.py), never "missed".
    assert t["T8"]["verdict"] == "behind (projected)"
    assert t["T13"]["verdict"] == "out of reach"


def test_targets_rate_changes_the_projections_and_nothing_else(run: Any) -> None:
    base, what_if = targets_json(run), targets_json(run, "--rate", "20")
    projection = {
        "projected",
        "projected_progress_pct",
        "projection_rate_pct",
        "reaches_target_by",
        "working",
    }
    for ident in base:
        for key in base[ident]:
            if key not in projection:
                assert base[ident][key] == what_if[ident][key], (ident, key)
    assert what_if["T1"]["projected"] == pytest.approx(4.6e9 * 1.2**5)
    assert base["T1"]["projected"] == pytest.approx(4.6e9 * 1.264**5)


def test_one_target_spells_out_the_arithmetic(run: Any) -> None:
    out = run("targets", "T1").stdout
    assert "($15 bn / $4.6 bn)^(1/5) − 1 = 26.67 %" in out
    assert "Verdict: too close to call: recent pace 26.40% a year vs 26.67% required" in out
    assert run("targets", "t1").exit_code == 0  # ids are matched without regard to case
    unknown = run("targets", "T99")
    assert unknown.exit_code == 1 and "unknown target 'T99'" in unknown.stderr


def test_t1_is_too_close_to_call(run: Any) -> None:
    """Hand-checked from data-sources.md (S1 s1, s2, s15; S5 T1; "Hand-checked results").

    Required: $4.6 bn (FY2024-25) to $15 bn by FY2029-30, 5 years: (15 / 4.6)^(1/5) − 1
    = 26.67 %. But 4.6 bn is stated to 0.1 bn, so it stands for 4.55–4.65 bn:
      (15 / 4.65)^(1/5) − 1 = 3.225806^0.2 − 1 = 26.39 %
      (15 / 4.55)^(1/5) − 1 = 3.296703^0.2 − 1 = 26.95 %
    Pace: FY2023-24 is derived as 4.6 bn / (1 + 26.4 %), so the pace is the stated 26.4 %
    itself, which (stated to 0.1) stands for 26.35–26.45 %.
    26.45 % ≥ 26.39 % (on track at some values) but 26.35 % < 26.95 % (behind at others):
    too close to call, not "behind"."""
    [t1] = json.loads(run("targets", "T1", "--json").stdout)
    assert t1["verdict"] == "too close to call"
    assert t1["required_cagr_range_pct"] == pytest.approx([26.39, 26.95], abs=0.01)
    assert t1["recent_cagr_range_pct"] == pytest.approx([26.35, 26.45], abs=1e-6)
    assert t1["required_cagr_pct"] == pytest.approx(26.67, abs=0.01)
    assert t1["recent_cagr_pct"] == pytest.approx(26.4, abs=1e-6)
    out = run("targets", "T1").stdout
    assert "= 26.67 %; 26.39 to 26.95 % within the rounding of its figures." in out
    assert "= 26.40 % a year" in out and "26.35 to 26.45 % within the rounding" in out
    assert "Verdict: too close to call" in out


def test_a_clear_verdict_stays_clear_within_rounding(run: Any) -> None:
    """T4: the pace, the stated 90 % (89.5–90.5 %), against (5 bn / 779 mn)^(1/4) − 1
    = 59.17 % (779 mn stated to 1 mn: 59.14–59.19 %) is on track whatever the rounding."""
    [t4] = json.loads(run("targets", "T4", "--json").stdout)
    assert t4["verdict"] == "on track"
    assert t4["recent_cagr_range_pct"] == pytest.approx([89.5, 90.5], abs=1e-6)
    assert t4["required_cagr_range_pct"] == pytest.approx([59.14, 59.19], abs=0.01)


def test_rate_gives_a_labelled_what_if_verdict_beside_the_pace_verdict(run: Any) -> None:
    """T4 at 20 % a year (hand-checked): 779 mn × 1.2^4 = 779 mn × 2.0736 = 1,615,334,400 by
    FY2028-29, far short of 5 bn; 5000 / 779 = 6.4185 and 1.2^10 = 6.19 < 6.4185 < 1.2^11 =
    7.43, so the target is reached 11 years after FY2024-25: in FY2035-36. 20 % is below the
    59.14–59.19 % needed: behind at that rate. The recent pace (90 %) is still on track."""
    [t4] = json.loads(run("targets", "T4", "--rate", "20", "--json").stdout)
    assert t4["projected"] == 1_615_334_400
    assert t4["reaches_target_by"] == "FY2035-36"
    assert t4["verdict"] == "on track"  # at the recent pace, unchanged by --rate
    assert t4["what_if_verdict"] == "behind"
    assert t4["what_if_reason"] == "at the given rate 20.00% a year vs 59.17% required"
    table = run("targets", "T4", "--rate", "20").stdout
    header = next(line for line in table.splitlines() if line.lstrip().startswith("Id"))
    assert "Verdict at recent pace" in header and "Verdict at 20 % a year" in header
    row = next(line for line in table.splitlines() if line.lstrip().startswith("T4 "))
    assert row.rstrip().endswith("on track                 behind")
    # Without --rate there is one verdict, and no what-if field.
    [plain] = json.loads(run("targets", "T4", "--json").stdout)
    assert "what_if_verdict" not in plain


def test_a_what_if_rate_inside_the_required_range_is_too_close_to_call(run: Any) -> None:
    """T4 needs 59.14–59.19 % within rounding (above): 59.17 % could be either side."""
    [t4] = json.loads(run("targets", "T4", "--rate", "59.17", "--json").stdout)
    assert t4["what_if_verdict"] == "too close to call"
    [t4] = json.loads(run("targets", "T4", "--rate", "59.3", "--json").stdout)
    assert t4["what_if_verdict"] == "on track"


def test_t9_shows_its_structure_and_t2_has_none(run: Any) -> None:
    out = run("targets", "T9").stdout
    assert "$15 bn" in out and "$1 bn" in out and "$10 bn" in out and "no data" in out
    assert "$26 bn" in out
    assert "Structure" not in run("targets", "T2").stdout


# Topic commands: every S1 figure of the topic, with its source -------------------------

SEED = "dailytimes-2025-07-19"


@pytest.mark.parametrize(
    ("command", "figures"),
    [
        (
            "parks",
            {
                "tech-parks": 44,
                "special-technology-zones": 23,
                "coworking-spaces-new": 43,
                "hub-professionals": 18_000,
            },
        ),
        (
            "connectivity",
            {
                "telecom-subscriptions": 200_000_000,
                "broadband-users": 150_000_000,
                "villages-connected": 550,
            },
        ),
        ("talent", {"youth-trained": 350_000}),
    ],
)
def test_topic_commands_show_the_seed_figures(
    run: Any, command: str, figures: dict[str, int]
) -> None:
    rows = json.loads(run(command, "--json").stdout)
    seed_rows = {
        r["indicator"]: r for r in rows if r["source"] == SEED and r["period"] == "2025-07-19"
    }
    for ident, value in figures.items():
        assert seed_rows[ident]["value"] == value, ident


def test_topic_tables_show_qualifiers_and_targets(run: Any) -> None:
    talent = run("talent").stdout
    assert "350,000+" in talent and SEED in talent
    connectivity = run("connectivity").stdout
    assert "550+" in connectivity and "T6" in connectivity and "24 %" in connectivity
    data_usage = [
        r
        for r in json.loads(run("connectivity", "--json").stdout)
        if r["indicator"] == "data-usage"
    ]
    assert data_usage[0]["value"] == 24


def test_legend_lists_every_status_present_even_from_a_generator() -> None:
    """Each marker's line once, whatever kind of iterable the statuses come in: a
    generator is read once (it once was read per marker, so 'revised' went missing)."""
    from pkit_cli.reports.common import legend

    statuses = ["reported", "revised", "derived", "revised"]
    expected = [
        "† derived: computed from other figures (see `pkit show ID`)",
        "ʳ revised: a later release replaced the first",
    ]
    assert legend(iter(statuses)) == expected
    assert legend(s for s in statuses) == expected
    assert legend(statuses) == expected


def test_targets_table_explains_the_revised_marker(run: Any) -> None:
    out = run("targets", "T3").stdout
    assert "$3.810 bnʳ" in out
    assert "ʳ revised: a later release replaced the first" in out


# Exit codes: a question the data cannot answer is exit 1, a malformed one exit 2 ----------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--from", "2025", "--to", "2025"),
            "pkit: no growth of ict-exports from FY2024-25 to FY2024-25: both ends are the same "
            "figure; give two different periods\n",
        ),
        (
            ("--from", "2025"),  # FY2024-25 is the latest full year: nothing after it
            "pkit: no growth of ict-exports from FY2024-25 to FY2024-25: both ends are the same "
            "figure; give two different periods\n",
        ),
        (
            ("--from", "2025", "--to", "2025-12"),
            "pkit: no growth of ict-exports from FY2024-25 to 2025-12: they are not "
            "like periods (a partial year is compared only with the same months of another "
            "year); periods like 2025-12 in the data: none\n",
        ),
    ],
)
def test_growth_the_data_cannot_answer_is_one_line_and_exit_1(
    run: Any, args: tuple[str, ...], message: str
) -> None:
    """README, Exit codes: not exit 0 with a row of dashes."""
    for fmt in ((), ("--json",)):
        result = run("growth", "ict-exports", *args, *fmt)
        assert result.exit_code == 1, result.stdout
        assert result.stdout == ""
        assert result.stderr == message


def test_growth_of_like_partial_years_still_answers(run: Any) -> None:
    # data-sources.md S6, freelancer earnings (PAFLA): July–December 352 mn (FY2024-25) and
    # 557 mn (FY2025-26): 557 / 352 − 1 = 58.24 % ("+58 %" on the page).
    result = run(
        "growth",
        "freelancer-earnings-pafla",
        "--from",
        "FY2024-25 Jul-Dec",
        "--to",
        "FY2025-26 Jul-Dec",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["percent_change_pct"] == pytest.approx(58.24, abs=0.005)


def test_growth_from_a_partial_year_runs_to_the_same_months_of_the_latest_year(run: Any) -> None:
    ident = "freelancer-earnings-pafla"
    [row] = json.loads(run("growth", ident, "--from", "FY2024-25 Jul-Dec", "--json").stdout)
    assert (row["from_period"], row["to_period"]) == ("FY2024-25 Jul-Dec", "FY2025-26 Jul-Dec")
    [row] = json.loads(run("growth", ident, "--to", "FY2025-26 Jul-Dec", "--json").stdout)
    assert (row["from_period"], row["to_period"]) == ("FY2024-25 Jul-Dec", "FY2025-26 Jul-Dec")


def test_growth_a_malformed_question_is_still_exit_2(run: Any) -> None:
    result = run("growth", "ict-exports", "--from", "2025", "--to", "2024")
    assert result.exit_code == 2
    assert result.stderr == "pkit: --from FY2024-25 is after --to FY2023-24: swap them\n"
