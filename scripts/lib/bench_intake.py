"""Side-by-side intake benchmark: the same alert stream into Alertmanager's /api/v2/alerts and
into a Vigil webhook, with wrk; then a loss check against Vigil's store and API.
Run through scripts/bench-intake (it builds the binary and provides wrk and Alertmanager)."""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "compat"))
os.environ.setdefault("VIGIL_COMPAT_ARTIFACTS", tempfile.mkdtemp(prefix="vigil-bench-intake-"))
os.environ.setdefault("VIGIL_COMPAT_LOG_LEVEL", "warning")

from helpers import VigilServer, make_client  # noqa: E402
from intake_support import Alertmanager, all_tasks, intake_meta, make_hook  # noqa: E402

LUA = r"""
local bodies = {}
for line in io.lines(os.getenv("BENCH_BODIES")) do bodies[#bodies + 1] = line end
local auth = os.getenv("BENCH_AUTH")
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
function init(args) i = math.random(#bodies) end
function request()
  i = i % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99)))
end
"""

STARTS = "2026-11-27T06:00:00Z"


def stream(distinct: int, batch: int, bodies: int) -> list[list[dict]]:
    """`bodies` batches of `batch` alerts drawn in turn from `distinct` alerts: repeats are the norm."""
    alerts = [{"labels": {"alertname": f"Bench{k % 10}", "service": f"svc-{k}", "severity": "warning"},
               "annotations": {"summary": f"bench alert {k}"}} for k in range(distinct)]
    return [[alerts[(j * batch + x) % distinct] for x in range(batch)] for j in range(bodies)]


def am_body(batch: list[dict]) -> str:
    return json.dumps([{**a, "startsAt": STARTS, "generatorURL": "http://bench.invalid/"} for a in batch])


def vigil_body(batch: list[dict], j: int) -> str:
    def fp(a):
        return hashlib.sha256(json.dumps(a["labels"], sort_keys=True).encode()).hexdigest()[:16]
    return json.dumps({
        "version": "4", "groupKey": f"bench-{j % 10}", "truncatedAlerts": 0, "status": "firing", "receiver": "vigil",
        "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {}, "externalURL": "http://bench.invalid",
        "alerts": [{"status": "firing", **a, "startsAt": STARTS, "endsAt": "0001-01-01T00:00:00Z",
                    "generatorURL": "http://bench.invalid/", "fingerprint": fp(a)} for a in batch]})


def wrk(url: str, bodies: list[str], auth: str, duration: str, connections: int, work: Path) -> dict:
    bodies_file = work / f"bodies-{abs(hash(url))}.txt"
    bodies_file.write_text("\n".join(bodies) + "\n")
    script = work / "stream.lua"
    script.write_text(LUA)
    env = dict(os.environ, BENCH_BODIES=str(bodies_file), BENCH_AUTH=auth)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}", "-s", str(script), url],
                         env=env, capture_output=True, text=True, check=True).stdout
    m = re.search(r"^RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", out, re.M)
    if not m:
        raise SystemExit(f"wrk printed no result:\n{out}")
    requests, duration_us, bad_status, socket_errors, p50, p99 = map(int, m.groups())
    return {"requests": requests, "ok": requests - bad_status, "seconds": duration_us / 1e6, "bad_status": bad_status,
            "socket_errors": socket_errors, "p50_ms": p50 / 1000, "p99_ms": p99 / 1000}


