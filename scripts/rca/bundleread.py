"""Reading the parts of a telemetry bundle the reference baseline needs (incident, metrics).

This is not Vigil's reader (that is Swift); it exists for the Python baseline and the tests.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from sourceparse import TimeFormatError, parse_float, parse_utc


class BundleError(Exception):
    pass


def read_time(value) -> float:
    if isinstance(value, bool):
        raise BundleError(f"not a time: {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            try:
                return parse_utc(value)
            except TimeFormatError as e:
                raise BundleError(str(e)) from None
    raise BundleError(f"not a time: {value!r}")


def read_incident(bundle: Path) -> dict:
    path = bundle / "incident.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise BundleError(f"{path}: {e}") from None
    if not isinstance(doc, dict) or "detectedAt" not in doc:
        raise BundleError(f"{path}: no detectedAt")
    doc["detectedAt"] = read_time(doc["detectedAt"])
    return doc


def split_column(name: str) -> tuple[str, str]:
    """`svc:metric` -> (svc, metric); a bare `entity` is the metric `value`."""
    entity, sep, metric = name.partition(":")
    return (entity, metric) if sep else (name, "value")


def read_metrics(bundle: Path, problems=None) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """(entity, metric) -> [(time, value)] over every metrics/*.csv; empty cells are skipped."""
    series: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for path in sorted((bundle / "metrics").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if not header or header[0].strip() != "timestamp":
                if problems:
                    problems.report(path, 1, "first column is not `timestamp`")
                continue
            keys = [split_column(h.strip()) for h in header[1:]]
            for lineno, rec in enumerate(reader, start=2):
                if not rec:
                    continue
                if len(rec) != len(header):
                    if problems:
                        problems.report(path, lineno, "wrong number of fields")
                    continue
                try:
                    t = read_time(rec[0])
                    values = [parse_float(c) for c in rec[1:]]
                except (ValueError, BundleError) as e:
                    if problems:
                        problems.report(path, lineno, str(e))
                    continue
                for key, v in zip(keys, values):
                    if v is not None:
                        series.setdefault(key, []).append((t, v))
    return series
