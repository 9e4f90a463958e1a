"""`vigil posture` against good and bad role setups built in moto: each checklist verdict."""
from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from helpers import ACCOUNT_ID, REGION, clean_env, make_client, space_arn, unique, vigil_binary
from test_aws_validation import moto, moto_iam  # noqa: F401 - the moto fixture

MONITOR = "210987654321"
SOURCE = "109876543210"


def test_posture_verdicts(vigil_server, moto):  # noqa: F811
    env = {"VIGIL_AWS_ENDPOINT_URL": moto, "AWS_ACCESS_KEY_ID": "vigil-base", "AWS_SECRET_ACCESS_KEY": "vigil-base-secret"}
    # The server exports its audit trail (to CloudWatch Logs in moto): the audit-export item passes.
    server = vigil_server("posture", env={**env, "VIGIL_AUDIT_EXPORT": f"cloudwatch-logs://{REGION}/vigil/{unique('trail')}",
                                          "VIGIL_AUDIT_EXPORT_INTERVAL_SECONDS": "1"})
    client = make_client(server)
    space = client.create_agent_space(name="posture")["agentSpace"]["agentSpaceId"]
    arn = space_arn(space)

    good, bad = unique("GoodAgent"), unique("BadSource")
    monitor = moto_iam(moto, MONITOR)
    monitor.create_role(RoleName=good, AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "aidevops.amazonaws.com"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT_ID}, "ArnEquals": {"aws:SourceArn": arn}}}]}))
    monitor.attach_role_policy(RoleName=good, PolicyArn="arn:aws:iam::aws:policy/AIDevOpsAgentAccessPolicy")
    monitor.put_role_policy(RoleName=good, PolicyName="slr", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*",
        "Condition": {"StringEquals": {"iam:AWSServiceName": "resource-explorer-2.amazonaws.com"}}}]}))
    source = moto_iam(moto, SOURCE)
    source.create_role(RoleName=bad, AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{MONITOR}:role/{good}"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": space}}}]}))
    source.put_role_policy(RoleName=bad, PolicyName="everything", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "*", "Resource": "*"}]}))

    client.associate_service(agentSpaceId=space, serviceId="aws", configuration={"aws": {
        "assumableRoleArn": f"arn:aws:iam::{MONITOR}:role/{good}", "accountId": MONITOR, "accountType": "monitor"}})
    client.associate_service(agentSpaceId=space, serviceId="aws", configuration={"sourceAws": {
        "assumableRoleArn": f"arn:aws:iam::{SOURCE}:role/{bad}", "accountId": SOURCE, "accountType": "source"}})

    deadline = time.time() + 30
    while not list(Path(server.data_dir).glob("audit-export-*.json")):
        assert time.time() < deadline, "the audit trail was not exported within 30 s"
        time.sleep(0.2)
    run_env = clean_env()
    run_env.update(env)
    run_env.update({"VIGIL_ACCOUNT_ID": ACCOUNT_ID, "VIGIL_REGION": REGION})
    res = subprocess.run([str(vigil_binary()), "posture", "--data-dir", str(server.data_dir), "--space", space, "--json"],
                         capture_output=True, text=True, env=run_env, timeout=120)
    assert res.returncode == 1, res.stdout + res.stderr  # the bad source role fails
    items = {(i["id"], i.get("accountId")): i for i in json.loads(res.stdout)}
    for check in ["trust-service-principal", "trust-source-account", "trust-source-arn", "access-policy-attached",
                  "service-linked-role-scoped", "no-wildcard-write"]:
        assert items[(check, MONITOR)]["verdict"] == "pass", items[(check, MONITOR)]
    external = items[("trust-external-id", SOURCE)]
    assert external["verdict"] == "fail" and "not its ARN" in external["evidence"] and arn in external["fix"]
    wildcard = items[("no-wildcard-write", SOURCE)]
    assert wildcard["verdict"] == "fail" and "everything" in wildcard["evidence"]
    export = items[("audit-export-enabled", None)]
    assert export["verdict"] == "pass" and "records exported" in export["evidence"], export
    mcp = items[("mcp-allowlists-read-only", None)]
    assert mcp["verdict"] == "pass" and "No MCP tool is allowlisted" in mcp["evidence"], mcp


def test_posture_flags_a_monitor_role_without_confused_deputy_conditions(vigil_server, moto):  # noqa: F811
    env = {"VIGIL_AWS_ENDPOINT_URL": moto, "AWS_ACCESS_KEY_ID": "vigil-base", "AWS_SECRET_ACCESS_KEY": "vigil-base-secret"}
    server = vigil_server("posture-bad", env=env)
    client = make_client(server)
    space = client.create_agent_space(name="posture-bad")["agentSpace"]["agentSpaceId"]
    role = unique("LooseAgent")
    monitor = moto_iam(moto, MONITOR)
    monitor.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "aidevops.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
    monitor.put_role_policy(RoleName=role, PolicyName="slr", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}]}))
    client.associate_service(agentSpaceId=space, serviceId="aws", configuration={"aws": {
        "assumableRoleArn": f"arn:aws:iam::{MONITOR}:role/{role}", "accountId": MONITOR, "accountType": "monitor"}})
    run_env = clean_env()
    run_env.update(env)
    run_env.update({"VIGIL_ACCOUNT_ID": ACCOUNT_ID, "VIGIL_REGION": REGION})
    res = subprocess.run([str(vigil_binary()), "posture", "--data-dir", str(server.data_dir), "--space", space, "--json"],
                         capture_output=True, text=True, env=run_env, timeout=120)
    assert res.returncode == 1, res.stdout + res.stderr
    export = next(i for i in json.loads(res.stdout) if i["id"] == "audit-export-enabled")
    assert export["verdict"] == "fail" and "VIGIL_AUDIT_EXPORT=" in export["fix"], export
    items = {i["id"]: i for i in json.loads(res.stdout) if i.get("accountId") == MONITOR}
    assert items["trust-service-principal"]["verdict"] == "pass"
    for check in ["trust-source-account", "trust-source-arn", "access-policy-attached", "service-linked-role-scoped"]:
        assert items[check]["verdict"] == "fail" and items[check]["fix"], items[check]
    assert ACCOUNT_ID in items["trust-source-account"]["fix"]
