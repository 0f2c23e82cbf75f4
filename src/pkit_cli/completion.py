"""Shell completion of real values: indicator ids, target ids, periods in the data, formats.

Typer calls these while the user presses Tab, so they must never fail: a dataset that
cannot be loaded (a bad dataset path, a broken file) completes nothing instead of printing
a traceback into the shell. No Rich here: completion should be quick.
"""

from __future__ import annotations

from typing import Any

import typer

from . import output, periods
from .dataset import Data, load

Suggestions = list[tuple[str, str]]


def _data(ctx: typer.Context | None) -> Data | None:
    """The dataset the command line names (its path, $PKIT_DATA or the embedded one)."""
    try:
        root = ctx.find_root() if ctx is not None else None
        path = root.params.get("data") if root is not None else None
        # patience=0: a pipe is refused, not waited for; Tab must never freeze the shell.
        return load(path if isinstance(path, str) else None, patience=0)
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
    """Periods of the indicator(s) already on the command line, else of every indicator."""
    data = _data(ctx)
    if data is None:
        return []
    try:
        named = _named_indicators(ctx, data)
        labels: dict[str, periods.Period] = {}
        for ident in named or list(data.indicators):
            for label, points in data.vintages(ident).items():
                labels[label] = points[-1].period
        ordered = sorted(labels, key=lambda label: labels[label].sort_key())
        return [label for label in ordered if label.lower().startswith(incomplete.lower())]
    except Exception:
        return []


def _named_indicators(ctx: typer.Context | None, data: Data) -> list[str]:
    params: dict[str, Any] = ctx.params if ctx is not None else {}
    named: list[str] = []
    for key in ("indicator", "indicators"):
        value = params.get(key)
        values = value if isinstance(value, (list, tuple)) else [value]
        named += [v for v in values if isinstance(v, str) and v in data.indicators]
    return named


def format_names(incomplete: str) -> list[str]:
    return [name for name in output.FORMATS if name.startswith(incomplete)]
