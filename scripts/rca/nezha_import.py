"""Nezha fault-injection days (Online Boutique, Train Ticket) -> one telemetry bundle per fault.

Input: a day folder such as `rca_data/2022-08-22` holding `<day>-fault_list.json`, `metric/`
(`<pod>_metric.csv`, `front_service.csv`, `dependency.csv`, `source_50.csv`,
`destination_50.csv`), `log/HH_MM_log.csv` and `trace/HH_MM_trace.csv` (each optional), and the
fault-free baseline in the sibling `construct_data/<day>` (found automatically).

Per fault (in inject-time order, named case_01, case_02, ...):
- window: from max(inject - 10 min, previous inject + 5 min) to inject + 5 min, both ends
  included; detectedAt = inject time. Baseline (construct_data) rows are used only when they
  fall in that window (they are de-duplicated against the day's own rows).
- times come from the `Time` / `Timestamp` / `inject_time` strings (UTC). Traces only have
  nanosecond numbers; a trace file whose numbers disagree with its HH_MM name by more than
  10 minutes is shifted back onto it (and reported).
- entities are services: the pod name without its replica suffix.
- nothing in the bundle names the fault: the title is neutral and labels go to
  OUT_DIR/labels.jsonl only.
"""
from __future__ import annotations

import csv
import json
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from bundlewrite import BundleStaging, JSONLWriter, write_json, write_labels, write_metrics_csv
from sourceparse import Problems, TimeFormatError, parse_float, parse_utc, service_of_pod

BEFORE_S = 600        # window starts 10 minutes before the inject time ...
AFTER_PREVIOUS_S = 300  # ... but not before 5 minutes after the previous fault's inject time
AFTER_S = 300         # and ends 5 minutes after the inject time
MAX_TRACE_SKEW_S = 600

csv.field_size_limit(1 << 26)  # log lines can be long (stack traces, payloads)


class DayError(Exception):
    """The day folder cannot be imported at all."""


@dataclass
class Fault:
    inject: float
    service: str
    fault_type: str


@dataclass
class Case:
    name: str
    fault: Fault
    start: float
    end: float
    logs: JSONLWriter | None = None
    traces: JSONLWriter | None = None
    metric_rows: dict = field(default_factory=dict)  # file key -> {ts: values}

    def contains(self, t: float) -> bool:
        return self.start <= t <= self.end


# ------------------------------------------------------------------ faults --

def read_faults(day: Path, problems: Problems) -> list[Fault]:
    lists = sorted(day.glob("*fault_list.json"))
    if not lists:
        raise DayError(f"{day}: no *fault_list.json")
    path = lists[0]
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise DayError(f"{path}: not JSON ({e})") from None
    if not isinstance(doc, dict):
        raise DayError(f"{path}: expected an object of hour -> fault list")
    faults = []
    for hour, entries in doc.items():
        if not isinstance(entries, list):
            problems.report(path, None, f"hour {hour!r}: not a list")
            continue
        for i, e in enumerate(entries):
            try:
                inject = parse_utc(e["inject_time"])
                service = service_of_pod(e["inject_pod"])
                ftype = str(e.get("inject_type", ""))
            except (KeyError, TypeError, TimeFormatError) as err:
                problems.report(path, None, f"hour {hour!r} entry {i}: {err!r}")
                continue
            faults.append(Fault(inject, service, ftype))
    faults.sort(key=lambda f: f.inject)
    if not faults:
        raise DayError(f"{path}: no usable faults")
    return faults


def make_cases(faults: list[Fault]) -> list[Case]:
    width = max(2, len(str(len(faults))))
    cases = []
    for i, f in enumerate(faults):
        start = f.inject - BEFORE_S
        if i > 0:
            start = max(start, faults[i - 1].inject + AFTER_PREVIOUS_S)
        cases.append(Case(f"case_{i + 1:0{width}d}", f, start, f.inject + AFTER_S))
    return cases


def cases_at(cases: list[Case], t: float) -> list[Case]:
    return [c for c in cases if c.contains(t)]


# ----------------------------------------------------------------- metrics --

