"""Fixtures for the Vigil compat suite.

The suite drives the REAL awscli v1 (`aws devops-agent ...` as a subprocess) and
boto3 against `vigil serve` processes that it starts itself:

- `server`: one session-wide server (free port, temp data dir, admin key via env,
  waits for /healthz, SIGTERM at the end). Its quota is raised so that the suite's
  many agent spaces do not hit it; test_quota.py starts its own servers.
- `vigil_server`: a factory for extra servers owned by one test.
- `client` / `nv_client`: boto3 clients (`inject_host_prefix=False`; `nv_client`
  also has `parameter_validation=False` so the server's validation is what answers).
- `cli`: the real awscli (temp config with `cli_follow_urlparam = false`,
  credentials via env, AWS_DISABLE_HOST_PREFIX_INJECTION=true).
- `space` / `space_factory`: fresh agent spaces, deleted afterwards.

Environment: VIGIL_BIN (default .build/debug/vigil), VIGIL_COMPAT_ARTIFACTS (server
logs), VIGIL_COMPAT_LOG_LEVEL (default debug), VIGIL_TEST_PID_DIR (pid files for
scripts/test's cleanup trap).

The log lines a server wrote while a test ran are attached to that test's failure report.
"""
from __future__ import annotations

import atexit
import contextlib
import os
import tempfile
from pathlib import Path

import pytest

from helpers import (ALL_OPERATIONS, ALL_SERVERS, LIVE_SERVERS, OPS_CALLED, OPS_SUCCEEDED, Cli,
                     VigilServer, make_client, tail, unique)


def pytest_configure(config):
    # Keep the real clients away from any AWS configuration of the machine.
    for k in list(os.environ):
        if k.startswith("AWS_"):
            del os.environ[k]
    cfg_dir = Path(tempfile.mkdtemp(prefix="vigil-compat-aws-"))
    os.environ["AWS_CONFIG_FILE"] = str(cfg_dir / "config")
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = str(cfg_dir / "credentials")
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"


@atexit.register
def _stop_leftover_servers():
    for s in list(LIVE_SERVERS):
        with contextlib.suppress(Exception):
            s.stop(timeout=5)


# ------------------------------------------------------------------ servers --

@pytest.fixture(scope="session")
def server():
    # Loopback http:// MCP servers (compat/mcp_fixtures.py) may be registered on it (docs/mcp.md).
    srv = VigilServer("main", env={"VIGIL_MAX_AGENT_SPACES": "100000", "VIGIL_ALLOW_LOOPBACK_HTTP": "1"})
    srv.start()
    yield srv
    srv.stop()
    srv.cleanup_files()


@pytest.fixture
def vigil_server():
    """Factory: vigil_server(label, env={...}, data_dir=None) starts a server owned by this test."""
    started: list[VigilServer] = []

    def start(label: str = "extra", **kwargs) -> VigilServer:
        srv = VigilServer(label, **kwargs)
        started.append(srv)
        return srv.start()

    yield start
    for srv in started:
        srv.stop()
        srv.cleanup_files()


# ------------------------------------------------------------------ clients --

@pytest.fixture(scope="session")
def client(server):
    return make_client(server)


@pytest.fixture(scope="session")
def nv_client(server):
    """boto3 without client-side parameter validation: the server's validation answers."""
    return make_client(server, validate=False)


@pytest.fixture(scope="session")
def cli(server, tmp_path_factory):
    return Cli(server, tmp_path_factory.mktemp("awscli"))


# ------------------------------------------------------------ agent spaces --

class SpaceFactory:
    """Creates agent spaces through boto3 and deletes every space it created or was
    told about (`track`) when the test ends."""

    def __init__(self, client):
        self.client = client
        self.created: list[str] = []

    def __call__(self, name: str | None = None, **kwargs) -> str:
        resp = self.client.create_agent_space(name=name or unique("space"), **kwargs)
        return self.track(resp["agentSpace"]["agentSpaceId"])

    def track(self, space_id: str) -> str:
        self.created.append(space_id)
        return space_id

    def cleanup(self):
        for sid in self.created:
            with contextlib.suppress(Exception):
                self.client.delete_agent_space(agentSpaceId=sid)


@pytest.fixture
def space_factory(client):
    factory = SpaceFactory(client)
    yield factory
    factory.cleanup()


@pytest.fixture
def space(space_factory) -> str:
    return space_factory()


@pytest.fixture
def other_space(space_factory) -> str:
    return space_factory()


# ------------------------------------------------------- failure reporting --

_LOG_OFFSETS = pytest.StashKey[dict]()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    item.stash[_LOG_OFFSETS] = {id(s): s.log_size() for s in ALL_SERVERS}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if not rep.failed:
        return
    offsets = item.stash.get(_LOG_OFFSETS, {})
    for s in ALL_SERVERS:
        text = s.log_text(offsets.get(id(s), 0))
        if text.strip():
            rep.sections.append((f"vigil server log [{s.label}] during this test ({s.log_path})", tail(text, 150)))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    tr = terminalreporter
    if not OPS_CALLED:
        return
    tr.section("vigil compat coverage")
    tr.write_line(f"operations called: {len(OPS_CALLED & ALL_OPERATIONS)}/{len(ALL_OPERATIONS)}; "
                  f"succeeded at least once: {len(OPS_SUCCEEDED & ALL_OPERATIONS)}/{len(ALL_OPERATIONS)}")
    never_ok = sorted(ALL_OPERATIONS - OPS_SUCCEEDED)
    if never_ok:
        tr.write_line("operations that never succeeded: " + ", ".join(never_ok))
    for s in ALL_SERVERS:
        note = ""
        if s.stopped_gracefully is False:
            note = " (did NOT stop within the SIGTERM grace period; killed)"
        elif s.last_exit_code not in (None, 0):
            note = f" (exit code {s.last_exit_code} after SIGTERM)"
        tr.write_line(f"server log [{s.label}]: {s.log_path}{note}")
