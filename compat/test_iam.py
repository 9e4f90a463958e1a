"""Vigil's own principals: users, roles and policies (`vigil iam`), STS AssumeRole through the real
`aws sts` CLI and boto3, and authorization of every call by IAM policy with space isolation."""
from __future__ import annotations

import json
import os
import subprocess
import time

import boto3
import pytest
from botocore.config import Config

from helpers import (ACCOUNT_ID, REGION, Cli, assert_error, clean_env, make_client, space_arn, strings_in, unique,
                     vigil_binary)


def vigil_iam(server, *args: str, expect_ok: bool = True) -> subprocess.CompletedProcess:
    env = clean_env()
    env.update({"VIGIL_ACCOUNT_ID": ACCOUNT_ID, "VIGIL_REGION": REGION})
    res = subprocess.run([str(vigil_binary()), "iam", *args, "--data-dir", str(server.data_dir)],
                         env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    if expect_ok:
        assert res.returncode == 0, f"vigil iam {' '.join(args)} failed: {res.stderr}"
    return res


def write_json(tmp_path, name: str, document: dict) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return str(path)


def new_user(server, tmp_path, statements: list[dict], boundary: list[dict] | None = None) -> dict:
    """A user with one inline policy (and optionally a boundary policy) and an access key."""
    name = unique("user")
    vigil_iam(server, "create-user", "--name", name, "--tag", "team=sre")
    vigil_iam(server, "put-inline-policy", "--user", name, "--policy-name", "scoped",
              "--document", write_json(tmp_path, f"{name}.json", {"Version": "2012-10-17", "Statement": statements}))
    if boundary is not None:
        policy = unique("boundary")
        vigil_iam(server, "create-policy", "--name", policy,
                  "--document", write_json(tmp_path, f"{policy}.json", {"Version": "2012-10-17", "Statement": boundary}))
        vigil_iam(server, "set-boundary", "--user", name, "--policy", policy)
    key = json.loads(vigil_iam(server, "create-access-key", "--user", name).stdout)
    return {"name": name, "arn": f"arn:aws:iam::{ACCOUNT_ID}:user/{name}", "key": key["AccessKeyId"],
            "secret": key["SecretAccessKey"]}


def sts_client(server, key: str, secret: str, token: str | None = None):
    return boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
                                 region_name=REGION).client(
        "sts", endpoint_url=server.url, config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))


def test_a_user_scoped_to_one_space_sees_nothing_of_another(server, client, space_factory, tmp_path):
    a, b = space_factory("team-a"), space_factory("team-b-secret-name")
    task_b = client.create_backlog_task(agentSpaceId=b, taskType="INVESTIGATION", title="b-only", priority="LOW")["task"]
    user = new_user(server, tmp_path, [{"Effect": "Allow", "Action": "aidevops:*", "Resource": space_arn(a)}])
    alice = make_client(server, key=user["key"], secret=user["secret"])

    assert alice.get_agent_space(agentSpaceId=a)["agentSpace"]["agentSpaceId"] == a
    alice.create_backlog_task(agentSpaceId=a, taskType="INVESTIGATION", title="allowed", priority="HIGH")
    calls = [
        lambda: alice.get_agent_space(agentSpaceId=b),
        lambda: alice.get_backlog_task(agentSpaceId=b, taskId=task_b["taskId"]),
        lambda: alice.list_backlog_tasks(agentSpaceId=b),
        lambda: alice.create_backlog_task(agentSpaceId=b, taskType="INVESTIGATION", title="x", priority="LOW"),
        lambda: alice.delete_agent_space(agentSpaceId=b),
        lambda: alice.get_agent_space(agentSpaceId="does-not-exist"),
        lambda: alice.create_agent_space(name="not-allowed"),
    ]
    for call in calls:
        resp = assert_error(call, "AccessDeniedException", 403)
        text = " ".join(strings_in(resp))
        assert "team-b-secret-name" not in text and "b-only" not in text
        assert user["arn"] in resp["Error"]["Message"]
    # Denied for an existing and a missing space alike: existence does not leak.
    listed = [s["agentSpaceId"] for s in alice.list_agent_spaces()["agentSpaces"]]
    assert a in listed and b not in listed
    # The real CLI says the same.
    cli = Cli(server, tmp_path / "cli", key=user["key"], secret=user["secret"])
    code, message = cli.error("get-agent-space", "--agent-space-id", b)
    assert code == "AccessDeniedException" and "team-b" not in message
    assert cli("get-agent-space", "--agent-space-id", a)["agentSpace"]["agentSpaceId"] == a


