"""The data plane of an agent space: backlog tasks, goals, recommendations, executions
and journal records (CreateBacklogTask, GetBacklogTask, UpdateBacklogTask,
ListBacklogTasks, ListGoals, UpdateGoal, ListRecommendations, GetRecommendation,
UpdateRecommendation, ListExecutions, ListJournalRecords), including pagination,
idempotency, the TaskFilter rules and cross-space isolation.

Executions, journal records, extra goals and recommendations are loaded with
`vigil seed` (they are produced by investigations otherwise)."""
import contextlib
import datetime as dt
import json
import uuid

import pytest

from helpers import (ISO8601, RESOURCE_ID, assert_error, assert_recent, assert_validation, field_paths,
                     paginate_all, space_arn, status_of, unique)

TASK_STATUSES = ["PENDING_TRIAGE", "LINKED", "PENDING_START", "IN_PROGRESS", "PENDING_CUSTOMER_APPROVAL",
                 "COMPLETED", "FAILED", "TIMED_OUT", "CANCELED"]
PRIORITY_RANK = {"CRITICAL": 0, "HIGH": 1, "MEDIUM": 2, "LOW": 3, "MINIMAL": 4}


def seed(server, space, *, goals=(), executions=(), recommendations=()):
    return server.seed({"agentSpaceId": space, "goals": list(goals), "executions": list(executions),
                        "recommendations": list(recommendations)})


def new_task(client, space, *, title=None, task_type="INVESTIGATION", priority="HIGH", **kwargs) -> dict:
    return client.create_backlog_task(agentSpaceId=space, title=title or unique("task"), taskType=task_type,
                                      priority=priority, **kwargs)["task"]


def list_task_ids(client, space, **kwargs) -> list[str]:
    ids = []
    for page in paginate_all(client, "list_backlog_tasks", 100, agentSpaceId=space, **kwargs):
        ids.extend(t["taskId"] for t in page["tasks"])
    return ids


def is_monotonic(values, *, descending: bool) -> bool:
    pairs = list(zip(values, values[1:]))
    return all(a >= b for a, b in pairs) if descending else all(a <= b for a, b in pairs)


# ----------------------------------------------------------------------- tasks --

@pytest.fixture
def reference(client, space):
    """A task reference whose associationId names a real association of the space."""
    sid = client.register_service(service="eventChannel", serviceDetails={"eventChannel": {"type": "webhook"}})["serviceId"]
    assoc = client.associate_service(agentSpaceId=space, serviceId=sid,
                                     configuration={"eventChannel": {}})["association"]["associationId"]
    yield {"system": "pagerduty", "title": "INC-42 checkout errors", "referenceId": "INC-42",
           "referenceUrl": "https://example.pagerduty.com/incidents/INC-42", "associationId": assoc}
    with contextlib.suppress(Exception):
        client.disassociate_service(agentSpaceId=space, associationId=assoc)
    with contextlib.suppress(Exception):
        client.deregister_service(serviceId=sid)


def test_boto3_create_and_get_task(client, space, reference):
    resp = client.create_backlog_task(agentSpaceId=space, title="Checkout 5xx spike", taskType="INVESTIGATION",
                                      priority="CRITICAL", description="Error rate above 5% since 10:02",
                                      reference=reference)
    assert status_of(resp) == 201
    t = resp["task"]
    assert t["agentSpaceId"] == space
    assert RESOURCE_ID.match(t["taskId"]), t
    assert t["title"] == "Checkout 5xx spike"
    assert t["description"] == "Error rate above 5% since 10:02"
    assert t["taskType"] == "INVESTIGATION" and t["priority"] == "CRITICAL"
    assert t["status"] == "PENDING_START"
    assert t["version"] == 1
    assert t["reference"] == reference
    created = assert_recent(t["createdAt"])
    assert t["updatedAt"] >= created

    got = client.get_backlog_task(agentSpaceId=space, taskId=t["taskId"])
    assert got["task"] == t


def test_cli_create_get_update_task(cli, space):
    out = cli("create-backlog-task", "--agent-space-id", space, "--title", "Disk full on db-1",
              "--task-type", "EVALUATION", "--priority", "LOW", "--description", "df shows 100%")
    t = out["task"]
    assert t["status"] == "PENDING_START" and t["version"] == 1
    assert t["taskType"] == "EVALUATION" and t["priority"] == "LOW" and t["title"] == "Disk full on db-1"
    assert ISO8601.match(t["createdAt"]), t

    got = cli("get-backlog-task", "--agent-space-id", space, "--task-id", t["taskId"])["task"]
    assert got == t

    upd = cli("update-backlog-task", "--agent-space-id", space, "--task-id", t["taskId"],
              "--task-status", "CANCELED")["task"]
    assert upd["status"] == "CANCELED" and upd["version"] == 2
    assert cli("get-backlog-task", "--agent-space-id", space, "--task-id", t["taskId"])["task"]["status"] == "CANCELED"

    code, _ = cli.error("update-backlog-task", "--agent-space-id", space, "--task-id", t["taskId"],
                        "--task-status", "PENDING_START")
    assert code == "ConflictException"


