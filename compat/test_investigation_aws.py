"""Investigations read from an associated AWS account, end to end: a Lambda function, the DynamoDB
table it uses, an alarm, metrics and log events are created with boto3 in moto (server mode); the
account is associated to a space over the API; discovery stores the topology; a backlog task is
created; the investigation must complete reading those resources through the assumed role: the
journal names the AWS sources and the resources, and the top finding points at the seeded error logs.
Also: a space with no AWS association and no source keeps its task waiting, untouched."""
from __future__ import annotations

import datetime as dt
import io
import json
import time
import zipfile

import boto3
import pytest

from helpers import make_client
from test_aws_validation import moto  # noqa: F401 - the moto fixture (one moto per module)
from test_topology_discovery import wait_for_run

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account
FUNCTION = "checkout-fn"
TABLE = "orders-table"
FUNCTION_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{FUNCTION}"
TABLE_ARN = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{TABLE}"
ERROR_LINE = "ERROR payment declined for order"


def aws(url: str, service: str):
    return boto3.client(service, endpoint_url=url, region_name=REGION,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


@pytest.fixture(scope="module")
def account(moto):  # noqa: F811
    """The resources (telemetry comes later, relative to the task's creation) and Vigil's read role."""
    iam = aws(moto, "iam")
    role = iam.create_role(RoleName="checkout-role", AssumeRolePolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": []}))["Role"]["Arn"]
    aws(moto, "dynamodb").create_table(TableName=TABLE, BillingMode="PAY_PER_REQUEST",
                                       KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                                       AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return None\n")
    aws(moto, "lambda").create_function(FunctionName=FUNCTION, Runtime="python3.12", Role=role, Handler="index.handler",
                                        Code={"ZipFile": code.getvalue()}, Environment={"Variables": {"TABLE_NAME": TABLE}})
    read_role = iam.create_role(RoleName="VigilInvestigate", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                                                "Action": ["sts:AssumeRole", "sts:TagSession"]}]}))["Role"]["Arn"]
    return {"url": moto, "role": read_role}


def seed_incident(url: str, created: dt.datetime) -> None:
    """The incident as the task's window will see it: the function's errors and log lines jump three
    minutes before the task is created (the default onset lead); the alarm goes to ALARM."""
    cw, logs = aws(url, "cloudwatch"), aws(url, "logs")
    onset = created - dt.timedelta(minutes=3)
    for minute in range(-17, 3):
        stamp = onset + dt.timedelta(minutes=minute)
        errors = 60.0 + 5 * minute if minute >= 0 else 1.0 + (minute % 2)
        cw.put_metric_data(Namespace="AWS/Lambda", MetricData=[
            {"MetricName": "Errors", "Dimensions": [{"Name": "FunctionName", "Value": FUNCTION}],
             "Timestamp": stamp, "Value": errors, "Unit": "Count"},
            {"MetricName": "Invocations", "Dimensions": [{"Name": "FunctionName", "Value": FUNCTION}],
             "Timestamp": stamp, "Value": 200.0 + (minute % 3), "Unit": "Count"}])
        cw.put_metric_data(Namespace="AWS/DynamoDB", MetricData=[
            {"MetricName": "ConsumedReadCapacityUnits", "Dimensions": [{"Name": "TableName", "Value": TABLE}],
             "Timestamp": stamp, "Value": 50.0 + (minute % 2), "Unit": "Count"}])
    cw.put_metric_alarm(AlarmName=f"{FUNCTION}-errors", Namespace="AWS/Lambda", MetricName="Errors",
                        Dimensions=[{"Name": "FunctionName", "Value": FUNCTION}], Statistic="Sum", Period=60,
                        EvaluationPeriods=2, Threshold=10, ComparisonOperator="GreaterThanThreshold")
    cw.set_alarm_state(AlarmName=f"{FUNCTION}-errors", StateValue="ALARM", StateReason="Errors above 10 for 2 minutes")
    group = f"/aws/lambda/{FUNCTION}"
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="s1")
    events = [{"timestamp": int((onset + dt.timedelta(minutes=m, seconds=s)).timestamp() * 1000),
               "message": f"INFO order {1000 + 10 * m + s} accepted"} for m in range(-16, 0) for s in (0, 30)]
    events += [{"timestamp": int((onset + dt.timedelta(minutes=m, seconds=s)).timestamp() * 1000),
                "message": f"{ERROR_LINE} {2000 + 10 * m + s}: card issuer unavailable"}
               for m in range(0, 3) for s in range(0, 60, 5)]
    events.sort(key=lambda e: e["timestamp"])
    logs.put_log_events(logGroupName=group, logStreamName="s1", logEvents=events)


