"""Exact outputs: the main tables and formats of `pkit exports` and `pkit targets` against
the files in tests/golden/, and every pasted output in the README against a fresh run.

When an output changes on purpose: `python tests/tooling/golden.py --update`, then read the
diff before committing it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOL = Path(__file__).resolve().parent / "tooling" / "golden.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("golden_tool", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


golden = _tool()


@pytest.mark.parametrize(("name", "command"), golden.GOLDEN_CASES, ids=lambda v: str(v))
def test_output_matches_its_golden_file(name: str, command: str) -> None:
    expected = (golden.GOLDEN / name).read_text(encoding="utf-8")
    assert golden.run(command) == expected, (
        f"stale: python tests/tooling/golden.py --update ({name})"
    )


def test_the_readmes_pasted_outputs_are_current() -> None:
    assert golden.readme_expected() == golden.README.read_text(encoding="utf-8"), (
        "a README output is stale: python tests/tooling/golden.py --update"
    )


def test_a_stale_readme_block_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: a pasted output changed by hand no longer matches a fresh run."""
    readme = tmp_path / "README.md"
    text = (
        "```text\n$ pkit growth ict-exports --from 2020 --to 2025 --fields cagr_pct --format csv\n"
    )
    readme.write_text(text + "cagr_pct\n99.9\n```\n", encoding="utf-8")
    monkeypatch.setattr(golden, "README", readme)
    fresh = golden.readme_expected()
    assert "99.9" not in fresh and "cagr_pct\n21.48" in fresh  # CAGR 21.48 %: data-sources.md


def test_blocks_can_be_drawn_as_on_a_terminal_or_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        f"{golden.TERMINAL}\n```text\n$ pkit chart ict-exports\nold\n```\n"
        "<!-- not generated: a file of yours -->\n```text\n$ pkit validate my.json\nkept\n```\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(golden, "README", readme)
    fresh = golden.readme_expected()
    assert "FY2024-25 █" in fresh and "\x1b[" not in fresh  # drawn, colours removed
    assert "$ pkit validate my.json\nkept\n" in fresh
