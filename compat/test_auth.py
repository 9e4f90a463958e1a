"""SigV4 authentication (service `aidevops`) and the host-prefix behaviour of the real clients.

The real clients cover wrong secrets, unknown keys and unsigned calls; raw requests signed
with botocore's own SigV4Auth cover what the clients cannot express (a clock 10 minutes
off, a body changed after signing, another scope, a chosen Host header)."""
import datetime as dt
import json
import uuid

import pytest

from helpers import (ADMIN_ACCESS_KEY, RESOURCE_ID, assert_error, make_client, resolve_localhost_subdomains,
                     send_raw, space_arn)

AUTH_ERRORS = {"MissingAuthenticationTokenException", "IncompleteSignatureException", "InvalidSignatureException",
               "UnrecognizedClientException"}


def assert_auth_error(resp, code):
    assert resp.status == 403, (resp.status, resp.headers, resp.body)
    assert resp.error_type == code, (resp.headers, resp.body)
    body = resp.json()
    assert isinstance(body, dict) and isinstance(body.get("message"), str) and body["message"], body
    assert resp.headers.get("x-amzn-requestid"), resp.headers


# ------------------------------------------------------------ real clients --

def test_wrong_secret_is_invalid_signature(server, cli):
    bad = make_client(server, secret="wrong" + server.secret_key[5:])
    assert_error(lambda: bad.list_agent_spaces(), "InvalidSignatureException", 403)
    assert_error(lambda: bad.get_account_usage(), "InvalidSignatureException", 403)
    res = cli.run("list-agent-spaces", extra_env={"AWS_SECRET_ACCESS_KEY": "not-the-secret"})
    assert res.rc == 255 and res.error()[0] == "InvalidSignatureException", res.stderr


def test_unknown_access_key_is_unrecognized(server, cli):
    bad = make_client(server, key="AKIAUNKNOWN000000000", secret="whatever")
    assert_error(lambda: bad.list_agent_spaces(), "UnrecognizedClientException", 403)
    res = cli.run("get-account-usage", extra_env={"AWS_ACCESS_KEY_ID": "AKIANOSUCHKEY0000000"})
    assert res.rc == 255 and res.error()[0] == "UnrecognizedClientException", res.stderr


def test_unsigned_client_is_missing_token(server):
    anon = make_client(server, unsigned=True)
    assert_error(lambda: anon.list_agent_spaces(), "MissingAuthenticationTokenException", 403)
    assert_error(lambda: anon.create_agent_space(name="nope"), "MissingAuthenticationTokenException", 403)


def test_valid_credentials_work_and_request_ids_are_unique(client):
    a = client.list_agent_spaces(maxResults=1)["ResponseMetadata"]["RequestId"]
    b = client.list_agent_spaces(maxResults=1)["ResponseMetadata"]["RequestId"]
    assert a and b and a != b


def test_errors_carry_request_id(client):
    try:
        client.get_agent_space(agentSpaceId=f"nosuch-{uuid.uuid4().hex[:8]}")
    except client.exceptions.ResourceNotFoundException as e:
        assert e.response["ResponseMetadata"].get("RequestId")
    else:
        pytest.fail("expected ResourceNotFoundException")


# -------------------------------------------------------------- raw signed --

def test_raw_signed_request_succeeds(server):
    resp = send_raw(server, "POST", "/v1/agentspaces/list?maxResults=1")
    assert resp.status == 200, resp.body
    assert isinstance(resp.json()["agentSpaces"], list)


def test_missing_authorization(server):
    assert_auth_error(send_raw(server, "POST", "/v1/agentspaces/list", signed=False),
                      "MissingAuthenticationTokenException")
    assert_auth_error(send_raw(server, "GET", "/usage/account", signed=False), "MissingAuthenticationTokenException")


def test_signed_ten_minutes_ago_is_expired(server):
    past = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=10)
    resp = send_raw(server, "POST", "/v1/agentspaces/list", when=past)
    assert_auth_error(resp, "InvalidSignatureException")
    assert "expired" in resp.json()["message"].lower(), resp.body


def test_signed_ten_minutes_ahead_is_rejected(server):
    future = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=10)
    resp = send_raw(server, "POST", "/v1/agentspaces/list", when=future)
    assert_auth_error(resp, "InvalidSignatureException")


def test_small_clock_skew_is_accepted(server):
    for minutes in (-3, 3):
        when = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=minutes)
        resp = send_raw(server, "POST", "/v1/agentspaces/list", when=when)
        assert resp.status == 200, (minutes, resp.body)


def test_body_tampered_after_signing(server):
    body = json.dumps({"name": "signed-name"})
    tampered = json.dumps({"name": "evil-name!!"}).encode()
    resp = send_raw(server, "POST", "/v1/agentspaces", body=body, send_body=tampered)
    assert_auth_error(resp, "InvalidSignatureException")
    resp = send_raw(server, "POST", "/v1/agentspaces", body=body, send_body=body.encode() + b" ")
    assert_auth_error(resp, "InvalidSignatureException")