def test_explicit_deny_boundary_and_resource_tag_conditions(server, client, space_factory, tmp_path):
    a = space_factory("tagged")
    client.tag_resource(resourceArn=space_arn(a), tags={"env": "prod"})
    user = new_user(
        server, tmp_path,
        [{"Effect": "Allow", "Action": "aidevops:*", "Resource": "*"},
         {"Effect": "Deny", "Action": "aidevops:DeleteAgentSpace", "Resource": "*"},
         {"Effect": "Deny", "Action": "aidevops:CreateBacklogTask", "Resource": "*",
          "Condition": {"StringEquals": {"aws:ResourceTag/env": "prod"}}}],
        boundary=[{"Effect": "Allow", "Action": ["aidevops:Get*", "aidevops:List*", "aidevops:CreateBacklogTask",
                                                 "aidevops:DeleteAgentSpace"], "Resource": "*"}])
    bob = make_client(server, key=user["key"], secret=user["secret"])
    bob.get_agent_space(agentSpaceId=a)
    assert_error(lambda: bob.delete_agent_space(agentSpaceId=a), "AccessDeniedException", 403)
    assert_error(lambda: bob.create_backlog_task(agentSpaceId=a, taskType="INVESTIGATION", title="t", priority="LOW"),
                 "AccessDeniedException", 403)
    # Allowed by the identity policy but outside the permissions boundary.
    assert_error(lambda: bob.update_agent_space(agentSpaceId=a, name="renamed"), "AccessDeniedException", 403)
    other = space_factory("untagged")
    bob.create_backlog_task(agentSpaceId=other, taskType="INVESTIGATION", title="t", priority="LOW")


def test_assume_role_with_the_real_cli_and_external_id(server, client, space_factory, tmp_path):
    a = space_factory("role-space")
    user = new_user(server, tmp_path, [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}])
    role = unique("role")
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": user["arn"]}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": space_arn(a)}}}]}
    vigil_iam(server, "create-role", "--name", role, "--trust-policy", write_json(tmp_path, "trust.json", trust))
    vigil_iam(server, "attach", "--role", role, "--policy", "VigilReadOnlyAccess")
    role_arn = f"arn:aws:iam::{ACCOUNT_ID}:role/{role}"

    env = clean_env()
    env.update({"AWS_ACCESS_KEY_ID": user["key"], "AWS_SECRET_ACCESS_KEY": user["secret"],
                "AWS_CONFIG_FILE": str(tmp_path / "none"), "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none")})
    aws = os.path.join(os.path.dirname(os.path.realpath(__import__("sys").executable)), "aws")
    if not os.path.exists(aws):
        aws = "aws"

    def assume(external_id: str) -> subprocess.CompletedProcess:
        return subprocess.run([aws, "sts", "assume-role", "--role-arn", role_arn, "--role-session-name", "oncall",
                               "--external-id", external_id, "--endpoint-url", server.url, "--region", REGION,
                               "--output", "json"], env=env, capture_output=True, text=True, timeout=60)

    wrong = assume("arn:aws:aidevops:us-east-1:123456789012:agentspace/other")
    assert wrong.returncode == 255 and "AccessDenied" in wrong.stderr
    ok = assume(space_arn(a))
    assert ok.returncode == 0, ok.stderr
    out = json.loads(ok.stdout)
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    assert out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/{role}/oncall"

    session = boto3.session.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                                    aws_session_token=creds["SessionToken"], region_name=REGION)
    reader = session.client("devops-agent", endpoint_url=server.url,
                            config=Config(inject_host_prefix=False, retries={"total_max_attempts": 1, "mode": "standard"}))
    assert reader.get_agent_space(agentSpaceId=a)["agentSpace"]["agentSpaceId"] == a
    assert_error(lambda: reader.create_backlog_task(agentSpaceId=a, taskType="INVESTIGATION", title="t", priority="LOW"),
                 "AccessDeniedException", 403)
    who = sts_client(server, creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]).get_caller_identity()
    assert who["Arn"].endswith(f"assumed-role/{role}/oncall") and who["Account"] == ACCOUNT_ID

    # Temporary keys need their own token: none, or another one, is an unknown client.
    no_token = make_client(server, key=creds["AccessKeyId"], secret=creds["SecretAccessKey"])
    assert_error(lambda: no_token.get_agent_space(agentSpaceId=a), "UnrecognizedClientException", 403)
    bad = boto3.session.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                                aws_session_token=creds["SessionToken"][:-4] + "AAAA", region_name=REGION).client(
        "devops-agent", endpoint_url=server.url, config=Config(inject_host_prefix=False, retries={"total_max_attempts": 1}))
    assert_error(lambda: bad.get_agent_space(agentSpaceId=a), "UnrecognizedClientException", 403)


