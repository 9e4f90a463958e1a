"""Webhook intake end to end: real boto3 for the API, raw HTTP for deliveries as senders make them."""
from __future__ import annotations

import json
import sqlite3

import pytest

from intake_support import (all_tasks, generic, hmac_headers, intake_meta, make_hook, now_iso, payload, post,
                            wait_for)


@pytest.fixture
def hmac_hook(client, space):
    return make_hook(client, space)


@pytest.fixture
def key_hook(client, space):
    return make_hook(client, space, auth="apikey")


def send_hmac(server, hook, body: bytes, **kw):
    return post(server, hook.path, body, hmac_headers(hook.secret, body, **kw))


def test_hmac_delivery_becomes_one_investigation_task(server, client, hmac_hook):
    assert hmac_hook.type == "hmac" and hmac_hook.secret and "/webhook/generic/" in hmac_hook.url
    status, reply = send_hmac(server, hmac_hook, generic("INC-1", title="Checkout is down"))
    assert status == 202 and reply["sender"] == "generic" and reply["alerts"] == 1
    tasks = wait_for(lambda: all_tasks(client, hmac_hook.space), what="a task")
    assert len(tasks) == 1
    task = client.get_backlog_task(agentSpaceId=hmac_hook.space, taskId=tasks[0]["taskId"])["task"]
    assert task["title"] == "Checkout is down" and task["taskType"] == "INVESTIGATION" and task["priority"] == "HIGH"
    assert task["status"] == "PENDING_START" and "generic alert 'Checkout is down'" in task["statusReason"]
    meta = intake_meta(task)
    assert meta["source"] == "generic" and meta["alerts"][0]["count"] == 1 and "repeats are counted" in meta["rules"]
    # An update of the same incident is a repeat on the same task; resolved closes the alert.
    assert send_hmac(server, hmac_hook, generic("INC-1", action="updated", title="Checkout still down"))[0] == 202
    assert send_hmac(server, hmac_hook, generic("INC-1", action="resolved"))[0] == 202

    def settled():
        t = client.get_backlog_task(agentSpaceId=hmac_hook.space, taskId=task["taskId"])["task"]
        return t if intake_meta(t).get("allResolved") else None
    final = wait_for(settled, what="the alert to resolve")
    assert intake_meta(final)["alerts"][0]["count"] == 2 and len(all_tasks(client, hmac_hook.space)) == 1


def test_signature_failures_are_401_and_apply_nothing(server, client, hmac_hook):
    body = generic("INC-sig")
    good = hmac_headers(hmac_hook.secret, body)
    cases = {
        "wrong secret": hmac_headers("not-the-secret", body),
        "missing signature": {"x-amzn-event-timestamp": good["x-amzn-event-timestamp"]},
        "missing timestamp": {"x-amzn-event-signature": good["x-amzn-event-signature"]},
        "old timestamp": hmac_headers(hmac_hook.secret, body, timestamp=now_iso(-301)),
        "future timestamp": hmac_headers(hmac_hook.secret, body, timestamp=now_iso(+301)),
    }
    for name, headers in cases.items():
        status, reply = post(server, hmac_hook.path, body, headers)
        assert status == 401, name
        assert "not authenticated" in reply["message"], name
    # Body altered after signing.
    status, _ = post(server, hmac_hook.path, body.replace(b"INC-sig", b"INC-sag"), good)
    assert status == 401
    # Unknown webhook id.
    assert post(server, "/webhook/generic/does-not-exist", body, good)[0] == 404
    # The genuine delivery, then its replay: accepted once, the replay is a duplicate.
    assert post(server, hmac_hook.path, body, good)[0] == 202
    status, reply = post(server, hmac_hook.path, body, good)
    assert status == 200 and reply["status"] == "duplicate"
    tasks = wait_for(lambda: all_tasks(client, hmac_hook.space), what="the task")
    assert len(tasks) == 1
    assert hmac_hook.secret not in server.log_text()
    # Every refusal is in the audit trail with its reason, never with the secret.
    db = sqlite3.connect(f"file:{server.data_dir / 'audit.sqlite'}?mode=ro", uri=True)
    rows = db.execute("SELECT kind, decision, detail FROM audit_records WHERE action = 'intake:DeliverWebhook' AND principal = ?",
                      (f"webhook:{hmac_hook.webhook_id}",)).fetchall()
    db.close()
    reasons = [json.loads(detail)["reason"] for kind, decision, detail in rows if kind == "auth-failure" and decision == "deny"]
    assert "x-amzn-event-signature does not match" in reasons
    assert "missing x-amzn-event-signature header" in reasons and "missing x-amzn-event-timestamp header" in reasons
    assert reasons.count("x-amzn-event-timestamp is more than 5 minutes from the server clock") == 2
    assert len(reasons) == 6 and not any(hmac_hook.secret in d for _, _, d in rows)


def test_bad_payloads_get_precise_4xx(server, client, hmac_hook):
    def send(body: bytes, content_type="application/json"):
        return post(server, hmac_hook.path, body, hmac_headers(hmac_hook.secret, body), content_type=content_type)

    big = json.dumps({"eventType": "incident", "action": "created", "incidentId": "x", "title": "x",
                      "data": {"blob": "a" * (1 << 20)}}).encode()
    assert send(big)[0] == 413
    status, reply = send(b'{"eventType": "incident", "action": ')
    assert status == 400 and "Malformed JSON" in reply["message"]
    status, reply = send(json.dumps({"eventType": "incident", "action": "created", "title": "no id"}).encode())
    assert status == 400 and "incidentId" in reply["message"]
    status, reply = send(json.dumps({"something": "else"}).encode())
    assert status == 400 and "unrecognised payload" in reply["message"]
    assert send(generic("INC-ct"), content_type="text/plain")[0] == 415
    assert send(generic("INC-ct"), content_type=None)[0] == 415
    # Unknown extra fields are kept, not refused.
    assert send(payload("generic"))[0] == 202
    tasks = wait_for(lambda: all_tasks(client, hmac_hook.space), what="the task")
    assert [t["title"] for t in tasks] == ["Checkout latency spike"]