def _pod_metric_files(metric_dir: Path) -> list[Path]:
    return sorted(metric_dir.glob("*_metric.csv")) if metric_dir.is_dir() else []


def read_wide_metric_file(path: Path, problems: Problems, skip_columns: set[str]):
    """Rows of a Nezha metric CSV as (time, {column: value}) with `Time` as the clock."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            problems.report(path, 1, "empty file")
            return [], []
        time_i = next((i for i, h in enumerate(header) if h.lower() == "time"), None)
        if time_i is None:
            problems.report(path, 1, "no Time column")
            return [], []
        value_cols = [i for i, h in enumerate(header)
                      if i != time_i and h.lower() not in skip_columns and h]
        rows = []
        for lineno, rec in enumerate(reader, start=2):
            if not rec:
                continue
            if len(rec) != len(header):
                problems.report(path, lineno, f"{len(rec)} fields, header has {len(header)}")
                continue
            try:
                t = parse_utc(rec[time_i])
                values = {header[i]: parse_float(rec[i]) for i in value_cols}
            except (ValueError, TimeFormatError) as e:
                problems.report(path, lineno, str(e))
                continue
            rows.append((t, values))
    return [header[i] for i in value_cols], rows


def _split_edge(name: str, services: set[str]) -> tuple[str, str] | None:
    """`frontend_cartservice` -> (frontend, cartservice), preferring a split into known services."""
    parts = [m.start() for m in re.finditer("_", name)]
    for p in parts:
        a, b = name[:p], name[p + 1:]
        if a in services and b in services:
            return a, b
    if len(parts) == 1:
        return name[:parts[0]], name[parts[0] + 1:]
    return None


@dataclass
class MetricSource:
    """One output CSV: a bundle file name, its input files (the day's first, then the baseline's)
    and how source columns map to bundle columns."""
    out_name: str
    kind: str  # "pod", "front" or "edges-src" / "edges-dst"
    files: list[Path] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # source column -> bundle column
    service: str = ""
    replica: str = ""  # set when the service has several pods: metrics get a `[replica]` suffix


POD_SUFFIX = "_metric.csv"
META_COLUMNS = {"time", "timestamp", "podname", "servicename"}


def collect_metric_sources(metric_dirs: list[Path], services: set[str], symptom: str,
                           problems: Problems) -> list[MetricSource]:
    pods_of_service: dict[str, set[str]] = {}
    for d in metric_dirs:
        for p in _pod_metric_files(d):
            pod = p.name[:-len(POD_SUFFIX)]
            pods_of_service.setdefault(service_of_pod(pod), set()).add(pod)
    sources: dict[str, MetricSource] = {}
    for d in metric_dirs:
        for p in _pod_metric_files(d):
            pod = p.name[:-len(POD_SUFFIX)]
            svc = service_of_pod(pod)
            replica = pod[len(svc) + 1:] if len(pods_of_service[svc]) > 1 else ""
            out_name = f"{svc}-{replica}.csv" if replica else f"{svc}.csv"
            sources.setdefault(pod, MetricSource(out_name, "pod", service=svc, replica=replica)).files.append(p)
        for fname, out_name, kind in (("front_service.csv", "front_service.csv", "front"),
                                      ("source_50.csv", "edges_src.csv", "edges-src"),
                                      ("destination_50.csv", "edges_dst.csv", "edges-dst")):
            if (d / fname).is_file():
                sources.setdefault(fname, MetricSource(out_name, kind)).files.append(d / fname)
    for src in sources.values():  # column maps from the first (the day's own) file's header
        with open(src.files[0], encoding="utf-8", newline="") as fh:
            header = [h.strip() for h in next(csv.reader(fh), [])]
        for h in header:
            if not h or h.lower() in META_COLUMNS:
                continue
            if src.kind == "front":
                src.columns[h] = f"{symptom}:{h}"
            elif src.kind.startswith("edges"):
                pair = _split_edge(h, services)
                if pair is None:
                    problems.report(src.files[0], 1, f"column {h!r} is not caller_callee")
                    continue
                side = "src" if src.kind == "edges-src" else "dst"
                src.columns[h] = f"{pair[1]}:InboundP50(s)_from_{pair[0]}_{side}"
            else:
                src.columns[h] = f"{src.service}:{h}" + (f"[{src.replica}]" if src.replica else "")
    return list(sources.values())


def write_case_metrics(stage_dir: Path, case: Case, sources: list[MetricSource], rows_by_file) -> int:
    written = 0
    for src in sources:
        merged: dict[int, dict] = {}
        for f in src.files:  # the day's own file first; baseline rows only fill gaps
            for t, values in rows_by_file[f]:
                if case.contains(t):
                    merged.setdefault(round(t), values)
        if not merged:
            continue
        cols = list(src.columns)
        rows = [(ts, *(merged[ts].get(c) for c in cols)) for ts in sorted(merged)]
        write_metrics_csv(stage_dir / "metrics" / src.out_name, [src.columns[c] for c in cols], rows)
        written += len(rows)
    return written


# -------------------------------------------------------------------- logs --

_TEXT_LEVEL = re.compile(
    r"^\s*(?:\d{4}-\d{2}-\d{2}[ T])?\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\s+"
    r"(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)\s+(.*)$", re.S)


def parse_container_line(raw: str) -> tuple[str, str | None]:
    """(message, level) from the `Log` column: Docker's {"log": ...} line whose payload is
    either a JSON log record ({"message", "severity"}) or `HH:MM:SS.mmm LEVEL rest` text."""
    text = raw
    try:
        outer = json.loads(raw)
        if isinstance(outer, dict) and isinstance(outer.get("log"), str):
            text = outer["log"]
    except ValueError:
        pass
    text = text.strip()
    if text.startswith("{"):
        try:
            inner = json.loads(text)
        except ValueError:
            inner = None
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            level = inner.get("severity") or inner.get("level")
            return inner["message"], (str(level).upper() if level else None)
    m = _TEXT_LEVEL.match(text)
    if m:
        level = m.group(1).upper()
        return m.group(2).strip(), ("WARN" if level == "WARNING" else level)
    return text, None


def import_logs(log_dirs: list[Path], cases: list[Case], stage: dict[str, Path], problems: Problems) -> None:
    for d in log_dirs:
        for path in sorted(d.glob("*.csv")) if d.is_dir() else []:
            with open(path, encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                need = {"Timestamp", "PodName", "Log"}
                if not need.issubset(reader.fieldnames or []):
                    problems.report(path, 1, f"missing columns {sorted(need - set(reader.fieldnames or []))}")
                    continue
                for rec in reader:
                    lineno = reader.line_num
                    if None in rec or any(v is None for v in rec.values()):
                        problems.report(path, lineno, "wrong number of fields")
                        continue
                    try:
                        t = parse_utc(rec["Timestamp"])
                    except TimeFormatError as e:
                        problems.report(path, lineno, str(e))
                        continue
                    hits = cases_at(cases, t)
                    if not hits:
                        continue
                    pod = rec["PodName"].strip()
                    if not pod:
                        problems.report(path, lineno, "empty PodName")
                        continue
                    message, level = parse_container_line(rec["Log"])
                    obj = {"timestamp": round(t, 6), "entity": service_of_pod(pod), "message": message}
                    if level:
                        obj["level"] = level
                    tid = (rec.get("TraceID") or "").strip()
                    if tid:
                        obj["traceId"] = tid
                    for c in hits:
                        if c.logs is None:
                            c.logs = JSONLWriter(stage[c.name] / "logs" / "logs.jsonl")
                        c.logs.write(obj)


# ------------------------------------------------------------------ traces --

_FILE_MINUTE = re.compile(r"^(\d{2})_(\d{2})_")


def _trace_rows(path: Path, problems: Problems):
    """Parsed spans of one trace CSV: dicts with start (s), durationMs, ids, pod, operation."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        need = {"TraceID", "SpanID", "PodName", "OperationName", "StartTimeUnixNano"}
        have = set(reader.fieldnames or [])
        if not need.issubset(have):
            problems.report(path, 1, f"missing columns {sorted(need - have)}")
            return []
        status_col = next((c for c in reader.fieldnames if c.lower() in ("statuscode", "status", "status_code")), None)
        spans = []
        for rec in reader:
            lineno = reader.line_num
            if None in rec or any(v is None for v in rec.values()):
                problems.report(path, lineno, "wrong number of fields")
                continue
            try:
                start_ns = int(rec["StartTimeUnixNano"])
                if rec.get("Duration", "").strip():
                    dur_ms = float(rec["Duration"]) / 1000.0  # microseconds
                else:
                    dur_ms = (int(rec["EndTimeUnixNano"]) - start_ns) / 1e6
            except (ValueError, KeyError, TypeError) as e:
                problems.report(path, lineno, f"bad time fields ({e})")
                continue
            if dur_ms < 0 or not rec["TraceID"].strip() or not rec["SpanID"].strip() or not rec["PodName"].strip():
                problems.report(path, lineno, "negative duration or empty id/pod")
                continue
            span = {"traceId": rec["TraceID"].strip(), "spanId": rec["SpanID"].strip(),
                    "start": start_ns / 1e9, "durationMs": dur_ms,
                    "entity": service_of_pod(rec["PodName"]), "operation": rec["OperationName"]}
            parent = (rec.get("ParentID") or "").strip()
            if parent and parent.lower() != "root":
                span["parentSpanId"] = parent
            if status_col:
                st = (rec.get(status_col) or "").strip().lower()
                span["error"] = st in ("error", "status_code_error", "2") or (st.isdigit() and int(st) >= 500)
            spans.append(span)
    return spans


