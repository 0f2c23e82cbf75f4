"""Start-up: the JSON path never imports Rich (it is for tables only), and a table in a pipe
takes only its cell widths.

Not timed: speed is measured by bench/bench.py. This checks what gets imported, in a fresh
interpreter, since the test process itself has long imported Rich.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROGRAM = """
import contextlib, io, json, sys
from pkit_cli.cli import app

out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = app(sys.argv[1:], standalone_mode=False)
heavy = sorted(m for m in sys.modules if m == "rich" or m.startswith("rich."))
print(json.dumps({"code": code, "stdout": out.getvalue(), "rich": heavy}))
"""


def run_fresh(*args: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PKIT_")}
    for name in ("FORCE_COLOR", "CLICOLOR_FORCE"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [
        ("exports", "--json"),
        ("targets", "--json"),
        ("growth", "ict-exports", "--json"),
        ("indicators", "--json"),
        ("exports", "--format", "csv"),
    ],
)
def test_machine_output_never_imports_rich(args: tuple[str, ...]) -> None:
    result = run_fresh(*args)
    assert result["code"] in (0, None)
    assert result["stdout"], "the command printed nothing"
    assert result["rich"] == []


def test_the_table_does_import_rich() -> None:
    """The check above can fail: the same program sees Rich when a table is drawn."""
    result = run_fresh("exports")
    assert "rich" in result["rich"]


def test_a_table_in_a_pipe_takes_only_rich_cell_widths() -> None:
    """In a pipe a table is written as Rich would draw it, without Rich's console or table
    (terminal.plain_table): only rich.cells, for the width of each character."""
    result = run_fresh("check")
    assert result["stdout"] and "rich.cells" in result["rich"]
    assert "rich.console" not in result["rich"] and "rich.table" not in result["rich"]
