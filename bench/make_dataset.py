"""Write valid pkit datasets of a given number of observations, shaped like real ones.

About 1,000 series (monthly ones — half of them flows, like ICT exports — dated and
fiscal-year ones, some figures revised in a later release), plus the shipped dataset's sources, indicators, statements and targets, so every
command works on the result. Deterministic: the same size gives the same file.

    python bench/make_dataset.py [DIR] [--sizes 10000,100000,1000000]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "data" / "indicators.json"
SERIES = 1000
SIZES = (10_000, 100_000, 1_000_000)
TOPICS = ("exports", "parks", "connectivity", "talent")
UNITS = ("USD", "count", "percent", "count")
GENERATED_SOURCES = 20
FIRST_YEAR = 1948  # periods.MIN_YEAR is 1947; leave room for fiscal years


def shipped() -> dict[str, Any]:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def _month(i: int) -> str:
    return f"{FIRST_YEAR + i // 12}-{i % 12 + 1:02d}"


def _fiscal_year(i: int) -> str:
    y = FIRST_YEAR + i
    return f"FY{y}-{(y + 1) % 100:02d}"


def _labels(kind: str, n: int, rng: random.Random) -> list[tuple[str, date]]:
    """n distinct periods of one kind, oldest first, each with the date it was published."""
    if kind == "month":  # up to 12 × 250 years of months
        out = []
        for i in range(n):
            y, m = FIRST_YEAR + i // 12, i % 12 + 1
            out.append((_month(i), date(y, m, 1) + timedelta(days=45)))
        return out
    if kind == "fiscal_year":
        return [(_fiscal_year(i), date(FIRST_YEAR + i + 1, 8, 15)) for i in range(n)]
    # dated: a figure every few days, as press releases are
    d = date(FIRST_YEAR, 1, 1) + timedelta(days=rng.randrange(30))
    out = []
    for _ in range(n):
        out.append((d.isoformat(), d))
        d += timedelta(days=rng.choice((1, 2, 3, 5, 7)))
    return out


def _kind_for(series: int, periods: int) -> str:
    """Mostly monthly; fiscal years only while they fit in the supported years."""
    if series % 10 == 0 and periods <= 240:
        return "fiscal_year"
    if series % 3 == 0:
        return "date"
    return "month" if periods <= 12 * 250 else "date"


def make(total: int, seed: int = 5) -> dict[str, Any]:
    """A dataset of about ``total`` observations (exactly, when total ≥ 2 × SERIES)."""
    rng = random.Random(seed)
    data = shipped()
    shipped_obs = sum(len(i.get("observations", [])) for i in data["indicators"])
    sources = [f"gen-source-{k:02d}" for k in range(GENERATED_SOURCES)]
    data["sources"] += [
        {
            "id": s,
            "publisher": f"Generated publisher {k}",
            "title": f"Generated bulletin {k}",
            "url": f"https://example.org/bulletin/{k}",
            "published": "2024-01-01",
        }
        for k, s in enumerate(sources)
    ]
    remaining = max(total - shipped_obs, SERIES)
    for s in range(SERIES):
        count = remaining // (SERIES - s)
        remaining -= count
        data["indicators"].append(_series(s, count, sources, rng))
    return data


def _series(s: int, count: int, sources: list[str], rng: random.Random) -> dict[str, Any]:
    # One in five observations is a revision of the figure before it (a second vintage).
    revised = count // 5
    kind = _kind_for(s, count - revised)
    labels = _labels(kind, count - revised, rng)
    unit = UNITS[s % len(UNITS)]
    value = rng.uniform(1e3, 1e9) if unit != "percent" else rng.uniform(1, 90)
    observations: list[dict[str, Any]] = []
    revise_every = (len(labels) // revised) if revised else 0
    for i, (label, published) in enumerate(labels):
        value *= 1 + rng.gauss(0.005, 0.02)
        obs: dict[str, Any] = {
            "period": label,
            "value": round(value, 2),
            "status": "reported",
            "as_of": published.isoformat(),
            "source": sources[(s + i) % len(sources)],
        }
        if i % 7 == 0:
            obs["precision"] = 0.01
        if i % 50 == 0:
            obs["note"] = "Generated figure; a note as some real figures carry."
        observations.append(obs)
        if revise_every and i % revise_every == 0 and revised:
            revised -= 1
            observations.append(
                {
                    **obs,
                    "value": round(value * 1.01, 2),
                    "status": "revised",
                    "as_of": (published + timedelta(days=30)).isoformat(),
                }
            )
    series: dict[str, Any] = {
        "id": f"gen-{s:04d}",
        "name": f"Generated series {s}",
        "topic": TOPICS[s % len(TOPICS)],
        "unit": unit,
        "definition": f"A generated {kind} series for benchmarks.",
        "observations": observations,
    }
    if kind == "month" and s % 2:
        # Half the monthly series are flows, like ICT exports: months that sum to years,
        # left out of the annual view and summed by `pkit monthly` and `pkit ytd`.
        series["flow"] = True
    return series


def write(directory: Path, total: int) -> Path:
    path = directory / f"pkit-{total}.json"
    if not path.exists():
        with path.open("w", encoding="utf-8") as f:
            json.dump(make(total), f, ensure_ascii=False, separators=(",", ":"))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", help="Where to write (default: a temp dir).")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    args = parser.parse_args()
    directory = Path(args.directory or tempfile.mkdtemp(prefix="pkit-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in args.sizes.split(",")):
        path = write(directory, size)
        print(f"{path}  {path.stat().st_size / 1048576:.1f} MB")


if __name__ == "__main__":
    main()
