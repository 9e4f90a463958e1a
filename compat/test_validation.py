"""Server-side input validation: ValidationException (HTTP 400) with fieldList paths.

botocore checks only required/min/union on the client, so these use a boto3 client
with parameter_validation=False (the server must answer), awscli for what it sends
unchecked (max, pattern, enum, empty URI label), and raw signed requests for what no
client can send (non-integer query values, malformed JSON)."""
import json
import uuid

import pytest

from helpers import assert_validation, field_paths, send_raw

KMS_BAD = "arn:aws:kms:us-east-1:123456789012:key/not-a-uuid-at-all"
ROLE = "arn:aws:iam::123456789012:role/VigilReadOnly"


def source_aws(**overrides):
    cfg = {"accountId": "123456789012", "accountType": "source", "assumableRoleArn": ROLE}
    cfg.update(overrides)
    return {k: v for k, v in cfg.items() if v is not None}


# --------------------------------------------------------------- required --

def test_required_members(nv_client, space):
    assert_validation(lambda: nv_client.create_agent_space(description="no name"), "name")
    assert_validation(lambda: nv_client.create_backlog_task(agentSpaceId=space, taskType="INVESTIGATION",
                                                            priority="HIGH"), "title")
    r = assert_validation(lambda: nv_client.create_backlog_task(agentSpaceId=space, title="t"))
    assert {"taskType", "priority"} <= set(field_paths(r))
    assert_validation(lambda: nv_client.list_executions(agentSpaceId=space), "taskId")
    assert_validation(lambda: nv_client.list_journal_records(agentSpaceId=space), "executionId")
    assert_validation(lambda: nv_client.tag_resource(resourceArn=f"arn:aws:aidevops:us-east-1:123456789012:agentspace/{space}"),
                      "tags")
    assert_validation(lambda: nv_client.associate_service(agentSpaceId=space, serviceId="x"), "configuration")


def test_nested_required_member(nv_client, space):
    assert_validation(lambda: nv_client.associate_service(
        agentSpaceId=space, serviceId="aws", configuration={"sourceAws": source_aws(accountId=None)}),
        "configuration.sourceAws.accountId")
    assert_validation(lambda: nv_client.update_goal(agentSpaceId=space, goalId="g-1", evaluationSchedule={}),
                      "evaluationSchedule.state")


# -------------------------------------------------------------------- min --

def test_min_constraints(nv_client, space):
    assert_validation(lambda: nv_client.create_agent_space(name=""), "name")
    assert_validation(lambda: nv_client.create_agent_space(name="x", locale="e"), "locale")
    assert_validation(lambda: nv_client.list_agent_spaces(maxResults=0), "maxResults")
    assert_validation(lambda: nv_client.list_backlog_tasks(agentSpaceId=space, limit=0), "limit")
    assert_validation(lambda: nv_client.create_backlog_task(agentSpaceId=space, title="", taskType="INVESTIGATION",
                                                            priority="HIGH"), "title")
    assert_validation(lambda: nv_client.list_agent_spaces(nextToken=""), "nextToken")


# -------------------------------------------------------------------- max --

def test_max_constraints(nv_client, space):
    assert_validation(lambda: nv_client.create_agent_space(name="n" * 256), "name")
    assert_validation(lambda: nv_client.create_agent_space(name="ok", description="d" * 1001), "description")
    assert_validation(lambda: nv_client.list_agent_spaces(maxResults=101), "maxResults")
    assert_validation(lambda: nv_client.list_backlog_tasks(agentSpaceId=space, limit=1001), "limit")
    assert_validation(lambda: nv_client.list_goals(agentSpaceId=space, limit=101), "limit")
    assert_validation(lambda: nv_client.list_chats(agentSpaceId=space, maxResults=21), "maxResults")
    assert_validation(lambda: nv_client.create_backlog_task(agentSpaceId=space, title="t" * 401,
                                                            taskType="INVESTIGATION", priority="HIGH"), "title")
    assert_validation(lambda: nv_client.tag_resource(
        resourceArn=f"arn:aws:aidevops:us-east-1:123456789012:agentspace/{space}", tags={"myKey": "v" * 257}),
        "tags[myKey]")


def test_boundaries_are_accepted(client, space_factory):
    sid = space_factory(name="n" * 255, description="d" * 1000, locale="zh-Hant-TW")
    assert client.get_agent_space(agentSpaceId=sid)["agentSpace"]["name"] == "n" * 255
    assert len(client.list_agent_spaces(maxResults=100)["agentSpaces"]) <= 100


def test_cli_sends_max_violations_and_server_rejects(cli):
    code, msg = cli.error("create-agent-space", "--name", "x" * 300)
    assert code == "ValidationException" and msg
    cli.error("list-agent-spaces", "--max-results", "1000", code="ValidationException")


