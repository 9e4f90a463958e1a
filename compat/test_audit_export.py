"""The server exports its audit trail by itself when VIGIL_AUDIT_EXPORT is set: to CloudWatch Logs
in the account of a configured role, and to S3 across a crash (SIGKILL) and restarts. moto in
server mode is the AWS endpoint; the records are read back with boto3."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import urllib.request
from pathlib import Path

import boto3
import pytest

from helpers import run_moto, VigilServer, free_port, make_client, vigil_binary, wait_for

EXPORT_ACCOUNT = "444455556666"


@pytest.fixture(scope="module")
def moto():
    yield from run_moto()


def aws(service, url, account=None):
    client = boto3.client(service, endpoint_url=url, region_name="us-east-1",
                          aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="x")
    if account:
        client.meta.events.register(f"before-sign.{service}.*",
                                    lambda request, **_: request.headers.__setitem__("x-moto-account-id", account))
    return client


def audit_seqs(data_dir: Path) -> list[int]:
    db = sqlite3.connect(f"file:{data_dir / 'audit.sqlite'}?mode=ro", uri=True)
    seqs = [r[0] for r in db.execute("SELECT seq FROM audit_records ORDER BY seq")]
    db.close()
    return seqs


def base_env(moto_url):
    return {"VIGIL_AWS_ENDPOINT_URL": moto_url, "AWS_ACCESS_KEY_ID": "vigil-base", "AWS_SECRET_ACCESS_KEY": "vigil-base-secret",
            "VIGIL_AUDIT_EXPORT_INTERVAL_SECONDS": "1", "VIGIL_INTAKE_SERVICENOW_POLL_SECONDS": "0",
            "VIGIL_INTAKE_ALARM_POLL_SECONDS": "0"}


def test_server_exports_to_cloudwatch_logs_in_the_roles_account(vigil_server, moto):
    env = base_env(moto) | {"VIGIL_AUDIT_EXPORT": "cloudwatch-logs://us-east-1/vigil/audit/server-1",
                            "VIGIL_AUDIT_EXPORT_ROLE_ARN": f"arn:aws:iam::{EXPORT_ACCOUNT}:role/vigil-audit-export",
                            "VIGIL_AUDIT_EXPORT_EXTERNAL_ID": "vigil-audit"}
    server = vigil_server("audit-export-cwl", env=env)
    client = make_client(server)
    space = client.create_agent_space(name="exported")["agentSpace"]["agentSpaceId"]
    client.get_agent_space(agentSpaceId=space)
    logs = aws("logs", moto, EXPORT_ACCOUNT)

    def exported():
        try:
            events = logs.get_log_events(logGroupName="vigil/audit", logStreamName="server-1", startFromHead=True)["events"]
        except logs.exceptions.ResourceNotFoundException:
            return None
        lines = [json.loads(e["message"]) for e in events]
        return lines if any(l["action"] == "aidevops:GetAgentSpace" for l in lines) else None

    lines = wait_for("records in CloudWatch Logs", exported)
    assert [l["seq"] for l in lines] == list(range(len(lines)))
    create = next(l for l in lines if l["action"] == "aidevops:CreateAgentSpace")
    assert create["decision"] == "allow" and create["agentSpaceId"] in ("", space) and len(create["leafHash"]) == 64
    # Nothing went to the base account: the group exists only in the role's account.
    assert aws("logs", moto).describe_log_groups()["logGroups"] == []
    server.stop()
    # What the graceful stop exported last is there too: every record, once.
    all_lines = [json.loads(e["message"]) for e in
                 logs.get_log_events(logGroupName="vigil/audit", logStreamName="server-1", startFromHead=True)["events"]]
    assert [l["seq"] for l in all_lines] == audit_seqs(server.data_dir)


def test_server_exports_to_s3_across_a_crash_and_restarts(moto, tmp_path):
    bucket = "vigil-audit-export"
    s3 = aws("s3", moto)
    s3.create_bucket(Bucket=bucket)
    env = base_env(moto) | {"VIGIL_AUDIT_EXPORT": f"s3://{bucket}/trail/server-1?region=us-east-1"}
    data_dir = tmp_path / "data"

    def objects():
        listed = s3.list_objects_v2(Bucket=bucket, Prefix="trail/server-1/").get("Contents", [])
        return sorted(o["Key"] for o in listed)

    def exported_seqs():
        seqs = []
        for key in objects():
            body = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode()
            seqs += [json.loads(line)["seq"] for line in body.splitlines()]
        return seqs

    first = VigilServer("audit-export-s3-1", data_dir=data_dir, env=env).start()
    try:
        client = make_client(first)
        for i in range(5):
            client.create_agent_space(name=f"s3-export-{i}")
        wait_for("a first object", objects)
        # A crash: no graceful stop, no final export pass.
        first.proc.kill()
        first.proc.wait(timeout=10)
        first._forget()
    finally:
        first.stop()
    second = VigilServer("audit-export-s3-2", data_dir=data_dir, env=env).start()
    try:
        client = make_client(second)
        for i in range(5):
            client.list_agent_spaces()
        second.stop()
        third = VigilServer("audit-export-s3-3", data_dir=data_dir, env=env).start()
        make_client(third).list_agent_spaces()
        third.stop()
    finally:
        second.stop()
    recorded = audit_seqs(data_dir)
    # No gaps and, with keys named by each batch's first record, no duplicates either.
    assert exported_seqs() == recorded
    assert all(key.endswith(".jsonl") and len(key.rsplit("/", 1)[1]) == len("00000000000000000000.jsonl") for key in objects())
    for srv in (first, second, third):
        srv.cleanup_files()


def test_a_malformed_export_setting_stops_the_server_with_the_reason(tmp_path):
    env = dict(os.environ, VIGIL_AUDIT_EXPORT="s3://audit-bucket/trail")
    res = subprocess.run([str(vigil_binary()), "serve", "--data-dir", str(tmp_path / "d"), "--port", str(free_port())],
                         env=env, capture_output=True, text=True, timeout=60)
    assert res.returncode != 0
    assert "s3 export needs the bucket's region: s3://audit-bucket/trail?region=REGION" in res.stdout + res.stderr
