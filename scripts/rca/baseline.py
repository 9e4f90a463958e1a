"""The reference baseline of the RCA benchmark: rank entities by the largest robust z-score of
any of their metrics after detection, against the samples before it.

Deliberately naive (metrics only, no topology, no logs or traces): it shows how much a method
adds over "which series moved most". Its output has the shape of `vigil investigate --json`.
"""
from __future__ import annotations

import statistics
from pathlib import Path

from bundleread import read_incident, read_metrics

MIN_BASELINE_SAMPLES = 2


def robust_scale(values: list[float]) -> tuple[float, float]:
    """(median, scale): scale is 1.4826 * MAD, falling back to the mean absolute deviation and
    then to a tiny fraction of the median's size, so a flat baseline that moves still scores."""
    med = statistics.median(values)
    dev = [abs(v - med) for v in values]
    scale = 1.4826 * statistics.median(dev)
    if scale == 0:
        scale = 1.2533 * (sum(dev) / len(dev))
    if scale == 0:
        scale = 1e-6 * max(1.0, abs(med))
    return med, scale


def series_score(points: list[tuple[float, float]], detected_at: float) -> float | None:
    before = [v for t, v in points if t < detected_at]
    after = [v for t, v in points if t >= detected_at]
    if len(before) < MIN_BASELINE_SAMPLES or not after:
        return None
    med, scale = robust_scale(before)
    return max(abs(v - med) / scale for v in after)


def rank(series: dict[tuple[str, str], list[tuple[float, float]]], detected_at: float) -> list[dict]:
    best: dict[str, tuple[float, str]] = {}
    for (entity, metric), points in series.items():
        z = series_score(points, detected_at)
        if z is None:
            continue
        if entity not in best or z > best[entity][0]:
            best[entity] = (z, metric)
    ordered = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
    top = ordered[0][1][0] if ordered else 0.0
    return [{"entity": e, "kind": "metric-anomaly",
             "confidence": (z / top) if top > 0 else 0.0,
             "evidence": [f"{e}:{m} max robust z {z:.1f}"]}
            for e, (z, m) in ordered]


def investigate(bundle: Path) -> dict:
    incident = read_incident(bundle)
    hypotheses = rank(read_metrics(bundle), incident["detectedAt"])
    return {"incident": incident.get("title"), "decisive": None, "hypotheses": hypotheses}