def _clock_fix(path: Path, day_start: float, spans: list[dict], problems: Problems) -> float:
    """Seconds to add so that the file's spans sit in the minute its HH_MM name says."""
    m = _FILE_MINUTE.match(path.name)
    if not m or not spans:
        return 0.0
    minute = day_start + int(m.group(1)) * 3600 + int(m.group(2)) * 60
    offset = statistics.median(s["start"] for s in spans) - (minute + 30)
    if abs(offset) <= MAX_TRACE_SKEW_S:
        return 0.0
    problems.note(path, None, f"span clock is {offset:+.0f} s off the file's minute; shifted back")
    return -round(offset / 60) * 60.0


def import_traces(trace_dirs: list[Path], day_start: float, cases: list[Case], stage: dict[str, Path],
                  problems: Problems) -> set[tuple[str, str]]:
    """Writes each case's spans; returns the service call edges seen in all the day's traces."""
    edges: set[tuple[str, str]] = set()
    for d in trace_dirs:
        for path in sorted(d.glob("*.csv")) if d.is_dir() else []:
            spans = _trace_rows(path, problems)
            shift = _clock_fix(path, day_start, spans, problems)
            by_id = {s["spanId"]: s["entity"] for s in spans}
            for s in spans:
                parent_svc = by_id.get(s.get("parentSpanId", ""))
                if parent_svc and parent_svc != s["entity"]:
                    edges.add((parent_svc, s["entity"]))
                s["start"] = round(s["start"] + shift, 6)
                for c in cases_at(cases, s["start"]):
                    if c.traces is None:
                        c.traces = JSONLWriter(stage[c.name] / "traces" / "traces.jsonl")
                    c.traces.write(s)
    return edges