def test_session_policy_narrows_the_role(server, client, space_factory, tmp_path):
    a, b = space_factory("narrow-a"), space_factory("narrow-b")
    role = unique("role")
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}, "Action": "sts:AssumeRole"}]}
    vigil_iam(server, "create-role", "--name", role, "--trust-policy", write_json(tmp_path, "trust.json", trust))
    vigil_iam(server, "attach", "--role", role, "--policy", "VigilFullAccess")
    sts = sts_client(server, server.access_key, server.secret_key)
    session_policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "aidevops:GetAgentSpace", "Resource": space_arn(a)}]}
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/{role}", RoleSessionName="narrow",
                            Policy=json.dumps(session_policy), DurationSeconds=900)["Credentials"]
    narrow = boto3.session.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                                   aws_session_token=creds["SessionToken"], region_name=REGION).client(
        "devops-agent", endpoint_url=server.url, config=Config(inject_host_prefix=False, retries={"total_max_attempts": 1}))
    narrow.get_agent_space(agentSpaceId=a)
    assert_error(lambda: narrow.get_agent_space(agentSpaceId=b), "AccessDeniedException", 403)
    assert_error(lambda: narrow.delete_agent_space(agentSpaceId=a), "AccessDeniedException", 403)
    # A role that does not trust the caller, and a role of another account, are refused alike.
    with pytest.raises(Exception) as denied:
        sts.assume_role(RoleArn="arn:aws:iam::999999999999:role/elsewhere", RoleSessionName="xx")
    assert "AccessDenied" in str(denied.value)


def test_deleting_a_user_revokes_its_key_and_bad_policies_are_refused(server, space_factory, tmp_path):
    a = space_factory("revoke")
    user = new_user(server, tmp_path, [{"Effect": "Allow", "Action": "aidevops:GetAgentSpace", "Resource": "*"}])
    carol = make_client(server, key=user["key"], secret=user["secret"])
    carol.get_agent_space(agentSpaceId=a)
    vigil_iam(server, "delete-user", "--name", user["name"])
    deadline = time.time() + 10
    while True:
        try:
            carol.get_agent_space(agentSpaceId=a)
        except Exception as e:  # noqa: BLE001 - the expected error is checked below
            assert "UnrecognizedClientException" in str(e)
            break
        assert time.time() < deadline, "a deleted user's key still works after 10 s"
        time.sleep(0.5)
    bad = vigil_iam(server, "create-policy", "--name", unique("bad"), "--document",
                    write_json(tmp_path, "bad.json", {"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "x:y", "Resource": "*"}]}),
                    expect_ok=False)
    assert bad.returncode != 0 and "Effect" in bad.stderr
