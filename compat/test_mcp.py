"""MCP servers through the real boto3 client against `vigil serve` and real MCP servers (official
Python SDK) on loopback: registration (tools stored, secrets never shown, refusals with reasons),
per-space allowlists (read-only tools of the catalogue only, at most 500 per space), InvokeTool
(allowlisted tools of the calling space only, output untrusted and classified) and the audit trail."""
from __future__ import annotations

import json

import pytest

from helpers import assert_error, assert_validation, make_client, strings_in
from mcp_fixtures import (API_KEY, api_key_auth, apikey_mcp, audit_rows, call_extension, invoke,  # noqa: F401
                          long_name_mcp, many_tools_mcp, mcp_client, mcp_details, mcp_spaces, mcp_vigil, readonly_mcp,
                          register, sse_mcp, write_mcp)

READ_ONLY_TOOLS = {"get_service_status", "search_logs", "get_runbook", "dump_bytes", "count_with_notifications"}


def validation_message(call) -> str:
    err = assert_error(call, "ValidationException", 400)
    return err["Error"]["Message"]


def associate(client, space: str, service_id: str, tools: list[str]):
    return client.associate_service(agentSpaceId=space, serviceId=service_id,
                                    configuration={"mcpserver": {"tools": tools}})


# ------------------------------------------------------------------ registration --

def test_register_with_api_key_stores_tools_and_hides_the_key(mcp_vigil, mcp_client, apikey_mcp):
    service_id = mcp_client.register_service(
        service="mcpserver", name="ops-tools",
        serviceDetails={"mcpserver": mcp_details(apikey_mcp.url, api_key_auth(), name="opstools")})["serviceId"]
    got = mcp_client.get_service(serviceId=service_id)["service"]
    details = got["additionalServiceDetails"]["mcpserver"]
    assert details["endpoint"] == apikey_mcp.url
    assert details["authorizationMethod"] == "api-key"
    assert details["apiKeyHeader"] == "X-API-Key"
    listed = mcp_client.list_services(filterServiceType="mcpserver")["services"]
    assert service_id in [s["serviceId"] for s in listed]
    for doc in (got, listed):
        assert not any(API_KEY in s for s in strings_in(doc)), "the API key must never be returned"
    status, catalogue = call_extension(mcp_vigil, "GET", f"/vigil/v1/services/{service_id}/tools")
    assert status == 200
    tools = {t["name"]: t for t in catalogue["tools"]}
    assert set(tools) == READ_ONLY_TOOLS
    assert tools["get_service_status"]["annotations"]["readOnlyHint"] is True
    assert tools["get_service_status"]["annotations"]["destructiveHint"] is False
    assert tools["get_service_status"]["inputSchema"]["properties"]["service"]["type"] == "string"
    assert all(t["allowlistable"] for t in tools.values())
    assert API_KEY not in json.dumps(catalogue)


def test_wrong_api_key_is_refused_and_nothing_is_stored(mcp_client, apikey_mcp):
    before = len(mcp_client.list_services(filterServiceType="mcpserver")["services"])
    message = validation_message(lambda: register(mcp_client, apikey_mcp.url, api_key_auth("wrong-key")))
    assert "unauthorized" in message.lower()
    assert len(mcp_client.list_services(filterServiceType="mcpserver")["services"]) == before


def test_old_sse_transport_is_refused_with_a_reason(mcp_client, sse_mcp):
    message = validation_message(lambda: register(mcp_client, sse_mcp.url))
    assert "SSE" in message and "transport" in message, message


def test_websocket_and_non_loopback_http_are_refused(mcp_client):
    assert "WebSocket" in validation_message(lambda: register(mcp_client, "wss://mcp.example.com/ws"))
    message = validation_message(lambda: register(mcp_client, "http://mcp.example.com/mcp"))
    assert "https://" in message and "loopback" in message


