"""`mcpserversigv4`: Vigil assumes the registration's role through STS (moto in server mode) and
signs every MCP request with SigV4 for the configured service and region. The test MCP server
(Tests/VigilMCPTests/Servers/sigv4_server.py) recomputes each signature with botocore from the
session's credentials, so a wrong region, service, role or signature is refused."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import run_moto, VigilServer, free_port, make_client, strings_in
from mcp_fixtures import MCPProcess, invoke, mcp_details

ROLE = "arn:aws:iam::123456789012:role/mcp-reader"


@pytest.fixture(scope="module")
def moto():
    yield from run_moto()


@pytest.fixture(scope="module")
def sigv4_mcp(moto):
    proc = MCPProcess("sigv4_server.py", "--region", "us-west-2", "--service", "execute-api", "--role-arn", ROLE,
                      env={"MCP_TEST_MOTO_URL": moto})
    yield proc
    proc.stop()


@pytest.fixture(scope="module")
def sigv4_vigil(moto):
    srv = VigilServer("mcp-sigv4", env={"VIGIL_ALLOW_LOOPBACK_HTTP": "1", "VIGIL_AWS_ENDPOINT_URL": moto,
                                        "AWS_ACCESS_KEY_ID": "vigil-base", "AWS_SECRET_ACCESS_KEY": "vigil-base-secret"})
    srv.start()
    yield srv
    srv.stop()
    srv.cleanup_files()


def sigv4(endpoint: str, *, region="us-west-2", service="execute-api", role=ROLE) -> dict:
    details = mcp_details(endpoint, {"region": region, "service": service, "roleArn": role,
                                     "customHeaders": {"X-Tenant": "ops-secret-tenant"}})
    return {"mcpserversigv4": details}


def test_sigv4_registration_and_invocation(sigv4_vigil, sigv4_mcp):
    client = make_client(sigv4_vigil)
    service_id = client.register_service(service="mcpserversigv4", serviceDetails=sigv4(sigv4_mcp.url))["serviceId"]
    got = client.get_service(serviceId=service_id)["service"]
    details = got["additionalServiceDetails"]["mcpserversigv4"]
    assert (details["region"], details["service"], details["roleArn"]) == ("us-west-2", "execute-api", ROLE)
    assert details["customHeaders"] == {"X-Tenant": "*** sensitive ***"}
    assert "ops-secret-tenant" not in strings_in(got)
    space = client.create_agent_space(name="sigv4")["agentSpace"]["agentSpaceId"]
    client.associate_service(agentSpaceId=space, serviceId=service_id,
                             configuration={"mcpserversigv4": {"tools": ["get_service_status"]}})
    status, body = invoke(sigv4_vigil, space, service_id, "get_service_status", {"service": "checkout"})
    assert status == 200 and json.loads(body["output"])["status"] == "degraded", body


@pytest.mark.parametrize("wrong", [{"region": "eu-west-1"}, {"service": "lambda"},
                                   {"role": "arn:aws:iam::123456789012:role/other"}])
def test_wrong_signing_scope_or_role_is_refused(sigv4_vigil, sigv4_mcp, wrong):
    client = make_client(sigv4_vigil)
    with pytest.raises(client.exceptions.ValidationException) as refused:
        client.register_service(service="mcpserversigv4", serviceDetails=sigv4(sigv4_mcp.url, **wrong))
    assert "unauthorized" in str(refused.value).lower() or "403" in str(refused.value)
