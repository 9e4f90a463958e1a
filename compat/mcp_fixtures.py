"""Fixtures for the MCP tests: real MCP servers (official Python SDK, Tests/VigilMCPTests/Servers) on
loopback, and a Vigil server started with VIGIL_ALLOW_LOOPBACK_HTTP=1 so it may reach them over
plain http://. Imported by compat/test_mcp*.py."""
from __future__ import annotations

import json
import os
import secrets
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import REPO_ROOT, VigilServer, make_client, send_raw, vigil_binary

SERVERS = REPO_ROOT / "Tests" / "VigilMCPTests" / "Servers"
API_KEY = "mcp-test-key-" + secrets.token_hex(12)
CLIENT_ID = "vigil-test-client"
CLIENT_SECRET = "mcp-client-secret-" + secrets.token_hex(12)


class MCPProcess:
    """One test MCP server process; `url` is what it printed on its READY line."""

    def __init__(self, script: str, *args: str, env: dict[str, str] | None = None):
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.proc = subprocess.Popen([sys.executable, str(SERVERS / script), "0", *args], env=full_env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("READY "):
            self.stop()
            raise RuntimeError(f"{script} did not start (first line: {line!r})")
        self.url = line.split(" ", 1)[1]
        self.base = self.url.rsplit("/", 1)[0]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _server(script: str, *args: str, env: dict[str, str] | None = None):
    proc = MCPProcess(script, *args, env=env)
    yield proc
    proc.stop()


@pytest.fixture(scope="module")
def readonly_mcp():
    yield from _server("readonly_server.py")


@pytest.fixture(scope="module")
def many_tools_mcp():
    yield from _server("readonly_server.py", "--extra-tools", "501")


@pytest.fixture(scope="module")
def write_mcp():
    yield from _server("write_server.py")


@pytest.fixture(scope="module")
def long_name_mcp():
    yield from _server("write_server.py", "--long-tool-name")


@pytest.fixture(scope="module")
def sse_mcp():
    yield from _server("sse_only_server.py")


@pytest.fixture(scope="module")
def apikey_mcp():
    yield from _server("apikey_server.py", env={"MCP_TEST_API_KEY": API_KEY})


@pytest.fixture(scope="module")
def oauth_mcp():
    yield from _server("oauth_server.py", env={"MCP_TEST_CLIENT_ID": CLIENT_ID, "MCP_TEST_CLIENT_SECRET": CLIENT_SECRET})


@pytest.fixture(scope="module")
def mcp_vigil():
    srv = VigilServer("mcp", env={"VIGIL_ALLOW_LOOPBACK_HTTP": "1", "VIGIL_MAX_AGENT_SPACES": "10000"})
    srv.start()
    yield srv
    srv.stop()
    srv.cleanup_files()


@pytest.fixture(scope="module")
def mcp_client(mcp_vigil):
    return make_client(mcp_vigil)


@pytest.fixture
def mcp_spaces(mcp_client):
    created: list[str] = []

    def make() -> str:
        sid = mcp_client.create_agent_space(name=f"mcp-{secrets.token_hex(4)}")["agentSpace"]["agentSpaceId"]
        created.append(sid)
        return sid

    yield make
    for sid in created:
        try:
            mcp_client.delete_agent_space(agentSpaceId=sid)
        except Exception:
            pass


def mcp_details(endpoint: str, auth: dict, name: str = "test") -> dict:
    return {"name": name, "endpoint": endpoint, "authorizationConfig": auth}


def api_key_auth(key: str = API_KEY) -> dict:
    return {"apiKey": {"apiKeyName": "test key", "apiKeyHeader": "X-API-Key", "apiKeyValue": key}}


def register(client, endpoint: str, auth: dict | None = None, service: str = "mcpserver", **extra) -> str:
    """Registers an MCP server (no authorization: a bearer token the open test servers ignore)."""
    auth = auth or {"bearerToken": {"tokenName": "unused", "tokenValue": "unused-token"}}
    resp = client.register_service(service=service, serviceDetails={service: mcp_details(endpoint, auth)}, **extra)
    return resp["serviceId"]


def call_extension(vigil: VigilServer, method: str, path: str, body: dict | None = None):
    """A SigV4-signed call to a /vigil/ extension operation; returns (status, JSON body)."""
    raw = send_raw(vigil, method, path, body=json.dumps(body) if body is not None else None)
    return raw.status, (json.loads(raw.body) if raw.body else {})


def invoke(vigil: VigilServer, space: str, service_id: str, tool: str, arguments: dict | None = None):
    return call_extension(vigil, "POST", f"/vigil/v1/agentspaces/{space}/tools/invoke",
                          {"serviceId": service_id, "tool": tool, "arguments": arguments or {}})


def audit_rows(vigil: VigilServer, kind: str = "tool-invocation", wait_for: int = 0) -> list[dict]:
    """Audit records of `kind`, read from audit.sqlite as test_audit does (waits up to 10 s for `wait_for`)."""
    deadline = time.monotonic() + 10
    while True:
        db = sqlite3.connect(f"file:{vigil.data_dir / 'audit.sqlite'}?mode=ro", uri=True)
        try:
            rows = db.execute("SELECT kind, agent_space_id, principal, action, resource, decision, detail "
                              "FROM audit_records WHERE kind = ? ORDER BY seq", (kind,)).fetchall()
        finally:
            db.close()
        out = [dict(zip(["kind", "space", "principal", "action", "resource", "decision", "detail"], r)) for r in rows]
        if len(out) >= wait_for or time.monotonic() > deadline:
            return out
        time.sleep(0.2)


def vigil_cli(*args: str, env: dict[str, str] | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "VIGIL_"))}
    full_env.update(env or {})
    return subprocess.run([str(vigil_binary()), *args], capture_output=True, text=True, timeout=timeout, env=full_env)
