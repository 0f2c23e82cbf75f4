"""Schema rules: each with a dataset that breaks it, and the JSON path in the message."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import indicator, shipped_dataset
from pkit_cli import dataset, schema
from pkit_cli.errors import DataError


def problems(mutate: Callable[[dict[str, Any]], None]) -> list[str]:
    data = copy.deepcopy(shipped_dataset())
    mutate(data)
    with pytest.raises(ValidationError) as err:
        schema.Dataset.model_validate_json(json.dumps(data))
    return dataset.validation_problems(err.value)


def test_the_shipped_dataset_is_valid() -> None:
    ds = schema.Dataset.model_validate_json(json.dumps(shipped_dataset()))
    assert len(ds.indicators) >= 10 and len(ds.targets) == 13


def _first_obs(ident: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda d: indicator(d, ident)["observations"][0]


def _set(
    getter: Callable[[dict[str, Any]], dict[str, Any]], key: str, value: Any
) -> Callable[[dict[str, Any]], None]:
    return lambda d: getter(d).__setitem__(key, value)


def _ict_index(d: dict[str, Any]) -> int:
    return next(i for i, x in enumerate(d["indicators"]) if x["id"] == "ict-exports")


CASES = [
    # (rule, mutation, expected JSON path, words in the message)
    (
        "duplicate source id",
        lambda d: d["sources"].append(copy.deepcopy(d["sources"][0])),
        "$.sources[",
        "duplicate id",
    ),
    (
        "duplicate indicator id",
        lambda d: d["indicators"].append(copy.deepcopy(d["indicators"][0])),
        "$.indicators[",
        "duplicate id",
    ),
    (
        "unknown source",
        _set(_first_obs("ict-exports"), "source", "nowhere"),
        ".observations[0].source",
        "unknown source id 'nowhere'",
    ),
    (
        "unknown component",
        lambda d: indicator(d, "it-exports-total").__setitem__(
            "components", ["ict-exports", "ghost"]
        ),
        ".components[1]",
        "unknown indicator id 'ghost'",
    ),
    (
        "unknown target series",
        lambda d: d["targets"][0].__setitem__("indicator", "ghost"),
        "$.targets[0].indicator",
        "unknown indicator id",
    ),
    (
        "malformed period",
        _set(_first_obs("ict-exports"), "period", "FY2019-21"),
        ".observations[0].period",
        "fiscal year",
    ),
    (
        "user spelling is not canonical",
        _set(_first_obs("ict-exports"), "period", "FY20"),
        ".observations[0].period",
        "canonical",
    ),
    (
        "unit outside the closed set",
        lambda d: indicator(d, "ict-exports").__setitem__("unit", "PKR"),
        ".unit",
        "'USD'",
    ),
    (
        "status outside the set",
        _set(_first_obs("ict-exports"), "status", "guessed"),
        ".observations[0].status",
        "'reported'",
    ),
    (
        "value is a string",
        _set(_first_obs("ict-exports"), "value", "1.44 bn"),
        ".observations[0].value",
        "number",
    ),
    ("unknown field", _set(_first_obs("ict-exports"), "colour", "red"), "", "colour"),
    (
        "missing as_of",
        lambda d: _first_obs("ict-exports")(d).pop("as_of"),
        ".observations[0].as_of",
        "required",
    ),
]


@pytest.mark.parametrize(("rule", "mutate", "path", "words"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_names_the_json_path(rule: str, mutate: Any, path: str, words: str) -> None:
    found = problems(mutate)
    assert any(path in p and words in p for p in found), found


def test_unknown_field_in_a_typed_dict_is_rejected() -> None:
    # Observations are TypedDicts: extra keys must still be refused, not silently kept.
    found = problems(_set(_first_obs("ict-exports"), "colour", "red"))
    assert any("colour" in p for p in found), found


def test_duplicate_indicator_period_as_of() -> None:
    def dup(d: dict[str, Any]) -> None:
        obs = indicator(d, "ict-exports")["observations"]
        obs.append(copy.deepcopy(obs[0]))

    found = problems(dup)
    assert any("duplicate observation of 'ict-exports'" in p for p in found), found


def test_derived_observation_must_name_formula_and_inputs() -> None:
    def strip(d: dict[str, Any]) -> None:
        for obs in indicator(d, "freelancing")["observations"]:
            obs.pop("derivation", None)

    found = problems(strip)
    assert any(p.endswith("a derived observation must name its formula and inputs") for p in found)


def test_formula_must_use_exactly_its_inputs() -> None:
    def bad(d: dict[str, Any]) -> None:
        for obs in indicator(d, "freelancing")["observations"]:
            if obs.get("derivation"):
                obs["derivation"]["formula"] = "freelancing / 1.9"

    found = problems(bad)
    assert any("derivation.formula" in p and "not used" in p for p in found), found


def test_formula_may_not_call_anything() -> None:
    def bad(d: dict[str, Any]) -> None:
        for obs in indicator(d, "freelancing")["observations"]:
            if obs.get("derivation"):
                obs["derivation"]["formula"] = (
                    "__import__('os').system('true') + freelancing + growth"
                )

    found = problems(bad)
    assert any("only numbers, input names" in p for p in found), found


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_values_must_be_finite(token: str) -> None:
    raw = json.dumps(shipped_dataset()).replace('"value": 1440000000', f'"value": {token}', 1)
    assert token in raw
    with pytest.raises(DataError) as err:
        dataset.parse(raw.encode(), "x.json")
    assert "observations[0].value: must be a finite number" in str(err.value)


def test_every_problem_is_reported_at_once() -> None:
    def three(d: dict[str, Any]) -> None:
        _first_obs("ict-exports")(d)["source"] = "nowhere"
        d["targets"][0]["indicator"] = "ghost"
        indicator(d, "freelancing")["components"] = ["phantom"]

    found = problems(three)
    assert len(found) == 3, found


def test_models_are_frozen() -> None:
    ds = schema.Dataset.model_validate_json(json.dumps(shipped_dataset()))
    with pytest.raises(ValidationError):
        ds.title = "changed"  # type: ignore[misc]


def _statement(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(s for s in data["statements"] if s["id"] == ident)


def test_a_level_statement_has_a_value_and_no_rate() -> None:
    def rate_on_a_total(data: dict[str, Any]) -> None:
        _statement(data, "st-ict-8mfy26-total")["percent"] = 19.7

    found = problems(rate_on_a_total)
    assert any("statements" in p and "a level statement has 'value'" in p for p in found)


def test_a_growth_statement_needs_its_base_period() -> None:
    def no_base(data: dict[str, Any]) -> None:
        del _statement(data, "st-ict-fy2024-25-pm")["base_period"]

    found = problems(no_base)
    assert any("a growth statement has 'percent' and 'base_period'" in p for p in found)


def test_a_derivation_may_use_only_a_stated_growth_rate() -> None:
    def total_as_rate(data: dict[str, Any]) -> None:
        d1 = indicator(data, "it-exports-total")["observations"][0]
        d1["derivation"]["inputs"]["growth"] = {"statement": "st-ict-8mfy26-total"}

    found = problems(total_as_rate)
    assert any("is a level statement, not a growth rate" in p for p in found)


def test_a_target_may_have_no_deadline_but_its_pages_must_be_sources() -> None:
    def unknown_first_page(data: dict[str, Any]) -> None:
        t5 = next(t for t in data["targets"] if t["id"] == "T5")
        t5["first_stated_in"] = "nowhere"
        t5["also_cited"] = ["nowhere-either"]

    found = problems(unknown_first_page)
    assert any("first_stated_in: unknown source id 'nowhere'" in p for p in found)
    assert any("also_cited[0]: unknown source id 'nowhere-either'" in p for p in found)
    t12 = next(t for t in shipped_dataset()["targets"] if t["id"] == "T12")
    assert t12["deadline"] is None