# ---------------------------------------------------------------- pattern --

def test_pattern_constraints(nv_client, space):
    assert_validation(lambda: nv_client.create_agent_space(name="x", locale="en_US"), "locale")
    assert_validation(lambda: nv_client.create_agent_space(name="x", kmsKeyArn=KMS_BAD), "kmsKeyArn")
    assert_validation(lambda: nv_client.create_agent_space(name="x", tags={"myKey": "bad#value"}), "tags[myKey]")
    assert_validation(lambda: nv_client.associate_service(
        agentSpaceId=space, serviceId="aws", configuration={"sourceAws": source_aws(accountId="12345")}),
        "configuration.sourceAws.accountId")
    assert_validation(lambda: nv_client.associate_service(
        agentSpaceId=space, serviceId="bad service!", configuration={"eventChannel": {}}), "serviceId")
    assert_validation(lambda: nv_client.list_tags_for_resource(resourceArn="arn:aws:s3:::bucket"), "resourceArn")
    assert_validation(lambda: nv_client.list_associations(agentSpaceId=space, filterServiceTypes="github,,slack"),
                      "filterServiceTypes")


def test_pattern_must_match_the_whole_value(nv_client, space):
    # Each value contains a valid match but is not one as a whole.
    assert_validation(lambda: nv_client.get_agent_space(agentSpaceId="abc_def"), "agentSpaceId")
    assert_validation(lambda: nv_client.get_backlog_task(agentSpaceId=space, taskId="task$1"), "taskId")
    assert_validation(lambda: nv_client.create_agent_space(name="x", locale="en-US!"), "locale")
    assert_validation(lambda: nv_client.associate_service(
        agentSpaceId=space, serviceId="aws", configuration={"sourceAws": source_aws(accountId="1234567890123")}),
        "configuration.sourceAws.accountId")


def test_uri_label_is_decoded_before_validation(nv_client, space):
    # botocore percent-encodes '/' in labels; the decoded value 'a/b' fails the pattern.
    assert_validation(lambda: nv_client.get_backlog_task(agentSpaceId=space, taskId="a/b"), "taskId")


def test_cli_pattern_violation(cli):
    cli.error("create-agent-space", "--name", "x", "--locale", "english!", code="ValidationException")


# ------------------------------------------------------------------- enum --

def test_enum_constraints(nv_client, space):
    assert_validation(lambda: nv_client.create_backlog_task(agentSpaceId=space, title="t", taskType="NOPE",
                                                            priority="HIGH"), "taskType")
    assert_validation(lambda: nv_client.create_backlog_task(agentSpaceId=space, title="t", taskType="INVESTIGATION",
                                                            priority="URGENT"), "priority")
    assert_validation(lambda: nv_client.list_backlog_tasks(agentSpaceId=space, filter={"taskType": ["NOPE"]}),
                      "filter.taskType[0]")
    assert_validation(lambda: nv_client.list_backlog_tasks(agentSpaceId=space, sortField="TITLE"), "sortField")
    assert_validation(lambda: nv_client.list_backlog_tasks(agentSpaceId=space, order="UP"), "order")
    assert_validation(lambda: nv_client.list_services(filterServiceType="nope"), "filterServiceType")
    assert_validation(lambda: nv_client.register_service(service="github", serviceDetails={"eventChannel": {}}),
                      "service")
    assert_validation(lambda: nv_client.update_backlog_task(agentSpaceId=space, taskId="t-1", taskStatus="DONE"),
                      "taskStatus")
    assert_validation(lambda: nv_client.update_goal(agentSpaceId=space, goalId="g-1",
                                                    evaluationSchedule={"state": "ON"}), "evaluationSchedule.state")
    assert_validation(lambda: nv_client.create_chat(agentSpaceId=space, userType="ROBOT"), "userType")
    assert_validation(lambda: nv_client.list_goals(agentSpaceId=space, status="DONE"), "status")
    assert_validation(lambda: nv_client.list_recommendations(agentSpaceId=space, priority="CRITICAL"), "priority")


def test_cli_enum_violation(cli, space):
    cli.error("create-backlog-task", "--agent-space-id", space, "--title", "t", "--task-type", "NOPE",
              "--priority", "HIGH", code="ValidationException")


# ------------------------------------------------------------------ union --

def test_union_with_no_member(nv_client, space):
    assert_validation(lambda: nv_client.associate_service(agentSpaceId=space, serviceId="svc-1", configuration={}),
                      "configuration")
    assert_validation(lambda: nv_client.register_service(service="mcpserver", serviceDetails={}), "serviceDetails")
    assert_validation(lambda: nv_client.register_service(service="mcpserver", serviceDetails={"mcpserver": {
        "name": "x", "endpoint": "https://mcp.example.com", "authorizationConfig": {}}}),
        "serviceDetails.mcpserver.authorizationConfig")