def test_loopback_http_needs_the_development_switch(vigil_server, readonly_mcp):
    plain = make_client(vigil_server("mcp-no-loopback", env={"VIGIL_ALLOW_LOOPBACK_HTTP": None}))
    message = validation_message(lambda: register(plain, readonly_mcp.url))
    assert "VIGIL_ALLOW_LOOPBACK_HTTP=1" in message


def test_unreachable_server_is_refused(mcp_client):
    message = validation_message(lambda: register(mcp_client, "http://127.0.0.1:9/mcp"))
    assert "cannot be registered" in message


def test_tool_name_over_64_characters_is_refused(mcp_client, long_name_mcp):
    message = validation_message(lambda: register(mcp_client, long_name_mcp.url))
    assert "get_aaaa" in message and "64" in message, message


def test_private_connection_is_refused(mcp_client, readonly_mcp):
    err = assert_error(lambda: register(mcp_client, readonly_mcp.url, privateConnectionName="no-such-connection"),
                       "ResourceNotFoundException", 404)
    assert "no-such-connection" in err["Error"]["Message"]


def test_return_to_endpoint_must_be_this_vigil(mcp_client, readonly_mcp):
    auth = {"oAuth3LO": {"clientId": "c", "authorizationUrl": "http://127.0.0.1:9/authorize",
                         "exchangeUrl": "http://127.0.0.1:9/token", "returnToEndpoint": "https://elsewhere.example.com/back"}}
    assert_validation(lambda: register(mcp_client, readonly_mcp.url, auth),
                      "serviceDetails.mcpserver.authorizationConfig.oAuth3LO.returnToEndpoint")


# ------------------------------------------------------------------- allowlists --

@pytest.fixture(scope="module")
def write_service(mcp_client, write_mcp):
    return register(mcp_client, write_mcp.url)


@pytest.fixture(scope="module")
def readonly_service(mcp_client, readonly_mcp):
    return register(mcp_client, readonly_mcp.url)


@pytest.mark.parametrize("tool, reason", [
    ("restart_service", "destructiveHint: true"),
    ("scale_service", "readOnlyHint: false"),
    ("annotate_incident", "readOnlyHint is not set"),
    ("delete_cache", "destructiveHint: true"),
    ("no_such_tool", "not offered"),
])
def test_allowlist_refuses_tools_that_are_not_read_only_or_unknown(mcp_client, mcp_spaces, write_service, tool, reason):
    space = mcp_spaces()
    message = validation_message(lambda: associate(mcp_client, space, write_service, ["list_deployments", tool]))
    assert tool in message and reason in message, message
    assert mcp_client.list_associations(agentSpaceId=space)["associations"] == []


def test_allowlist_accepts_read_only_tools_and_update_is_all_or_nothing(mcp_client, mcp_spaces, write_service):
    space = mcp_spaces()
    association = associate(mcp_client, space, write_service, ["list_deployments"])["association"]
    assert association["configuration"]["mcpserver"]["tools"] == ["list_deployments"]
    message = validation_message(lambda: mcp_client.update_association(
        agentSpaceId=space, associationId=association["associationId"],
        configuration={"mcpserver": {"tools": ["list_deployments", "restart_service"]}}))
    assert "restart_service" in message
    kept = mcp_client.get_association(agentSpaceId=space, associationId=association["associationId"])["association"]
    assert kept["configuration"]["mcpserver"]["tools"] == ["list_deployments"]


def test_at_most_500_allowlisted_tools_per_space(mcp_client, mcp_spaces, many_tools_mcp, readonly_service):
    many = register(mcp_client, many_tools_mcp.url)
    numbered = [f"ro_tool_{i:04d}" for i in range(1, 502)]
    space = mcp_spaces()
    message = validation_message(lambda: associate(mcp_client, space, many, numbered))
    assert "501" in message and "500" in message, message
    associate(mcp_client, space, many, numbered[:499])
    # Counted across the space's MCP associations: 499 + 2 > 500.
    message = validation_message(lambda: associate(mcp_client, space, readonly_service, ["get_service_status", "search_logs"]))
    assert "500" in message
    associate(mcp_client, space, readonly_service, ["get_service_status"])


