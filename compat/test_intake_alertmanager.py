"""A real Prometheus Alertmanager (Debian package prometheus-alertmanager) fires grouped,
repeated and resolved alerts at a Vigil apikey webhook; the tasks, links and dedup counts are
read back through boto3."""
from __future__ import annotations

import pytest

from intake_support import Alertmanager, alertmanager_binary, all_tasks, am_alert, intake_meta, make_hook, wait_for

pytestmark = pytest.mark.skipif(alertmanager_binary() is None,
                                reason="prometheus-alertmanager is not installed (scripts/test installs it)")


@pytest.fixture
def alertmanager(client, space):
    hook = make_hook(client, space, auth="apikey")
    # repeat_interval 2s: Alertmanager re-sends unchanged groups, which Vigil must count, not duplicate.
    am = Alertmanager(hook.url, hook.secret, group_by=("alertname",), group_wait="1s", group_interval="1s",
                      repeat_interval="2s").start()
    yield am, hook
    am.stop()


def detailed(client, space):
    return [client.get_backlog_task(agentSpaceId=space, taskId=t["taskId"])["task"] for t in all_tasks(client, space)]


def test_grouped_repeated_and_resolved_alerts(client, alertmanager):
    am, hook = alertmanager
    space = hook.space
    # Group 1: two alerts of one alertname -> one delivery, one task.
    am.push([am_alert("HighErrorRate", "checkout"), am_alert("HighErrorRate", "cart")])

    def first_group():
        tasks = detailed(client, space)
        return tasks if len(tasks) == 1 and intake_meta(tasks[0]).get("alertCount") == 2 else None
    primary = wait_for(first_group, timeout=30, what="one task with both alerts")[0]
    assert primary["taskType"] == "INVESTIGATION" and primary["status"] == "PENDING_START"
    assert intake_meta(primary)["source"] == "alertmanager"
    assert {a["alertName"] for a in intake_meta(primary)["alerts"]} == {"HighErrorRate"}

    # Group 2: another alertname on the same service -> its own task, LINKED to the first.
    am.push([am_alert("LatencyHigh", "checkout")])

    def linked():
        tasks = detailed(client, space)
        return tasks if len(tasks) == 2 else None
    tasks = wait_for(linked, timeout=30, what="the second group's task")
    second = next(t for t in tasks if t["taskId"] != primary["taskId"])
    assert second["status"] == "LINKED" and second["primaryTaskId"] == primary["taskId"]
    assert "the same resource (checkout)" in intake_meta(second)["link"]
    refreshed = client.get_backlog_task(agentSpaceId=space, taskId=primary["taskId"])["task"]
    assert refreshed["hasLinkedTasks"] is True
    listed = client.list_backlog_tasks(agentSpaceId=space, filter={"primaryTaskId": primary["taskId"]})["tasks"]
    assert [t["taskId"] for t in listed] == [second["taskId"]]

    # Repeats: Alertmanager re-sends the unchanged group every repeat_interval; counts grow, tasks do not.
    am.push([am_alert("HighErrorRate", "checkout"), am_alert("HighErrorRate", "cart")])

    def repeated():
        t = client.get_backlog_task(agentSpaceId=space, taskId=primary["taskId"])["task"]
        m = intake_meta(t)
        return t if m.get("occurrences", 0) >= 4 else None
    wait_for(repeated, timeout=30, what="repeat notifications counted")
    assert len(all_tasks(client, space)) == 2

    # Resolve group 1: the alerts close, the task stays and says so.
    am.push([am_alert("HighErrorRate", "checkout", resolved=True), am_alert("HighErrorRate", "cart", resolved=True)])

    def resolved():
        t = client.get_backlog_task(agentSpaceId=space, taskId=primary["taskId"])["task"]
        return t if intake_meta(t).get("allResolved") else None
    done = wait_for(resolved, timeout=30, what="the group to resolve")
    assert all(a["status"] == "resolved" and a.get("resolvedAt") for a in intake_meta(done)["alerts"])
    assert len(all_tasks(client, space)) == 2