def test_apikey_webhook_and_secret_rotation(server, client, key_hook):
    assert key_hook.type == "apikey" and key_hook.secret
    listed = client.list_webhooks(agentSpaceId=key_hook.space, associationId=key_hook.association_id)["webhooks"]
    assert listed == [{"webhookUrl": key_hook.url, "webhookType": "apikey", "webhookId": key_hook.webhook_id}]
    body = generic("INC-key")
    assert post(server, key_hook.path, body, {"Authorization": f"Bearer {key_hook.secret}"})[0] == 202
    assert post(server, key_hook.path, body, {"Authorization": "Bearer wrong"})[0] == 401
    assert post(server, key_hook.path, body)[0] == 401
    # UpdateAssociation issues a new key, shown once; the old one stops working.
    rotated = client.update_association(agentSpaceId=key_hook.space, associationId=key_hook.association_id,
                                        configuration={"eventChannel": {}})["webhook"]
    assert rotated["webhookId"] == key_hook.webhook_id and rotated["apiKey"] != key_hook.secret
    assert post(server, key_hook.path, body, {"Authorization": f"Bearer {key_hook.secret}"})[0] == 401
    assert post(server, key_hook.path, generic("INC-key2"), {"Authorization": f"Bearer {rotated['apiKey']}"})[0] == 202
    assert "apiKey" not in client.list_webhooks(agentSpaceId=key_hook.space, associationId=key_hook.association_id)["webhooks"][0]


def test_rotation_can_switch_hmac_to_apikey_with_the_service_tag(server, client, hmac_hook):
    client.tag_resource(resourceArn=f"arn:aws:aidevops:us-east-1:123456789012:service/{hmac_hook.service_id}",
                        tags={"vigil:webhook-auth": "apikey"})
    rotated = client.update_association(agentSpaceId=hmac_hook.space, associationId=hmac_hook.association_id,
                                        configuration={"eventChannel": {}})["webhook"]
    assert rotated["webhookType"] == "apikey" and rotated.get("apiKey")
    assert post(server, hmac_hook.path, generic("INC-sw"), {"Authorization": f"Bearer {rotated['apiKey']}"})[0] == 202


@pytest.mark.parametrize("name,sender,headers", [
    ("alertmanager-v4", "alertmanager", {}),
    ("grafana", "grafana", {}),
    ("pagerduty-v3-triggered", "pagerduty", {}),
    ("gitlab-alert", "gitlab", {"X-Gitlab-Event": "Alert Hook"}),
    ("gitlab-pipeline-failed", "gitlab", {"X-Gitlab-Event": "Pipeline Hook"}),
    ("eventbridge-alarm", "cloudwatch", {}),
    ("generic", "generic", {}),
])
def test_every_sender_format_at_one_url(server, client, key_hook, name, sender, headers):
    h = {"Authorization": f"Bearer {key_hook.secret}", **headers}
    status, reply = post(server, key_hook.path, payload(name), h)
    assert status == 202 and reply["sender"] == sender, reply
    tasks = wait_for(lambda: all_tasks(client, key_hook.space), what="a task")
    assert all(t["taskType"] == "INVESTIGATION" for t in tasks)
    assert intake_meta(client.get_backlog_task(agentSpaceId=key_hook.space, taskId=tasks[0]["taskId"])["task"])["source"] == sender


def test_sns_deliveries_are_refused_until_enabled(server, key_hook):
    status, reply = post(server, key_hook.path, payload("sns-alarm-notification"),
                         {"Authorization": f"Bearer {key_hook.secret}", "x-amz-sns-message-type": "Notification"},
                         content_type="text/plain; charset=UTF-8")
    assert status == 401


def test_rules_from_space_tags_group_alerts(server, client, space, key_hook):
    client.tag_resource(resourceArn=f"arn:aws:aidevops:us-east-1:123456789012:agentspace/{space}",
                        tags={"vigil:intake:group-by": "alertname", "vigil:intake:link-window": "0"})
    auth = {"Authorization": f"Bearer {key_hook.secret}"}
    for service in ("checkout", "cart", "search"):
        body = json.dumps({"version": "4", "groupKey": service, "status": "firing", "alerts": [{
            "status": "firing", "labels": {"alertname": "HighErrorRate", "service": service},
            "annotations": {}, "startsAt": now_iso(), "fingerprint": service}]}).encode()
        assert post(server, key_hook.path, body, auth)[0] == 202

    def grouped():
        ts = all_tasks(client, space)
        return ts if ts and intake_meta(client.get_backlog_task(agentSpaceId=space, taskId=ts[0]["taskId"])["task"]).get("alertCount") == 3 else None
    tasks = wait_for(grouped, what="three alerts on one task")
    assert len(tasks) == 1
    meta = intake_meta(client.get_backlog_task(agentSpaceId=space, taskId=tasks[0]["taskId"])["task"])
    assert meta["groupLabels"] == {"alertname": "HighErrorRate"} and "Linking is off" in meta["rules"]
