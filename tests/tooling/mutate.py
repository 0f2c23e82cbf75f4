"""A small mutation runner: do the tests notice when the arithmetic is changed?

    python tests/tooling/mutate.py                 # analysis, periods, formula, audit; 2 workers
    python tests/tooling/mutate.py analysis audit  # some of them (or: dataset)
    python tests/tooling/mutate.py --list          # the mutants, without running anything

Each mutant changes one point of one module's syntax tree:

- an operator swapped: ``/`` ↔ ``*``, ``+`` ↔ ``-``, ``>=`` ↔ ``>``, ``<`` ↔ ``<=``, ``==`` ↔ ``!=``
- a number nudged: 0 ↔ 1, any other n → n + 1
- a condition negated: ``if x`` → ``if not (x)`` (statements and ``a if x else b``)
- a return dropped: ``return x`` → ``return None``

The mutated module is written into a temporary copy of the checkout (never the real files),
which is put first on ``PYTHONPATH`` (so subprocesses that run ``pkit`` see it too), and the
module's test files run with ``pytest -x``. A mutant is *killed* when they fail or time out.
No dependencies beyond the standard library and the project's own test extra.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The modules under test: name → candidate locations, first that exists wins. A location is
# (path, scope): scope None mutates the whole file; (first, last) mutates only the lines
# between the comment line starting with `first` and the one starting with `last` (the audit
# lived inside trust_reports.py before it got a module of its own).
MODULES: dict[str, list[tuple[str, tuple[str, str] | None]]] = {
    "analysis": [("src/pkit_cli/analysis.py", None)],
    "periods": [("src/pkit_cli/periods.py", None)],
    "formula": [("src/pkit_cli/formula.py", None)],
    "audit": [
        ("src/pkit_cli/reports/audit.py", None),
        ("src/pkit_cli/trust_reports.py", ("# pkit check", "# pkit validate")),
    ],
    # Not part of the default run (no ≥ 90 % goal yet): name it to run it.
    "dataset": [("src/pkit_cli/dataset.py", None)],
}
DEFAULT = ("analysis", "periods", "formula", "audit")  # the arithmetic: each ≥ 90 % killed

# The test files that exercise each module, the likeliest killers first (-x stops at the
# first failure, so a killed mutant costs about one file). A missing file is skipped.
PINS = "tests/test_arithmetic_pins.py"
TESTS: dict[str, list[str]] = {
    "analysis": [
        PINS,
        "tests/test_analysis.py",
        "tests/test_run_rate.py",
        "tests/test_monthly.py",
        "tests/test_growth_targets.py",
        "tests/test_trust.py",
    ],
    "periods": [
        PINS,
        "tests/test_periods.py",
        "tests/test_monthly.py",
        "tests/test_data_monthly.py",
        "tests/test_analysis.py",
        "tests/test_growth_targets.py",
    ],
    "formula": [PINS, "tests/test_trust.py", "tests/test_schema.py", "tests/test_analysis.py"],
    "audit": [PINS, "tests/test_trust.py", "tests/test_check_months.py"],
    "dataset": [PINS, "tests/test_trust.py", "tests/test_cli_core.py", "tests/test_schema.py"],
}

WORKERS = 2  # the machine has two cores, shared
TIMEOUT = 60.0  # seconds per mutant; the slowest file set takes about 4 s


@dataclass(frozen=True)
class Mutant:
    module: str
    path: str  # relative to the checkout
    index: int  # position of the mutated node in ast.walk order
    slot: int  # which operator of a chained comparison
    kind: str
    line: int
    description: str


_SWAPS: dict[type, type] = {
    ast.Div: ast.Mult,
    ast.Mult: ast.Div,
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.GtE: ast.Gt,
    ast.Gt: ast.GtE,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
}
_SYMBOL = {
    ast.Div: "/",
    ast.Mult: "*",
    ast.Add: "+",
    ast.Sub: "-",
    ast.GtE: ">=",
    ast.Gt: ">",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Eq: "==",
    ast.NotEq: "!=",
}


def _nudged(value: int | float) -> int | float:
    if value == 0:
        return type(value)(1)
    if value == 1:
        return type(value)(0)
    return value + 1


def _skipped_nodes(tree: ast.AST) -> set[int]:
    """Annotations and decorators: not behaviour (annotations are strings at run time)."""
    roots: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            roots += node.decorator_list
            if node.returns is not None:
                roots.append(node.returns)
        elif isinstance(node, ast.ClassDef):
            roots += node.decorator_list
        elif isinstance(node, ast.arg | ast.AnnAssign) and node.annotation is not None:
            roots.append(node.annotation)
    return {id(n) for root in roots for n in ast.walk(root)}


def _scope_lines(text: str, scope: tuple[str, str] | None) -> range:
    lines = text.splitlines()
    if scope is None:
        return range(1, len(lines) + 1)
    first, last = scope
    starts = [i + 1 for i, s in enumerate(lines) if s.startswith(first)]
    ends = [i + 1 for i, s in enumerate(lines) if s.startswith(last)]
    if not starts or not ends:
        sys.exit(f"mutate.py: scope markers {scope!r} not found")
    return range(starts[0], ends[0])


def resolve(module: str) -> tuple[str, tuple[str, str] | None]:
    for path, scope in MODULES[module]:
        if (ROOT / path).is_file():
            return path, scope
    sys.exit(f"mutate.py: none of {[p for p, _ in MODULES[module]]} exists")


def mutants_of(module: str) -> list[Mutant]:
    path, scope = resolve(module)
    text = (ROOT / path).read_text(encoding="utf-8")
    tree = ast.parse(text)
    lines = _scope_lines(text, scope)
    skipped = _skipped_nodes(tree)
    out: list[Mutant] = []

    def add(i: int, slot: int, kind: str, line: int, description: str) -> None:
        if line in lines:
            out.append(Mutant(module, path, i, slot, kind, line, description))

    for i, node in enumerate(ast.walk(tree)):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.BinOp) and type(node.op) in _SWAPS:
            new = _SWAPS[type(node.op)]
            add(i, 0, "operator", node.lineno, f"{_SYMBOL[type(node.op)]} → {_SYMBOL[new]}")
        elif isinstance(node, ast.Compare):
            for slot, op in enumerate(node.ops):
                if type(op) in _SWAPS:
                    new = _SWAPS[type(op)]
                    add(i, slot, "comparison", node.lineno, f"{_SYMBOL[type(op)]} → {_SYMBOL[new]}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
        ):
            add(i, 0, "constant", node.lineno, f"{node.value!r} → {_nudged(node.value)!r}")
        elif isinstance(node, ast.If | ast.IfExp):
            add(i, 0, "condition", node.lineno, f"if {ast.unparse(node.test)} → if not (…)")
        elif isinstance(node, ast.Return) and not (
            node.value is None
            or (isinstance(node.value, ast.Constant) and node.value.value is None)
        ):
            add(i, 0, "return", node.lineno, f"return {ast.unparse(node.value)} → return None")
    return out


def mutated_source(m: Mutant) -> str:
    tree = ast.parse((ROOT / m.path).read_text(encoding="utf-8"))
    node = list(ast.walk(tree))[m.index]
    if m.kind == "operator":
        node.op = _SWAPS[type(node.op)]()
    elif m.kind == "comparison":
        node.ops[m.slot] = _SWAPS[type(node.ops[m.slot])]()
    elif m.kind == "constant":
        node.value = _nudged(node.value)
    elif m.kind == "condition":
        node.test = ast.UnaryOp(ast.Not(), node.test)
    elif m.kind == "return":
        node.value = ast.Constant(None)
    return ast.unparse(ast.fix_missing_locations(tree))


def neutral_source(path: str) -> str:
    """The module round-tripped through ast.unparse, unmutated: the baseline must pass with
    it, so a kill is never caused by the rewriting itself."""
    return ast.unparse(copy.deepcopy(ast.parse((ROOT / path).read_text(encoding="utf-8"))))


class Sandbox:
    """A private copy of the checkout that one worker mutates, one file at a time."""

    def __init__(self) -> None:
        # Beside the checkout, not in /tmp: the copy's data-reference tests look for shared/
        # in the folders above them, as the checkout's own do (and fail when it is missing).
        self.dir = Path(tempfile.mkdtemp(prefix=".pkit-mutate-", dir=ROOT.parent))
        ignore = shutil.ignore_patterns(
            "__pycache__", ".venv", "venv", ".git", ".hypothesis", ".pytest_cache", "*.egg-info"
        )
        for name in ("src", "tests", "data"):
            shutil.copytree(ROOT / name, self.dir / name, ignore=ignore)
        for name in ("pyproject.toml", "README.md"):
            if (ROOT / name).exists():
                shutil.copy2(ROOT / name, self.dir / name)
        self.env = {
            **os.environ,
            "PYTHONPATH": str(self.dir / "src"),
            "PYTHONDONTWRITEBYTECODE": "1",  # a stale .pyc must never stand in for a mutant
        }

    def run(self, path: str, source: str, tests: list[str]) -> tuple[str, float]:
        """'killed', 'survived' or 'timeout', and the seconds it took."""
        target = self.dir / path
        original = target.read_text(encoding="utf-8")
        target.write_text(source, encoding="utf-8")
        started = time.monotonic()
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                cwd=self.dir,
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=TIMEOUT,
            )
            # pytest: 0 passed, 1 a test failed, 2 collection failed (the mutant does not
            # import), 4 with "while loading conftest" the same for conftest.py's imports.
            # Any other code (internal or usage error, nothing collected) is the runner's fault.
            broken_conftest = proc.returncode == 4 and "while loading conftest" in proc.stdout
            if proc.returncode not in (0, 1, 2) and not broken_conftest:
                raise RuntimeError(f"pytest exited {proc.returncode} on {' '.join(tests)}")
            outcome = "survived" if proc.returncode == 0 else "killed"
        except subprocess.TimeoutExpired:
            outcome = "timeout"
        finally:
            target.write_text(original, encoding="utf-8")
        return outcome, time.monotonic() - started

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def test_files(module: str, box: Sandbox) -> list[str]:
    """The module's test files as the sandbox holds them (copied when the run started)."""
    return [t for t in TESTS[module] if (box.dir / t).is_file()]