def test_cancel_increments_version(client, space):
    t = new_task(client, space)
    upd = client.update_backlog_task(agentSpaceId=space, taskId=t["taskId"], taskStatus="CANCELED")
    assert status_of(upd) == 200
    assert upd["task"]["status"] == "CANCELED"
    assert upd["task"]["version"] == 2
    assert upd["task"]["taskId"] == t["taskId"] and upd["task"]["title"] == t["title"]
    assert upd["task"]["updatedAt"] >= t["updatedAt"]
    assert client.get_backlog_task(agentSpaceId=space, taskId=t["taskId"])["task"]["version"] == 2


@pytest.mark.parametrize("target", [s for s in TASK_STATUSES if s not in ("CANCELED", "PENDING_START")])
def test_pending_start_only_allows_cancel(client, space, target):
    t = new_task(client, space)
    assert_error(lambda: client.update_backlog_task(agentSpaceId=space, taskId=t["taskId"], taskStatus=target),
                 "ConflictException", 409)
    after = client.get_backlog_task(agentSpaceId=space, taskId=t["taskId"])["task"]
    assert after["status"] == "PENDING_START" and after["version"] == 1


def test_canceled_task_is_final(client, space):
    t = new_task(client, space)
    client.update_backlog_task(agentSpaceId=space, taskId=t["taskId"], taskStatus="CANCELED")
    for target in [s for s in TASK_STATUSES if s != "CANCELED"]:
        assert_error(lambda: client.update_backlog_task(agentSpaceId=space, taskId=t["taskId"], taskStatus=target),
                     "ConflictException", 409)
    after = client.get_backlog_task(agentSpaceId=space, taskId=t["taskId"])["task"]
    assert after["status"] == "CANCELED" and after["version"] == 2


def test_same_status_update_changes_nothing(client, space):
    # Setting the status a task already has is a no-op (docs/api.md): 200, same task, version unchanged,
    # so a retried cancellation without a client token does not fail.
    t = new_task(client, space)
    same = client.update_backlog_task(agentSpaceId=space, taskId=t["taskId"], taskStatus="PENDING_START")["task"]
    assert same["status"] == "PENDING_START" and same["version"] == 1 and same["updatedAt"] == t["updatedAt"]
    client.update_backlog_task(agentSpaceId=space, taskId=t["taskId"], taskStatus="CANCELED")
    again = client.update_backlog_task(agentSpaceId=space, taskId=t["taskId"], taskStatus="CANCELED")["task"]
    assert again["status"] == "CANCELED" and again["version"] == 2
    assert client.get_backlog_task(agentSpaceId=space, taskId=t["taskId"])["task"]["version"] == 2
    # A change users may not make is still refused, and leaves the version alone.
    assert_error(lambda: client.update_backlog_task(agentSpaceId=space, taskId=t["taskId"], taskStatus="IN_PROGRESS"),
                 "ConflictException", 409)
    assert client.get_backlog_task(agentSpaceId=space, taskId=t["taskId"])["task"]["version"] == 2


def test_create_task_idempotent_retry(client, space):
    token = str(uuid.uuid4())
    title = unique("idem task")
    a = client.create_backlog_task(agentSpaceId=space, title=title, taskType="INVESTIGATION", priority="HIGH",
                                   clientToken=token)["task"]
    b = client.create_backlog_task(agentSpaceId=space, title=title, taskType="INVESTIGATION", priority="HIGH",
                                   clientToken=token)["task"]
    assert a == b
    titles = [t["title"] for p in paginate_all(client, "list_backlog_tasks", 100, agentSpaceId=space) for t in p["tasks"]]
    assert titles.count(title) == 1
    assert_error(lambda: client.create_backlog_task(agentSpaceId=space, title=unique("other"), taskType="INVESTIGATION",
                                                    priority="HIGH", clientToken=token), "ConflictException", 409)


def test_update_task_idempotent_retry(client, space):
    t = new_task(client, space)
    token = str(uuid.uuid4())
    a = client.update_backlog_task(agentSpaceId=space, taskId=t["taskId"], taskStatus="CANCELED", clientToken=token)
    # CANCELED -> CANCELED would be a conflict; the retry must replay the first response instead.
    b = client.update_backlog_task(agentSpaceId=space, taskId=t["taskId"], taskStatus="CANCELED", clientToken=token)
    assert b["task"] == a["task"]
    assert b["task"]["version"] == 2
    assert_error(lambda: client.update_backlog_task(agentSpaceId=space, taskId=t["taskId"], taskStatus="PENDING_START",
                                                    clientToken=token), "ConflictException", 409)
    assert client.get_backlog_task(agentSpaceId=space, taskId=t["taskId"])["task"]["version"] == 2
    # The same token for another task is the same token with other parameters.
    other = new_task(client, space)
    assert_error(lambda: client.update_backlog_task(agentSpaceId=space, taskId=other["taskId"], taskStatus="CANCELED",
                                                    clientToken=token), "ConflictException", 409)
    after = client.get_backlog_task(agentSpaceId=space, taskId=other["taskId"])["task"]
    assert after["status"] == "PENDING_START" and after["version"] == 1


