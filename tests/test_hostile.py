"""Hostile input (issue 4): dataset files and command lines written to break pkit.

Each case must end in one clear line on stderr, or in the text shown literally; never a
traceback, never a raw escape sequence on stdout, and exit 0, 1 or 2.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import REPO, indicator
from pkit_cli import periods
from pkit_cli.cli import app
from pkit_cli.dataset import Data

BOOM = "[bold red]boom[/]\x1b[2J"
SHIPPED_TEXT = (REPO / "data" / "indicators.json").read_text(encoding="utf-8")


def one_clear_line(result: Any, code: int = 1) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.startswith("pkit: ")
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def write(tmp_path: Path, text: str, name: str = "data.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def pkit_process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """A real `python -m pkit_cli` process, stdout being a pipe (not a terminal)."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("PKIT_DATA", "NO_COLOR")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "pkit_cli", *args],
        capture_output=True,
        env=full_env,
        timeout=60,
    )


# Untrusted strings in the dataset ------------------------------------------------------------


def rename(name: str) -> Any:
    def mutate(data: dict[str, Any]) -> None:
        indicator(data, "ict-exports")["name"] = name

    return mutate


def test_markup_and_escape_in_a_name_show_literally(run, dataset_file):
    path = dataset_file(rename(BOOM))
    result = run("--data", str(path), "indicators")
    assert result.exit_code == 0
    assert "[bold red]boom[/]\\x1b[2J" in result.stdout
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize("force", [{"FORCE_COLOR": "1"}, {"CLICOLOR_FORCE": "1"}])
def test_a_forced_terminal_never_receives_the_names_own_escape(dataset_file, force):
    path = dataset_file(rename(BOOM))
    proc = pkit_process("--data", str(path), "indicators", env=force)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode("utf-8")
    assert "\x1b[2J" not in out  # Rich may colour the table, but never clear the screen
    assert "[bold red]boom[/]" in out  # the markup is text, not styling
    assert "\\x1b[2J" in out


def test_link_markup_is_text(run, dataset_file):
    path = dataset_file(rename("[link=https://evil.example]click[/link]"))
    result = run("--data", str(path), "show", "ict-exports")
    assert result.exit_code == 0
    assert "[link=https://evil.example]click[/link]" in result.stdout


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "markdown"])
def test_control_characters_in_notes_are_made_visible(run, dataset_file, fmt):
    def mutate(data: dict[str, Any]) -> None:
        obs = indicator(data, "ict-exports")["observations"][0]
        obs["note"] = "bell\x07 bidi\u202e cr\r esc\x1b]8;;x\x1b\\"

    result = run(
        "--data",
        str(dataset_file(mutate)),
        "show",
        "ict-exports",
        "-f",
        fmt,
        "--fields",
        "period,note",
    )
    assert result.exit_code == 0
    for raw in ("\x07", "\u202e", "\r", "\x1b"):
        assert raw not in result.stdout.replace("\r\n", "\n")
    assert "\\x07" in result.stdout and "\\u202e" in result.stdout


def test_json_keeps_the_exact_string_escaped_by_json(run, dataset_file):
    result = run("--data", str(dataset_file(rename(BOOM))), "indicators", "--json")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout  # json.dumps writes \u001b
    assert any(r["name"] == BOOM for r in json.loads(result.stdout))


