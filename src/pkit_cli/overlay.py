"""Overlays: small files of a user's own newer figures (and their sources, statements and
targets), merged on top of the dataset in use, and ``pkit add``, which writes one.

Only imported when an overlay is in use or written: a plain load never pays for it.
An overlay entry identical to one already there is harmless; the same (indicator, period,
as-of) with another value is an error naming both files; a later as-of is a new vintage.
The merged dataset passes the same integrity checks as a dataset file.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from pydantic import ValidationError

from . import dataset, periods, schema
from .dataset import Data
from .errors import DataError, cut
from .text import machine_number

SHOWN_PROBLEMS = 3
Origin = tuple[str, schema.Loc]  # (file name, JSON location in it)


def load(
    path_option: str | None,
    overlay_paths: list[str],
    as_of: date | None = None,
    *,
    patience: float = dataset.PIPE_PATIENCE_SECONDS,
) -> Data:
    """The dataset in use (embedded or a file) with each overlay file merged on top."""
    raw, name = dataset.read_bytes(dataset.resolve_path(path_option), patience=patience)
    model = dataset.parse(raw, name)
    dataset.check_duplicate_keys(raw, name)
    merge = Merge(model, name)
    names = []
    for path in overlay_paths:
        overlay, overlay_name = read(path)
        merge.add(overlay, overlay_name)
        names.append(overlay_name)
    return Data(merge.result(), name, as_of, tuple(names))


def read(path: str) -> tuple[schema.Overlay, str]:
    """An overlay file, validated, and its name for messages."""
    if path == "":
        raise DataError("an overlay path is empty: give the path of an overlay file")
    raw, name = dataset.read_bytes(path)
    return parse(raw, name), name


def parse(raw: bytes, name: str) -> schema.Overlay:
    try:
        overlay = schema.Overlay.model_validate_json(raw)
    except ValidationError as e:
        problems = dataset.validation_problems(e)
        more = len(problems) - SHOWN_PROBLEMS
        also = f"; and {more} more" if more > 0 else ""
        raise DataError(
            f"{name}: invalid overlay: {'; '.join(problems[:SHOWN_PROBLEMS])}{also}"
        ) from None
    except RecursionError:
        raise DataError(f"{name}: JSON nested too deeply") from None
    dataset.check_duplicate_keys(raw, name)
    return overlay


class Merge:
    """A dataset with overlays added one by one, remembering which file each item came
    from, so that every problem names the file (and the place in it) to fix."""

    def __init__(self, base: schema.Dataset, name: str) -> None:
        self.base = base
        self.items: dict[str, dict[str, Any]] = {}
        self.origins: dict[str, list[Origin]] = {}
        for collection in ("sources", "statements", "targets", "indicators"):
            items = getattr(base, collection)
            self.items[collection] = {item.id: item for item in items}
            self.origins[collection] = [(name, (collection, k)) for k in range(len(items))]
        self.added: dict[str, list[schema.Observation]] = {}
        self.added_origins: dict[str, list[Origin]] = {}
        # (indicator, period, as_of) → (value, file), built for an indicator once touched
        self.known: dict[str, dict[tuple[str, date], tuple[float, str]]] = {}
        self.base_name = name

    def add(self, overlay: schema.Overlay, name: str) -> None:
        for collection in ("sources", "statements", "targets"):
            for i, item in enumerate(getattr(overlay, collection)):
                self._add_item(collection, item, name, (collection, i))
        for i, entry in enumerate(overlay.indicators):
            self._add_indicator(entry, name, ("indicators", i))

    def _origin_of(self, collection: str, ident: str) -> str:
        k = list(self.items[collection]).index(ident)
        return self.origins[collection][k][0]

    def _add_item(self, collection: str, item: Any, name: str, loc: schema.Loc) -> None:
        existing = self.items[collection].get(item.id)
        if existing is None:
            self.items[collection][item.id] = item
            self.origins[collection].append((name, loc))
        elif existing != item:
            kind = collection[:-1]
            raise DataError(
                f"{name}: {dataset.json_path(loc)}: {kind} '{item.id}' differs from the one "
                f"in {self._origin_of(collection, item.id)}; give it another id"
            )

    def _add_indicator(self, entry: schema.OverlayIndicator, name: str, loc: schema.Loc) -> None:
        described = entry.model_dump(exclude_unset=True, exclude={"id", "observations"})
        existing = self.items["indicators"].get(entry.id)
        if existing is None:
            try:
                new = schema.Indicator.model_validate({"id": entry.id, **described})
            except ValidationError as e:
                problem = "; ".join(
                    f"{path}: {msg}" for path, msg in dataset.structured_problems(e, loc)
                )
                raise DataError(
                    f"{name}: {problem} (an indicator the dataset does not have needs every "
                    "field of one; to add figures to one it has, give only id and observations)"
                ) from None
            self.items["indicators"][entry.id] = new
            self.origins["indicators"].append((name, loc))
        elif any(getattr(existing, key) != value for key, value in described.items()):
            raise DataError(
                f"{name}: {dataset.json_path(loc)}: indicator '{entry.id}' is already in "
                f"{self._origin_of('indicators', entry.id)}; an overlay adds observations to "
                "it: give only id and observations"
            )
        known = self._known(entry.id)
        for j, obs in enumerate(entry.observations):
            key = (obs["period"], obs["as_of"])
            where = (*loc, "observations", j)
            if key in known:
                value, other = known[key]
                if value == obs["value"]:
                    continue  # the same figure again: harmless
                raise DataError(
                    f"{name}: {dataset.json_path(where)}: {entry.id} {key[0]} as of {key[1]} "
                    f"is {machine_number(obs['value'])} here but {machine_number(value)} in {other}; a "
                    "revision is a new vintage: give it the later date it was published on"
                )
            known[key] = (obs["value"], name)
            self.added.setdefault(entry.id, []).append(obs)
            self.added_origins.setdefault(entry.id, []).append((name, where))

    def _known(self, ident: str) -> dict[tuple[str, date], tuple[float, str]]:
        if ident not in self.known:
            ind = self.items["indicators"][ident]
            origin = self._origin_of("indicators", ident)
            self.known[ident] = {
                (o["period"], o["as_of"]): (o["value"], origin) for o in ind.observations
            }
        return self.known[ident]

    def result(self) -> schema.Dataset:
        """The merged dataset, after the integrity checks a dataset file passes."""
        indicators = tuple(
            ind.model_copy(update={"observations": [*ind.observations, *self.added[ident]]})
            if ident in self.added
            else ind
            for ident, ind in self.items["indicators"].items()
        )
        merged = schema.Dataset.model_construct(
            title=self.base.title,
            notes=self.base.notes,
            sources=tuple(self.items["sources"].values()),
            indicators=indicators,
            statements=tuple(self.items["statements"].values()),
            targets=tuple(self.items["targets"].values()),
        )
        problems = schema.integrity_problems(merged)
        if problems:
            shown = "; ".join(self._where(loc, msg) for loc, msg in problems[:SHOWN_PROBLEMS])
            more = len(problems) - SHOWN_PROBLEMS
            raise DataError(shown + (f"; and {more} more" if more > 0 else ""))
        return merged

    def _where(self, loc: schema.Loc, message: str) -> str:
        """A problem of the merged dataset at its place in the file it came from."""
        collection, k, *rest = loc
        name, at = self.origins[str(collection)][int(k)]
        if collection == "indicators" and rest[:1] == ["observations"]:
            ident = list(self.items["indicators"])[int(k)]
            base_count = len(self.items["indicators"][ident].observations)
            j = int(rest[1])
            if j >= base_count:
                name, at = self.added_origins[ident][j - base_count]
                rest = rest[2:]
        return f"{name}: {dataset.json_path((*at, *rest))}: {message}"


# pkit add -------------------------------------------------------------------------------


class Added(NamedTuple):
    """What ``add`` did: the observation and its source id, and the file's new text
    (None when the figure was already there)."""

    observation: dict[str, Any]
    indicator: str
    source: str
    text: str | None


def add(
    data: Data,
    path: str,
    indicator: str,
    period: periods.Period,
    value: float,
    url: str,
    published: date,
    publisher: str | None = None,
    title: str | None = None,
) -> Added:
    """The overlay file at ``path`` (empty when missing) with one cited observation added,
    validated against the dataset in use; nothing is written here."""
    ind = data.indicator(indicator)
    existing = os.path.exists(path)
    doc: dict[str, Any] = {"sources": [], "indicators": []}
    if existing:
        raw, name = dataset.read_bytes(path)
        parse(raw, name)
        doc = json.loads(raw)
    else:
        name = cut(path, 200)
    publisher = publisher or _host(url)
    source = _source(data, doc, publisher, url, published, title)
    earlier, same = _vintages(data, doc, ind.id, period.label, published)
    observation: dict[str, Any] = {
        "period": period.label,
        "value": machine_number(float(value)),
        "status": "revised" if earlier else "reported",
        "as_of": published.isoformat(),
        "source": source["id"],
    }
    if same is not None:
        if same[0] == value:
            return Added(observation, ind.id, source["id"], None)
        raise DataError(
            f"{ind.id} {period.label} as of {published} is {machine_number(same[0])} in {same[1]}, "
            f"not {machine_number(float(value))}; a revision is a new vintage: give the later date "
            "it was published on"
        )
    if not any(s.get("id") == source["id"] for s in doc.setdefault("sources", [])):
        doc["sources"].append(source)
    entries = doc.setdefault("indicators", [])
    entry = next((e for e in entries if e.get("id") == ind.id), None)
    if entry is None:
        entry = {"id": ind.id, "observations": []}
        entries.append(entry)
    entry.setdefault("observations", []).append(observation)
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    merge = Merge(data.model, data.name)
    merge.add(parse(text.encode(), name), name)
    merge.result()
    return Added(observation, ind.id, source["id"], text)


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    if not host:
        raise DataError(f"source URL '{cut(url)}' has no host; give the page's full address")
    return host.removeprefix("www.")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50] or "source"


def _source(
    data: Data,
    doc: dict[str, Any],
    publisher: str,
    url: str,
    published: date,
    title: str | None,
) -> dict[str, Any]:
    """The source to cite: one already there for this URL and date, else a new one with
    an id from the publisher and date (``example-org-2026-04-20``, then ``…-2``)."""
    mine = {s.get("id"): s for s in doc.get("sources", []) if isinstance(s, dict)}
    for s in [*mine.values(), *(s.model_dump(mode="json") for s in data.model.sources)]:
        if s.get("url") == url and s.get("published") == published.isoformat():
            return s
    stem = f"{_slug(publisher)}-{published.isoformat()}"
    ident, n = stem, 1
    while ident in mine or ident in data.sources:
        n += 1
        ident = f"{stem}-{n}"
    return {"id": ident, "publisher": publisher, "title": title, "url": url,
            "published": published.isoformat()}  # fmt: skip


def _vintages(
    data: Data, doc: dict[str, Any], ident: str, label: str, published: date
) -> tuple[bool, tuple[float, str] | None]:
    """Whether an earlier vintage of the figure exists, and the value (and file) of one
    published the same day, in the dataset in use or the overlay file."""
    in_use = data.name + "".join(f" + {name}" for name in data.overlays)
    found = [(p.as_of, p.value, in_use) for p in data.all_vintages(ident).get(label, [])]
    for entry in doc.get("indicators", []):
        if entry.get("id") == ident:
            found += [
                (date.fromisoformat(o["as_of"]), o["value"], "the overlay file")
                for o in entry.get("observations", [])
                if o.get("period") == label
            ]
    earlier = any(d < published for d, _, _ in found)
    same = next(((v, where) for d, v, where in found if d == published), None)
    return earlier, same