# ------------------------------------------------------------------ list tasks --

@pytest.fixture
def task_set(client, space):
    """Five tasks: t1 INVESTIGATION/HIGH, t2 INVESTIGATION/LOW (CANCELED), t3 EVALUATION/CRITICAL,
    t4 EVALUATION/MEDIUM, t5 INVESTIGATION/MINIMAL."""
    specs = [("INVESTIGATION", "HIGH"), ("INVESTIGATION", "LOW"), ("EVALUATION", "CRITICAL"),
             ("EVALUATION", "MEDIUM"), ("INVESTIGATION", "MINIMAL")]
    tasks = [new_task(client, space, title=f"t{i + 1}", task_type=tt, priority=p) for i, (tt, p) in enumerate(specs)]
    client.update_backlog_task(agentSpaceId=space, taskId=tasks[1]["taskId"], taskStatus="CANCELED")
    return {f"t{i + 1}": t["taskId"] for i, t in enumerate(tasks)}


def test_list_tasks_default_order_and_fields(client, space, task_set):
    resp = client.list_backlog_tasks(agentSpaceId=space)
    tasks = resp["tasks"]
    assert {t["taskId"] for t in tasks} == set(task_set.values())
    assert not resp.get("nextToken")
    # default: createdAt, DESC
    assert is_monotonic([t["createdAt"] for t in tasks], descending=True)
    by_id = {t["taskId"]: t for t in tasks}
    assert by_id[task_set["t2"]]["status"] == "CANCELED" and by_id[task_set["t2"]]["version"] == 2
    assert by_id[task_set["t3"]]["priority"] == "CRITICAL" and by_id[task_set["t3"]]["taskType"] == "EVALUATION"
    asc = client.list_backlog_tasks(agentSpaceId=space, order="ASC")["tasks"]
    assert {t["taskId"] for t in asc} == set(task_set.values())
    assert is_monotonic([t["createdAt"] for t in asc], descending=False)


@pytest.mark.parametrize("flt,expected", [
    ({"taskType": ["EVALUATION"]}, {"t3", "t4"}),
    ({"taskType": ["INVESTIGATION"]}, {"t1", "t2", "t5"}),
    ({"priority": ["HIGH"]}, {"t1"}),
    ({"status": ["CANCELED"]}, {"t2"}),
    ({"status": ["PENDING_START"]}, {"t1", "t3", "t4", "t5"}),
    ({"taskType": ["EVALUATION"], "priority": ["CRITICAL"], "status": ["PENDING_START"]}, {"t3"}),
    ({"taskType": ["INVESTIGATION"], "priority": ["LOW"], "status": ["PENDING_START"]}, set()),
])
def test_list_tasks_filters(client, space, task_set, flt, expected):
    ids = set(list_task_ids(client, space, filter=flt))
    assert ids == {task_set[k] for k in expected}


def test_list_tasks_time_filters(client, space, task_set):
    now = dt.datetime.now(dt.timezone.utc)
    everything = set(task_set.values())
    assert set(list_task_ids(client, space, filter={"createdAfter": now - dt.timedelta(hours=1)})) == everything
    assert set(list_task_ids(client, space, filter={"createdBefore": now + dt.timedelta(hours=1)})) == everything
    assert list_task_ids(client, space, filter={"createdAfter": now + dt.timedelta(hours=1)}) == []
    assert list_task_ids(client, space, filter={"createdBefore": now - dt.timedelta(hours=1)}) == []


def test_list_tasks_sorted_by_priority(client, space, task_set):
    desc = [PRIORITY_RANK[t["priority"]] for t in
            client.list_backlog_tasks(agentSpaceId=space, sortField="PRIORITY", order="DESC")["tasks"]]
    asc = [PRIORITY_RANK[t["priority"]] for t in
           client.list_backlog_tasks(agentSpaceId=space, sortField="PRIORITY", order="ASC")["tasks"]]
    assert len(desc) == len(asc) == 5
    assert sorted(desc) == sorted(asc) == sorted(PRIORITY_RANK.values())
    # The two orders are opposite sorts by priority.
    assert (is_monotonic(desc, descending=False) and is_monotonic(asc, descending=True)) or \
           (is_monotonic(desc, descending=True) and is_monotonic(asc, descending=False)), (desc, asc)
    assert desc != asc