def wait_final(client, space: str, task_id: str, deadline_s: float = 240) -> dict:
    """Polls until the task leaves PENDING_START/IN_PROGRESS; the deadline only guards a hang."""
    deadline = time.time() + deadline_s
    while True:
        task = client.get_backlog_task(agentSpaceId=space, taskId=task_id)["task"]
        if task["status"] not in ("PENDING_START", "IN_PROGRESS"):
            return task
        assert time.time() < deadline, f"task still {task['status']}: {task.get('statusReason')}"
        time.sleep(0.5)


def journal(client, space: str, execution_id: str) -> list[dict]:
    records, token = [], None
    while True:
        kwargs = {"nextToken": token} if token else {}
        page = client.list_journal_records(agentSpaceId=space, executionId=execution_id, order="ASC", limit=100, **kwargs)
        records += page["records"]
        token = page.get("nextToken")
        if not token:
            return records


def content(record: dict) -> dict:
    value = record["content"]
    return json.loads(value) if isinstance(value, str) else value


def test_an_associated_account_is_investigated_from_aws(vigil_server, account):
    server = vigil_server("investigation-aws", env={"VIGIL_AWS_ENDPOINT_URL": account["url"], "AWS_ACCESS_KEY_ID": "vigil-base",
                                                    "AWS_SECRET_ACCESS_KEY": "vigil-base-secret"})
    client = make_client(server)
    space = client.create_agent_space(name="investigation-aws")["agentSpace"]["agentSpaceId"]
    client.associate_service(agentSpaceId=space, serviceId="aws", configuration={
        "aws": {"assumableRoleArn": account["role"], "accountId": ACCOUNT, "accountType": "monitor"}})
    run = wait_for_run(server, space)
    assert run["status"] in ("complete", "partial"), run

    seed_incident(account["url"], dt.datetime.now(dt.timezone.utc))
    task = client.create_backlog_task(agentSpaceId=space, taskType="INVESTIGATION", priority="HIGH",
                                      title=f"{FUNCTION} errors are high",
                                      description="Checkout requests fail; the errors alarm is in ALARM.")["task"]
    done = wait_final(client, space, task["taskId"])
    assert done["status"] == "COMPLETED", done.get("statusReason")
    assert "not implemented" not in done["statusReason"] and "not wired" not in done["statusReason"]

    records = journal(client, space, done["executionId"])
    by_step = {}
    for record in records:
        by_step.setdefault(content(record)["step"], []).append((record["recordType"], content(record)))
    plan_type, plan = by_step["plan"][0]
    assert plan_type == "PLANNING"
    assert plan["source"].startswith("aws: metrics, alarms, logs, traces"), plan["source"]
    assert f"account {ACCOUNT} in {REGION}" in plan["source"], plan["source"]

    resolve_type, resolve = by_step["resolve-resources"][0]
    assert resolve_type == "SEARCHING"
    assert [m["entity"] for m in resolve["matched"]] == [FUNCTION_ARN]
    assert TABLE_ARN in [n["entity"] for n in resolve["neighbours"]], resolve["neighbours"]
    assert {"caller": FUNCTION_ARN, "callee": TABLE_ARN} in resolve["edges"], resolve["edges"]

    collect_type, collect = by_step["collect-telemetry"][0]
    assert collect_type == "SEARCHING"
    assert FUNCTION_ARN in collect["entities"] and TABLE_ARN in collect["entities"], collect["entities"]
    assert f"{FUNCTION_ARN}:Errors" in collect["series"], collect["series"]
    assert collect["counts"]["logEvents"] == 32 + 36, collect["counts"]
    assert collect["counts"]["metricSeries"] >= 2

    findings = [c for t, c in by_step["finding"] if t == "FINDING"]
    assert findings and findings[0]["rank"] == 1 and findings[0]["entity"] == FUNCTION_ARN, findings
    templates = [e.get("template") or "" for e in findings[0]["evidence"]]
    assert any(ERROR_LINE in t for t in templates), findings[0]["evidence"]
    summary = [c for t, c in by_step["summary"] if t == "SUMMARY"][0]
    assert FUNCTION_ARN in summary["text"] or FUNCTION in summary["text"], summary["text"]


def test_a_space_without_association_or_source_keeps_its_task_waiting(vigil_server):
    server = vigil_server("investigation-nosource")
    client = make_client(server)
    space = client.create_agent_space(name="nosource")["agentSpace"]["agentSpaceId"]
    task = client.create_backlog_task(agentSpaceId=space, taskType="INVESTIGATION", title="api errors", priority="HIGH")["task"]
    # The runner has looked at the space (it says so once in the log); the task is exactly as created.
    deadline = time.time() + 60
    while f"space={space}" not in server.log_text() or "tasks wait: the agent space has no AWS association" not in server.log_text():
        assert time.time() < deadline, "the runner never looked at the space"
        time.sleep(0.2)
    again = client.get_backlog_task(agentSpaceId=space, taskId=task["taskId"])["task"]
    assert again == task
    assert again["status"] == "PENDING_START" and "not implemented" not in again["statusReason"]
    assert client.list_executions(agentSpaceId=space, taskId=task["taskId"])["executions"] == []
