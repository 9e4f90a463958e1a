"""ValidateAwsAssociations really assumes each associated role through STS, here against moto in
server mode (a real AWS endpoint implementation on loopback). moto checks neither trust policies
nor ExternalId, so those verdicts are covered by Vigil's own trust evaluation tests, not here."""
from __future__ import annotations

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

from helpers import free_port, make_client, unique

MONITOR_ACCOUNT = "210987654321"


@pytest.fixture(scope="module")
def moto():
    binary = Path(sys.executable).parent / "moto_server"
    if not binary.exists():
        found = shutil.which("moto_server")
        assert found, "moto_server is not installed: run ./scripts/test, which installs requirements-test.txt"
        binary = Path(found)
    port = free_port()
    env = dict(os.environ, MOTO_IAM_LOAD_MANAGED_POLICIES="true")
    proc = subprocess.Popen([str(binary), "-H", "127.0.0.1", "-p", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1)
            break
        except Exception:  # noqa: BLE001 - still starting
            assert proc.poll() is None, "moto_server exited at start"
            assert time.time() < deadline, "moto_server did not start in 30 s"
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def moto_iam(url: str, account: str):
    client = boto3.client("iam", endpoint_url=url, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    client.meta.events.register("before-sign.iam.*", lambda request, **_: request.headers.__setitem__("x-moto-account-id", account))
    return client


def test_roles_are_assumed_and_statuses_set(vigil_server, moto):
    iam = moto_iam(moto, MONITOR_ACCOUNT)
    role = unique("VigilAgent")
    trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"aidevops.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust)
    server = vigil_server("aws-validation", env={
        "VIGIL_AWS_ENDPOINT_URL": moto, "AWS_ACCESS_KEY_ID": "vigil-base", "AWS_SECRET_ACCESS_KEY": "vigil-base-secret"})
    client = make_client(server)
    space = client.create_agent_space(name="validated")["agentSpace"]["agentSpaceId"]
    good = client.associate_service(agentSpaceId=space, serviceId="aws", configuration={"aws": {
        "assumableRoleArn": f"arn:aws:iam::{MONITOR_ACCOUNT}:role/{role}", "accountId": MONITOR_ACCOUNT,
        "accountType": "monitor"}})["association"]
    missing = client.associate_service(agentSpaceId=space, serviceId="aws", configuration={"sourceAws": {
        "assumableRoleArn": "arn:aws:iam::109876543210:role/DoesNotExist", "accountId": "109876543210",
        "accountType": "source"}})["association"]
    assert good["status"] == "pending-confirmation" and missing["status"] == "pending-confirmation"
    client.validate_aws_associations(agentSpaceId=space)
    assert client.get_association(agentSpaceId=space, associationId=good["associationId"])["association"]["status"] == "valid"
    assert client.get_association(agentSpaceId=space, associationId=missing["associationId"])["association"]["status"] == "invalid"
    log = server.log_path.read_text()
    assert "association validated" in log and "vigil-base-secret" not in log