def test_list_tasks_raw_pages(client, space, task_set):
    p1 = client.list_backlog_tasks(agentSpaceId=space, limit=2)
    assert len(p1["tasks"]) == 2 and p1.get("nextToken")
    p2 = client.list_backlog_tasks(agentSpaceId=space, limit=2, nextToken=p1["nextToken"])
    assert len(p2["tasks"]) == 2 and p2.get("nextToken")
    p3 = client.list_backlog_tasks(agentSpaceId=space, limit=2, nextToken=p2["nextToken"])
    assert len(p3["tasks"]) == 1 and not p3.get("nextToken")
    ids = [t["taskId"] for p in (p1, p2, p3) for t in p["tasks"]]
    assert len(set(ids)) == 5 and set(ids) == set(task_set.values())
    # Pages continue the same order as the unpaged listing.
    assert ids == [t["taskId"] for t in client.list_backlog_tasks(agentSpaceId=space)["tasks"]]


def test_list_tasks_boto3_paginator_with_filter(client, space, task_set):
    pages = paginate_all(client, "list_backlog_tasks", 1, agentSpaceId=space, filter={"taskType": ["INVESTIGATION"]})
    ids = [t["taskId"] for p in pages for t in p["tasks"]]
    assert all(len(p["tasks"]) <= 1 for p in pages)
    assert len(ids) == 3 and set(ids) == {task_set["t1"], task_set["t2"], task_set["t5"]}


def test_cli_list_tasks_merges_pages(cli, space, task_set):
    out = cli("list-backlog-tasks", "--agent-space-id", space, "--page-size", "2")
    assert "nextToken" not in out
    ids = [t["taskId"] for t in out["tasks"]]
    assert len(ids) == 5 and set(ids) == set(task_set.values())
    out = cli("list-backlog-tasks", "--agent-space-id", space, "--filter", json.dumps({"taskType": ["EVALUATION"]}),
              "--page-size", "1")
    assert {t["taskId"] for t in out["tasks"]} == {task_set["t3"], task_set["t4"]}


def test_cli_list_tasks_max_items(cli, space, task_set):
    out = cli("list-backlog-tasks", "--agent-space-id", space, "--page-size", "2", "--max-items", "3")
    assert len(out["tasks"]) == 3 and out.get("NextToken")
    rest = cli("list-backlog-tasks", "--agent-space-id", space, "--page-size", "2", "--starting-token", out["NextToken"])
    ids = [t["taskId"] for t in out["tasks"] + rest["tasks"]]
    assert len(ids) == 5 and set(ids) == set(task_set.values())


def test_task_next_token_is_bound_to_its_space(client, space, other_space, task_set):
    new_task(client, other_space)
    new_task(client, other_space)
    new_task(client, other_space)
    token = client.list_backlog_tasks(agentSpaceId=space, limit=1)["nextToken"]
    assert_error(lambda: client.list_backlog_tasks(agentSpaceId=other_space, limit=1, nextToken=token),
                 "ValidationException", 400)


def test_forged_task_next_token_is_rejected(client, space, task_set):
    assert_error(lambda: client.list_backlog_tasks(agentSpaceId=space, nextToken="forged-token-0001"),
                 "ValidationException", 400)


# ------------------------------------------------------------- TaskFilter rules --

def test_filter_list_with_two_values_is_rejected(nv_client, space):
    assert_validation(lambda: nv_client.list_backlog_tasks(agentSpaceId=space,
                                                           filter={"status": ["PENDING_START", "CANCELED"]}),
                      "filter.status")
    assert_validation(lambda: nv_client.list_backlog_tasks(agentSpaceId=space, filter={"priority": ["HIGH", "LOW"]}),
                      "filter.priority")
    assert_validation(lambda: nv_client.list_backlog_tasks(
        agentSpaceId=space, filter={"taskType": ["INVESTIGATION", "EVALUATION"]}), "filter.taskType")


def test_priority_and_status_filters_need_a_task_type(client, cli, space):
    assert_error(lambda: client.list_backlog_tasks(agentSpaceId=space,
                                                   filter={"priority": ["HIGH"], "status": ["PENDING_START"]}),
                 "ValidationException", 400)
    cli.error("list-backlog-tasks", "--agent-space-id", space,
              "--filter", json.dumps({"priority": ["HIGH"], "status": ["PENDING_START"]}), code="ValidationException")
    # With a task type filter the same combination is accepted.
    client.list_backlog_tasks(agentSpaceId=space, filter={"priority": ["HIGH"], "status": ["PENDING_START"],
                                                          "taskType": ["INVESTIGATION"]})


def test_priority_sort_not_allowed_with_time_filters(client, space):
    now = dt.datetime.now(dt.timezone.utc)
    for flt in ({"createdAfter": now - dt.timedelta(days=1)}, {"createdBefore": now}):
        assert_error(lambda: client.list_backlog_tasks(agentSpaceId=space, filter=flt, sortField="PRIORITY"),
                     "ValidationException", 400)
        # ... but allowed with the default sort field.
        client.list_backlog_tasks(agentSpaceId=space, filter=flt, sortField="CREATED_AT")
    client.list_backlog_tasks(agentSpaceId=space, sortField="PRIORITY")


