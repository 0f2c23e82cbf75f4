"""The command line as people type it (issue 9): global options on either side of the
command, completion through the shell's own protocol, one meaning of --fields, help that
reads at 80 columns, and citations that fit a terminal. Expected figures are typed in from
data-sources.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any


def _child_env(**extra: str) -> dict[str, str]:
    drop = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "PKIT_DATA", "COLUMNS", "LINES")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("_PKIT")}
    return env | extra


# 3. Global options before or after the command -----------------------------------------------


def test_as_of_after_the_command_equals_as_of_before_it(run: Any) -> None:
    before = run("--as-of", "2022-01-31", "exports", "--json")
    after = run("exports", "--as-of", "2022-01-31", "--json")
    assert before.exit_code == 0, before.stderr
    assert after.exit_code == 0, after.stderr
    assert after.stdout == before.stdout
    periods = [row["period"] for row in json.loads(after.stdout)]
    # As known on 2022-01-31, FY2021-22 was not over: FY2020-21 is the last full year.
    assert "FY2020-21" in periods and "FY2024-25" not in periods


def test_global_options_after_the_command_through_the_entry_point() -> None:
    """The entry point prunes commands by name; options after the name must survive it."""
    command = [sys.executable, "-m", "pkit_cli"]
    env = _child_env()
    before = subprocess.run(
        [*command, "--as-of", "2022-01-31", "exports", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    after = subprocess.run(
        [*command, "exports", "--as-of", "2022-01-31", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (after.returncode, after.stderr) == (0, "")
    assert after.stdout == before.stdout


def test_the_value_after_the_command_wins(run: Any, dataset_file: Any) -> None:
    own = dataset_file(lambda d: d["indicators"][0].update(name="Renamed in my copy"))
    after = run("--as-of", "2030-01-01", "exports", "--as-of", "2022-01-31", "--json")
    assert after.stdout == run("--as-of", "2022-01-31", "exports", "--json").stdout
    listed = run("--data", "/nonexistent.json", "indicators", "--data", str(own), "--json")
    assert listed.exit_code == 0, listed.stderr
    assert "Renamed in my copy" in [row["name"] for row in json.loads(listed.stdout)]


def test_a_bad_global_option_after_the_command_names_the_option(run: Any) -> None:
    result = run("exports", "--as-of", "yesterday")
    assert result.exit_code == 2
    assert result.stderr.startswith("pkit: --as-of: 'yesterday' is not a date")


# 5. An unknown id lists every id, or says how many more there are -------------------------------


def test_an_unknown_indicator_accounts_for_every_id(run: Any) -> None:
    import re

    ids = {row["id"] for row in json.loads(run("indicators", "--json").stdout)}
    assert len(ids) > 12  # the list was cut at 12, silently
    result = run("show", "nope")
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.count("\n") == 0
    listed = set(re.findall(r"[a-z][a-z0-9-]+", message.split("known:", 1)[1])) & ids
    more = re.search(r"and (\d+) more \(see `pkit indicators`\)", message)
    assert len(listed) + (int(more.group(1)) if more else 0) == len(ids)


def test_a_long_list_of_ids_says_how_many_more() -> None:
    from pkit_cli.dataset import _unknown

    names = [f"source-{n:02}" for n in range(30)]
    message = _unknown("source", "zzz", names)
    assert "source-11" in message and "source-12" not in message
    assert message.endswith("and 18 more (see `pkit sources`)")