def test_path_and_query_tampered_after_signing(server, space):
    resp = send_raw(server, "GET", f"/v1/agentspaces/{space}", send_path="/v1/agentspaces/other-space-id")
    assert_auth_error(resp, "InvalidSignatureException")
    resp = send_raw(server, "POST", "/v1/agentspaces/list?maxResults=1", send_path="/v1/agentspaces/list?maxResults=2")
    assert_auth_error(resp, "InvalidSignatureException")


def test_signed_header_changed_after_signing(server):
    def edit(h):
        h["X-Amz-Date"] = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=30)).strftime("%Y%m%dT%H%M%SZ")
    assert_auth_error(send_raw(server, "POST", "/v1/agentspaces/list", header_edit=edit), "InvalidSignatureException")


@pytest.mark.parametrize("kwargs", [{"service": "s3"}, {"service": "devops-agent"}, {"region": "eu-west-1"}],
                         ids=["service-s3", "service-devops-agent", "region-eu-west-1"])
def test_wrong_scope_is_invalid_signature(server, kwargs):
    assert_auth_error(send_raw(server, "POST", "/v1/agentspaces/list", **kwargs), "InvalidSignatureException")


def test_unknown_key_raw(server):
    assert_auth_error(send_raw(server, "POST", "/v1/agentspaces/list", key="AKIANOSUCHKEY1111111", secret="x"),
                      "UnrecognizedClientException")


def test_incomplete_signature(server):
    def drop_signature(h):
        h["Authorization"] = h["Authorization"].split(", Signature=")[0]
    assert_auth_error(send_raw(server, "POST", "/v1/agentspaces/list", header_edit=drop_signature),
                      "IncompleteSignatureException")

    def drop_date(h):
        h.pop("X-Amz-Date")
    resp = send_raw(server, "POST", "/v1/agentspaces/list", header_edit=drop_date)
    assert resp.status == 403 and resp.error_type in {"IncompleteSignatureException", "InvalidSignatureException"}, \
        (resp.headers, resp.body)

    def garbage(h):
        h["Authorization"] = "AWS4-HMAC-SHA256 Credential=" + ADMIN_ACCESS_KEY
    assert_auth_error(send_raw(server, "POST", "/v1/agentspaces/list", header_edit=garbage),
                      "IncompleteSignatureException")


def test_healthz_needs_no_auth(server):
    assert server.healthz() == 200


# ------------------------------------------------------------- host prefix --

@pytest.mark.parametrize("prefix,method,path", [
    ("cp", "POST", "/v1/agentspaces/list"),
    ("dp", "GET", "/usage/account"),
])
def test_raw_request_with_prefixed_host(server, prefix, method, path):
    resp = send_raw(server, method, path, host=f"{prefix}.localhost:{server.port}")
    assert resp.status == 200, resp.body


def test_any_host_header_is_accepted(server):
    resp = send_raw(server, "POST", "/v1/agentspaces/list", host="aidevops.us-east-1.api.aws")
    assert resp.status == 200, resp.body


def test_boto3_with_host_prefix_injection(server, space):
    """boto3 with inject_host_prefix=True against http://localhost:P sends to cp.localhost / dp.localhost;
    *.localhost is resolved to 127.0.0.1 in-process (this host's resolver does not)."""
    c = make_client(server, inject_host_prefix=True, endpoint=f"http://localhost:{server.port}")
    with resolve_localhost_subdomains() as looked_up:
        got = c.get_agent_space(agentSpaceId=space)
        assert got["agentSpace"]["agentSpaceId"] == space
        task = c.create_backlog_task(agentSpaceId=space, title="via dp host", taskType="INVESTIGATION",
                                     priority="LOW")["task"]
        assert RESOURCE_ID.match(task["taskId"])
        tags = c.list_tags_for_resource(resourceArn=space_arn(space))
        assert isinstance(tags["tags"], dict)
    assert "cp.localhost" in looked_up and "dp.localhost" in looked_up, looked_up


def test_cli_with_host_prefix_injection(server, cli, space, tmp_path):
    log = tmp_path / "resolved.txt"
    res = cli.run("get-agent-space", "--agent-space-id", space, endpoint=f"http://localhost:{server.port}",
                  host_prefix=True, extra_env={"VIGIL_COMPAT_RESOLVE_LOG": str(log)})
    assert res.rc == 0, res.stderr
    assert res.json["agentSpace"]["agentSpaceId"] == space
    res = cli.run("list-goals", "--agent-space-id", space, endpoint=f"http://localhost:{server.port}",
                  host_prefix=True, extra_env={"VIGIL_COMPAT_RESOLVE_LOG": str(log)})
    assert res.rc == 0, res.stderr
    assert len(res.json["goals"]) == 1
    resolved = log.read_text().split()
    assert "cp.localhost" in resolved and "dp.localhost" in resolved, resolved