def test_filter_enum_item_path(nv_client, space):
    resp = assert_validation(lambda: nv_client.list_backlog_tasks(agentSpaceId=space, filter={"status": ["NOPE"]}),
                             "filter.status[0]")
    assert "filter.status[0]" in field_paths(resp)


# ----------------------------------------------------------------------- goals --

def test_new_space_has_the_builtin_goal(client, space):
    resp = client.list_goals(agentSpaceId=space)
    assert len(resp["goals"]) == 1
    g = resp["goals"][0]
    assert g["goalType"] == "ONCALL_REPORT"
    assert g["status"] == "ACTIVE"
    assert g["evaluationSchedule"]["state"] == "DISABLED"
    assert g["agentSpaceArn"] == space_arn(space)
    assert isinstance(g["version"], int) and g["version"] >= 1
    assert g["title"] and isinstance(g["content"]["description"], str) and isinstance(g["content"]["objectives"], str)
    assert_recent(g["createdAt"])
    assert RESOURCE_ID.match(g["goalId"])


def test_boto3_update_goal(client, space):
    g = client.list_goals(agentSpaceId=space)["goals"][0]
    resp = client.update_goal(agentSpaceId=space, goalId=g["goalId"], evaluationSchedule={"state": "ENABLED"})
    assert status_of(resp) == 200
    u = resp["goal"]
    assert u["goalId"] == g["goalId"]
    assert u["evaluationSchedule"]["state"] == "ENABLED"
    assert u["version"] == g["version"] + 1
    assert u["updatedAt"] >= g["updatedAt"]
    listed = client.list_goals(agentSpaceId=space)["goals"][0]
    assert listed["evaluationSchedule"]["state"] == "ENABLED" and listed["version"] == u["version"]
    back = client.update_goal(agentSpaceId=space, goalId=g["goalId"], evaluationSchedule={"state": "DISABLED"})["goal"]
    assert back["evaluationSchedule"]["state"] == "DISABLED" and back["version"] == g["version"] + 2


def test_cli_list_and_update_goal(cli, space):
    goals = cli("list-goals", "--agent-space-id", space)["goals"]
    assert len(goals) == 1 and goals[0]["goalType"] == "ONCALL_REPORT"
    assert ISO8601.match(goals[0]["createdAt"]), goals[0]
    g = goals[0]
    u = cli("update-goal", "--agent-space-id", space, "--goal-id", g["goalId"],
            "--evaluation-schedule", "state=ENABLED")["goal"]
    assert u["evaluationSchedule"]["state"] == "ENABLED" and u["version"] == g["version"] + 1
    only = cli("list-goals", "--agent-space-id", space, "--goal-type", "ONCALL_REPORT")["goals"]
    assert [x["goalId"] for x in only] == [g["goalId"]]


def test_update_goal_idempotency(client, space):
    g = client.list_goals(agentSpaceId=space)["goals"][0]
    token = str(uuid.uuid4())
    a = client.update_goal(agentSpaceId=space, goalId=g["goalId"], evaluationSchedule={"state": "ENABLED"},
                           clientToken=token)["goal"]
    b = client.update_goal(agentSpaceId=space, goalId=g["goalId"], evaluationSchedule={"state": "ENABLED"},
                           clientToken=token)["goal"]
    assert a == b and b["version"] == g["version"] + 1
    assert_error(lambda: client.update_goal(agentSpaceId=space, goalId=g["goalId"],
                                            evaluationSchedule={"state": "DISABLED"}, clientToken=token),
                 "ConflictException", 409)
    assert client.list_goals(agentSpaceId=space)["goals"][0]["version"] == g["version"] + 1


def test_seeded_goals_filters_and_pages(client, server, space):
    seeded = seed(server, space, goals=[
        {"title": "Keep p99 under 300ms", "description": "Latency SLO", "objectives": "p99 < 300ms",
         "goalType": "CUSTOMER_DEFINED", "status": "ACTIVE",
         "evaluationSchedule": {"state": "ENABLED", "expression": "rate(7 days)"}},
        {"title": "Reduce alert noise", "description": "Noise", "objectives": "-50% pages",
         "goalType": "CUSTOMER_DEFINED", "status": "PAUSED",
         "evaluationSchedule": {"state": "DISABLED", "expression": "rate(1 day)"}},
        {"title": "Patch hosts", "description": "Patching", "objectives": "all hosts patched",
         "goalType": "CUSTOMER_DEFINED", "status": "COMPLETE",
         "evaluationSchedule": {"state": "DISABLED", "expression": "rate(30 days)"}},
    ])
    gids = seeded["goalIds"]
    assert len(gids) == 3
    custom = client.list_goals(agentSpaceId=space, goalType="CUSTOMER_DEFINED")["goals"]
    assert {g["goalId"] for g in custom} == set(gids)
    slo = next(g for g in custom if g["goalId"] == gids[0])
    assert slo["title"] == "Keep p99 under 300ms"
    assert slo["content"] == {"description": "Latency SLO", "objectives": "p99 < 300ms"}
    assert slo["evaluationSchedule"] == {"state": "ENABLED", "expression": "rate(7 days)"}
    assert slo["agentSpaceArn"] == space_arn(space)
    assert [g["goalId"] for g in client.list_goals(agentSpaceId=space, status="PAUSED")["goals"]] == [gids[1]]
    assert len(client.list_goals(agentSpaceId=space, goalType="ONCALL_REPORT")["goals"]) == 1

    pages = paginate_all(client, "list_goals", 2, agentSpaceId=space)
    ids = [g["goalId"] for p in pages for g in p["goals"]]
    sizes = [len(p["goals"]) for p in pages]
    assert sizes[:2] == [2, 2] and sum(sizes) == 4, sizes
    assert len(set(ids)) == 4 and set(gids) <= set(ids)
    raw = client.list_goals(agentSpaceId=space, limit=3)
    assert len(raw["goals"]) == 3 and raw.get("nextToken")


