"""Investigations end to end (issue 7), driven through the real boto3 client against
`vigil demo` servers: the simulated shop behind the telemetry and topology seams, the real
analysis core, the investigation runner and the API.

- CreateBacklogTask -> the investigation completes -> journal records and a recommendation that
  name the injected fault -> UpdateRecommendation (a person's decision) changes that and nothing else.
- Quota: five incidents in one space run at most three at a time.
- Cancellation stops a running investigation.
- Crash: SIGKILL during an investigation, restart, the task ends in a final state with the
  interrupted execution's journal intact.
- `vigil demo --list` and `vigil demo --scenario NAME --run-once --json` for every scenario.
"""
from __future__ import annotations

import json
import re
import signal
import subprocess
import time

import pytest

from helpers import ServerStartError, VigilServer, make_client, tail, unique, vigil_binary, wait_for

FINAL = {"COMPLETED", "FAILED", "TIMED_OUT", "CANCELED"}
SCENARIOS = {"bad-deployment": ("checkout", "bad-deployment"),
             "db-connection-exhaustion": ("orders-db", "connection-exhaustion"),
             "throttled-dependency": ("carts-table", "throttling"),
             "memory-leak": ("catalog", "memory-leak"),
             "expired-certificate": ("payments", "certificate-expiry")}


class DemoServer(VigilServer):
    """`vigil demo` in server mode; knows the agent space the demo created."""

    def __init__(self, label, scenario, step_pause, **kwargs):
        super().__init__(label, **kwargs)
        self.scenario = scenario
        self.step_pause = step_pause
        self.space = None

    def start(self, timeout: float = 60.0) -> "DemoServer":
        import helpers
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = helpers.free_port()
        offset = self.log_size()
        with open(self.log_path, "ab") as logf:
            self.proc = subprocess.Popen(
                [str(vigil_binary()), "demo", "--scenario", self.scenario, "--data-dir", str(self.data_dir),
                 "--host", "127.0.0.1", "--port", str(self.port), "--step-pause", str(self.step_pause)],
                env=self.env(), stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT)
        self._record_pid(True)
        if self not in helpers.ALL_SERVERS:
            helpers.ALL_SERVERS.append(self)
        helpers.LIVE_SERVERS.append(self)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerStartError(f"vigil demo exited early:\n{tail(self.log_text(offset), 60)}")
            found = re.search(r"Agent space: (\S+)", self.log_text(offset))
            try:
                if found and self.healthz() == 200:
                    self.space = found.group(1)
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise ServerStartError(f"vigil demo did not come up:\n{tail(self.log_text(offset), 60)}")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self._forget()


@pytest.fixture
def demo():
    started: list[DemoServer] = []

    def start(scenario="db-connection-exhaustion", step_pause=0.0, data_dir=None, label="demo") -> DemoServer:
        srv = DemoServer(label, scenario, step_pause, data_dir=data_dir)
        started.append(srv)
        return srv.start()

    yield start
    for srv in started:
        srv.stop()
        srv.cleanup_files()


def task_of(client, space, task_id):
    return client.get_backlog_task(agentSpaceId=space, taskId=task_id)["task"]


def journal(client, space, execution_id):
    records, token = [], None
    while True:
        kwargs = {"agentSpaceId": space, "executionId": execution_id, "order": "ASC", "limit": 100}
        if token:
            kwargs["nextToken"] = token
        page = client.list_journal_records(**kwargs)
        records += page["records"]
        token = page.get("nextToken")
        if not token:
            return records


def executions(client, space, task_id):
    return client.list_executions(agentSpaceId=space, taskId=task_id)["executions"]


def state_snapshot(client, space):
    tasks = client.list_backlog_tasks(agentSpaceId=space, limit=100)["tasks"]
    snap = {"tasks": sorted(tasks, key=lambda t: t["taskId"]), "executions": {}, "journal": {}, "recommendations": {}}
    for t in tasks:
        for e in executions(client, space, t["taskId"]):
            snap["executions"][e["executionId"]] = e
            snap["journal"][e["executionId"]] = journal(client, space, e["executionId"])
    for r in client.list_recommendations(agentSpaceId=space)["recommendations"]:
        snap["recommendations"][r["recommendationId"]] = r
    return snap


