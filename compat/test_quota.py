"""The agent-space quota (VIGIL_MAX_AGENT_SPACES, default 100): the space past the
quota answers ServiceQuotaExceededException (HTTP 402); deleting a space frees a slot.
Each test runs its own server with a fresh data directory."""
import uuid

from helpers import Cli, assert_error, make_client, paginate_all, status_of


def live_space_count(client) -> int:
    return sum(len(p["agentSpaces"]) for p in paginate_all(client, "list_agent_spaces", 100))


def test_default_quota_is_100(vigil_server, tmp_path):
    srv = vigil_server("quota-default", env={"VIGIL_MAX_AGENT_SPACES": None})
    c = make_client(srv)
    ids = [c.create_agent_space(name=f"space {i}")["agentSpace"]["agentSpaceId"] for i in range(100)]
    assert len(set(ids)) == 100
    assert live_space_count(c) == 100

    resp = assert_error(lambda: c.create_agent_space(name="one too many"), "ServiceQuotaExceededException", 402)
    assert resp["Error"]["Message"]
    cli = Cli(srv, tmp_path / "cli")
    cli.error("create-agent-space", "--name", "cli one too many", code="ServiceQuotaExceededException")
    assert live_space_count(c) == 100

    # Deleting a space frees a slot, exactly one.
    assert status_of(c.delete_agent_space(agentSpaceId=ids[0])) == 204
    new = c.create_agent_space(name="fits again")["agentSpace"]["agentSpaceId"]
    assert new not in ids
    assert_error(lambda: c.create_agent_space(name="full again"), "ServiceQuotaExceededException", 402)
    # Deleting an already-deleted space does not free another slot.
    c.delete_agent_space(agentSpaceId=ids[0])
    assert_error(lambda: c.create_agent_space(name="still full"), "ServiceQuotaExceededException", 402)


def test_configured_quota(vigil_server):
    srv = vigil_server("quota-3", env={"VIGIL_MAX_AGENT_SPACES": "3"})
    c = make_client(srv)
    ids = [c.create_agent_space(name=f"s{i}")["agentSpace"]["agentSpaceId"] for i in range(3)]
    assert_error(lambda: c.create_agent_space(name="s3"), "ServiceQuotaExceededException", 402)
    # An idempotent retry of a space that exists is not a new space.
    token = str(uuid.uuid4())
    c.delete_agent_space(agentSpaceId=ids[2])
    a = c.create_agent_space(name="with token", clientToken=token)["agentSpace"]
    b = c.create_agent_space(name="with token", clientToken=token)["agentSpace"]
    assert a["agentSpaceId"] == b["agentSpaceId"]
    assert live_space_count(c) == 3
