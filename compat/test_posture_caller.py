"""The caller's side of a delegated role assumption, against moto in server mode: a trust policy that
names only Vigil's account (`"AWS": "ACCOUNT"` or `arn:aws:iam::ACCOUNT:root`) leaves the decision to
the identity-based policies of Vigil's own principal. moto enforces neither side, so Vigil reads the
caller's policies through IAM and evaluates them itself; `vigil posture` reports the verdict per role
(`vigil-may-assume-role`)."""
from __future__ import annotations

import json
import subprocess

from helpers import ACCOUNT_ID, REGION, clean_env, make_client, unique, vigil_binary
from test_aws_validation import moto, moto_iam  # noqa: F401 - the moto fixture

MONITOR = "210987654322"
SOURCE = "109876543220"


def account_only_trust(principal: str, external_id: str | None = None) -> str:
    statement = {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": ["sts:AssumeRole", "sts:TagSession"]}
    if external_id is not None:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": external_id}}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def run_posture(server, env, space):
    run_env = clean_env()
    run_env.update(env)
    run_env.update({"VIGIL_ACCOUNT_ID": ACCOUNT_ID, "VIGIL_REGION": REGION})
    res = subprocess.run([str(vigil_binary()), "posture", "--data-dir", str(server.data_dir), "--space", space, "--json"],
                         capture_output=True, text=True, env=run_env, timeout=120)
    assert res.returncode in (0, 1), res.stdout + res.stderr
    return {(i["id"], i.get("accountId")): i for i in json.loads(res.stdout)}


def test_account_only_trust_needs_the_callers_own_permission(vigil_server, moto):  # noqa: F811
    # Vigil runs as an IAM user of its account whose policy allows assuming the monitor role only.
    base = moto_iam(moto, ACCOUNT_ID)
    user = unique("vigil-runner")
    base.create_user(UserName=user)
    key = base.create_access_key(UserName=user)["AccessKey"]
    monitor_role, source_role = unique("DelegatedMonitor"), unique("DelegatedSource")
    base.put_user_policy(UserName=user, PolicyName="assume-monitor", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                "Resource": f"arn:aws:iam::{MONITOR}:role/{monitor_role}"}]}))
    env = {"VIGIL_AWS_ENDPOINT_URL": moto, "AWS_ACCESS_KEY_ID": key["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"]}
    server = vigil_server("posture-caller", env=env)
    client = make_client(server)
    space = client.create_agent_space(name="posture-caller")["agentSpace"]["agentSpaceId"]
    space_arn = f"arn:aws:aidevops:{REGION}:{ACCOUNT_ID}:agentspace/{space}"

    moto_iam(moto, MONITOR).create_role(RoleName=monitor_role, AssumeRolePolicyDocument=account_only_trust(ACCOUNT_ID))
    moto_iam(moto, SOURCE).create_role(RoleName=source_role,
                                       AssumeRolePolicyDocument=account_only_trust(f"arn:aws:iam::{ACCOUNT_ID}:root", space_arn))
    monitor_id = client.associate_service(agentSpaceId=space, serviceId="aws", configuration={"aws": {
        "assumableRoleArn": f"arn:aws:iam::{MONITOR}:role/{monitor_role}", "accountId": MONITOR,
        "accountType": "monitor"}})["association"]["associationId"]
    source_id = client.associate_service(agentSpaceId=space, serviceId="aws", configuration={"sourceAws": {
        "assumableRoleArn": f"arn:aws:iam::{SOURCE}:role/{source_role}", "accountId": SOURCE,
        "accountType": "source"}})["association"]["associationId"]

    def validated() -> dict[str, str]:
        client.validate_aws_associations(agentSpaceId=space)
        return {name: client.get_association(agentSpaceId=space, associationId=i)["association"]["status"]
                for name, i in (("monitor", monitor_id), ("source", source_id))}

    # ValidateAwsAssociations applies the same caller-side check as the posture audit.
    assert validated() == {"monitor": "valid", "source": "invalid"}

    items = run_posture(server, env, space)
    allowed = items[("vigil-may-assume-role", MONITOR)]
    assert allowed["verdict"] == "pass", allowed
    assert f"user/{user}" in allowed["evidence"] and "allow sts:AssumeRole" in allowed["evidence"]

    denied = items[("vigil-may-assume-role", SOURCE)]
    assert denied["verdict"] == "fail", denied
    assert "caller's permissions" in denied["evidence"] and f"user/{user}" in denied["evidence"], denied
    assert "sts:AssumeRole" in denied["evidence"] and source_role in denied["fix"]

    # Granting the user the source role too (and TagSession, which source sessions carry) turns it to pass.
    base.put_user_policy(UserName=user, PolicyName="assume-source", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession"],
                                                "Resource": f"arn:aws:iam::{SOURCE}:role/{source_role}"}]}))
    items = run_posture(server, env, space)
    assert items[("vigil-may-assume-role", SOURCE)]["verdict"] == "pass", items[("vigil-may-assume-role", SOURCE)]
    assert validated() == {"monitor": "valid", "source": "valid"}

    assert key["SecretAccessKey"] not in json.dumps(list(items.values()))