# ---------------------------------------------------------------- topology --

def dependency_edges(metric_dirs: list[Path], services: set[str], problems: Problems) -> set[tuple[str, str]]:
    edges = set()
    for d in metric_dirs:
        path = d / "dependency.csv"
        if not path.is_file():
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if not {"Source", "Target"}.issubset(reader.fieldnames or []):
                problems.report(path, 1, "expected Source,Target columns")
                continue
            for rec in reader:
                a, b = (rec.get("Source") or "").strip(), (rec.get("Target") or "").strip()
                # Edges to node IPs and to the load generator are not service calls.
                if a in services and b in services and a != b:
                    edges.add((a, b))
    return edges


def choose_symptom(services: set[str], trace_dirs: list[Path]) -> str | None:
    """The front end: the service whose spans start most traces, else one named like a front end."""
    roots: dict[str, int] = {}
    for d in trace_dirs:
        for path in sorted(d.glob("*.csv"))[:3] if d.is_dir() else []:
            with open(path, encoding="utf-8", newline="") as fh:
                for rec in csv.DictReader(fh):
                    if (rec.get("ParentID") or "").strip().lower() in ("root", "") and rec.get("PodName"):
                        svc = service_of_pod(rec["PodName"])
                        roots[svc] = roots.get(svc, 0) + 1
    if roots:
        return max(sorted(roots), key=lambda s: roots[s])
    for name in ("frontend", "front-end", "ts-ui-dashboard"):
        if name in services:
            return name
    return None


