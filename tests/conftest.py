"""Shared fixtures: drive the CLI end to end and build variant datasets."""

from __future__ import annotations

import copy
import json
import os
import pty
import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pkit_cli.cli import app

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """Run `pkit ARGS…` in-process; result.stdout and result.stderr are separate."""
    monkeypatch.delenv("PKIT_DATA", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Any:
        return runner.invoke(app, list(args), env=env)

    return invoke


def shipped_dataset() -> dict[str, Any]:
    """The dataset as installed (the wheel's copy), parsed as plain JSON."""
    shipped = resources.files("pkit_cli").joinpath("indicators.json")
    raw = (
        shipped.read_bytes()
        if shipped.is_file()
        else (REPO / "data" / "indicators.json").read_bytes()
    )
    return json.loads(raw)


@pytest.fixture
def dataset_file(tmp_path: Path) -> Callable[..., Path]:
    """Write a copy of the shipped dataset, changed by `mutate`, and return its path."""

    def make(
        mutate: Callable[[dict[str, Any]], None] | None = None, name: str = "data.json"
    ) -> Path:
        data = copy.deepcopy(shipped_dataset())
        if mutate is not None:
            mutate(data)
        path = tmp_path / name
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    return make


def indicator(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(i for i in data["indicators"] if i["id"] == ident)


def on_a_terminal(
    *words: str, env: dict[str, str], rows: int = 24, cols: int = 80
) -> tuple[int, str]:
    """`pkit WORDS` run on a pseudo-terminal of ``rows`` × ``cols``: its exit status and
    what a person sees (control sequences included)."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "pkit_cli", *words],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        status = proc.wait(timeout=20)
    finally:
        os.close(master)
    return status, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
