"""Shell completion of real values: indicator ids, target ids, periods in the data, formats.

Typer calls these while the user presses Tab, so they must never fail: a dataset that
cannot be loaded (a bad dataset path, a broken file) completes nothing instead of printing
a traceback into the shell. No Rich here: completion should be quick.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import typer

from . import periods
from .dataset import Data, load

Suggestions = list[tuple[str, str]]


def _data(ctx: typer.Context | None) -> Data | None:
    """The dataset the command line names (its path, $PKIT_DATA or the embedded one), as of
    the date it names: the global options after the command's name, else before it."""
    try:
        root = ctx.find_root() if ctx is not None else None
        given = {**(root.params if root is not None else {})}
        if ctx is not None and ctx is not root:
            given |= {k: v for k in ("data", "as_of") if (v := ctx.params.get(f"global_{k}"))}
        path, as_of = given.get("data"), given.get("as_of")
        when = date.fromisoformat(as_of) if isinstance(as_of, str) else None
        # patience=0: a pipe is refused, not waited for; Tab must never freeze the shell.
        return load(path if isinstance(path, str) else None, when, patience=0)
    except Exception:  # any failure: complete nothing rather than break the shell
        return None


def indicator_ids(ctx: typer.Context, incomplete: str) -> Suggestions:
    data = _data(ctx)
    if data is None:
        return []
    return [(i.id, i.name) for i in data.model.indicators if i.id.startswith(incomplete)]


def target_ids(ctx: typer.Context, incomplete: str) -> Suggestions:
    data = _data(ctx)
    if data is None:
        return []
    wanted = incomplete.lower()
    return [
        (t.id, f"{t.name}, by {t.deadline}")
        for t in data.model.targets
        if t.id.lower().startswith(wanted)
    ]


def period_labels(ctx: typer.Context, incomplete: str) -> list[str]:
    """Periods of the indicator(s) already on the command line (of the exports table for
    `pkit exports`), else of every indicator."""
    data = _data(ctx)
    if data is None:
        return []
    try:
        named = [a for a in words_on_the_line() if a in data.indicators]
        if not named and ctx is not None and ctx.info_name == "exports":
            from .reports.exports import exports_indicators

            total, components = exports_indicators(data)
            named = [*components, total]
        labels: dict[str, periods.Period] = {}
        for ident in named or list(data.indicators):
            for label, points in data.vintages(ident).items():
                labels[label] = points[-1].period
        ordered = sorted(labels, key=lambda label: labels[label].sort_key())
        wanted = incomplete.lower()
        return [label for label in ordered if label.lower().startswith(wanted)]
    except Exception:
        return []


def month_labels(ctx: typer.Context, incomplete: str) -> list[str]:
    """The months of the flow series already on the command line (else ict-exports's, or
    every flow series' months)."""
    data = _data(ctx)
    if data is None:
        return []
    try:
        named = [a for a in words_on_the_line() if a in data.indicators]
        if not named:
            named = ["ict-exports"] if "ict-exports" in data.indicators else list(data.indicators)
        labels = sorted({p.period.label for ident in named for p in data.months(ident)})
        return [label for label in labels if label.startswith(incomplete)]
    except Exception:
        return []


def field_names(fields: Callable[[Data], Iterable[str]]) -> Callable[..., list[str]]:
    """Completion of a field selection A,B,C: the next name, after those already typed, from the
    fields of the command's report (``fields`` lists them)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        data = _data(ctx)
        if data is None:
            return []
        try:
            typed, _, partial = incomplete.rpartition(",")
            chosen = typed.split(",") if typed else []
            prefix = typed + "," if typed else ""
            names = [n for n in dict.fromkeys(fields(data)) if n not in chosen]
            return [prefix + n for n in names if n.startswith(partial)]
        except Exception:
            return []

    return complete


def words_on_the_line() -> list[str]:
    """The words of the command line being completed, as the shell passed them (Typer
    hands completion callbacks no arguments, and parses an unfinished line leniently)."""
    line = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
    try:
        return shlex.split(line)
    except ValueError:  # an unclosed quote while typing
        return line.split()


def escape_for_bash() -> None:
    """Make bash insert each completion as one word. Bash inserts what it is given as
    typed, so 'FY2024-25 Jul-Jan' would become two words: its space is escaped. (zsh and
    fish quote what they insert themselves.) Registered over Typer's bash protocol."""
    try:
        from typer._click.shell_completion import add_completion_class
        from typer._completion_classes import BashComplete
    except ImportError:  # pragma: no cover - a Typer without these: plain completion
        return

    class EscapingBash(BashComplete):
        def format_completion(self, item: Any) -> str:
            return re.sub(r"([^\w@%+=:,./-])", r"\\\1", str(item.value))

    add_completion_class(EscapingBash, "bash")