# -------------------------------------------------------------------- main --

def baseline_dir_for(day: Path) -> Path | None:
    """rca_data/<day> -> construct_data/<day> beside it, when present."""
    cand = day.parent.parent / "construct_data" / day.name
    return cand if cand.is_dir() and cand.resolve() != day.resolve() else None


def system_name(services: set[str]) -> str:
    return "TT" if any(s.startswith("ts-") for s in services) else "OB"


def import_nezha(day: Path, out: Path, problems: Problems, baseline: Path | None = None,
                 symptom: str | None = None, log=print) -> list[dict]:
    if not day.is_dir():
        raise DayError(f"{day}: not a directory")
    faults = read_faults(day, problems)
    cases = make_cases(faults)
    if baseline is None:
        baseline = baseline_dir_for(day)
    roots = [day] + ([baseline] if baseline else [])
    metric_dirs = [r / "metric" for r in roots if (r / "metric").is_dir()]
    log_dirs = [r / "log" for r in roots]
    trace_dirs = [r / "trace" for r in roots]
    try:
        day_start = parse_utc(day.name + " 00:00:00")
    except TimeFormatError:
        day_start = faults[0].inject - faults[0].inject % 86400

    services = {service_of_pod(p.name[:-len(POD_SUFFIX)]) for d in metric_dirs for p in _pod_metric_files(d)}
    if not services:
        raise DayError(f"{day}: no <pod>_metric.csv files under metric/")
    symptom = symptom or choose_symptom(services, trace_dirs) or sorted(services)[0]
    sources = collect_metric_sources(metric_dirs, services, symptom, problems)
    rows_by_file = {}
    for src in sources:
        for f in src.files:
            _, rows_by_file[f] = read_wide_metric_file(f, problems, META_COLUMNS - {"time"})

    stages = {c.name: BundleStaging(out / c.name) for c in cases}
    stage_dirs = {name: s.dir for name, s in stages.items()}
    try:
        import_logs(log_dirs, cases, stage_dirs, problems)
        edges = import_traces(trace_dirs, day_start, cases, stage_dirs, problems)
        edges |= dependency_edges(metric_dirs, services, problems)
        topo = {"edges": [list(e) for e in sorted(edges)]}
        system = system_name(services)
        labels = []
        for i, c in enumerate(cases, start=1):
            d = stage_dirs[c.name]
            n_metric = write_case_metrics(d, c, sources, rows_by_file)
            write_json(d / "incident.json", {
                "detectedAt": int(c.fault.inject) if c.fault.inject.is_integer() else c.fault.inject,
                "symptom": symptom,
                "title": f"Nezha {system} {day.name} case {i}",
            })
            if topo["edges"]:
                write_json(d / "topology.json", topo)
            n_logs = c.logs.count if c.logs else 0
            n_spans = c.traces.count if c.traces else 0
            for w in (c.logs, c.traces):
                if w:
                    w.close()
            if n_metric + n_logs + n_spans == 0:
                problems.note(day, None, f"{c.name}: no data in its window")
            labels.append({"case": c.name, "rootCauses": [c.fault.service], "faultType": c.fault.fault_type})
            log(f"{c.name}: window {c.fault.inject - c.start:.0f} s before, {c.end - c.fault.inject:.0f} s after;"
                f" {n_metric} metric rows, {n_logs} log lines, {n_spans} spans")
    except BaseException:
        for c in cases:
            for w in (c.logs, c.traces):
                if w:
                    w.close()
        for s in stages.values():
            s.abort()
        raise
    for s in stages.values():
        s.commit()
    write_labels(out, labels)
    log(f"symptom {symptom}; {len(topo['edges'])} topology edges; {len(services)} services")
    return labels