def test_ten_thousand_character_strings(run, dataset_file):
    long_name = "x" * 10_000
    result = run("--data", str(dataset_file(rename(long_name))), "show", "ict-exports", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["name"] == long_name
    too_long = run("--data", str(dataset_file(rename("x" * 20_001))), "indicators")
    assert "$.indicators[" in one_clear_line(too_long)


# Numbers that are not numbers ----------------------------------------------------------------


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_values_are_refused_with_their_path(run, tmp_path, literal):
    text = SHIPPED_TEXT.replace('"value": 1440000000', f'"value": {literal}', 1)
    assert text != SHIPPED_TEXT
    message = one_clear_line(run("--data", str(write(tmp_path, text)), "indicators"))
    assert "observations[" in message and "finite" in message


# Malformed JSON and files --------------------------------------------------------------------


def test_duplicate_keys_are_refused(run, tmp_path):
    text = SHIPPED_TEXT.replace('"value": 1440000000', '"value": 1, "value": 1440000000', 1)
    path = write(tmp_path, text)
    message = one_clear_line(run("--data", str(path), "exports"))
    assert "duplicate key 'value'" in message
    listed = run("validate", str(path), "--json")
    assert listed.exit_code == 1
    assert [p["problem"].split(":")[0] for p in json.loads(listed.stdout)["problems"]] == [
        "duplicate key 'value'"
    ]


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deeply_nested_json(run, tmp_path, opener):
    closer = "]" if opener == "[" else "}"
    path = write(tmp_path, opener * 10_000 + "1" + closer * 10_000)
    assert "JSON" in one_clear_line(run("--data", str(path), "indicators"))
    assert run("validate", str(path)).exit_code == 1


def test_a_file_above_the_size_limit_is_refused(run, tmp_path):
    path = write(tmp_path, SHIPPED_TEXT)
    message = one_clear_line(
        run("--data", str(path), "indicators", env={"PKIT_MAX_DATA_MB": "0.01"})
    )
    assert "limit" in message and "PKIT_MAX_DATA_MB" in message
    assert run("--data", str(path), "indicators", env={"PKIT_MAX_DATA_MB": "1"}).exit_code == 0
    bad_limit = run("--data", str(path), "indicators", env={"PKIT_MAX_DATA_MB": "lots"})
    assert "PKIT_MAX_DATA_MB" in one_clear_line(bad_limit)


@pytest.mark.parametrize("text", ["", "   \n", "null", "[]", "{}", "{", '"just a string"'])
def test_empty_and_wrong_shaped_files(run, tmp_path, text):
    one_clear_line(run("--data", str(write(tmp_path, text)), "indicators"))


def test_a_directory(run, tmp_path):
    assert "directory" in one_clear_line(run("--data", str(tmp_path), "indicators"))


def test_a_missing_file_and_an_empty_path(run, tmp_path):
    assert "no such file" in one_clear_line(run("--data", str(tmp_path / "nope.json"), "exports"))
    one_clear_line(run("--data", "", "exports"))


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root reads files whatever their mode, so chmod 000 cannot block it",
)
def test_a_file_without_read_permission(run, tmp_path):
    path = write(tmp_path, SHIPPED_TEXT)
    path.chmod(0)
    try:
        assert "permission" in one_clear_line(run("--data", str(path), "indicators"))
    finally:
        path.chmod(0o600)


def test_bytes_that_are_not_utf8(run, tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"title": "Caf\xe9"}')
    assert "UTF-8" in one_clear_line(run("--data", str(path), "indicators"))


def test_a_symlink_loop(run, tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.symlink_to(b)
    b.symlink_to(a)
    one_clear_line(run("--data", str(a), "indicators"))


def test_hostile_files_in_a_real_process(tmp_path):
    cases = {
        "nan.json": SHIPPED_TEXT.replace('"value": 1440000000', '"value": NaN', 1),
        "deep.json": "[" * 10_000 + "]" * 10_000,
        "empty.json": "",
    }
    for name, text in cases.items():
        proc = pkit_process("--data", str(write(tmp_path, text, name)), "exports")
        err = proc.stderr.decode()
        assert proc.returncode == 1, (name, err)
        assert err.startswith("pkit: ") and err.count("\n") == 1 and "Traceback" not in err
        assert proc.stdout == b""


# The command line ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["growth", "ict-exports", "--from", "abc"], 2),
        (["growth", "ict-exports", "--from", "1900"], 2),
        (["growth", "ict-exports", "--from", "99999"], 2),
        (["growth", "ict-exports", "--from", "2025-13"], 2),
        (["growth", "ict-exports", "--from", "FY2024-26"], 2),
        (["growth", "ict-exports", "--from", "FY2024-25 Jul-Jun"], 2),
        (["growth", "ict-exports", "--from", "2025", "--to", "2020"], 2),
        (["growth", "ict-exports", "--from", ""], 2),
        (["growth", "ict-exports", "--from", "\x1b[2J"], 2),
        (["show", "ict-exports", "--period", "FY2099-00"], 1),
        (["show", "ict-exports", "--period", "0000-01-01"], 2),
        (["exports", "--format", "xml"], 2),
        (["exports", "--json", "--format", "csv"], 2),
        (["exports", "--fields", ""], 2),
        (["exports", "--fields", "nope"], 2),
        (["show", ""], 1),
        (["show", "no-such-indicator"], 1),
        (["growth", ""], 1),
        (["targets", "T99"], 1),
        (["sources", ""], 1),
        (["indicators", "--topic", ""], 2),
        (["--as-of", "", "exports"], 2),
        (["--as-of", "2022-13-01", "exports"], 2),
        (["targets", "--rate", "nan"], 2),
        (["no-such-command"], 2),
    ],
)
def test_bad_command_lines_get_one_clear_line(run, args, code):
    message = one_clear_line(run(*args), code)
    assert "\x1b" not in message


