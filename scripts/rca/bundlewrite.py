"""Writing telemetry bundles (the on-disk format `vigil investigate --bundle` reads).

A bundle is a directory:
  incident.json        {"detectedAt", "symptom"?, "title"}
  metrics/*.csv        wide CSV, first column `timestamp`, then `<entity>:<metric>` or `<entity>`
  logs/*.jsonl         {"timestamp", "entity", "message", "level"?, "traceId"?}
  traces/*.jsonl       {"traceId", "spanId", "parentSpanId"?, "entity", "operation", "start",
                        "durationMs", "error"?}
  changes.jsonl        {"timestamp", "entity", "kind", "description"}
  topology.json        {"edges": [["caller", "callee"], ...]}

Importers write every file complete into a temporary sibling directory and rename it into
place at the end, so an interrupted import never leaves a half-written bundle behind.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path
from typing import Iterable, Sequence


def _dump(obj) -> str:
    # Compact, stable, and strictly JSON (NaN/Infinity are not JSON).
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False, allow_nan=False) + "\n", encoding="utf-8")


class JSONLWriter:
    """Appends one JSON object per line; opens the file on first use."""

    def __init__(self, path: Path):
        self.path = path
        self._fh = None
        self.count = 0

    def write(self, obj: dict) -> None:
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "w", encoding="utf-8")
        self._fh.write(_dump(obj))
        self._fh.write("\n")
        self.count += 1

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def format_number(value: float | None) -> str:
    """A metric cell: empty for a missing sample, otherwise the shortest exact repr."""
    if value is None:
        return ""
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def write_metrics_csv(path: Path, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """rows: (timestamp, v1, v2, ...) with values float or None. Returns the row count."""
    for c in columns:
        if "," in c or "\n" in c or '"' in c:
            raise ValueError(f"metric column name not allowed in a bundle CSV header: {c!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["timestamp", *columns])
        for row in rows:
            ts, *values = row
            w.writerow([format_number(ts), *(format_number(v) for v in values)])
            n += 1
    return n


class BundleStaging:
    """Builds a bundle in `<final>.partial` and moves it to `<final>` on commit."""

    def __init__(self, final_dir: Path):
        self.final_dir = final_dir
        self.dir = final_dir.with_name(final_dir.name + ".partial")
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)

    def commit(self) -> None:
        if self.final_dir.exists():
            shutil.rmtree(self.final_dir)
        os.replace(self.dir, self.final_dir)

    def abort(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def write_labels(out_dir: Path, labels: list[dict]) -> None:
    """OUT_DIR/labels.jsonl, one {"case", "rootCauses", "faultType"} per bundle (never inside one)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / "labels.jsonl.partial"
    with open(tmp, "w", encoding="utf-8") as fh:
        for rec in labels:
            fh.write(_dump(rec) + "\n")
    os.replace(tmp, out_dir / "labels.jsonl")