# -------------------------------------------------------------- recommendations --

@pytest.fixture
def recs(client, server, space):
    task = new_task(client, space, title="Investigate OOM kills")
    goal = client.list_goals(agentSpaceId=space)["goals"][0]
    out = seed(server, space, recommendations=[
        {"taskId": task["taskId"], "goalId": goal["goalId"], "title": "Raise memory limit",
         "summary": "Pods are OOM killed at 512Mi", "spec": "Set resources.limits.memory to 1Gi", "priority": "HIGH"},
        {"taskId": task["taskId"], "title": "Add heap dump on OOM", "summary": "Capture heap dumps",
         "priority": "LOW"},
        {"taskId": task["taskId"], "title": "Alert on restarts", "summary": "Alert when restarts > 3/h",
         "priority": "MEDIUM"},
    ])
    ids = out["recommendationIds"]
    assert len(ids) == 3
    return {"task": task["taskId"], "goal": goal["goalId"], "high": ids[0], "low": ids[1], "medium": ids[2]}


def test_get_recommendation(client, space, recs):
    r = client.get_recommendation(agentSpaceId=space, recommendationId=recs["high"])["recommendation"]
    assert r["recommendationId"] == recs["high"]
    assert r["agentSpaceArn"] == space_arn(space)
    assert r["taskId"] == recs["task"] and r["goalId"] == recs["goal"]
    assert r["title"] == "Raise memory limit"
    assert r["content"] == {"summary": "Pods are OOM killed at 512Mi", "spec": "Set resources.limits.memory to 1Gi"}
    assert r["status"] == "PROPOSED" and r["priority"] == "HIGH"
    assert r["version"] == 1
    assert_recent(r["createdAt"])


def test_list_recommendations_filters(client, space, recs):
    everything = {recs["high"], recs["low"], recs["medium"]}
    assert {r["recommendationId"] for r in client.list_recommendations(agentSpaceId=space)["recommendations"]} == everything
    assert [r["recommendationId"] for r in
            client.list_recommendations(agentSpaceId=space, priority="HIGH")["recommendations"]] == [recs["high"]]
    assert [r["recommendationId"] for r in
            client.list_recommendations(agentSpaceId=space, goalId=recs["goal"])["recommendations"]] == [recs["high"]]
    assert {r["recommendationId"] for r in
            client.list_recommendations(agentSpaceId=space, taskId=recs["task"])["recommendations"]} == everything
    assert {r["recommendationId"] for r in
            client.list_recommendations(agentSpaceId=space, status="PROPOSED")["recommendations"]} == everything
    client.update_recommendation(agentSpaceId=space, recommendationId=recs["low"], status="REJECTED")
    assert [r["recommendationId"] for r in
            client.list_recommendations(agentSpaceId=space, status="REJECTED")["recommendations"]] == [recs["low"]]
    assert client.list_recommendations(agentSpaceId=space, status="ACCEPTED")["recommendations"] == []


def test_list_recommendations_pages(client, space, recs):
    p1 = client.list_recommendations(agentSpaceId=space, limit=2)
    assert len(p1["recommendations"]) == 2 and p1.get("nextToken")
    p2 = client.list_recommendations(agentSpaceId=space, limit=2, nextToken=p1["nextToken"])
    assert len(p2["recommendations"]) == 1 and not p2.get("nextToken")
    ids = [r["recommendationId"] for r in p1["recommendations"] + p2["recommendations"]]
    assert set(ids) == {recs["high"], recs["low"], recs["medium"]}


def test_update_recommendation_versions(client, space, recs):
    rid = recs["high"]
    a = client.update_recommendation(agentSpaceId=space, recommendationId=rid, status="ACCEPTED",
                                     additionalContext="tracked in OPS-1")
    assert status_of(a) == 200
    assert a["recommendation"]["status"] == "ACCEPTED" and a["recommendation"]["version"] == 2
    assert a["recommendation"]["additionalContext"] == "tracked in OPS-1"
    c = client.update_recommendation(agentSpaceId=space, recommendationId=rid, status="CLOSED")["recommendation"]
    assert c["status"] == "CLOSED" and c["version"] == 3

    latest = client.get_recommendation(agentSpaceId=space, recommendationId=rid)["recommendation"]
    assert latest["version"] == 3 and latest["status"] == "CLOSED"
    v1 = client.get_recommendation(agentSpaceId=space, recommendationId=rid, recommendationVersion=1)["recommendation"]
    assert v1["version"] == 1 and v1["status"] == "PROPOSED"
    v2 = client.get_recommendation(agentSpaceId=space, recommendationId=rid, recommendationVersion=2)["recommendation"]
    assert v2["version"] == 2 and v2["status"] == "ACCEPTED"