def test_a_newline_in_an_argument_stays_on_one_line(run):
    one_clear_line(run("show", "a\nb"), 1)
    one_clear_line(run("growth", "ict-exports", "--from", "20\n25"), 2)


def test_bad_command_line_in_a_real_process():
    proc = pkit_process("growth", "ict-exports", "--from", "2025", "--to", "2020")
    assert proc.returncode == 2
    assert proc.stderr.decode() == "pkit: --from FY2024-25 is after --to FY2019-20: swap them\n"


# Arbitrary text ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_period_parser_accepts_or_explains(text):
    try:
        p = periods.parse(text)
    except periods.PeriodError as e:
        assert str(e)
    else:
        assert periods.parse_canonical(p.label) == p  # whatever it accepts is canonical


_runner = CliRunner()
_ENV = {"PKIT_DATA": "", "FORCE_COLOR": "", "PKIT_DEBUG": ""}


def _invoke(args: list[str]) -> Any:
    return _runner.invoke(app, args, env=_ENV)


def _sane(result: Any) -> None:
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    # cli.py turns any unexpected exception into this one line with exit 1: a bug, not an answer.
    assert "internal error" not in result.stdout + result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=30))
def test_cli_growth_from_arbitrary_text(text):
    _sane(_invoke(["growth", "ict-exports", "--from", text]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=30))
def test_cli_show_arbitrary_id(text):
    _sane(_invoke(["show", text]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=12), max_size=4))
def test_cli_arbitrary_arguments(args):
    _sane(_invoke(args))


def test_the_arbitrary_input_tests_catch_an_injected_bug(monkeypatch):
    """The checks above can fail: a look-up that forgets its KeyError (a bug that cli.py
    words as 'pkit: internal error', exit 1, no traceback) must make them fail."""

    def indicator_without_its_check(self: Data, ident: str) -> Any:
        return self.indicators[ident]

    monkeypatch.setattr(Data, "indicator", indicator_without_its_check)
    result = _invoke(["show", "no-such-indicator"])
    assert result.exit_code == 1 and "internal error: KeyError" in result.stderr  # the bug shows
    with pytest.raises(AssertionError, match="internal error"):
        test_cli_show_arbitrary_id()


def test_a_file_is_read_to_the_limit_whatever_its_size_says(tmp_path):
    """Read at the size a file says it has, then on: a file that says 0 bytes (/proc) is
    read whole, and one byte past the limit is read so that it can be refused."""
    from pkit_cli.dataset import _read_file

    path = tmp_path / "f"
    path.write_bytes(b"x" * 100)
    assert _read_file(str(path), 100) == b"x" * 100
    assert _read_file(str(path), 99) == b"x" * 100  # the limit + 1: refused by the caller
    assert _read_file(str(path), 10) == b"x" * 11
    proc = Path("/proc/self/status")
    if proc.is_file():  # st_size 0, content hundreds of bytes
        assert os.stat(proc).st_size == 0
        assert len(_read_file(str(proc), 10_000)) > 100
