"""The server process: /healthz readiness, graceful SIGTERM, state kept in the data
directory across restarts, and the administrator key taken from the environment."""
from helpers import ADMIN_ACCESS_KEY, ADMIN_SECRET_KEY, assert_error, make_client, space_arn


def test_sigterm_is_graceful_and_state_persists(vigil_server):
    srv = vigil_server("lifecycle")
    assert srv.healthz() == 200
    c = make_client(srv)
    sid = c.create_agent_space(name="persistent", tags={"keep": "me"})["agentSpace"]["agentSpaceId"]
    task = c.create_backlog_task(agentSpaceId=sid, title="survives restart", taskType="INVESTIGATION",
                                 priority="MEDIUM")["task"]

    rc = srv.stop(timeout=15)
    assert srv.stopped_gracefully, "vigil serve did not exit within 15 s of SIGTERM"
    assert rc == 0, f"vigil serve exited with {rc} after SIGTERM"

    again = vigil_server("lifecycle-restart", data_dir=srv.data_dir)
    c2 = make_client(again)
    got = c2.get_agent_space(agentSpaceId=sid)
    assert got["agentSpace"]["name"] == "persistent"
    assert c2.list_tags_for_resource(resourceArn=space_arn(sid))["tags"] == {"keep": "me"}
    assert c2.get_backlog_task(agentSpaceId=sid, taskId=task["taskId"])["task"]["title"] == "survives restart"
    assert len(c2.list_goals(agentSpaceId=sid)["goals"]) == 1


def test_admin_key_comes_from_the_environment(vigil_server):
    srv = vigil_server("other-admin", access_key="AKIAOTHERADMIN000001", secret_key="other-admin-secret-value-1234")
    ok = make_client(srv)
    assert isinstance(ok.list_agent_spaces()["agentSpaces"], list)
    # The suite's usual key is not known to this server.
    stranger = make_client(srv, key=ADMIN_ACCESS_KEY, secret=ADMIN_SECRET_KEY)
    assert_error(lambda: stranger.list_agent_spaces(), "UnrecognizedClientException", 403)
