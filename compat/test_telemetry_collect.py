"""`vigil telemetry collect` end to end: metrics and log events put into moto (server mode) with boto3
are collected for a Lambda function's incident window into a bundle, which `vigil investigate`
then reads. Also the refusals: no entity, a non-empty bundle directory, an endpoint that fails."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess

import boto3

from helpers import clean_env, vigil_binary
from test_aws_validation import moto  # noqa: F401 - the moto fixture (one moto per module)

REGION = "us-east-1"
FUNCTION = "checkout-fn"
FUNCTION_ARN = f"arn:aws:lambda:{REGION}:123456789012:function:{FUNCTION}"


def aws(url: str, service: str):
    return boto3.client(service, endpoint_url=url, region_name=REGION,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def vigil(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(clean_env(), AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
               AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
    # The timeout only keeps a hang from blocking the suite; the expectations are on the output.
    return subprocess.run([str(vigil_binary()), *args], env=env, capture_output=True, text=True, timeout=timeout)


def test_collects_an_incident_window_into_a_bundle_that_investigate_reads(moto, tmp_path):  # noqa: F811
    # The incident began at `at`; the window is the 20 minutes before it and the 5 after.
    at = dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0) - dt.timedelta(minutes=7)
    cw, logs = aws(moto, "cloudwatch"), aws(moto, "logs")
    for minute in range(-18, 5):
        stamp = at + dt.timedelta(minutes=minute)
        errors = 40.0 + minute if minute >= 0 else 1.0 + (minute % 2)
        cw.put_metric_data(Namespace="AWS/Lambda", MetricData=[{
            "MetricName": "Errors", "Dimensions": [{"Name": "FunctionName", "Value": FUNCTION}],
            "Timestamp": stamp, "Value": errors, "Unit": "Count"}])
    group = f"/aws/lambda/{FUNCTION}"
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="s1")
    events = [{"timestamp": int((at + dt.timedelta(minutes=m)).timestamp() * 1000),
               "message": f"order {1000 + m} accepted"} for m in range(-15, 0)]
    events += [{"timestamp": int((at + dt.timedelta(minutes=m, seconds=s)).timestamp() * 1000),
                "message": f"ERROR payment declined for order {2000 + 10 * m + s}"} for m in range(0, 4) for s in range(0, 50, 10)]
    logs.put_log_events(logGroupName=group, logStreamName="s1", logEvents=events)

    bundle = tmp_path / "bundle"
    res = vigil("telemetry", "collect", "--region", REGION, "--endpoint-url", moto, "--entity", FUNCTION_ARN,
                "--at", at.isoformat(), "--bundle", str(bundle))
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(f"wrote {bundle}:"), res.stdout

    incident = json.loads((bundle / "incident.json").read_text())
    assert incident["symptom"] == FUNCTION_ARN
    metric_files = list((bundle / "metrics").glob("*.csv"))
    header = metric_files[0].read_text().splitlines()[0].split(",")
    assert header[0] == "timestamp"
    assert f"{FUNCTION_ARN}:Errors" in header
    lines = [json.loads(l) for l in (bundle / "logs" / "logs.jsonl").read_text().splitlines()]
    assert len(lines) == 15 + 20
    assert {l["entity"] for l in lines} == {FUNCTION_ARN}
    assert sum(l["message"].startswith("ERROR payment declined for order") for l in lines) == 20

    res = vigil("investigate", "--bundle", str(bundle), "--json")
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["hypotheses"], report
    assert report["hypotheses"][0]["entity"] == FUNCTION_ARN
    assert report["hypotheses"][0]["evidence"]


def test_refuses_bad_arguments_and_reports_a_failing_endpoint(moto, tmp_path):  # noqa: F811
    res = vigil("telemetry", "collect", "--region", REGION, "--bundle", str(tmp_path / "b"))
    assert res.returncode != 0 and "at least one --entity" in res.stderr
    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("x")
    res = vigil("telemetry", "collect", "--region", REGION, "--entity", FUNCTION_ARN, "--bundle", str(full))
    assert res.returncode != 0 and "is not empty" in res.stderr
    res = vigil("telemetry", "collect", "--region", REGION, "--entity", FUNCTION_ARN, "--at", "yesterday",
                "--bundle", str(tmp_path / "c"))
    assert res.returncode != 0 and "--at must be" in res.stderr
    # Nothing listens on port 9 of loopback: the STS call fails and nothing is written.
    res = vigil("telemetry", "collect", "--region", REGION, "--endpoint-url", "http://127.0.0.1:9",
                "--entity", FUNCTION_ARN, "--bundle", str(tmp_path / "d"), timeout=600)
    assert res.returncode == 2, res.stderr
    assert "vigil telemetry collect:" in res.stderr
    assert not (tmp_path / "d").exists()
