"""pkit's benchmark: start-up against the floor, peak memory, and scale.

    python bench/bench.py            # the full run: 21 runs a pair, 1 M observations
    python bench/bench.py --quick    # 5 runs a pair, up to 100 k observations

Whole processes are timed with ``time.perf_counter`` around ``subprocess``, alternating
A B A B after a warm-up, and reported as medians and their ratio. Peak memory is each
process's own maximum resident set size (``os.wait4``). Every process gets the same
environment: no PKIT_* or colour variables, and compiled bytecode cached (in a temporary
PYTHONPYCACHEPREFIX) as it is after ``pip install``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_dataset  # noqa: E402  (a sibling script, not a package)

RATIO_BUDGET = 1.15
EXPORTS_MB_BUDGET = 40
SCALE_BUDGETS = {100_000: (0.3, 150), 1_000_000: (2.0, 1024)}  # seconds, MB
LINEAR_BUDGET = 12  # the 1 M time at most this many times the 100 k time
LIBRARY_RATIO_BUDGET = 0.8  # `import pkit_cli; pkit.load()` against the floor's JSON start
GROWTH_CALLS, GROWTH_BUDGET_S = 10_000, 0.5
EXPORT_BUDGETS = {"sqlite": 2.5, "csv": 2.0, "jsonl": 2.0}  # × `indicators --json`
EXPORT_MB_BUDGET = 1024
CHART_BUDGET_S = 0.5  # `pkit chart --out f.png` beyond `import matplotlib.pyplot`
TABLE_ENV = {"FORCE_COLOR": "1", "COLUMNS": "120"}


def pkit_command() -> list[str]:
    """The pkit of this environment: the script beside the interpreter, else ``-m``."""
    script = Path(sys.executable).with_name("pkit")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "pkit_cli"]


def base_env(cache_dir: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PKIT_")
        and k not in {"FORCE_COLOR", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "COLUMNS", "TERM"}
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = cache_dir
    return env


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    returncode: int
    stderr: str


def run_once(argv: Sequence[str], env: dict[str, str]) -> Run:
    """One process, stdout to a pipe (drained), its own wall time and peak memory."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=err, env=env)
        assert proc.stdout is not None
        while proc.stdout.read(1 << 16):
            pass
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stdout.close()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    rss_kb = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS
    return Run(seconds, rss_kb / 1024, proc.returncode, stderr)


def checked(run: Run, argv: Sequence[str]) -> Run:
    if run.returncode != 0:
        raise SystemExit(f"failed ({run.returncode}): {' '.join(argv)}\n{run.stderr}")
    return run


@dataclass
class Pair:
    label: str
    pkit: list[str]
    floor: list[str]
    extra_env: dict[str, str]


def compare(pair: Pair, env: dict[str, str], runs: int) -> tuple[float, float, float]:
    """Median seconds of pkit and of the floor, alternating, and pkit's peak memory."""
    full_env = {**env, **pair.extra_env}
    for argv in (pair.pkit, pair.floor):  # warm-up: caches, bytecode, page cache
        checked(run_once(argv, full_env), argv)
    a: list[float] = []
    b: list[float] = []
    rss: list[float] = []
    for _ in range(runs):
        ra = checked(run_once(pair.pkit, full_env), pair.pkit)
        rb = checked(run_once(pair.floor, full_env), pair.floor)
        a.append(ra.seconds)
        b.append(rb.seconds)
        rss.append(ra.max_rss_mb)
    return statistics.median(a), statistics.median(b), max(rss)