# ------------------------------------------------------------------- invocation --

def test_invoke_allowlisted_tool_and_refuse_everything_else(mcp_vigil, mcp_client, mcp_spaces, readonly_service):
    space_a, space_b = mcp_spaces(), mcp_spaces()
    associate(mcp_client, space_a, readonly_service, ["get_service_status", "get_runbook"])
    before = len(audit_rows(mcp_vigil))

    status, body = invoke(mcp_vigil, space_a, readonly_service, "get_service_status",
                          {"service": "checkout", "note": "argument-marker-6f1c"})
    assert status == 200, body
    assert body["untrusted"] is True
    assert json.loads(body["output"])["status"] == "degraded"
    assert body["verdict"]["isInjection"] is False

    status, body = invoke(mcp_vigil, space_a, readonly_service, "get_runbook", {"service": "checkout"})
    assert status == 200, body
    assert body["verdict"]["isInjection"] is True and body["verdict"]["reasons"], body
    assert "ignore all previous instructions" in body["output"]

    status, body = invoke(mcp_vigil, space_a, readonly_service, "search_logs", {"query": "x"})
    assert status == 403 and "not allowlisted" in body["message"], body
    # Allowlisted in space A only: space B cannot call it.
    status, body = invoke(mcp_vigil, space_b, readonly_service, "get_service_status", {"service": "checkout"})
    assert status == 403 and space_b in body["message"], body

    rows = audit_rows(mcp_vigil, wait_for=before + 4)[before:]
    assert [(r["space"], r["action"], r["decision"]) for r in rows] == [
        (space_a, "get_service_status", "allow"), (space_a, "get_runbook", "allow"),
        (space_a, "search_logs", "deny"), (space_b, "get_service_status", "deny")]
    first, runbook = json.loads(rows[0]["detail"]), json.loads(rows[1]["detail"])
    assert first["serviceId"] == readonly_service and first["replyBytes"] > 0 and first["verdict"]["isInjection"] is False
    assert runbook["verdict"]["isInjection"] is True
    assert all(r["resource"].endswith(f":service/{readonly_service}") for r in rows)
    assert not any("argument-marker-6f1c" in r["detail"] for r in rows), "arguments are never recorded"


def test_large_output_is_capped(mcp_vigil, mcp_client, mcp_spaces, readonly_service):
    space = mcp_spaces()
    associate(mcp_client, space, readonly_service, ["dump_bytes"])
    status, body = invoke(mcp_vigil, space, readonly_service, "dump_bytes", {"size": 2_000_000})
    assert status == 200, {k: v for k, v in body.items() if k != "output"}
    assert body["truncated"] is True
    assert len(body["output"].encode()) <= 256 * 1024


def test_invoke_input_is_validated(mcp_vigil, mcp_spaces, readonly_service):
    space = mcp_spaces()
    status, body = call_extension(mcp_vigil, "POST", f"/vigil/v1/agentspaces/{space}/tools/invoke", {"tool": "x"})
    assert status == 400 and "serviceId" in json.dumps(body)
    status, body = invoke(mcp_vigil, space, readonly_service, "get_service_status", None)
    assert status == 403  # nothing is allowlisted in a fresh space


def test_deregister_removes_the_catalogue(mcp_vigil, mcp_client, readonly_mcp):
    service_id = register(mcp_client, readonly_mcp.url)
    mcp_client.deregister_service(serviceId=service_id)
    status, _ = call_extension(mcp_vigil, "GET", f"/vigil/v1/services/{service_id}/tools")
    assert status == 404


def test_no_secret_reaches_the_server_log(mcp_vigil):
    # Runs last in this module: every registration above (with the API key) has been logged by now.
    log = mcp_vigil.log_text()
    assert "MCP server registered" in log
    assert API_KEY not in log
