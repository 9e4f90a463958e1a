"""The RCA importers (scripts/rca/import-pyrca, scripts/rca/import-nezha) run as commands on tiny
inputs written in the public layouts (PyRCA wide CSV; Nezha fault list, per-pod metric CSVs,
Docker-wrapped log lines, trace CSVs), and the bundle files they write are checked. Also the
scoring and baseline used by scripts/bench-rca, on constructed cases. No benchmark scores.
"""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RCA = ROOT / "scripts" / "rca"
sys.path.insert(0, str(RCA))

import baseline  # noqa: E402
from scoring import ac_at, hit_rank, ranked_entities, summarize  # noqa: E402

BASE_EPOCH = 1_700_000_000


def run(tool: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(RCA / tool), *map(str, args)],
                          capture_output=True, text=True, timeout=60)


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="") as fh:
        return list(csv.reader(fh))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def all_bundle_text(bundle: Path) -> str:
    return "\n".join(p.read_text() for p in sorted(bundle.rglob("*")) if p.is_file())


# ------------------------------------------------------------------ PyRCA --

def write_pyrca(src: Path, rows: list[str], header="t,phase,X1,X2,X3") -> None:
    (src / "cases").mkdir(parents=True)
    (src / "cases" / "case_000.csv").write_text(header + "\n" + "\n".join(rows) + "\n")
    (src / "labels.jsonl").write_text(json.dumps({
        "case": "case_000", "seed": 1, "sli": "X1", "n_normal": 3, "n_anomalous": 2,
        "root_causes": ["X3"], "root_cause_shift": {"X3": 9.5},
        "edges_cause_to_effect": [["X2", "X1"], ["X3", "X2"]]}) + "\n")


