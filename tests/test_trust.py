"""Issue 4, "Trust": vintages (--as-of), sources and citations, the rounding-aware audit
(`pkit check`), `pkit validate` and `pkit schema`.

Expected numbers are worked out by hand from /work/shared/data-sources.md (the formula is
written next to each), never read back from pkit's output.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from conftest import REPO, indicator, shipped_dataset
from pkit_cli.analysis import (
    audit_parts,
    audit_stated_growth,
    audit_sum,
    formula_interval,
    rounding_interval,
)

BN = 1_000_000_000
MN = 1_000_000


def as_json(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def rows_for(doc: dict[str, Any], period: str) -> list[dict[str, Any]]:
    return [o for o in doc["observations"] if o["period"] == period]


# Vintages ---------------------------------------------------------------------------------


def test_as_of_2022_sees_the_first_release_of_fy2020_21(run):
    doc = as_json(run("--as-of", "2022-01-01", "show", "ict-exports", "--json"))
    [obs] = rows_for(doc, "FY2020-21")
    assert obs["value"] == 2_123_000_000
    assert obs["as_of"] == "2021-07-20"
    assert doc["as_of"] == "2022-01-01"
    # FY2021-22 was first published on 2022-07-28: invisible on 2022-01-01.
    assert rows_for(doc, "FY2021-22") == []


def test_today_sees_the_revision_of_fy2020_21(run):
    doc = as_json(run("show", "ict-exports", "--json"))
    [obs] = rows_for(doc, "FY2020-21")
    assert (obs["value"], obs["status"], obs["as_of"]) == (2_108_000_000, "revised", "2022-07-28")


def test_vintages_lists_both_releases_oldest_first(run):
    doc = as_json(run("show", "ict-exports", "--vintages", "--json"))
    assert [o["value"] for o in rows_for(doc, "FY2020-21")] == [2_123_000_000, 2_108_000_000]


def test_growth_as_of_2025_07_31_uses_the_seed_3_8_bn(run):
    # (3.8 / 1.440) ** (1/5) - 1 = 21.42 %; with 3.810: (3.810 / 1.440) ** (1/5) - 1 = 21.48 %
    then = as_json(
        run(
            "--as-of",
            "2025-07-31",
            "growth",
            "ict-exports",
            "--from",
            "2020",
            "--to",
            "2025",
            "--json",
        )
    )
    now = as_json(run("growth", "ict-exports", "--from", "2020", "--to", "2025", "--json"))
    assert round(then[0]["cagr_pct"], 2) == 21.42
    assert round(now[0]["cagr_pct"], 2) == 21.48


def test_as_of_before_any_ict_figure_says_so_instead_of_crashing(run):
    # FY2019-20's first release is dated 2021-07-20: on 2021-01-01 there was no ICT figure.
    shown = run("--as-of", "2021-01-01", "show", "ict-exports", "--json")
    assert shown.exit_code == 0
    assert json.loads(shown.stdout)["observations"] == []
    assert "2021-07-20" in shown.stderr

    growth = run("--as-of", "2021-01-01", "growth", "ict-exports", "--from", "2020")
    assert growth.exit_code == 1
    assert growth.stderr.count("\n") == 1
    assert "no figures published by 2021-01-01" in growth.stderr


def test_as_of_hides_targets_set_later(run):
    # T5 was first stated on 2021-04-13 (S6), T7 set on 2022-04-24, T13 on 2023-01-05:
    # on 2022-06-30 only T5 and T7 existed.
    doc = as_json(run("--as-of", "2022-06-30", "targets", "--json"))
    assert [t["id"] for t in doc] == ["T5", "T7"]
    later = run("--as-of", "2022-06-30", "targets", "T13")
    assert later.exit_code == 1
    assert "set on 2023-01-05" in later.stderr


def test_empty_target_id_is_unknown_not_all_targets(run):
    result = run("targets", "")
    assert result.exit_code == 1
    assert "unknown target ''" in result.stderr


# Sources and citations ---------------------------------------------------------------------


def test_sources_lists_what_each_source_supports(run):
    doc = as_json(run("sources", "--json"))
    ary = next(s for s in doc if s["id"] == "arynews-2022-07-28")
    assert ary["publisher"] == "ARY News"
    assert ary["published"] == "2022-07-28"
    assert ary["url"] == "https://arynews.tv/ict-exports-rise-by-52-million-in-june/"
    assert {(o["indicator"], o["period"]) for o in ary["observations"]} == {
        ("ict-exports", "FY2020-21"),
        ("ict-exports", "FY2021-22"),
    }
    assert ary["statements"] == ["st-ict-fy2021-22"]
    seed = next(s for s in doc if s["id"] == "dailytimes-2025-07-19")
    assert set(seed["targets"]) == {"T1", "T2", "T6"}
    also = next(s for s in doc if s["id"] == "247news-undated")
    assert also["published"] is None
    assert also["observations"] == [
        {
            "indicator": "ict-exports",
            "period": "FY2021-22",
            "as_of": "2022-07-28",
            "role": "also reported",
        }
    ]


def test_sources_id_shows_one_source(run):
    doc = as_json(run("sources", "arynews-2022-07-28", "--json"))
    assert doc["title"] is None  # the headline was not recorded; a URL slug is not a title
    assert [(r["kind"], r["id"], r["value"]) for r in doc["supports"]] == [
        ("observation", "ict-exports", 2_108_000_000),
        ("observation", "ict-exports", 2_616_000_000),
        ("statement", "st-ict-fy2021-22", 24.1),
    ]
    unknown = run("sources", "nope")
    assert unknown.exit_code == 1
    assert "unknown source 'nope'" in unknown.stderr


def test_sources_as_of_hides_later_publications(run):
    doc = as_json(run("--as-of", "2022-01-01", "sources", "--json"))
    assert {s["id"] for s in doc if s["published"]} == {
        "urdupoint-2021-07-20",
        "newsone-2021-04-13",
    }


def test_cite_prints_one_paste_ready_line(run):
    result = run("show", "ict-exports", "--period", "FY2020-21", "--cite")
    assert result.exit_code == 0
    assert result.stdout == (
        "ICT services exports (SBP export remittances), FY2020-21: $2.108 bn (revised; as of "
        "2022-07-28). Source: ARY News, headline not shown, 2022-07-28, "
        "https://arynews.tv/ict-exports-rise-by-52-million-in-june/.\n"
    )


def test_cite_as_json_and_as_of(run):
    [row] = as_json(
        run("--as-of", "2022-01-01", "show", "ict-exports", "-p", "2021", "--cite", "--json")
    )
    assert row["value"] == 2_123_000_000
    assert row["value_text"] == "$2.123 bn"
    assert row["status"] == "reported"
    assert row["publisher"] == "UrduPoint (MoITT statement)"
    assert row["period"] == "FY2020-21"
    assert "$2.123 bn" in row["citation"]


def test_cite_of_a_derived_figure_names_its_formula(run):
    [row] = as_json(run("show", "freelancing", "-p", "FY2023-24", "--cite", "--json"))
    assert "$410 mn (derived: = freelancing / (1 + growth / 100)" in row["citation"]


def test_cite_needs_a_period(run):
    result = run("show", "ict-exports", "--cite")
    assert result.exit_code == 2
    assert "--period" in result.stderr


# The audit: pure functions ------------------------------------------------------------------


def test_rounded_3_2_bn_and_24_percent_is_consistent():
    # 3.15/2.5975 - 1 = 21.27 %, 3.25/2.5965 - 1 = 25.17 %: overlaps 23.5–24.5 %.
    audit = audit_stated_growth(
        (23.5, 24.5), rounding_interval(2.597 * BN, MN), rounding_interval(3.2 * BN, 0.1 * BN)
    )
    assert audit.status == "pass"
    lo, hi = audit.recomputed
    assert (round(lo, 2), round(hi, 2)) == (21.27, 25.17)


def test_fifty_percent_between_2_0_and_2_2_is_a_contradiction():
    # 2.2 / 2.0 - 1 = 10 %, even allowing 1.95–2.05 and 2.15–2.25: at most 15.4 %.
    audit = audit_stated_growth((49.5, 50.5), (1.95, 2.05), (2.15, 2.25))
    assert audit.status == "fail"
    assert audit.recomputed[1] == pytest.approx(2.25 / 1.95 * 100 - 100)


def test_seed_components_sum_within_rounding():
    # 3.8 bn + 779 mn = 4.579 bn against 4.55–4.65 bn; with 3.810 bn, 4.589 bn.
    total = rounding_interval(4.6 * BN, 0.1 * BN)
    seed = audit_sum(total, [(3.8 * BN, 3.8 * BN), (779 * MN, 779 * MN)])
    revised = audit_sum(total, [(3.81 * BN, 3.81 * BN), (779 * MN, 779 * MN)])
    assert (seed.status, revised.status) == ("pass", "pass")
    assert audit_sum(total, [(3.8 * BN, 3.8 * BN), (900 * MN, 900 * MN)]).status == "fail"


def test_formula_interval_of_a_derived_total():
    # 4.55 / 1.2645 = 3.5983 bn; 4.65 / 1.2635 = 3.6803 bn
    lo, hi = formula_interval(
        "total / (1 + growth / 100)", {"total": (4.55 * BN, 4.65 * BN), "growth": (26.35, 26.45)}
    )
    assert lo == pytest.approx(4.55 * BN / 1.2645)
    assert hi == pytest.approx(4.65 * BN / 1.2635)


def test_target_parts_that_do_not_add_up_are_a_warning():
    assert audit_parts(25 * BN, [15 * BN, 1 * BN, 10 * BN]).status == "warn"
    assert audit_parts(25 * BN, [15 * BN, 10 * BN]).status == "pass"


# The audit: pkit check ----------------------------------------------------------------------


def checks_of(result: Any) -> list[dict[str, Any]]:
    return json.loads(result.stdout)["checks"]


def test_shipped_dataset_passes_the_audit(run):
    result = run("check", "--json")
    assert result.exit_code == 0, result.stdout
    doc = json.loads(result.stdout)
    assert doc["passed"] is True
    assert doc["summary"]["fail"] == 0
    warned = {(c["check"], c["subject"]) for c in doc["checks"] if c["status"] == "warn"}
    # The only warnings are T2's and T9's, which the data explains (reasons and notes).
    assert warned == {("target series", "T2"), ("target series", "T9"), ("target structure", "T9")}
    # The one conflict: the PM Office's "19 %" against the series (data-sources.md S6).
    conflicts = [c["subject"] for c in doc["checks"] if c["status"] == "conflict"]
    assert [s.split(":")[0] for s in conflicts] == ["st-ict-fy2024-25-pm"]


def test_t9_note_explains_its_parts_adding_up_to_26_bn(dataset_file):
    t9 = next(t for t in shipped_dataset()["targets"] if t["id"] == "T9")
    assert "26 bn, not 25 bn" in t9["note"]
    assert sum(p["value"] for p in t9["structure"]) == 26 * BN


def test_check_reports_the_numbers_behind_each_check(run):
    checks = checks_of(run("check", "--json"))
    phoneworld = next(c for c in checks if c["subject"].startswith("st-ict-fy2023-24-phoneworld"))
    assert phoneworld["status"] == "pass"
    assert phoneworld["basis"] == "levels as of 2024-10-01"
    assert [round(x, 2) for x in phoneworld["recomputed"]] == [21.27, 25.17]
    assert phoneworld["latest_consistent"] is True  # 3.223 / 2.596 - 1 = 24.15 %

    total = next(c for c in checks if c["subject"].startswith("it-exports-total FY2024-25"))
    assert total["status"] == "pass"
    assert total["claimed"] == [4.55 * BN, 4.65 * BN]
    # 3.75–3.85 bn + 778.5–779.5 mn
    assert total["recomputed"] == pytest.approx([4.5285 * BN, 4.6295 * BN])
    assert total["latest_consistent"] is True

    first_release = next(c for c in checks if c["subject"].startswith("st-ict-fy2020-21"))
    # Against the levels it was stated from (2.123 / 1.440 - 1 = 47.43 %) it holds; the
    # revised 2.108 bn gives 46.39 %, reported but not a failure.
    assert first_release["status"] == "pass"
    assert first_release["latest_consistent"] is False

    data_usage = next(c for c in checks if c["subject"].startswith("st-data-usage"))
    assert data_usage["status"] == "n/a"


def add_contradiction(data: dict[str, Any]) -> None:
    data["indicators"].append(
        {
            "id": "widgets",
            "name": "Widgets",
            "topic": "exports",
            "unit": "USD",
            "definition": "A test series.",
            "observations": [
                {
                    "period": "FY2022-23",
                    "value": 2.0 * BN,
                    "precision": 0.1 * BN,
                    "status": "reported",
                    "as_of": "2023-07-01",
                    "source": "dailytimes-2025-07-19",
                },
                {
                    "period": "FY2023-24",
                    "value": 2.2 * BN,
                    "precision": 0.1 * BN,
                    "status": "reported",
                    "as_of": "2024-07-01",
                    "source": "dailytimes-2025-07-19",
                },
            ],
        }
    )
    data["statements"].append(
        {
            "id": "st-widgets",
            "indicator": "widgets",
            "period": "FY2023-24",
            "base_period": "FY2022-23",
            "percent": 50,
            "precision": 1,
            "source": "dailytimes-2025-07-19",
            "as_of": "2024-07-01",
        }
    )


def test_a_real_contradiction_fails_the_audit(run, dataset_file):
    path = dataset_file(add_contradiction)
    result = run("--data", str(path), "check", "--json")
    assert result.exit_code == 1
    [row] = [c for c in checks_of(result) if c["subject"].startswith("st-widgets")]
    assert row["status"] == "fail"
    assert "1 check failed" in result.stderr
    # The table is still printed before the exit status says it failed.
    table = run("--data", str(path), "check")
    assert table.exit_code == 1
    assert "st-widgets" in table.stdout and "fail" in table.stdout


def test_components_that_do_not_add_up_fail(run, dataset_file):
    def inflate(data: dict[str, Any]) -> None:
        for obs in indicator(data, "freelancing")["observations"]:
            if obs["period"] == "FY2024-25":
                obs["value"] = 1.5 * BN

    result = run("--data", str(dataset_file(inflate)), "check", "--json")
    assert result.exit_code == 1
    failed = {c["subject"] for c in checks_of(result) if c["status"] == "fail"}
    assert "it-exports-total FY2024-25 = ict-exports + freelancing" in failed


def test_a_derived_value_that_does_not_reproduce_its_formula_fails(run, dataset_file):
    def wrong(data: dict[str, Any]) -> None:
        for obs in indicator(data, "freelancing")["observations"]:
            if obs["period"] == "FY2023-24":
                obs["value"] = 420 * MN  # 779 / 1.90 = 410 mn

    result = run("--data", str(dataset_file(wrong)), "check", "--json")
    assert result.exit_code == 1
    failed = [c for c in checks_of(result) if c["status"] == "fail"]
    assert any(
        c["check"] == "derivation" and c["subject"].startswith("freelancing FY2023-24")
        for c in failed
    )


# pkit validate and pkit schema --------------------------------------------------------------


def test_validate_shipped_dataset(run):
    doc = as_json(run("validate", "--json"))
    assert doc["valid"] is True
    assert doc["problems"] == []


def three_errors(data: dict[str, Any]) -> None:
    indicator(data, "ict-exports")["observations"][0]["source"] = "nope"  # a broken reference
    indicator(data, "freelancing")["observations"][0]["period"] = "FY2024"  # not canonical
    data["targets"][0]["value"] = -5  # a type error: targets are positive


def test_validate_reports_three_independent_errors_with_paths(run, dataset_file):
    data = shipped_dataset()
    ict = [i["id"] for i in data["indicators"]].index("ict-exports")
    free = [i["id"] for i in data["indicators"]].index("freelancing")
    result = run("validate", str(dataset_file(three_errors)), "--json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    paths = {p["path"] for p in doc["problems"]}
    assert paths == {
        f"$.indicators[{ict}].observations[0].source",
        f"$.indicators[{free}].observations[0].period",
        "$.targets[0].value",
    }
    # The table names them too, and loading the file for a query is refused in one line.
    assert run("validate", str(dataset_file(three_errors))).stdout.count("$.") == 3
    load = run("--data", str(dataset_file(three_errors)), "indicators")
    assert load.exit_code == 1 and load.stderr.count("\n") == 1


def test_schema_is_json_and_validates_the_shipped_file(run):
    result = run("schema")
    assert result.exit_code == 0
    published = json.loads(result.stdout)
    data = json.loads((REPO / "data" / "indicators.json").read_bytes())
    validator = jsonschema.Draft202012Validator(
        published, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = list(validator.iter_errors(data))
    assert errors == [], errors[:3]


@pytest.mark.parametrize(
    "change",
    [
        lambda o: o.update(qualifer="about"),  # a misspelt key
        lambda o: o.pop("value"),
        lambda o: o.update(value="4.6 bn"),
        lambda o: o.update(status="guessed"),
        lambda o: o.update(as_of="19 July 2025"),
        lambda o: o.update(precision=0),
    ],
    ids=["extra-key", "missing-value", "string-value", "bad-status", "bad-date", "zero-precision"],
)
def test_schema_constrains_observations(run, change):
    published = json.loads(run("schema").stdout)
    data = json.loads((REPO / "data" / "indicators.json").read_bytes())
    change(data["indicators"][0]["observations"][0])
    validator = jsonschema.Draft202012Validator(
        published, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(data)), "the schema accepted a broken observation"


def test_a_misspelt_observation_key_is_an_error_not_ignored(run, dataset_file):
    def misspell(data: dict[str, Any]) -> None:
        indicator(data, "ict-exports")["observations"][0]["qualifer"] = "about"

    result = run("validate", str(dataset_file(misspell)), "--json")
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)["problems"]
    assert problem["path"].endswith(".observations[0].qualifer")


def test_show_and_topics_list_only_targets_already_set(run):
    # T5 was first stated 2021-04-13 (S6), T7 set 2022-04-24, T3 2025-01-03, T8 2025-08-20.
    assert (
        json.loads(run("--as-of", "2021-01-01", "show", "ict-exports", "--json").stdout)["targets"]
        == []
    )
    assert json.loads(run("--as-of", "2022-01-01", "show", "ict-exports", "--json").stdout)[
        "targets"
    ] == ["T5"]
    as_of_2023 = json.loads(run("--as-of", "2023-06-01", "show", "ict-exports", "--json").stdout)
    assert sorted(as_of_2023["targets"]) == ["T13", "T5", "T7"]  # T13: 2023-01-05
    before_seed = json.loads(run("--as-of", "2025-07-01", "connectivity", "--json").stdout)
    assert all(row["targets"] == [] for row in before_seed)  # T6 was set 2025-07-19