def test_cli_recommendations(cli, space, recs):
    out = cli("list-recommendations", "--agent-space-id", space, "--priority", "MEDIUM")
    assert [r["recommendationId"] for r in out["recommendations"]] == [recs["medium"]]
    upd = cli("update-recommendation", "--agent-space-id", space, "--recommendation-id", recs["medium"],
              "--status", "REJECTED")["recommendation"]
    assert upd["status"] == "REJECTED" and upd["version"] == 2
    v1 = cli("get-recommendation", "--agent-space-id", space, "--recommendation-id", recs["medium"],
             "--recommendation-version", "1")["recommendation"]
    assert v1["status"] == "PROPOSED" and v1["version"] == 1
    assert ISO8601.match(v1["createdAt"]), v1


def test_update_recommendation_idempotency(client, space, recs):
    token = str(uuid.uuid4())
    a = client.update_recommendation(agentSpaceId=space, recommendationId=recs["low"], status="ACCEPTED",
                                     clientToken=token)["recommendation"]
    b = client.update_recommendation(agentSpaceId=space, recommendationId=recs["low"], status="ACCEPTED",
                                     clientToken=token)["recommendation"]
    assert a == b and b["version"] == 2
    assert_error(lambda: client.update_recommendation(agentSpaceId=space, recommendationId=recs["low"],
                                                      status="REJECTED", clientToken=token), "ConflictException", 409)
    assert client.get_recommendation(agentSpaceId=space, recommendationId=recs["low"])["recommendation"]["version"] == 2


# ---------------------------------------------------------- executions / journal --

@pytest.fixture
def executions(client, server, space):
    t1 = new_task(client, space, title="exec task 1")["taskId"]
    t2 = new_task(client, space, title="exec task 2")["taskId"]
    contents = [{"text": "Looking at CloudWatch alarms", "n": 1}, ["step", 2, True, None], "plain text record",
                {"nested": {"list": [1, 2.5, "x"]}}, 42]
    out = seed(server, space, executions=[
        {"taskId": t1, "agentSubTask": "triage", "executionStatus": "RUNNING",
         "records": [{"recordType": "message", "content": contents[0]},
                     {"recordType": "tool_call", "content": contents[1]},
                     {"recordType": "message", "content": contents[2]},
                     {"recordType": "observation", "content": contents[3]},
                     {"recordType": "message", "content": contents[4]}]},
        {"taskId": t1, "agentSubTask": "root-cause", "executionStatus": "FAILED", "records": []},
        {"taskId": t2, "agentSubTask": "triage", "executionStatus": "STOPPED",
         "records": [{"recordType": "message", "content": {"text": "other task"}}]},
    ])
    assert len(out["executionIds"]) == 3 and len(out["recordIds"]) == 3
    assert len(out["recordIds"][0]) == 5
    return {"t1": t1, "t2": t2, "execs": out["executionIds"], "records": out["recordIds"], "contents": contents}


def test_list_executions(client, space, executions):
    resp = client.list_executions(agentSpaceId=space, taskId=executions["t1"])
    got = {e["executionId"]: e for e in resp["executions"]}
    assert set(got) == set(executions["execs"][:2])
    e0 = got[executions["execs"][0]]
    assert e0["agentSpaceId"] == space
    assert e0["agentSubTask"] == "triage" and e0["executionStatus"] == "RUNNING"
    assert_recent(e0["createdAt"])
    assert e0["updatedAt"] >= e0["createdAt"]
    assert got[executions["execs"][1]]["executionStatus"] == "FAILED"
    other = client.list_executions(agentSpaceId=space, taskId=executions["t2"])["executions"]
    assert [e["executionId"] for e in other] == [executions["execs"][2]]


def test_list_executions_pages(client, cli, space, executions):
    pages = paginate_all(client, "list_executions", 1, agentSpaceId=space, taskId=executions["t1"])
    ids = [e["executionId"] for p in pages for e in p["executions"]]
    assert all(len(p["executions"]) <= 1 for p in pages)
    assert len(ids) == 2 and set(ids) == set(executions["execs"][:2])
    out = cli("list-executions", "--agent-space-id", space, "--task-id", executions["t1"], "--page-size", "1")
    assert {e["executionId"] for e in out["executions"]} == set(executions["execs"][:2])
    assert "nextToken" not in out
    # epoch-seconds timestamps are printed as numbers by the CLI
    assert isinstance(out["executions"][0]["createdAt"], (int, float)), out["executions"][0]


