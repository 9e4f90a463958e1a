"""`vigil mcp probe` against real MCP servers: exit 0 with each tool, its annotations and whether it
could be allowlisted; non-zero with the reason when the server cannot be used. `vigil mcp tools`
lists the stored catalogues."""
from __future__ import annotations

import json

from mcp_fixtures import (API_KEY, CLIENT_ID, CLIENT_SECRET, apikey_mcp, long_name_mcp, mcp_client, mcp_vigil,  # noqa: F401
                          oauth_mcp, readonly_mcp,
                          register, sse_mcp, vigil_cli, write_mcp)

LOOPBACK = {"VIGIL_ALLOW_LOOPBACK_HTTP": "1"}


def test_probe_read_only_server(readonly_mcp):
    out = vigil_cli("mcp", "probe", "--endpoint", readonly_mcp.url, env=LOOPBACK)
    assert out.returncode == 0, out.stderr
    assert "vigil-test-readonly" in out.stdout and "5 tools" in out.stdout
    line = next(l for l in out.stdout.splitlines() if l.startswith("get_service_status"))
    assert "readOnlyHint=true" in line and "destructiveHint=false" in line and line.endswith("allowlistable")


def test_probe_says_which_tools_cannot_be_allowlisted(write_mcp):
    out = vigil_cli("mcp", "probe", "--endpoint", write_mcp.url, "--json", env=LOOPBACK)
    assert out.returncode == 0, out.stderr
    tools = {t["name"]: t for t in json.loads(out.stdout)["tools"]}
    assert tools["list_deployments"]["allowlistable"] is True
    assert tools["restart_service"]["allowlistable"] is False
    assert "destructiveHint: true" in tools["restart_service"]["notAllowlistableBecause"]
    assert "readOnlyHint is not set" in tools["annotate_incident"]["notAllowlistableBecause"]


def test_probe_refusals_exit_non_zero_with_the_reason(readonly_mcp, sse_mcp, apikey_mcp, long_name_mcp):
    out = vigil_cli("mcp", "probe", "--endpoint", sse_mcp.url, env=LOOPBACK)
    assert out.returncode == 3 and "SSE" in out.stderr, out.stderr
    out = vigil_cli("mcp", "probe", "--endpoint", readonly_mcp.url)
    assert out.returncode == 3 and "VIGIL_ALLOW_LOOPBACK_HTTP=1" in out.stderr, out.stderr
    out = vigil_cli("mcp", "probe", "--endpoint", apikey_mcp.url, "--api-key-header", "X-API-Key", env={**LOOPBACK, "VIGIL_MCP_API_KEY": "wrong"})
    assert out.returncode == 3 and "unauthorized" in out.stderr, out.stderr
    assert "wrong" not in out.stderr.replace("wrong-", "")
    out = vigil_cli("mcp", "probe", "--endpoint", apikey_mcp.url, "--api-key-header", "X-API-Key", env={**LOOPBACK, "VIGIL_MCP_API_KEY": API_KEY})
    assert out.returncode == 0 and "5 tools" in out.stdout, out.stderr
    assert API_KEY not in out.stdout + out.stderr
    out = vigil_cli("mcp", "probe", "--endpoint", long_name_mcp.url, env=LOOPBACK)
    assert out.returncode == 4 and "64" in out.stderr, out.stderr
    out = vigil_cli("mcp", "probe", "--endpoint", "http://127.0.0.1:9/mcp", env=LOOPBACK)
    assert out.returncode == 3


def test_tools_lists_stored_catalogues(mcp_vigil, mcp_client, readonly_mcp):
    service_id = register(mcp_client, readonly_mcp.url)
    out = vigil_cli("mcp", "tools", "--data-dir", str(mcp_vigil.data_dir), "--service-id", service_id)
    assert out.returncode == 0, out.stderr
    assert f"service {service_id}: 5 tools" in out.stdout
    assert any(l.strip().startswith("get_runbook") and l.endswith("allowlistable") for l in out.stdout.splitlines())


def test_probe_with_oauth_client_credentials(oauth_mcp):
    base = ["mcp", "probe", "--endpoint", oauth_mcp.url, "--oauth-token-url", oauth_mcp.base + "/oauth/token", "--client-id", CLIENT_ID]
    out = vigil_cli(*base, env={**LOOPBACK, "VIGIL_MCP_CLIENT_SECRET": CLIENT_SECRET})
    assert out.returncode == 0 and "vigil-test-oauth" in out.stdout, out.stderr
    out = vigil_cli(*base, env={**LOOPBACK, "VIGIL_MCP_CLIENT_SECRET": "wrong-secret"})
    assert out.returncode == 3 and "invalid_client" in out.stderr, out.stderr
    out = vigil_cli(*base[:-2], env=LOOPBACK)
    assert out.returncode != 0 and "--client-id" in out.stderr