def test_pyrca_case_becomes_a_bundle(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    write_pyrca(src, [
        "0,normal,0.1,0.2,0.3",
        "1,normal,-0.1,0.25,",
        "2,normal,0.0,0.2,0.31",
        "3,anomalous,5.0,4.0,9.9",
        "4,anomalous,5.5,4.2,10.1",
    ])
    r = run("import-pyrca", src, out)
    assert r.returncode == 0, r.stderr
    bundle = out / "case_000"
    rows = read_csv(bundle / "metrics" / "metrics.csv")
    assert rows[0] == ["timestamp", "X1", "X2", "X3"]
    assert [row[0] for row in rows[1:]] == [str(BASE_EPOCH + i) for i in range(5)]
    assert rows[2] == [str(BASE_EPOCH + 1), "-0.1", "0.25", ""]  # empty cell stays missing
    assert [float(v) for v in rows[4][1:]] == [5.0, 4.0, 9.9]
    incident = json.loads((bundle / "incident.json").read_text())
    assert incident["detectedAt"] == BASE_EPOCH + 3
    assert incident["symptom"] == "X1"
    assert "X3" not in incident["title"]
    # cause -> effect edges become caller -> callee: the effect calls its cause.
    assert json.loads((bundle / "topology.json").read_text()) == {"edges": [["X1", "X2"], ["X2", "X3"]]}
    assert read_jsonl(out / "labels.jsonl") == [
        {"case": "case_000", "rootCauses": ["X3"], "faultType": "mean_shift"}]
    assert not (out / "case_000.partial").exists()


def test_pyrca_malformed_rows_are_reported_with_file_and_line_and_skipped(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    write_pyrca(src, [
        "0,normal,0.1,0.2,0.3",
        "1,normal,0.1,0.2",          # line 3: a field short
        "2,normal,zero,0.2,0.3",     # line 4: not a number
        "3,sideways,0.1,0.2,0.3",    # line 5: unknown phase
        "4,anomalous,5.0,4.0,9.9",
    ])
    r = run("import-pyrca", src, out)
    assert r.returncode == 0, r.stderr
    case_csv = str(src / "cases" / "case_000.csv")
    for line in (3, 4, 5):
        assert f"{case_csv}:{line}: skipped" in r.stderr
    rows = read_csv(out / "case_000" / "metrics" / "metrics.csv")
    assert [row[0] for row in rows[1:]] == [str(BASE_EPOCH), str(BASE_EPOCH + 4)]
    assert "3 malformed item(s) skipped" in r.stderr


def test_pyrca_strict_rejects_the_whole_import_at_the_first_malformed_row(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    write_pyrca(src, ["0,normal,0.1,0.2,0.3", "1,normal,0.1,0.2", "2,anomalous,5.0,4.0,9.9"])
    (src / "cases" / "case_001.csv").write_text("t,phase,X1\n0,normal,1\n1,anomalous,2\n")
    r = run("import-pyrca", "--strict", src, out)
    assert r.returncode == 1
    assert f"{src / 'cases' / 'case_000.csv'}:3: 4 fields, header has 5" in r.stderr
    assert not out.exists() or list(out.iterdir()) == []


def test_pyrca_without_time_column_synthesises_one_second_steps(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    write_pyrca(src, ["normal,1,2,3", "normal,1,2,3", "anomalous,9,2,3"], header="phase,X1,X2,X3")
    r = run("import-pyrca", src, out)
    assert r.returncode == 0, r.stderr
    assert "synthesised" in r.stderr
    rows = read_csv(out / "case_000" / "metrics" / "metrics.csv")
    assert [row[0] for row in rows[1:]] == [str(BASE_EPOCH + i) for i in range(3)]
    assert json.loads((out / "case_000" / "incident.json").read_text())["detectedAt"] == BASE_EPOCH + 2


def test_pyrca_case_without_anomalous_rows_is_not_written(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    write_pyrca(src, ["0,normal,1,2,3", "1,normal,1,2,3"])
    r = run("import-pyrca", src, out)
    assert r.returncode == 0
    assert "no anomalous row" in r.stderr
    assert not (out / "case_000").exists()
    assert read_jsonl(out / "labels.jsonl") == []


def test_import_pyrca_rejects_a_missing_folder(tmp_path):
    r = run("import-pyrca", tmp_path / "nope", tmp_path / "out")
    assert r.returncode == 2 and "not a directory" in r.stderr
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ Nezha --

METRIC_HEADER = ("Time,TimeStamp,PodName,CpuUsage(m),CpuUsageRate(%),MemoryUsage(Mi),"
                 "PodServerLatencyP90(s),PodSuccessRate(%)")
FRONT_HEADER = "Time,TimeStamp,ServiceName,SuccessRate(%),LatencyP50(s),LatencyP90(s),LatencyP95(s),LatencyP99(s)"
LOG_HEADER = "Timestamp,TimeUnixNano,Node,PodName,Container,TraceID,SpanID,Log"
TRACE_HEADER = "TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano,Duration"

DAY = "2022-08-22"
T0 = 1661126400  # 2022-08-22T00:00:00Z
INJECT1 = T0 + 4 * 3600          # 04:00:00
INJECT2 = INJECT1 + 8 * 60       # 04:08:00


def go_time(t: int) -> str:
    """Nezha's metric `Time`: Go's time.String() with a monotonic-clock suffix."""
    import datetime as dt
    s = dt.datetime.fromtimestamp(t, tz=dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    return f"{s}.512345678 +0000 UTC m=+{t - T0}.1"


def iso(t: float) -> str:
    import datetime as dt
    return dt.datetime.fromtimestamp(t, tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def docker_line(payload: str) -> str:
    return json.dumps({"log": payload + "\n", "stream": "stdout", "time": "2022-08-22T04:00:00Z"})


def write_csv(path: Path, header: str, rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as fh:
        fh.write(header + "\n")
        csv.writer(fh, lineterminator="\n").writerows(rows)


def write_fault_list(day: Path, faults: list[tuple[str, str, str]]) -> None:
    doc: dict[str, list] = {}
    for when, pod, ftype in faults:
        doc.setdefault(when[11:13], []).append({
            "inject_time": when,
            # deliberately shifted by 8 h: the importer must use the string
            "inject_timestamp": "1",
            "inject_pod": pod, "inject_type": ftype})
    (day / f"{day.name}-fault_list.json").write_text(json.dumps(doc, indent=4))


def make_ob_day(root: Path) -> Path:
    day = root / "rca_data" / DAY
    day.mkdir(parents=True)
    write_fault_list(day, [("2022-08-22 04:00:00", "cartservice-579f59597d-wc2lz", "network_delay"),
                           ("2022-08-22 04:08:00", "frontend-579b9bff58-t2dbm", "exception")])
    minutes = range(INJECT1 - 15 * 60, INJECT2 + 10 * 60, 60)
    for pod in ("frontend-579b9bff58-t2dbm", "cartservice-579f59597d-wc2lz"):
        write_csv(day / "metric" / f"{pod}_metric.csv", METRIC_HEADER,
                  # the numeric TimeStamp is shifted by 2e8 s, as on the real 2022 days
                  [[go_time(t), t + 200_000_000, pod, 5.0, 25.0, 100.0, 0.1 + (t - T0) / 1e6, 100]
                   for t in minutes])
    write_csv(day / "metric" / "front_service.csv", FRONT_HEADER,
              [[go_time(t), t, "Frontend", 100, 0.2, 0.5, 0.8, 1.2] for t in minutes])
    write_csv(day / "metric" / "dependency.csv", "Source,Target,Weight",
              [["frontend", "cartservice", 1], ["cartservice", "33.33.33.80", 1], ["loadgenerator", "33.33.33.79", 1]])
    write_csv(day / "metric" / "source_50.csv", "time,timestamp,frontend_cartservice",
              [[go_time(t), t, 0.004] for t in minutes])
    inner_json = json.dumps({"timestamp": iso(INJECT1 + 30), "severity": "ERROR",
                             "message": "TraceID: abc SpanID: def failed to get cart"})
    write_csv(day / "log" / "04_00_log.csv", LOG_HEADER, [
        [iso(INJECT1 + 30), (INJECT1 + 30) * 10**9, "33.33.33.80", "cartservice-579f59597d-wc2lz", "server",
         "abc", "def", docker_line(inner_json)],
        ["not-a-time", 0, "n", "cartservice-579f59597d-wc2lz", "server", "", "", docker_line("x")],
        [iso(INJECT1 + 40), (INJECT1 + 40) * 10**9, "33.33.33.167", "frontend-579b9bff58-t2dbm", "server",
         "", "", docker_line("plain text line without a level")],
    ])
    # The fault-free baseline folder: an older copy of the same pod metrics, plus one row
    # inside case 1's window that the day's own file lacks.
    base = root / "construct_data" / DAY / "metric"
    write_csv(base / "frontend-579b9bff58-t2dbm_metric.csv", METRIC_HEADER,
              [[go_time(INJECT1 - 9 * 60 - 30), 0, "frontend-579b9bff58-t2dbm", 7.0, 35.0, 100.0, 0.1, 100]])
    return day


def test_nezha_online_boutique_day_becomes_one_bundle_per_fault(tmp_path):
    day = make_ob_day(tmp_path / "nezha")
    out = tmp_path / "out"
    r = run("import-nezha", day, out)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["case_01", "case_02", "labels.jsonl"]
    assert read_jsonl(out / "labels.jsonl") == [
        {"case": "case_01", "rootCauses": ["cartservice"], "faultType": "network_delay"},
        {"case": "case_02", "rootCauses": ["frontend"], "faultType": "exception"}]

    c1, c2 = out / "case_01", out / "case_02"
    assert json.loads((c1 / "incident.json").read_text()) == {
        "detectedAt": INJECT1, "symptom": "frontend", "title": f"Nezha OB {DAY} case 1"}
    assert json.loads((c2 / "incident.json").read_text())["detectedAt"] == INJECT2

    # Windows from the Time strings: case 1 from 10 min before to 5 min after its inject
    # time; case 2 starts 5 min after case 1's inject time (not 10 min before its own).
    rows1 = read_csv(c1 / "metrics" / "cartservice.csv")
    times1 = [int(r[0]) for r in rows1[1:]]
    assert times1[0] >= INJECT1 - 600 and times1[-1] <= INJECT1 + 300
    assert min(times1) - (INJECT1 - 600) < 60 and (INJECT1 + 300) - max(times1) < 60
    rows2 = read_csv(c2 / "metrics" / "cartservice.csv")
    times2 = [int(r[0]) for r in rows2[1:]]
    assert min(times2) >= INJECT1 + 300 and max(times2) <= INJECT2 + 300
    assert rows1[0] == ["timestamp", "cartservice:CpuUsage(m)", "cartservice:CpuUsageRate(%)",
                        "cartservice:MemoryUsage(Mi)", "cartservice:PodServerLatencyP90(s)",
                        "cartservice:PodSuccessRate(%)"]

    # The baseline row inside the window fills a gap; baseline rows elsewhere are dropped.
    front = read_csv(c1 / "metrics" / "frontend.csv")
    assert [r[1] for r in front[1:]].count("7") == 1
    assert "7" not in [r[1] for r in read_csv(c2 / "metrics" / "frontend.csv")[1:]]

    assert read_csv(c1 / "metrics" / "front_service.csv")[0][1] == "frontend:SuccessRate(%)"
    assert read_csv(c1 / "metrics" / "edges_src.csv")[0][1] == "cartservice:InboundP50(s)_from_frontend_src"

    # Only service-to-service edges; node IPs and the load generator are dropped.
    assert json.loads((c1 / "topology.json").read_text()) == {"edges": [["frontend", "cartservice"]]}

    logs = read_jsonl(c1 / "logs" / "logs.jsonl")
    assert logs == [
        {"timestamp": INJECT1 + 30, "entity": "cartservice",
         "message": "TraceID: abc SpanID: def failed to get cart", "level": "ERROR", "traceId": "abc"},
        {"timestamp": INJECT1 + 40, "entity": "frontend", "message": "plain text line without a level"}]
    assert f"{day / 'log' / '04_00_log.csv'}:3: skipped" in r.stderr
    assert not (c2 / "logs").exists()

    # No leak: the pod names, the fault types and the fault list stay out of every bundle.
    for bundle in (c1, c2):
        text = all_bundle_text(bundle)
        for secret in ("579f59597d", "t2dbm", "network_delay", "exception", "inject"):
            assert secret not in text


def tt_day(root: Path) -> Path:
    day = root / "rca_data" / "2023-01-30"
    day.mkdir(parents=True)
    t1 = 1675079506  # 2023-01-30 11:51:46
    write_fault_list(day, [("2023-01-30 11:51:46", "ts-contacts-service-866bd68c97-dzqgd", "network_delay")])
    for pod in ("ts-gateway-service-6f6cfc45b-d9pnv", "ts-contacts-service-866bd68c97-dzqgd"):
        write_csv(day / "metric" / f"{pod}_metric.csv", METRIC_HEADER,
                  [[go_time(t), t, pod, 1.0, 2.0, 300.0, 0.02, 100] for t in range(t1 - 300, t1 + 300, 60)])
    ns = lambda t: int(t * 1e9)  # noqa: E731
    spans = [
        ["tr1", "s1", "root", "ts-gateway-service-6f6cfc45b-d9pnv", "/*", ns(t1 + 1), ns(t1 + 1.5), 500000],
        ["tr1", "s2", "s1", "ts-gateway-service-6f6cfc45b-d9pnv", "HTTP POST", ns(t1 + 1.01), ns(t1 + 1.49), 480000],
        ["tr1", "s3", "s2", "ts-contacts-service-866bd68c97-dzqgd", "/api/v1/contacts", ns(t1 + 1.02), ns(t1 + 1.48), 460000],
        ["tr1", "s4", "s3", "ts-contacts-service-866bd68c97-dzqgd", "SELECT contacts", ns(t1 + 1.03), ns(t1 + 1.04), 1250],
    ]
    write_csv(day / "trace" / "11_51_trace.csv", TRACE_HEADER, spans)
    # A file whose nanosecond clock is 8 h ahead of its HH_MM name.
    write_csv(day / "trace" / "11_52_trace.csv", TRACE_HEADER,
              [["tr2", "x1", "root", "ts-gateway-service-6f6cfc45b-d9pnv", "/*",
                ns(t1 + 20 + 8 * 3600), ns(t1 + 21 + 8 * 3600), 1000000]])
    text = ("19:51:47.120 WARN  c.s.ContactsServiceImpl#31 TraceID: tr1 SpanID: s3 "
            "[findContactsByAccountId][Find contacts failed]")
    write_csv(day / "log" / "11_51_log.csv", LOG_HEADER, [
        ["2023-01-30T11:51:47.120000000Z", 0, "33.33.33.80", "ts-contacts-service-866bd68c97-dzqgd",
         "server", "tr1", "s3", docker_line(text)]])
    return day


def test_nezha_train_ticket_traces_logs_and_topology(tmp_path):
    day = tt_day(tmp_path / "tt")
    out = tmp_path / "out"
    r = run("import-nezha", day, out)
    assert r.returncode == 0, r.stderr
    b = out / "case_01"
    incident = json.loads((b / "incident.json").read_text())
    assert incident == {"detectedAt": 1675079506, "symptom": "ts-gateway-service",
                        "title": "Nezha TT 2023-01-30 case 1"}
    spans = read_jsonl(b / "traces" / "traces.jsonl")
    by_id = {s["spanId"]: s for s in spans}
    assert by_id["s1"] == {"traceId": "tr1", "spanId": "s1", "start": 1675079507.0, "durationMs": 500.0,
                           "entity": "ts-gateway-service", "operation": "/*"}
    assert by_id["s4"]["parentSpanId"] == "s3" and by_id["s4"]["durationMs"] == 1.25
    assert by_id["s3"]["entity"] == "ts-contacts-service"
    # The 8 h skewed file was moved back onto its minute and reported.
    assert by_id["x1"]["start"] == pytest.approx(1675079526.0)
    assert f"{day / 'trace' / '11_52_trace.csv'}: note: span clock is +287" in r.stderr
    assert json.loads((b / "topology.json").read_text()) == {
        "edges": [["ts-gateway-service", "ts-contacts-service"]]}
    assert read_jsonl(b / "logs" / "logs.jsonl") == [{
        "timestamp": 1675079507.12, "entity": "ts-contacts-service", "level": "WARN", "traceId": "tr1",
        "message": "c.s.ContactsServiceImpl#31 TraceID: tr1 SpanID: s3 "
                   "[findContactsByAccountId][Find contacts failed]"}]
    assert read_jsonl(out / "labels.jsonl")[0]["rootCauses"] == ["ts-contacts-service"]


def test_nezha_bad_inputs_give_precise_errors(tmp_path):
    day = tmp_path / "rca_data" / DAY
    day.mkdir(parents=True)
    r = run("import-nezha", day, tmp_path / "out")
    assert r.returncode == 1 and "no *fault_list.json" in r.stderr
    (day / f"{DAY}-fault_list.json").write_text("{not json")
    r = run("import-nezha", day, tmp_path / "out")
    assert r.returncode == 1 and "not JSON" in r.stderr
    write_fault_list(day, [("2022-08-22 04:00:00", "cartservice-579f59597d-wc2lz", "return")])
    r = run("import-nezha", day, tmp_path / "out")
    assert r.returncode == 1 and "no <pod>_metric.csv" in r.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    r = run("import-nezha", "--baseline", tmp_path / "missing", day, tmp_path / "out")
    assert r.returncode == 2 and "--baseline" in r.stderr


def test_nezha_malformed_metric_row_is_reported_and_skipped(tmp_path):
    day = make_ob_day(tmp_path / "nezha")
    path = day / "metric" / "cartservice-579f59597d-wc2lz_metric.csv"
    lines = path.read_text().splitlines()
    lines[3] = lines[3].rsplit(",", 2)[0]  # line 4 loses two fields
    lines[5] = lines[5].replace(",5.0,", ",five,")  # line 6: a word for a number
    path.write_text("\n".join(lines) + "\n")
    r = run("import-nezha", day, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert f"{path}:4: skipped" in r.stderr and f"{path}:6: skipped" in r.stderr


def test_nezha_strict_writes_nothing_when_a_row_is_malformed(tmp_path):
    day = make_ob_day(tmp_path / "nezha")
    out = tmp_path / "out"
    r = run("import-nezha", "--strict", day, out)
    assert r.returncode == 1
    assert f"{day / 'log' / '04_00_log.csv'}:3: not a timestamp" in r.stderr
    assert not out.exists() or list(out.iterdir()) == []


# ----------------------------------------------------- scoring and baseline --

def test_ranked_entities_keep_first_occurrence_and_ac_at_k():
    hyps = [{"entity": "a"}, {"entity": "b"}, {"entity": "a"}, {"entity": "c"}, {"kind": "x"}]
    assert ranked_entities(hyps) == ["a", "b", "c"]
    assert hit_rank(["a", "b", "c"], ["c", "z"]) == 3
    assert hit_rank(["a"], ["z"]) is None
    ranks = [1, 3, None, 2]
    assert ac_at(ranks, 1) == 0.25 and ac_at(ranks, 3) == 0.75
    s = summarize([{"rank": 1, "seconds": 1.0, "decisive": True},
                   {"rank": 4, "seconds": 3.0, "decisive": False},
                   {"rank": None, "seconds": None, "error": "exit 1"}])
    assert s["cases"] == 3 and s["ac1"] == pytest.approx(1 / 3) and s["ac3"] == pytest.approx(1 / 3)
    assert s["avg5"] == pytest.approx((1 / 3 + 1 / 3 + 1 / 3 + 2 / 3 + 2 / 3) / 5)
    assert s["medianSeconds"] == 2.0 and s["maxSeconds"] == 3.0
    assert s["decisiveShare"] == 0.5 and s["errors"] == 1


def test_baseline_ranks_the_series_that_moved_most(tmp_path):
    b = tmp_path / "b"
    (b / "metrics").mkdir(parents=True)
    (b / "incident.json").write_text(json.dumps({"detectedAt": "2023-11-14T22:13:25Z"}))
    rows = ["timestamp,svc-a:cpu,svc-b:latency,flat"]
    for i in range(10):
        t = BASE_EPOCH + i
        after = i >= 5
        rows.append(f"{t},{1 + (i % 2) * 0.1 + (0.3 if after else 0)},{10 + (i % 3) + (40 if after else 0)},7")
    (b / "metrics" / "m.csv").write_text("\n".join(rows) + "\n")
    result = baseline.investigate(b)
    assert [h["entity"] for h in result["hypotheses"]] == ["svc-b", "svc-a", "flat"]
    assert result["hypotheses"][0]["confidence"] == 1.0
    assert result["hypotheses"][2]["evidence"] == ["flat:value max robust z 0.0"]


def test_bench_runner_scores_the_reference_method_on_a_constructed_dataset(tmp_path):
    data = tmp_path / "data"
    write_pyrca(data / "pyrca_sim", [
        "0,normal,0.1,0.2,0.30", "1,normal,0.0,0.1,0.31", "2,normal,0.1,0.2,0.29",
        "3,anomalous,0.2,0.2,9.0", "4,anomalous,0.1,0.1,9.5"])
    report = tmp_path / "report.json"
    r = subprocess.run([str(ROOT / "scripts" / "bench-rca"), "--data", str(data), "--datasets", "pyrca",
                        "--baseline", "--vigil", "/bin/false", "--json-out", str(report)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "has no `investigate` subcommand" in r.stderr
    doc = json.loads(report.read_text())
    assert doc["vigil"] is None and "vigil" not in doc["datasets"]["pyrca"]
    s = doc["datasets"]["pyrca"]["baseline"]["summary"]
    assert (s["cases"], s["ac1"], s["errors"]) == (1, 1.0, 0)
    assert doc["datasets"]["pyrca"]["baseline"]["cases"][0]["top5"][0] == "X3"
    assert "baseline (max robust z)" in r.stdout


def test_bench_runner_refuses_unknown_datasets(tmp_path):
    r = subprocess.run([str(ROOT / "scripts" / "bench-rca"), "--datasets", "pyrca,nope", "--vigil", "/bin/false"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "unknown dataset(s) ['nope']" in r.stderr


def test_nezha_service_with_several_pods_keeps_each_pod_apart(tmp_path):
    day = make_ob_day(tmp_path / "nezha")
    second = "cartservice-579f59597d-xk2zq"
    write_csv(day / "metric" / f"{second}_metric.csv", METRIC_HEADER,
              [[go_time(t), t, second, 9.0, 45.0, 100.0, 0.1, 100] for t in range(INJECT1 - 300, INJECT1 + 300, 60)])
    r = run("import-nezha", day, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    metrics = tmp_path / "out" / "case_01" / "metrics"
    assert sorted(p.name for p in metrics.glob("cartservice*")) == [
        "cartservice-579f59597d-wc2lz.csv", "cartservice-579f59597d-xk2zq.csv"]
    header = read_csv(metrics / "cartservice-579f59597d-xk2zq.csv")[0]
    assert header[1] == "cartservice:CpuUsage(m)[579f59597d-xk2zq]"
    assert read_csv(metrics / "frontend.csv")[0][1] == "frontend:CpuUsage(m)"