def startup(env: dict[str, str], runs: int) -> bool:
    pkit = pkit_command()
    floor = [sys.executable, str(HERE / "floor.py")]
    pairs = [
        Pair("pkit exports --json", [*pkit, "exports", "--json"], [*floor, "--json"], {}),
        Pair("pkit targets --json", [*pkit, "targets", "--json"], [*floor, "--json"], {}),
        Pair(
            "pkit growth ict-exports --json",
            [*pkit, "growth", "ict-exports", "--json"],
            [*floor, "--json"],
            {},
        ),
        Pair("pkit exports (table)", [*pkit, "exports"], floor, TABLE_ENV),
        Pair("pkit --help", [*pkit, "--help"], [*floor, "--help"], {}),
    ]
    floor_names = {0: "J", 1: "J", 2: "J", 3: "T", 4: "H"}
    print(f"Start-up: median of {runs} runs each, alternating with the floor")
    print(f"{'command':32} {'pkit ms':>8} {'floor':>6} {'floor ms':>9} {'ratio':>6}  budget")
    ok = True
    exports_rss = 0.0
    for i, pair in enumerate(pairs):
        a, b, rss = compare(pair, env, runs)
        ratio = a / b
        within = ratio <= RATIO_BUDGET
        ok &= within
        if i == 0:
            exports_rss = rss
        print(
            f"{pair.label:32} {a * 1000:8.1f} {floor_names[i]:>6} {b * 1000:9.1f} "
            f"{ratio:6.2f}  {'ok' if within else 'OVER'} (≤ {RATIO_BUDGET})"
        )
    # Peak memory of `pkit exports` (the table), over fresh runs.
    table_env = {**env, **TABLE_ENV}
    exports_table = [checked(run_once([*pkit, "exports"], table_env), pkit) for _ in range(3)]
    table_rss = max(r.max_rss_mb for r in exports_table)
    peak = max(table_rss, exports_rss)
    within = peak <= EXPORTS_MB_BUDGET
    ok &= within
    print(
        f"Peak memory of pkit exports: {table_rss:.1f} MB as a table, {exports_rss:.1f} MB "
        f"as JSON  {'ok' if within else 'OVER'} (≤ {EXPORTS_MB_BUDGET} MB)"
    )
    return ok


LIBRARY_LOAD = "import pkit_cli as pkit; pkit.load()"
# The floor's JSON path without typer: one pydantic model validating one row. What no library
# that validates with pydantic can go below, whatever else it does.
PYDANTIC_ALONE = """
import json
from pydantic import BaseModel
class Row(BaseModel):
    period: str
    value: float
    status: str
    as_of: str
row = b'{"period": "FY2024-25", "value": 3800000000, "status": "reported", "as_of": "2025-07-19"}'
print(json.dumps(Row.model_validate_json(row).model_dump()))
"""
GROWTH_PROGRAM = f"""
import time, pkit_cli as pkit
d = pkit.load()
ids = [r["id"] for r in d.indicators()]
t = time.perf_counter()
for i in range({GROWTH_CALLS}):
    d.growth("ict-exports", "FY2019-20", "FY2024-25")
same = time.perf_counter() - t
t = time.perf_counter()
for i in range({GROWTH_CALLS}):
    d.growth(ids[i % len(ids)])
mixed = time.perf_counter() - t
fresh = []
for ident in ids:  # the first answer to each question, before it is remembered
    t = time.perf_counter(); pkit.load().growth(ident); fresh.append(time.perf_counter() - t)
fresh.sort()
print(same, mixed, fresh[len(fresh) // 2])
"""


