"""Unknown ids of every kind answer ResourceNotFoundException (HTTP 404)."""
import uuid

import pytest

from helpers import CERT, assert_error, service_arn, space_arn


def nosuch(prefix="nosuch"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


MISSING_SPACE_CALLS = {
    "GetAgentSpace": lambda c, s: c.get_agent_space(agentSpaceId=s),
    "UpdateAgentSpace": lambda c, s: c.update_agent_space(agentSpaceId=s, name="x"),
    "CreateBacklogTask": lambda c, s: c.create_backlog_task(agentSpaceId=s, title="t", taskType="INVESTIGATION",
                                                            priority="LOW"),
    "ListBacklogTasks": lambda c, s: c.list_backlog_tasks(agentSpaceId=s),
    "ListGoals": lambda c, s: c.list_goals(agentSpaceId=s),
    "ListRecommendations": lambda c, s: c.list_recommendations(agentSpaceId=s),
    "CreateChat": lambda c, s: c.create_chat(agentSpaceId=s),
    "ListChats": lambda c, s: c.list_chats(agentSpaceId=s),
    "ListAssociations": lambda c, s: c.list_associations(agentSpaceId=s),
    "AssociateService": lambda c, s: c.associate_service(agentSpaceId=s, serviceId="svc",
                                                         configuration={"eventChannel": {}}),
    "GetOperatorApp": lambda c, s: c.get_operator_app(agentSpaceId=s),
    "ValidateAwsAssociations": lambda c, s: c.validate_aws_associations(agentSpaceId=s),
    "ListTagsForResource": lambda c, s: c.list_tags_for_resource(resourceArn=space_arn(s)),
}


@pytest.mark.parametrize("op", sorted(MISSING_SPACE_CALLS))
def test_unknown_agent_space(client, op):
    assert_error(lambda: MISSING_SPACE_CALLS[op](client, nosuch()), "ResourceNotFoundException", 404)


@pytest.mark.parametrize("op", ["GetAgentSpace", "CreateBacklogTask", "ListGoals", "CreateChat", "ListAssociations"])
def test_deleted_agent_space(client, space_factory, op):
    sid = space_factory()
    client.delete_agent_space(agentSpaceId=sid)
    assert_error(lambda: MISSING_SPACE_CALLS[op](client, sid), "ResourceNotFoundException", 404)


IN_SPACE_CALLS = {
    "task/GetBacklogTask": lambda c, s: c.get_backlog_task(agentSpaceId=s, taskId=nosuch("task")),
    "task/UpdateBacklogTask": lambda c, s: c.update_backlog_task(agentSpaceId=s, taskId=nosuch("task"),
                                                                 taskStatus="CANCELED"),
    "goal/UpdateGoal": lambda c, s: c.update_goal(agentSpaceId=s, goalId=nosuch("goal"),
                                                  evaluationSchedule={"state": "ENABLED"}),
    "recommendation/GetRecommendation": lambda c, s: c.get_recommendation(agentSpaceId=s,
                                                                          recommendationId=nosuch("rec")),
    "recommendation/UpdateRecommendation": lambda c, s: c.update_recommendation(
        agentSpaceId=s, recommendationId=nosuch("rec"), status="ACCEPTED"),
    "association/GetAssociation": lambda c, s: c.get_association(agentSpaceId=s, associationId=nosuch("assoc")),
    "association/UpdateAssociation": lambda c, s: c.update_association(
        agentSpaceId=s, associationId=nosuch("assoc"), configuration={"eventChannel": {}}),
    "association/ListWebhooks": lambda c, s: c.list_webhooks(agentSpaceId=s, associationId=nosuch("assoc")),
    "execution/SendMessage": lambda c, s: c.send_message(agentSpaceId=s, executionId=nosuch("exec"), content="hi"),
    "service/AssociateService": lambda c, s: c.associate_service(agentSpaceId=s, serviceId=nosuch("svc"),
                                                                 configuration={"eventChannel": {}}),
}


@pytest.mark.parametrize("case", sorted(IN_SPACE_CALLS))
def test_unknown_id_in_existing_space(client, space, case):
    assert_error(lambda: IN_SPACE_CALLS[case](client, space), "ResourceNotFoundException", 404)


ACCOUNT_CALLS = {
    "service/GetService": lambda c: c.get_service(serviceId=nosuch("svc")),
    "service/DeregisterService": lambda c: c.deregister_service(serviceId=nosuch("svc")),
    "service/ListTagsForResource": lambda c: c.list_tags_for_resource(resourceArn=service_arn(nosuch("svc"))),
    "service/TagResource": lambda c: c.tag_resource(resourceArn=service_arn(nosuch("svc")), tags={"a": "b"}),
    "privateConnection/Describe": lambda c: c.describe_private_connection(name=nosuch("pc")),
    "privateConnection/UpdateCertificate": lambda c: c.update_private_connection_certificate(
        name=nosuch("pc"), certificate=CERT),
}


@pytest.mark.parametrize("case", sorted(ACCOUNT_CALLS))
def test_unknown_account_level_id(client, case):
    assert_error(lambda: ACCOUNT_CALLS[case](client), "ResourceNotFoundException", 404)


def test_cli_reports_not_found(cli):
    code, message = cli.error("get-agent-space", "--agent-space-id", nosuch())
    assert code == "ResourceNotFoundException" and message
    cli.error("get-service", "--service-id", nosuch("svc"), code="ResourceNotFoundException")