def test_list_journal_records(client, space, executions):
    eid = executions["execs"][0]
    resp = client.list_journal_records(agentSpaceId=space, executionId=eid)
    records = resp["records"]
    assert {r["recordId"] for r in records} == set(executions["records"][0])
    content_by_id = dict(zip(executions["records"][0], executions["contents"]))
    for r in records:
        assert r["agentSpaceId"] == space and r["executionId"] == eid
        assert r["content"] == content_by_id[r["recordId"]]   # Document round trip
        assert_recent(r["createdAt"])
    types = {r["recordId"]: r["recordType"] for r in records}
    assert sorted(types.values()) == ["message", "message", "message", "observation", "tool_call"]
    # default order is DESC by timestamp
    assert is_monotonic([r["createdAt"] for r in records], descending=True)

    msgs = client.list_journal_records(agentSpaceId=space, executionId=eid, recordType="message")["records"]
    assert len(msgs) == 3 and all(r["recordType"] == "message" for r in msgs)
    everything = client.list_journal_records(agentSpaceId=space, executionId=eid, recordType="")["records"]
    assert len(everything) == 5

    asc = client.list_journal_records(agentSpaceId=space, executionId=eid, order="ASC")["records"]
    desc = client.list_journal_records(agentSpaceId=space, executionId=eid, order="DESC")["records"]
    assert is_monotonic([r["createdAt"] for r in asc], descending=False)
    assert [r["recordId"] for r in asc] == [r["recordId"] for r in reversed(desc)]


def test_list_journal_records_pages(client, cli, space, executions):
    eid = executions["execs"][0]
    pages = paginate_all(client, "list_journal_records", 2, agentSpaceId=space, executionId=eid)
    assert [len(p["records"]) for p in pages] == [2, 2, 1]
    ids = [r["recordId"] for p in pages for r in p["records"]]
    unpaged = [r["recordId"] for r in client.list_journal_records(agentSpaceId=space, executionId=eid)["records"]]
    assert ids == unpaged
    out = cli("list-journal-records", "--agent-space-id", space, "--execution-id", eid, "--page-size", "2",
              "--order", "ASC")
    assert [r["recordId"] for r in out["records"]] == list(reversed(unpaged))
    raw = cli("list-journal-records", "--agent-space-id", space, "--execution-id", eid, "--limit", "2")
    assert len(raw["records"]) == 2 and raw.get("nextToken")


# -------------------------------------------------------------- isolation --

def test_task_of_another_space_is_not_found(client, cli, space, other_space):
    t = new_task(client, space)
    assert_error(lambda: client.get_backlog_task(agentSpaceId=other_space, taskId=t["taskId"]),
                 "ResourceNotFoundException", 404)
    assert_error(lambda: client.update_backlog_task(agentSpaceId=other_space, taskId=t["taskId"],
                                                    taskStatus="CANCELED"), "ResourceNotFoundException", 404)
    cli.error("get-backlog-task", "--agent-space-id", other_space, "--task-id", t["taskId"],
              code="ResourceNotFoundException")
    assert t["taskId"] not in list_task_ids(client, other_space)
    # untouched in its own space
    assert client.get_backlog_task(agentSpaceId=space, taskId=t["taskId"])["task"]["status"] == "PENDING_START"


def test_recommendation_of_another_space_is_not_found(client, space, other_space, recs):
    assert_error(lambda: client.get_recommendation(agentSpaceId=other_space, recommendationId=recs["high"]),
                 "ResourceNotFoundException", 404)
    assert_error(lambda: client.update_recommendation(agentSpaceId=other_space, recommendationId=recs["high"],
                                                      status="ACCEPTED"), "ResourceNotFoundException", 404)
    assert client.list_recommendations(agentSpaceId=other_space)["recommendations"] == []
    assert client.get_recommendation(agentSpaceId=space, recommendationId=recs["high"])["recommendation"]["version"] == 1


def test_goal_of_another_space_is_not_found(client, space, other_space):
    gid = client.list_goals(agentSpaceId=space)["goals"][0]["goalId"]
    assert gid not in {g["goalId"] for g in client.list_goals(agentSpaceId=other_space)["goals"]}
    assert_error(lambda: client.update_goal(agentSpaceId=other_space, goalId=gid,
                                            evaluationSchedule={"state": "ENABLED"}),
                 "ResourceNotFoundException", 404)


def test_executions_of_another_space_are_hidden(client, space, other_space, executions):
    from botocore.exceptions import ClientError
    for call in (lambda: client.list_executions(agentSpaceId=other_space, taskId=executions["t1"])["executions"],
                 lambda: client.list_journal_records(agentSpaceId=other_space,
                                                     executionId=executions["execs"][0])["records"]):
        try:
            items = call()
        except ClientError as e:
            assert e.response["Error"]["Code"] == "ResourceNotFoundException", e.response
        else:
            assert items == [], "another space's executions/records leaked"