def library(env: dict[str, str], runs: int, directory: Path) -> bool:
    """The Python API's start-up and speed, and a chart fit to print."""
    floor = [sys.executable, str(HERE / "floor.py"), "--json"]
    print()
    print("Library and charts")
    ok = True
    pair = Pair("import pkit_cli; pkit.load()", [sys.executable, "-c", LIBRARY_LOAD], floor, {})
    a, b, _ = compare(pair, env, runs)
    within = a / b <= LIBRARY_RATIO_BUDGET
    ok &= within
    print(
        f"{pair.label:32} {a * 1000:8.1f} ms, floor J {b * 1000:.1f} ms, ratio {a / b:.2f}  "
        f"{'ok' if within else 'OVER'} (≤ {LIBRARY_RATIO_BUDGET})"
    )
    alone = Pair("pydantic alone (no typer)", [sys.executable, "-c", PYDANTIC_ALONE], floor, {})
    c, d, _ = compare(alone, env, runs)
    print(
        f"{alone.label:32} {c * 1000:8.1f} ms, floor J {d * 1000:.1f} ms, ratio {c / d:.2f}  "
        "(reference: the floor's model without typer)"
    )
    done = subprocess.run(
        [sys.executable, "-c", GROWTH_PROGRAM], env=env, capture_output=True, text=True, check=True
    )
    same, mixed, fresh = map(float, done.stdout.split())
    within = max(same, mixed) <= GROWTH_BUDGET_S
    ok &= within
    print(
        f"{GROWTH_CALLS:,} growth() calls: {same:.3f} s (one question), {mixed:.3f} s "
        f"(every indicator in turn)  {'ok' if within else 'OVER'} (≤ {GROWTH_BUDGET_S} s); "
        f"a first answer takes {fresh * 1000:.2f} ms (median over indicators)"
    )
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print("pkit chart --out: skipped (matplotlib is not installed: the charts extra)")
        return ok
    png = str(directory / "bench-chart.png")
    pair = Pair(
        "pkit chart ict-exports --out f.png",
        [*pkit_command(), "chart", "ict-exports", "--out", png, "--json"],
        [sys.executable, "-c", "import matplotlib.pyplot"],
        {},
    )
    a, b, _ = compare(pair, env, max(5, runs // 2))
    within = a - b <= CHART_BUDGET_S
    ok &= within
    print(
        f"{pair.label:32} {a * 1000:8.1f} ms, import matplotlib.pyplot {b * 1000:.1f} ms, "
        f"{(a - b) * 1000:+.0f} ms  {'ok' if within else 'OVER'} (≤ +{CHART_BUDGET_S * 1000:.0f} ms)"
    )
    return ok


def export_scale(
    env: dict[str, str], path: Path, size: int, repeats: int
) -> tuple[bool, dict[str, float]]:
    """`pkit export` in each format against `indicators --json` on the same file, the two
    run in turn (A B A B …) so that the ratio compares runs made side by side: the machine's
    speed drifts over the minutes a scale run takes."""
    ok = True
    seconds: dict[str, float] = {}
    base_argv = [*pkit_command(), "--data", str(path), "indicators", "--json"]
    for fmt, budget in EXPORT_BUDGETS.items():
        out = path.with_suffix(f".{fmt}")
        argv = [
            *pkit_command(),
            "--data",
            str(path),
            "export",
            "--format",
            fmt,
            "-o",
            str(out),
            "--force",
        ]
        runs, bases = [], []
        for _ in range(repeats):
            bases.append(checked(run_once(base_argv, env), base_argv).seconds)
            runs.append(checked(run_once(argv, env), argv))
        best, base = min(r.seconds for r in runs), min(bases)
        mb = max(r.max_rss_mb for r in runs)
        seconds[fmt] = best
        within = best / base <= budget and mb <= EXPORT_MB_BUDGET
        ok &= within
        print(
            f"{size:>12,} {'':8}  {'export --format ' + fmt:26} {best:8.3f} {mb:7.1f}  "
            f"{best / base:.2f} × indicators ({base:.3f} s beside it)  "
            f"{'ok' if within else 'OVER'} (≤ {budget} ×, ≤ {EXPORT_MB_BUDGET} MB)"
        )
        out.unlink(missing_ok=True)
    return ok, seconds


def floor_now(env: dict[str, str], runs: int = 5) -> float:
    """The floor's JSON start-up (median), to read the absolute scale budgets by: this
    machine's speed drifts over minutes (the same run has measured 123 and 230 ms)."""
    floor = [sys.executable, str(HERE / "floor.py"), "--json"]
    return statistics.median(checked(run_once(floor, env), floor).seconds for _ in range(runs))


def scale(env: dict[str, str], sizes: Sequence[int], repeats: int, directory: Path) -> bool:
    pkit = pkit_command()
    print()
    print(f"Scale: best of {repeats}, wall time and peak memory (RSS)")
    print(f"{'observations':>12} {'file MB':>8}  {'command':26} {'seconds':>8} {'MB':>7}  budget")
    ok = True
    best_of: dict[tuple[int, str], float] = {}
    for size in sizes:
        t = time.perf_counter()
        path = make_dataset.write(directory, size)
        made = time.perf_counter() - t
        file_mb = path.stat().st_size / 1048576
        if made > 1:
            print(f"  (wrote {path.name} in {made:.0f} s)")
        print(f"  (the machine's speed now: floor J {floor_now(env) * 1000:.0f} ms)")
        commands = {
            "indicators --json": ["indicators", "--json"],
            "growth gen-0001 --json": ["growth", "gen-0001", "--json"],
            "monthly gen-0001 --json": ["monthly", "gen-0001", "--json"],
            "check": ["check"],
        }
        for name, args in commands.items():
            argv = [*pkit, "--data", str(path), *args]
            runs = [run_once(argv, env) for _ in range(repeats)]
            if any(r.returncode == 2 and "no such command" in r.stderr.lower() for r in runs):
                print(f"{size:>12,} {file_mb:8.1f}  {name:26} {'skipped: no such command':>17}")
                continue
            # `pkit check` exits 1 when a check fails: that is an answer, not a crash.
            bad = [r for r in runs if r.returncode not in (0, 1 if name == "check" else 0)]
            if bad:
                raise SystemExit(f"failed ({bad[0].returncode}): {' '.join(argv)}\n{bad[0].stderr}")
            seconds = min(r.seconds for r in runs)
            mb = max(r.max_rss_mb for r in runs)
            best_of[(size, name)] = seconds
            verdict = ""
            if size in SCALE_BUDGETS:
                max_s, max_mb = SCALE_BUDGETS[size]
                within = seconds <= max_s and mb <= max_mb
                ok &= within
                verdict = f"{'ok' if within else 'OVER'} (≤ {max_s:g} s, ≤ {max_mb:g} MB)"
            print(f"{size:>12,} {file_mb:8.1f}  {name:26} {seconds:8.3f} {mb:7.1f}  {verdict}")
        if (size, "indicators --json") in best_of:
            within, exported = export_scale(env, path, size, repeats)
            ok &= within
            for fmt, t in exported.items():
                best_of[(size, f"export {fmt}")] = t
    small, large = 100_000, 1_000_000
    names = ["indicators --json", "growth gen-0001 --json", "monthly gen-0001 --json", "check"]
    for name in names + [f"export {fmt}" for fmt in EXPORT_BUDGETS]:
        if (small, name) in best_of and (large, name) in best_of:
            growth = best_of[(large, name)] / best_of[(small, name)]
            within = growth <= LINEAR_BUDGET
            ok &= within
            print(
                f"1 M / 100 k time, {name}: {growth:.1f} ×  "
                f"{'ok' if within else 'OVER'} (≤ {LINEAR_BUDGET})"
            )
    return ok


def machine() -> None:
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    try:
        from importlib.metadata import version

        names = ("typer", "pydantic", "pydantic-core", "rich", "pkit-cli")
        print("Packages: " + ", ".join(f"{n} {version(n)}" for n in names))
    except Exception as e:  # a missing package is worth a line, not a crash
        print(f"Packages: ? ({e})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="Runs a command (default 21).")
    parser.add_argument("--quick", action="store_true", help="5 runs, scale up to 100 k.")
    parser.add_argument("--no-scale", action="store_true", help="Only the start-up part.")
    parser.add_argument("--sizes", help="Observations, e.g. 10000,100000,1000000.")
    parser.add_argument("--data-dir", help="Keep generated datasets here (default: a temp dir).")
    args = parser.parse_args()
    runs = 5 if args.quick and args.runs == 21 else args.runs
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else list(make_dataset.SIZES)
    if args.quick and not args.sizes:
        sizes = [s for s in sizes if s <= 100_000]

    machine()
    cache_dir = tempfile.mkdtemp(prefix="pkit-bench-pyc-")
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="pkit-bench-data-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        env = base_env(cache_dir)
        ok = startup(env, runs)
        ok &= library(env, runs, data_dir)
        if not args.no_scale:
            ok &= scale(env, sizes, 3, data_dir)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
        if not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)
    print()
    print("All within budget." if ok else "Some budgets are not met (OVER above).")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
