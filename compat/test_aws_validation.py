"""ValidateAwsAssociations really assumes each associated role through STS, here against moto in
server mode (a real AWS endpoint implementation on loopback). moto checks neither trust policies
nor ExternalId, so those verdicts are covered by Vigil's own trust evaluation tests, not here."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3
import pytest

from helpers import run_moto, free_port, make_client, space_arn, unique

MONITOR_ACCOUNT = "210987654321"


@pytest.fixture(scope="module")
def moto():
    yield from run_moto(load_managed_policies=True)


def moto_iam(url: str, account: str):
    client = boto3.client("iam", endpoint_url=url, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    client.meta.events.register("before-sign.iam.*", lambda request, **_: request.headers.__setitem__("x-moto-account-id", account))
    return client


# moto answers GetCallerIdentity for any key as this principal of account 123456789012; the trust
# policies below name that account, as a customer names the account Vigil runs in.
VIGIL_BASE_ACCOUNT = "123456789012"


def trust(external_id: str | None = None) -> str:
    statement = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{VIGIL_BASE_ACCOUNT}:root"},
                 "Action": ["sts:AssumeRole", "sts:TagSession"]}
    if external_id is not None:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": external_id}}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def test_roles_are_assumed_and_statuses_set(vigil_server, moto):
    server = vigil_server("aws-validation", env={
        "VIGIL_AWS_ENDPOINT_URL": moto, "AWS_ACCESS_KEY_ID": "vigil-base", "AWS_SECRET_ACCESS_KEY": "vigil-base-secret"})
    client = make_client(server)
    space = client.create_agent_space(name="validated")["agentSpace"]["agentSpaceId"]
    arn = space_arn(space)
    monitor_role, good_source, wrong_id = unique("VigilAgent"), unique("Source"), unique("WrongId")
    moto_iam(moto, MONITOR_ACCOUNT).create_role(RoleName=monitor_role, AssumeRolePolicyDocument=trust())
    sources = moto_iam(moto, "109876543210")
    sources.create_role(RoleName=good_source, AssumeRolePolicyDocument=trust(external_id=arn))
    # moto lets anyone assume this role; its trust policy wants the space id, not the ARN Vigil sends.
    moto_iam(moto, "109876543211").create_role(RoleName=wrong_id, AssumeRolePolicyDocument=trust(external_id=space))
    ids = {}
    for key, config in [
        ("monitor", {"aws": {"assumableRoleArn": f"arn:aws:iam::{MONITOR_ACCOUNT}:role/{monitor_role}",
                             "accountId": MONITOR_ACCOUNT, "accountType": "monitor"}}),
        ("source", {"sourceAws": {"assumableRoleArn": f"arn:aws:iam::109876543210:role/{good_source}",
                                  "accountId": "109876543210", "accountType": "source"}}),
        ("wrong-id", {"sourceAws": {"assumableRoleArn": f"arn:aws:iam::109876543211:role/{wrong_id}",
                                    "accountId": "109876543211", "accountType": "source"}}),
        ("missing", {"sourceAws": {"assumableRoleArn": "arn:aws:iam::109876543212:role/DoesNotExist",
                                   "accountId": "109876543212", "accountType": "source"}}),
    ]:
        association = client.associate_service(agentSpaceId=space, serviceId="aws", configuration=config)["association"]
        assert association["status"] == "pending-confirmation"
        ids[key] = association["associationId"]
    client.validate_aws_associations(agentSpaceId=space)
    status = {k: client.get_association(agentSpaceId=space, associationId=v)["association"]["status"] for k, v in ids.items()}
    assert status == {"monitor": "valid", "source": "valid", "wrong-id": "invalid", "missing": "invalid"}, status
    log = server.log_path.read_text()
    assert "association validated" in log and "Vigil's evaluation of the trust policy" in log
    assert "vigil-base-secret" not in log