def drain(db: sqlite3.Connection) -> int:
    """Waits until Vigil applied every inbox row; returns the row count."""
    while True:
        total, processed = db.execute("SELECT COUNT(*), COUNT(processed_at) FROM intake_inbox").fetchone()
        if total == processed:
            return total
        time.sleep(0.2)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", default="15s")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vigil-bench-intake-"))
    batches = stream(distinct=2000, batch=args.batch, bodies=40)

    srv = VigilServer("bench-intake", env={"VIGIL_LOG_LEVEL": "warning"}).start()
    am = None
    rounds = []
    try:
        client = make_client(srv)
        space = client.create_agent_space(name="bench")["agentSpace"]["agentSpaceId"]
        hook = make_hook(client, space, auth="apikey")
        am = Alertmanager("http://127.0.0.1:9/unused", "unused", group_by=("alertname",), group_wait="30s",
                          group_interval="5m", repeat_interval="4h").start()
        am_bodies = [am_body(b) for b in batches]
        vigil_bodies = [vigil_body(b, j) for j, b in enumerate(batches)]
        db = sqlite3.connect(f"file:{srv.data_dir / 'vigil.sqlite'}?mode=ro", uri=True)

        # Rounds alternate the two targets, each measured while the other is idle (Vigil's inbox
        # fully applied before Alertmanager's turn), so a burst of load from elsewhere on the
        # machine shows up as one odd round rather than skewing the ratio.
        for _ in range(args.rounds):
            r = {"alertmanager": wrk(f"http://127.0.0.1:{am.port}/api/v2/alerts", am_bodies, "", args.duration,
                                     args.connections, work)}
            before = drain(db)
            started = time.monotonic()
            r["vigil"] = wrk(hook.url, vigil_bodies, f"Bearer {hook.secret}", args.duration, args.connections, work)
            # Loss check: every acknowledged delivery is in the inbox and gets applied.
            total = drain(db)
            r["applied_s"] = time.monotonic() - started
            r["stored"] = total - before
            rounds.append(r)
        failed = db.execute("SELECT COUNT(*) FROM intake_inbox WHERE outcome NOT LIKE 'applied:%'").fetchone()[0]
        db.close()
        occurrences = sum(intake_meta(client.get_backlog_task(agentSpaceId=space, taskId=t["taskId"])["task"]).get("occurrences", 0)
                          for t in all_tasks(client, space))
        tasks = len(all_tasks(client, space))
    finally:
        if am:
            am.stop()
        srv.stop()
        srv.cleanup_files()

    def rate(r: dict) -> float:
        return r["ok"] * args.batch / r["seconds"]

    print(f"stream: batches of {args.batch} alerts from 2000 distinct alerts, {args.connections} connections, "
          f"{args.duration} each, {args.rounds} round(s) alternating")
    print(f"{'round':<6}{'target':<14}{'alerts/s':>12}{'requests/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'sock err':>9}")
    for i, rr in enumerate(rounds, 1):
        for name in ("alertmanager", "vigil"):
            r = rr[name]
            print(f"{i:<6}{name:<14}{rate(r):>12,.0f}{r['requests'] / r['seconds']:>12,.0f}"
                  f"{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}{r['bad_status']:>9}{r['socket_errors']:>9}")
    ratios = [rate(rr["vigil"]) / max(rate(rr["alertmanager"]), 1e-9) for rr in rounds]
    end_to_end = [rr["stored"] * args.batch / rr["applied_s"] for rr in rounds]
    if len(rounds) > 1:
        for name in ("alertmanager", "vigil"):
            print(f"median {name:<14}{median([rate(rr[name]) for rr in rounds]):>12,.0f} alerts/s"
                  f"   p50 {median([rr[name]['p50_ms'] for rr in rounds]):.2f} ms"
                  f"   p99 {median([rr[name]['p99_ms'] for rr in rounds]):.2f} ms")
        print("per-round ratios: " + ", ".join(f"{x:.2f}" for x in ratios))
    print(f"vigil/alertmanager accepted-rate ratio: {median(ratios):.2f}" + (" (median of rounds)" if len(rounds) > 1 else ""))
    acked = sum(rr["vigil"]["ok"] for rr in rounds)
    total = sum(rr["stored"] for rr in rounds)
    print(f"vigil: {acked} deliveries acknowledged, {total} in the inbox, all applied "
          f"({median(end_to_end):,.0f} alerts/s end to end{', median' if len(rounds) > 1 else ''}: from the start of a Vigil "
          f"round until its inbox is applied), {failed} not applied, "
          f"{occurrences} alert occurrences counted on {tasks} tasks (expected {total * args.batch}: "
          f"deliveries still in flight when wrk stopped are stored too)")
    lost = total < acked or failed or occurrences != total * args.batch
    print("nothing lost" if not lost else "LOSS DETECTED")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
