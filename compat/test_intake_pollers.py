"""Intake beyond webhooks, end to end through `vigil serve`: Grafana's own HMAC signature at an `hmac`
webhook, and the CloudWatch alarm poller reading moto (server mode) through the space's assumed role."""
from __future__ import annotations

import hashlib
import hmac
import json
import time

import boto3

from helpers import make_client, unique
from intake_support import all_tasks, intake_meta, make_hook, payload, post, wait_for
from test_aws_validation import moto, moto_iam  # noqa: F401 - the moto fixture

MONITOR = "210987654323"


def grafana_headers(secret: str, body: bytes, timestamp: int | None) -> dict[str, str]:
    message = body if timestamp is None else f"{timestamp}:".encode() + body
    headers = {"X-Grafana-Alerting-Signature": hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()}
    if timestamp is not None:
        headers["X-Grafana-Alerting-Signature-Timestamp"] = str(timestamp)
    return headers


def test_grafana_signed_deliveries(server, client, space):
    hook = make_hook(client, space)
    assert hook.type == "hmac"
    body = payload("grafana")
    now = int(time.time())
    status, reply = post(server, hook.path, body, grafana_headers(hook.secret, body, now))
    assert status == 202 and reply["sender"] == "grafana", reply
    # The same timestamped delivery again is a duplicate, not a second occurrence.
    assert post(server, hook.path, body, grafana_headers(hook.secret, body, now)) == (200, {
        "status": "duplicate", "message": "This delivery was already accepted; it is not applied again"})
    refused = {
        "wrong secret": grafana_headers("not-the-secret", body, now),
        "old timestamp": grafana_headers(hook.secret, body, now - 301),
        "body altered": grafana_headers(hook.secret, body + b" ", now),
        "timestamp not signed": {**grafana_headers(hook.secret, body, None), "X-Grafana-Alerting-Signature-Timestamp": str(now)},
    }
    for name, headers in refused.items():
        assert post(server, hook.path, body, headers)[0] == 401, name
    # Body-only signing (no timestamp header configured in Grafana) is accepted.
    assert post(server, hook.path, body, grafana_headers(hook.secret, body, None))[0] == 202
    tasks = wait_for(lambda: all_tasks(client, space), what="the Grafana task")
    assert intake_meta(client.get_backlog_task(agentSpaceId=space, taskId=tasks[0]["taskId"])["task"])["source"] == "grafana"


def test_cloudwatch_alarm_poller_in_the_server(vigil_server, moto):  # noqa: F811
    env = {"VIGIL_AWS_ENDPOINT_URL": moto, "AWS_ACCESS_KEY_ID": "vigil-base", "AWS_SECRET_ACCESS_KEY": "vigil-base-secret",
           "VIGIL_INTAKE_ALARM_POLL_SECONDS": "10"}
    server = vigil_server("alarm-poller", env=env)
    client = make_client(server)
    space = client.create_agent_space(name="alarm-poller")["agentSpace"]["agentSpaceId"]
    role = unique("PollerRole")
    moto_iam(moto, MONITOR).create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]}))
    cw = boto3.client("cloudwatch", endpoint_url=moto, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")
    cw.meta.events.register("before-sign.cloudwatch.*",
                            lambda request, **_: request.headers.__setitem__("x-moto-account-id", MONITOR))
    alarm = unique("orders-latency")
    cw.put_metric_alarm(AlarmName=alarm, Namespace="AWS/ApplicationELB", MetricName="TargetResponseTime",
                        Dimensions=[{"Name": "LoadBalancer", "Value": "app/orders/123"}], Statistic="Average", Period=60,
                        EvaluationPeriods=1, Threshold=1.0, ComparisonOperator="GreaterThanThreshold")
    cw.set_alarm_state(AlarmName=alarm, StateValue="ALARM", StateReason="slow")
    client.associate_service(agentSpaceId=space, serviceId="aws", configuration={"aws": {
        "assumableRoleArn": f"arn:aws:iam::{MONITOR}:role/{role}", "accountId": MONITOR, "accountType": "monitor"}})

    tasks = wait_for(lambda: all_tasks(client, space), timeout=40, what="the alarm's task")
    task = client.get_backlog_task(agentSpaceId=space, taskId=tasks[0]["taskId"])["task"]
    meta = intake_meta(task)
    assert meta["source"] == "cloudwatch" and meta["sourceIdentity"] == "poller:cloudwatch" and meta["resource"] == "app/orders/123"
    cw.set_alarm_state(AlarmName=alarm, StateValue="OK", StateReason="fast again")

    def resolved():
        t = client.get_backlog_task(agentSpaceId=space, taskId=task["taskId"])["task"]
        return t if intake_meta(t).get("allResolved") else None
    wait_for(resolved, timeout=40, what="the alarm to resolve")
    assert len(all_tasks(client, space)) == 1
