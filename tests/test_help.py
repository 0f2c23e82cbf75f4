"""Help that teaches: every command's help ends with examples, and every example runs.

The commands are read from the Typer app, so a command added later is covered (and must
bring at least two runnable examples) without touching this file.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from pkit_cli.cli import app

GROUP = typer.main.get_command(app)
COMMANDS = sorted(GROUP.commands)  # type: ignore[attr-defined]


def examples(help_text: str) -> list[str]:
    """The 'pkit …' lines of the Examples: block at the end of a help text."""
    _, found, block = help_text.partition("Examples:")
    if not found:
        return []
    lines = [line.strip() for line in block.splitlines()]
    return [line for line in lines if line.startswith("pkit ") or line == "pkit"]


def argv(example: str) -> list[str]:
    """The arguments of an example, without 'pkit' and without what a shell would do with
    its output (`| jq …`, `> file`)."""
    command = re.split(r"\s[|>]\s?", example, maxsplit=1)[0]
    words = shlex.split(command)
    assert words[0] == "pkit", example
    return words[1:]


def test_the_registry_is_not_empty() -> None:
    assert {"exports", "growth", "targets", "chart", "indicators", "show"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_two_or_more_examples(name: str) -> None:
    found = examples(GROUP.commands[name].help or "")  # type: ignore[attr-defined]
    assert len(found) >= 2, f"pkit {name}: {len(found)} example(s) in its help; give 2 or 3"
    for example in found:
        assert command_of(argv(example)) == name, f"pkit {name}: an example of another: {example}"


GLOBAL_OPTIONS_WITH_VALUES = {"--data", "--as-of", "--overlay"}


def command_of(words: list[str]) -> str:
    """The command an example runs, after any global options (`pkit --data my.json check`)."""
    i = 0
    while i < len(words) and words[i].startswith("-"):
        i += 2 if words[i] in GLOBAL_OPTIONS_WITH_VALUES else 1
    return words[i] if i < len(words) else ""


@pytest.mark.parametrize("name", COMMANDS)
def test_every_example_runs(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Any, dataset_file: Any
) -> None:
    # Examples run in an empty directory (files they write, like --svg, land there) that
    # holds 'my.json', a copy of the shipped dataset: the name examples use for "your data".
    dataset_file(name="my.json")
    monkeypatch.chdir(tmp_path)
    for example in examples(GROUP.commands[name].help or ""):  # type: ignore[attr-defined]
        result = run(*argv(example))
        assert result.exit_code == 0, f"{example!r} exited {result.exit_code}: {result.stderr}"


@pytest.mark.parametrize("name", COMMANDS)
def test_help_shows_each_example_on_its_own_line(name: str, run: Any) -> None:
    shown = run(name, "--help", env={"COLUMNS": "200"})
    assert shown.exit_code == 0
    lines = {line.strip(" │") for line in shown.stdout.splitlines()}
    for example in examples(GROUP.commands[name].help or ""):  # type: ignore[attr-defined]
        assert example in lines, f"pkit {name} --help runs '{example}' into other text"


def test_pkit_alone_shows_the_help_and_succeeds() -> None:
    result = CliRunner().invoke(app, [], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "Usage: pkit" in result.stdout
    for example in examples(app.info.help or ""):
        assert example in {line.strip(" │") for line in result.stdout.splitlines()}


def test_main_help_examples_run(run: Any) -> None:
    found = examples(app.info.help or "")
    assert len(found) >= 2
    for example in found:
        result = run(*argv(example))
        assert result.exit_code == 0, f"{example!r}: {result.stderr}"


def test_panels_are_grouped_topics_analysis_data(run: Any) -> None:
    text = run("--help", env={"COLUMNS": "120"}).stdout
    panels = [m.group(1) for m in re.finditer(r"╭─ (\w+) ─", text)]
    assert [p for p in panels if p in ("Topics", "Analysis", "Data")] == [
        "Topics",
        "Analysis",
        "Data",
    ]

    def panel(title: str) -> str:
        return text.split(f"╭─ {title} ─", 1)[1].split("╰", 1)[0]

    for name in ("exports", "parks", "connectivity", "talent", "targets"):
        assert re.search(rf"│ {name}\b", panel("Topics"))
    for name in ("growth", "chart"):
        assert re.search(rf"│ {name}\b", panel("Analysis"))
    for name in ("indicators", "show"):
        assert re.search(rf"│ {name}\b", panel("Data"))