def test_union_with_two_members(nv_client, space):
    assert_validation(lambda: nv_client.associate_service(
        agentSpaceId=space, serviceId="svc-1",
        configuration={"mcpserver": {"tools": ["a"]}, "eventChannel": {}}), "configuration")
    assert_validation(lambda: nv_client.register_service(
        service="eventChannel", serviceDetails={"eventChannel": {"type": "webhook"},
                                                "gitlab": {"targetUrl": "https://gitlab.com", "tokenType": "personal",
                                                           "tokenValue": "abc"}}), "serviceDetails")


# ---------------------------------------------------------- URI, query, body --

def test_empty_uri_label(nv_client, cli, space):
    assert_validation(lambda: nv_client.get_agent_space(agentSpaceId=""), "agentSpaceId")
    assert_validation(lambda: nv_client.get_backlog_task(agentSpaceId=space, taskId=""), "taskId")
    cli.error("get-agent-space", "--agent-space-id", "", code="ValidationException")


def test_bad_integer_in_query(server, space):
    for path, member in [("/v1/agentspaces/list?maxResults=abc", "maxResults"),
                         ("/v1/agentspaces/list?maxResults=1.5", "maxResults"),
                         (f"/agents/agent-space/{space}/chat/list?maxResults=ten", "maxResults"),
                         (f"/backlog/agent-space/{space}/recommendations/r-1?recommendationVersion=v2",
                          "recommendationVersion")]:
        method = "GET" if "chat/list" in path or "recommendations/" in path else "POST"
        resp = send_raw(server, method, path)
        assert resp.status == 400 and resp.error_type == "ValidationException", (path, resp.status, resp.body)
        body = resp.json()
        assert member in [f["path"] for f in body.get("fieldList", [])], (path, body)


@pytest.mark.parametrize("body", [b'{"name": "x",', b"not json at all", b'{"name": "x"} trailing'],
                         ids=["truncated", "garbage", "trailing"])
def test_malformed_json_body(server, body):
    resp = send_raw(server, "POST", "/v1/agentspaces", body=body)
    assert resp.status == 400, (resp.status, resp.body)
    assert resp.error_type == "ValidationException", resp.headers
    assert isinstance(resp.json().get("message"), str)


def test_json_body_of_wrong_shape(server, nv_client):
    resp = send_raw(server, "POST", "/v1/agentspaces", body=b'["name", "x"]')
    assert resp.status == 400 and resp.error_type == "ValidationException", resp.body
    assert_validation(lambda: nv_client.create_agent_space(name=5), "name")
    resp = send_raw(server, "POST", "/v1/agentspaces", body=json.dumps({"name": "x", "tags": ["not", "a", "map"]}))
    assert resp.status == 400 and resp.error_type == "ValidationException", resp.body
    assert "tags" in [f["path"] for f in resp.json().get("fieldList", [])], resp.body


def test_several_violations_are_reported_together(nv_client):
    r = assert_validation(lambda: nv_client.create_agent_space(name="n" * 300, locale="not a locale",
                                                               kmsKeyArn=KMS_BAD))
    assert {"name", "locale", "kmsKeyArn"} <= set(field_paths(r))


def test_validation_comes_before_lookup(nv_client):
    missing = f"nosuch-{uuid.uuid4().hex[:8]}"
    assert_validation(lambda: nv_client.get_backlog_task(agentSpaceId=missing, taskId="bad$id"), "taskId")
    assert_validation(lambda: nv_client.create_backlog_task(agentSpaceId=missing, title="t", taskType="NOPE",
                                                            priority="HIGH"), "taskType")


# ----------------------------------------------------------- error format --

def test_error_wire_format(server, space):
    resp = send_raw(server, "GET", f"/v1/agentspaces/nosuch-{uuid.uuid4().hex[:8]}")
    assert resp.status == 404
    assert resp.headers.get("x-amzn-errortype", "").split(":")[0] == "ResourceNotFoundException"
    assert resp.headers.get("x-amzn-requestid")
    assert "json" in resp.headers.get("content-type", "")
    assert isinstance(resp.json()["message"], str) and resp.json()["message"]

    resp = send_raw(server, "POST", "/v1/agentspaces", body=json.dumps({"name": ""}))
    assert resp.status == 400
    assert resp.headers.get("x-amzn-errortype", "").split(":")[0] == "ValidationException"
    body = resp.json()
    assert isinstance(body["message"], str) and body["message"]
    assert any(f["path"] == "name" and f["message"] for f in body["fieldList"]), body
