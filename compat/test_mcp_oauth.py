"""MCP registration with OAuth against a local authorization server (Tests/VigilMCPTests/Servers/
oauth_server.py): client credentials, and the authorization-code flow with PKCE end to end — the
authorizationUrl is followed with a plain HTTP client (the local server approves at once), the
browser's redirect lands on Vigil's callback, which completes the registration."""
from __future__ import annotations

import http.client
import json
import urllib.parse
import urllib.request

import pytest

from helpers import strings_in
from mcp_fixtures import (CLIENT_ID, CLIENT_SECRET, MCPProcess, call_extension, invoke, mcp_client, mcp_details,  # noqa: F401
                          mcp_spaces, mcp_vigil, oauth_mcp, readonly_mcp, register)


def get_no_redirect(url: str):
    """GET without following redirects; returns (status, Location header, body)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", parts.path + ("?" + parts.query if parts.query else ""))
        resp = conn.getresponse()
        return resp.status, resp.getheader("Location"), resp.read().decode()
    finally:
        conn.close()


def issued(oauth_mcp) -> dict:
    with urllib.request.urlopen(oauth_mcp.base + "/oauth/stats", timeout=10) as resp:
        return json.load(resp)["issued"]


def test_client_credentials_registration_and_invocation(mcp_vigil, mcp_client, mcp_spaces, oauth_mcp):
    before = issued(oauth_mcp)["client_credentials"]
    auth = {"oAuthClientCredentials": {"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET,
                                       "exchangeUrl": oauth_mcp.base + "/oauth/token", "scopes": ["read"]}}
    service_id = register(mcp_client, oauth_mcp.url, auth)
    assert issued(oauth_mcp)["client_credentials"] > before
    got = mcp_client.get_service(serviceId=service_id)["service"]
    assert got["additionalServiceDetails"]["mcpserver"]["authorizationMethod"] == "oauth-client-credentials"
    assert CLIENT_SECRET not in strings_in(got)
    space = mcp_spaces()
    mcp_client.associate_service(agentSpaceId=space, serviceId=service_id,
                                 configuration={"mcpserver": {"tools": ["get_service_status"]}})
    status, body = invoke(mcp_vigil, space, service_id, "get_service_status", {"service": "cart"})
    assert status == 200 and json.loads(body["output"])["status"] == "healthy", body


def test_wrong_client_secret_is_refused(mcp_client, oauth_mcp):
    auth = {"oAuthClientCredentials": {"clientId": CLIENT_ID, "clientSecret": "not-the-secret",
                                       "exchangeUrl": oauth_mcp.base + "/oauth/token"}}
    try:
        register(mcp_client, oauth_mcp.url, auth)
    except mcp_client.exceptions.ValidationException as e:
        assert "invalid_client" in str(e) or "unauthorized" in str(e).lower()
    else:
        raise AssertionError("registration with a wrong client secret succeeded")


def three_legged(mcp_vigil, oauth_mcp) -> dict:
    return {"oAuth3LO": {"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET, "supportCodeChallenge": True,
                         "authorizationUrl": oauth_mcp.base + "/oauth/authorize",
                         "exchangeUrl": oauth_mcp.base + "/oauth/token",
                         "returnToEndpoint": mcp_vigil.url + "/mcp-registered", "scopes": ["read", "tools"]}}


def test_authorization_code_flow_end_to_end(mcp_vigil, mcp_client, oauth_mcp):
    resp = mcp_client.register_service(service="mcpserver", name="oauth3lo",
                                       serviceDetails={"mcpserver": mcp_details(oauth_mcp.url, three_legged(mcp_vigil, oauth_mcp))})
    assert "serviceId" not in resp
    authorization_url = resp["additionalStep"]["oauth"]["authorizationUrl"]
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(authorization_url).query))
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert query["redirect_uri"] == mcp_vigil.url + "/vigil/oauth/callback"
    assert query["scope"] == "read tools" and query["client_id"] == CLIENT_ID and len(query["state"]) >= 43
    assert CLIENT_SECRET not in authorization_url

    # The "browser": the authorization server approves and redirects to Vigil's callback.
    status, callback, _ = get_no_redirect(authorization_url)
    assert status == 302 and callback.startswith(mcp_vigil.url + "/vigil/oauth/callback?")
    status, back, body = get_no_redirect(callback)
    assert status == 302, body
    assert back.startswith(mcp_vigil.url + "/mcp-registered?serviceId="), back
    service_id = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(back).query))["serviceId"]

    got = mcp_client.get_service(serviceId=service_id)["service"]
    assert got["additionalServiceDetails"]["mcpserver"]["authorizationMethod"] == "oauth-3lo"
    assert CLIENT_SECRET not in strings_in(got)
    status, catalogue = call_extension(mcp_vigil, "GET", f"/vigil/v1/services/{service_id}/tools")
    assert status == 200 and "get_service_status" in {t["name"] for t in catalogue["tools"]}
    assert issued(oauth_mcp)["authorization_code"] >= 1

    # The state is single use.
    status, _, body = get_no_redirect(callback)
    assert status == 400 and "already used" in body


def test_callback_with_unknown_state_or_refusal(mcp_vigil, mcp_client, oauth_mcp):
    status, _, body = get_no_redirect(mcp_vigil.url + "/vigil/oauth/callback?code=x&state=forged-state")
    assert status == 400 and "unknown" in body
    status, _, _ = get_no_redirect(mcp_vigil.url + "/vigil/oauth/callback?code=x")
    assert status == 400
    # The authorization server said no: the browser goes back with the error, nothing is registered.
    before = len(mcp_client.list_services(filterServiceType="mcpserver")["services"])
    resp = mcp_client.register_service(service="mcpserver",
                                       serviceDetails={"mcpserver": mcp_details(oauth_mcp.url, three_legged(mcp_vigil, oauth_mcp))})
    state = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(resp["additionalStep"]["oauth"]["authorizationUrl"]).query))["state"]
    status, back, _ = get_no_redirect(f"{mcp_vigil.url}/vigil/oauth/callback?error=access_denied&state={state}")
    assert status == 302 and "error=access_denied" in back
    assert len(mcp_client.list_services(filterServiceType="mcpserver")["services"]) == before


def test_rotated_refresh_tokens_are_stored(mcp_vigil, mcp_client, mcp_spaces):
    """Access tokens live 1 s (under the client's 30 s margin), so every connection refreshes and the
    server rotates the refresh token: calls keep working only if each rotation is sealed and stored."""
    short = MCPProcess("oauth_server.py", "--token-ttl", "1",
                       env={"MCP_TEST_CLIENT_ID": CLIENT_ID, "MCP_TEST_CLIENT_SECRET": CLIENT_SECRET})
    try:
        resp = mcp_client.register_service(service="mcpserver",
                                           serviceDetails={"mcpserver": mcp_details(short.url, three_legged(mcp_vigil, short))})
        status, callback, _ = get_no_redirect(resp["additionalStep"]["oauth"]["authorizationUrl"])
        status, back, body = get_no_redirect(callback)
        assert status == 302 and "serviceId=" in back, body
        service_id = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(back).query))["serviceId"]
        space = mcp_spaces()
        mcp_client.associate_service(agentSpaceId=space, serviceId=service_id,
                                     configuration={"mcpserver": {"tools": ["get_service_status"]}})
        for _ in range(3):
            status, body = invoke(mcp_vigil, space, service_id, "get_service_status", {"service": "cart"})
            assert status == 200, body
        assert issued(short)["refresh_token"] >= 4
    finally:
        short.stop()


def test_authorization_discovery_registers_a_client_and_completes(mcp_vigil, mcp_client, oauth_mcp):
    """`mcpserverdatadog` has only `authorizationDiscovery`: Vigil reads the 401 challenge's protected
    resource metadata (RFC 9728), the authorization server metadata (RFC 8414), registers itself
    (RFC 7591) and runs the authorization-code flow with PKCE."""
    before = issued(oauth_mcp).get("registered_clients", 0)
    details = {"name": "datadog", "endpoint": oauth_mcp.url,
               "authorizationConfig": {"authorizationDiscovery": {"returnToEndpoint": mcp_vigil.url + "/back"}}}
    resp = mcp_client.register_service(service="mcpserverdatadog", serviceDetails={"mcpserverdatadog": details})
    assert issued(oauth_mcp)["registered_clients"] == before + 1
    authorization_url = resp["additionalStep"]["oauth"]["authorizationUrl"]
    assert authorization_url.startswith(oauth_mcp.base + "/oauth/authorize?")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(authorization_url).query))
    assert query["client_id"].startswith("dyn-") and query["code_challenge_method"] == "S256"
    status, callback, _ = get_no_redirect(authorization_url)
    assert status == 302
    status, back, body = get_no_redirect(callback)
    assert status == 302 and back.startswith(mcp_vigil.url + "/back?serviceId="), body
    service_id = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(back).query))["serviceId"]
    got = mcp_client.get_service(serviceId=service_id)["service"]
    assert got["serviceType"] == "mcpserverdatadog"
    assert got["additionalServiceDetails"]["mcpserverdatadog"]["authorizationMethod"] == "oauth-3lo"
    status, catalogue = call_extension(mcp_vigil, "GET", f"/vigil/v1/services/{service_id}/tools")
    assert status == 200 and len(catalogue["tools"]) == 5


def test_authorization_discovery_without_metadata_is_refused(mcp_vigil, mcp_client, readonly_mcp):
    details = {"name": "plain", "endpoint": readonly_mcp.url,
               "authorizationConfig": {"authorizationDiscovery": {"returnToEndpoint": mcp_vigil.url + "/back"}}}
    with pytest.raises(mcp_client.exceptions.ValidationException) as refused:
        mcp_client.register_service(service="mcpserver", serviceDetails={"mcpserver": details})
    assert "RFC 9728" in str(refused.value)


def test_no_client_secret_or_token_reaches_the_server_log(mcp_vigil):
    log = mcp_vigil.log_text()
    assert "MCP server registered after OAuth authorization" in log
    assert CLIENT_SECRET not in log and "access_token" not in log and "code_verifier" not in log