def check_sandbox(box: Sandbox, modules: list[str]) -> None:
    """The copy, not the checkout, is imported; and every module passes its tests unmutated
    (round-tripped through ast.unparse)."""
    where = subprocess.run(
        [sys.executable, "-c", "import pkit_cli; print(pkit_cli.__file__)"],
        env=box.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not where.startswith(str(box.dir)):
        sys.exit(f"mutate.py: the sandbox imports pkit_cli from {where}, not from the copy")
    for module in modules:
        path, _ = resolve(module)
        outcome, _ = box.run(path, neutral_source(path), test_files(module, box))
        if outcome != "survived":
            sys.exit(f"mutate.py: the tests of {module} fail without any mutation ({outcome})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=", ".join(MODULES))
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    args = parser.parse_args()
    modules = args.modules or list(DEFAULT)
    if unknown := [m for m in modules if m not in MODULES]:
        parser.error(f"unknown module(s) {', '.join(unknown)}; choose from {', '.join(MODULES)}")
    mutants = [m for module in modules for m in mutants_of(module)]
    if args.list:
        for m in mutants:
            print(f"{m.path}:{m.line}: {m.kind}: {m.description}")
        print(f"{len(mutants)} mutants")
        return 0

    # A SIGTERM unwinds like Ctrl-C, so the sandboxes are removed either way.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    boxes = [Sandbox() for _ in range(WORKERS)]
    free = list(boxes)
    lock = threading.Lock()
    results: dict[Mutant, str] = {}
    started = time.monotonic()
    try:
        check_sandbox(boxes[0], modules)

        def work(m: Mutant) -> None:
            with lock:
                box = free.pop()
            try:
                outcome, _ = box.run(m.path, mutated_source(m), test_files(m.module, box))
            finally:
                with lock:
                    free.append(box)
            with lock:
                results[m] = outcome
                done = len(results)
                if outcome == "survived":
                    print(f"  survived {m.path}:{m.line}: {m.description}", flush=True)
                if done % 25 == 0:
                    print(f"  {done}/{len(mutants)} mutants run", file=sys.stderr, flush=True)

        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            list(pool.map(work, mutants))
    finally:
        for box in boxes:
            box.remove()

    print()
    print(f"{'module':<10} {'path':<34} {'killed':>7} {'total':>6} {'%':>6}")
    all_killed = 0
    for module in modules:
        ms = [m for m in mutants if m.module == module]
        killed = sum(1 for m in ms if results[m] != "survived")
        all_killed += killed
        pct = 100 * killed / len(ms) if ms else 100.0
        print(f"{module:<10} {resolve(module)[0]:<34} {killed:>7} {len(ms):>6} {pct:>5.1f}%")
    total_pct = 100 * all_killed / len(mutants) if mutants else 100.0
    print(f"{'all':<10} {'':<34} {all_killed:>7} {len(mutants):>6} {total_pct:>5.1f}%")
    survivors = sorted(
        (m for m in mutants if results[m] == "survived"), key=lambda m: (m.path, m.line)
    )
    print(f"\n{len(survivors)} surviving mutants:")
    for m in survivors:
        print(f"  {m.path}:{m.line}: {m.kind}: {m.description}")
    timeouts = sum(1 for r in results.values() if r == "timeout")
    print(
        f"\n({timeouts} killed by the {TIMEOUT:.0f} s timeout; {time.monotonic() - started:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