# ------------------------------------------------------------------------------ CLI --

def test_demo_lists_its_scenarios():
    res = subprocess.run([str(vigil_binary()), "demo", "--list"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == list(SCENARIOS)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_run_once_ranks_the_injected_fault_first(scenario):
    res = subprocess.run([str(vigil_binary()), "demo", "--scenario", scenario, "--run-once", "--json"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    entity, kind = SCENARIOS[scenario]
    assert out["scenario"] == scenario
    assert out["injected"] == {"entity": entity, "kind": kind}
    top = out["hypotheses"][0]
    assert out["status"] == "COMPLETED"
    assert 0 < top["confidence"] <= 1
    assert top["entity"] == entity, out["hypotheses"][:4]
    assert top["kind"] == kind, out["hypotheses"][:4]


def test_run_once_refuses_an_unknown_scenario():
    res = subprocess.run([str(vigil_binary()), "demo", "--scenario", "nope", "--run-once", "--json"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 2
    assert "unknown scenario 'nope'" in res.stderr


# ----------------------------------------------------------------------- over the API --

def test_backlog_task_is_investigated_and_only_a_person_decides(demo):
    srv = demo("bad-deployment")
    client = make_client(srv)
    space = srv.space
    task = client.create_backlog_task(agentSpaceId=space, title="shop-api returns 5xx errors",
                                      taskType="INVESTIGATION", priority="HIGH")["task"]
    done = wait_for("task completed", lambda: (t := task_of(client, space, task["taskId"]))["status"] in FINAL and t)
    assert done["status"] == "COMPLETED", done.get("statusReason")
    assert "bad-deployment on checkout" in done["statusReason"]

    runs = executions(client, space, task["taskId"])
    assert len(runs) == 1 and runs[0]["executionStatus"] == "STOPPED"
    assert done["executionId"] == runs[0]["executionId"]
    records = journal(client, space, runs[0]["executionId"])
    types = [r["recordType"] for r in records]
    for t in ["PLANNING", "SEARCHING", "ANALYSIS", "FINDING", "ACTION", "SUMMARY", "SUGGESTION"]:
        assert t in types, types
    first_finding = next(r for r in records if r["recordType"] == "FINDING")["content"]
    assert (first_finding["entity"], first_finding["kind"]) == ("checkout", "bad-deployment")
    assert first_finding["evidence"], first_finding
    # Every piece of evidence points at data: a series, a log template or counts, traces, a change.
    assert all(e.get("metric") or e.get("template") or e.get("traceIds") or e.get("changeReference")
               or e.get("incidentCount") is not None or e["kind"] in ("alarm", "propagation")
               for e in first_finding["evidence"]), first_finding["evidence"]
    assert any(e.get("changeReference", "").startswith("ecs-deployment/checkout/") for e in first_finding["evidence"])
    resolve = next(r for r in records if r["content"].get("step") == "resolve-resources")["content"]
    assert [m["entity"] for m in resolve["matched"]] == ["shop-api"]
    assert "checkout" in [n["entity"] for n in resolve["neighbours"]]

    recs = client.list_recommendations(agentSpaceId=space, taskId=task["taskId"])["recommendations"]
    assert len(recs) == 1
    rec = recs[0]
    assert rec["status"] == "PROPOSED" and rec["version"] == 1
    assert "checkout" in rec["title"] and "1. " in rec["content"]["summary"] and "Rollback:" in rec["content"]["summary"]
    assert "ecs-deployment/checkout/" in rec["content"]["spec"]
    action = next(r for r in records if r["recordType"] == "ACTION")["content"]
    assert action["recommendationId"] == rec["recommendationId"] and action["executed"] is False

    # The demo's own alarm raised a task too; wait for every task to end so the state is still.
    wait_for("all tasks final", lambda: all(t["status"] in FINAL for t in
                                            client.list_backlog_tasks(agentSpaceId=space)["tasks"]))
    before = state_snapshot(client, space)
    updated = client.update_recommendation(agentSpaceId=space, recommendationId=rec["recommendationId"],
                                           status="ACCEPTED")["recommendation"]
    assert updated["status"] == "ACCEPTED" and updated["version"] == 2
    after = state_snapshot(client, space)
    changed = after["recommendations"].pop(rec["recommendationId"])
    before["recommendations"].pop(rec["recommendationId"])
    assert changed["status"] == "ACCEPTED"
    assert after == before, "UpdateRecommendation changed something other than the recommendation"
    old = client.get_recommendation(agentSpaceId=space, recommendationId=rec["recommendationId"],
                                    recommendationVersion=1)["recommendation"]
    assert old["status"] == "PROPOSED"
    usage = client.get_account_usage()
    assert usage["monthlyAccountInvestigationHours"]["usage"] > 0


def test_five_incidents_in_one_space_run_three_at_a_time(demo):
    srv = demo("memory-leak", step_pause=0.5)
    client = make_client(srv)
    space = client.create_agent_space(name=unique("quota"))["agentSpace"]["agentSpaceId"]
    ids = [client.create_backlog_task(agentSpaceId=space, title=f"storefront slow {i}", taskType="INVESTIGATION",
                                      priority="HIGH")["task"]["taskId"] for i in range(5)]
    most = 0
    saw_waiting = False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        statuses = [t["status"] for t in client.list_backlog_tasks(agentSpaceId=space)["tasks"]]
        running = statuses.count("IN_PROGRESS")
        most = max(most, running)
        saw_waiting |= running == 3 and statuses.count("PENDING_START") == 2
        if all(s in FINAL for s in statuses):
            break
        time.sleep(0.05)
    assert most == 3
    assert saw_waiting
    assert all(task_of(client, space, i)["status"] == "COMPLETED" for i in ids)


def test_cancel_stops_a_running_investigation(demo):
    srv = demo("memory-leak", step_pause=30)
    client = make_client(srv)
    space = srv.space
    task_id = client.create_backlog_task(agentSpaceId=space, title="storefront slow", taskType="INVESTIGATION",
                                         priority="LOW")["task"]["taskId"]
    wait_for("running", lambda: task_of(client, space, task_id)["status"] == "IN_PROGRESS")
    client.update_backlog_task(agentSpaceId=space, taskId=task_id, taskStatus="CANCELED")
    run = wait_for("execution canceled", lambda: (e := executions(client, space, task_id)) and
                   e[0]["executionStatus"] == "CANCELED" and e[0], limit=20)
    assert task_of(client, space, task_id)["status"] == "CANCELED"
    assert journal(client, space, run["executionId"])[-1]["content"]["reason"] == "Canceled by a person; work stopped"
    assert client.list_recommendations(agentSpaceId=space, taskId=task_id)["recommendations"] == []


def test_sigkill_during_an_investigation_then_restart_ends_the_task_with_its_journal(demo):
    slow = demo("expired-certificate", step_pause=60, label="crash")
    client = make_client(slow)
    space = slow.space
    task_id = client.create_backlog_task(agentSpaceId=space, title="shop-api 5xx", taskType="INVESTIGATION",
                                         priority="CRITICAL")["task"]["taskId"]
    first = wait_for("first record journaled", lambda: (e := executions(client, space, task_id)) and
                     journal(client, space, e[0]["executionId"]) and e[0])
    written = journal(client, space, first["executionId"])
    assert task_of(client, space, task_id)["status"] == "IN_PROGRESS"
    slow.kill()

    again = demo("expired-certificate", step_pause=0, data_dir=slow.data_dir, label="crash-restart")
    client = make_client(again)
    done = wait_for("task final after restart", lambda: (t := task_of(client, space, task_id))["status"] in FINAL and t)
    assert done["status"] == "COMPLETED", done.get("statusReason")
    runs = {e["executionId"]: e for e in executions(client, space, task_id)}
    assert runs[first["executionId"]]["executionStatus"] == "FAILED"
    kept = journal(client, space, first["executionId"])
    assert kept[:len(written)] == written
    assert kept[-1]["content"]["status"] == "PENDING_START" and "server stopped" in kept[-1]["content"]["reason"]
    assert len(runs) == 2 and done["executionId"] != first["executionId"]


def test_webhook_alert_is_investigated_end_to_end(demo):
    from intake_support import generic, hmac_headers, make_hook, post
    srv = demo("bad-deployment")
    client = make_client(srv)
    hook = make_hook(client, srv.space)
    body = generic("INC-demo-1", title="5xx errors at the front door", service="shop-api")
    status, _ = post(srv, hook.path, body, hmac_headers(hook.secret, body))
    assert status == 202

    def webhook_task():
        tasks = client.list_backlog_tasks(agentSpaceId=srv.space)["tasks"]
        return next((t for t in tasks if t["title"] == "5xx errors at the front door"), None)
    task = wait_for("the webhook's task", webhook_task)
    done = wait_for("investigated", lambda: (t := task_of(client, srv.space, task["taskId"]))["status"] in FINAL and t)
    assert done["status"] == "COMPLETED" and "bad-deployment on checkout" in done["statusReason"], done.get("statusReason")
    recs = client.list_recommendations(agentSpaceId=srv.space, taskId=task["taskId"])["recommendations"]
    assert [r["title"] for r in recs] == ["Mitigate bad-deployment on checkout"]


def test_an_evaluation_reviews_the_spaces_investigations_and_proposes_prevention(demo):
    srv = demo("bad-deployment")
    client = make_client(srv)
    space = srv.space
    ids = []
    for title in ("shop-api returns 5xx errors", "shop-api 5xx again"):
        task = client.create_backlog_task(agentSpaceId=space, title=title, taskType="INVESTIGATION", priority="HIGH")["task"]
        done = wait_for("investigation completed", lambda: (t := task_of(client, space, task["taskId"]))["status"] in FINAL and t)
        assert done["status"] == "COMPLETED" and "bad-deployment on checkout" in done["statusReason"], done.get("statusReason")
        ids.append(task["taskId"])
    before = {r["recommendationId"]: r for r in client.list_recommendations(agentSpaceId=space)["recommendations"]}

    evaluation = client.create_backlog_task(agentSpaceId=space, title="weekly prevention review", taskType="EVALUATION",
                                            priority="MEDIUM")["task"]
    done = wait_for("evaluation completed", lambda: (t := task_of(client, space, evaluation["taskId"]))["status"] in FINAL and t)
    assert done["status"] == "COMPLETED", done.get("statusReason")
    # The demo's own alarm task is investigated too; at least the two above are reviewed.
    assert done["statusReason"].startswith("Evaluation reviewed "), done["statusReason"]
    run = executions(client, space, evaluation["taskId"])
    assert len(run) == 1 and run[0]["agentSubTask"] == "evaluation"
    records = journal(client, space, run[0]["executionId"])
    steps = [(r["recordType"], json.loads(r["content"]) if isinstance(r["content"], str) else r["content"]) for r in records]
    assert [t for t, _ in steps][:3] == ["PLANNING", "SEARCHING", "ANALYSIS"]
    recurring = [c for t, c in steps if t == "FINDING" and c["pattern"] == "recurring-cause"]
    assert recurring and recurring[0]["entity"] == "checkout" and recurring[0]["kind"] == "bad-deployment", steps
    assert set(ids) <= {e["taskId"] for e in recurring[0]["evidence"]}

    recs = client.list_recommendations(agentSpaceId=space, taskId=evaluation["taskId"])["recommendations"]
    titles = [r["title"] for r in recs]
    assert "Prevent recurring bad-deployment on checkout" in titles, titles
    full = client.get_recommendation(agentSpaceId=space, recommendationId=next(
        r["recommendationId"] for r in recs if r["title"] == "Prevent recurring bad-deployment on checkout"))["recommendation"]
    assert full["status"] == "PROPOSED"
    for task_id in ids:
        assert f"task {task_id}:" in full["content"]["summary"]
    assert "## Done when" in full["content"]["spec"]
    # The investigations' own plans are untouched.
    after = {r["recommendationId"]: r for r in client.list_recommendations(agentSpaceId=space)["recommendations"]}
    assert all(after[k] == v for k, v in before.items())
