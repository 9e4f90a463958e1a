"""PyRCA-style simulated cases -> telemetry bundles.

Input (SRC_DIR): `cases/<case>.csv` (or `<case>.csv` directly in SRC_DIR) and `labels.jsonl`.
Each case CSV is wide: an optional time column (`t`, `time` or `timestamp`), a `phase`
column (`normal` / `anomalous`), and one numeric column per metric (X1..Xn).
labels.jsonl: {"case", "sli", "root_causes", "edges_cause_to_effect", ...} per case.

Output (OUT_DIR): one bundle per case plus OUT_DIR/labels.jsonl.
- metrics/metrics.csv: `timestamp` then one bare `<metric>` column per metric (entity = the metric).
- incident.json: detectedAt = the first anomalous row's timestamp, symptom = the SLI.
- topology.json: the case's causal DAG, each cause -> effect edge written as [effect, cause]
  (caller -> callee: the effect depends on its cause, so anomalies travel against the edge).
The simulator's `t` is a step index, not a clock: it becomes epoch seconds BASE_EPOCH + t
(1 s steps). Without a time column the row number is used the same way.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from bundlewrite import BundleStaging, write_json, write_labels, write_metrics_csv
from sourceparse import Problems, parse_float, parse_utc, TimeFormatError

BASE_EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z, the origin of synthesised 1 s steps
TIME_COLUMNS = ("timestamp", "time", "t")
PHASES = {"normal": False, "anomalous": True, "abnormal": True}


class CaseImportError(Exception):
    """A case that cannot be imported at all (missing columns, no anomalous rows, ...)."""


def _time_of(cell: str) -> float:
    """A time cell: a small number is a step index (seconds from BASE_EPOCH), a large one is
    epoch seconds, anything else must be an ISO 8601 string."""
    try:
        v = float(cell)
    except ValueError:
        return parse_utc(cell)
    if v != v:
        raise ValueError("NaN time")
    return v if v >= 1e9 else BASE_EPOCH + v


def read_case(path: Path, problems: Problems):
    """Returns (metric names, rows [(ts, values...)], detectedAt, synthesised_time: bool)."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise CaseImportError(f"{path}: empty file") from None
        lower = [h.lower() for h in header]
        if "phase" not in lower:
            raise CaseImportError(f"{path}:1: no `phase` column")
        phase_i = lower.index("phase")
        time_i = next((lower.index(c) for c in TIME_COLUMNS if c in lower), None)
        metric_idx = [i for i in range(len(header)) if i not in (phase_i, time_i)]
        metrics = [header[i] for i in metric_idx]
        if not metrics:
            raise CaseImportError(f"{path}:1: no metric columns")
        for m in metrics:
            if not m or ":" in m or "," in m:
                raise CaseImportError(f"{path}:1: unusable metric column name {m!r}")
        rows, detected, step = [], None, 0
        last_ts = None
        for lineno, rec in enumerate(reader, start=2):
            if not rec or all(not c.strip() for c in rec):
                continue
            if len(rec) != len(header):
                problems.report(path, lineno, f"{len(rec)} fields, header has {len(header)}")
                continue
            phase = rec[phase_i].strip().lower()
            if phase not in PHASES:
                problems.report(path, lineno, f"unknown phase {rec[phase_i]!r}")
                continue
            try:
                ts = _time_of(rec[time_i].strip()) if time_i is not None else float(BASE_EPOCH + step)
                values = [parse_float(rec[i]) for i in metric_idx]
            except (ValueError, TimeFormatError) as e:
                problems.report(path, lineno, str(e))
                continue
            if last_ts is not None and ts <= last_ts:
                problems.report(path, lineno, f"time {ts} does not increase")
                continue
            step += 1
            last_ts = ts
            if PHASES[phase] and detected is None:
                detected = ts
            rows.append((ts, *values))
    if detected is None:
        raise CaseImportError(f"{path}: no anomalous row, so no detection time")
    return metrics, rows, detected, time_i is None


def load_labels(path: Path, problems: Problems) -> dict[str, dict]:
    labels: dict[str, dict] = {}
    if not path.exists():
        return labels
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                name = rec["case"]
                if not isinstance(name, str):
                    raise TypeError("case is not a string")
            except (ValueError, KeyError, TypeError) as e:
                problems.report(path, lineno, f"bad label record ({e})")
                continue
            labels[name] = rec
    return labels


def topology_edges(label: dict) -> list[list[str]]:
    """cause -> effect becomes [effect, cause]; malformed pairs are dropped."""
    edges = []
    for pair in label.get("edges_cause_to_effect") or []:
        if isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair):
            cause, effect = pair
            edges.append([effect, cause])
    return edges


def case_files(src: Path) -> list[Path]:
    folder = src / "cases" if (src / "cases").is_dir() else src
    return sorted(p for p in folder.glob("*.csv") if p.is_file())


def import_pyrca(src: Path, out: Path, problems: Problems, log=print) -> list[dict]:
    labels = load_labels(src / "labels.jsonl", problems)
    files = case_files(src)
    if not files:
        raise CaseImportError(f"{src}: no case CSV files (looked in cases/ and the folder itself)")
    written: list[dict] = []
    stages: list[BundleStaging] = []
    try:
        for path in files:
            case = path.stem
            try:
                metrics, rows, detected, synthesised = read_case(path, problems)
            except CaseImportError as e:
                problems.report(path, None, f"case not imported: {e}")
                continue
            label = labels.get(case, {})
            sli = label.get("sli") if isinstance(label.get("sli"), str) else None
            stage = BundleStaging(out / case)
            stages.append(stage)
            write_metrics_csv(stage.dir / "metrics" / "metrics.csv", metrics, rows)
            incident = {"detectedAt": int(detected) if float(detected).is_integer() else detected,
                        "title": f"PyRCA simulated {case}"}
            if sli in metrics:
                incident["symptom"] = sli
            write_json(stage.dir / "incident.json", incident)
            edges = topology_edges(label)
            if edges:
                write_json(stage.dir / "topology.json", {"edges": edges})
            roots = [r for r in label.get("root_causes") or [] if isinstance(r, str)]
            if label:
                written.append({"case": case, "rootCauses": roots, "faultType": "mean_shift"})
            log(f"{case}: {len(rows)} rows, {len(metrics)} metrics, detectedAt {detected:.0f}"
                + (" (time synthesised as 1 s steps)" if synthesised else "")
                + ("" if label else " (no label)"))
    except BaseException:
        for stage in stages:  # all or nothing: no bundle is committed before every case is written
            stage.abort()
        raise
    for stage in stages:
        stage.commit()
    write_labels(out, written)
    return written
