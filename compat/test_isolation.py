"""Isolation between agent spaces under IAM: random principals, each allowed on a random subset of
spaces, call every space-scoped operation on every space. Every call outside a principal's scope is
AccessDeniedException and its error names nothing of the space beyond the ARN the caller sent."""
from __future__ import annotations

import os
import random

from botocore.exceptions import ClientError

from helpers import make_client, space_arn, strings_in, unique
from test_iam import new_user

SEED = int(os.environ.get("VIGIL_ISOLATION_SEED", random.randrange(1 << 30)))


def calls(space: str) -> dict:
    """One plausible call per space-scoped operation (ids that do not exist are fine: authorization comes first)."""
    arn = space_arn(space)
    return {
        "GetAgentSpace": lambda c: c.get_agent_space(agentSpaceId=space),
        "UpdateAgentSpace": lambda c: c.update_agent_space(agentSpaceId=space, description="touched"),
        "ListAssociations": lambda c: c.list_associations(agentSpaceId=space),
        "AssociateService": lambda c: c.associate_service(
            agentSpaceId=space, serviceId="aws",
            configuration={"aws": {"assumableRoleArn": "arn:aws:iam::210987654321:role/Agent", "accountId": "210987654321",
                                   "accountType": "monitor"}}),
        "GetAssociation": lambda c: c.get_association(agentSpaceId=space, associationId="a-missing"),
        "UpdateAssociation": lambda c: c.update_association(agentSpaceId=space, associationId="a-missing",
                                                             configuration={"eventChannel": {}}),
        "DisassociateService": lambda c: c.disassociate_service(agentSpaceId=space, associationId="a-missing"),
        "ListWebhooks": lambda c: c.list_webhooks(agentSpaceId=space, associationId="a-missing"),
        "ValidateAwsAssociations": lambda c: c.validate_aws_associations(agentSpaceId=space),
        "EnableOperatorApp": lambda c: c.enable_operator_app(agentSpaceId=space, authFlow="iam",
                                                             operatorAppRoleArn="arn:aws:iam::123456789012:role/Operator"),
        "GetOperatorApp": lambda c: c.get_operator_app(agentSpaceId=space),
        "UpdateOperatorAppIdpConfig": lambda c: c.update_operator_app_idp_config(agentSpaceId=space, idpClientSecret="s3cret"),
        "DisableOperatorApp": lambda c: c.disable_operator_app(agentSpaceId=space, authFlow="idc"),
        "CreateBacklogTask": lambda c: c.create_backlog_task(agentSpaceId=space, taskType="INVESTIGATION", title="t", priority="LOW"),
        "GetBacklogTask": lambda c: c.get_backlog_task(agentSpaceId=space, taskId="t-missing"),
        "UpdateBacklogTask": lambda c: c.update_backlog_task(agentSpaceId=space, taskId="t-missing", taskStatus="CANCELED"),
        "ListBacklogTasks": lambda c: c.list_backlog_tasks(agentSpaceId=space),
        "ListGoals": lambda c: c.list_goals(agentSpaceId=space),
        "UpdateGoal": lambda c: c.update_goal(agentSpaceId=space, goalId="g-missing", evaluationSchedule={"state": "ENABLED"}),
        "ListRecommendations": lambda c: c.list_recommendations(agentSpaceId=space),
        "GetRecommendation": lambda c: c.get_recommendation(agentSpaceId=space, recommendationId="r-missing"),
        "UpdateRecommendation": lambda c: c.update_recommendation(agentSpaceId=space, recommendationId="r-missing", status="ACCEPTED"),
        "ListExecutions": lambda c: c.list_executions(agentSpaceId=space, taskId="t-missing"),
        "ListJournalRecords": lambda c: c.list_journal_records(agentSpaceId=space, executionId="e-missing"),
        "CreateChat": lambda c: c.create_chat(agentSpaceId=space),
        "ListChats": lambda c: c.list_chats(agentSpaceId=space),
        "SendMessage": lambda c: c.send_message(agentSpaceId=space, executionId="e-missing", content="hi"),
        "ListPendingMessages": lambda c: c.list_pending_messages(agentSpaceId=space, executionId="e-missing"),
        "TagResource": lambda c: c.tag_resource(resourceArn=arn, tags={"k": "v"}),
        "UntagResource": lambda c: c.untag_resource(resourceArn=arn, tagKeys=["k"]),
        "ListTagsForResource": lambda c: c.list_tags_for_resource(resourceArn=arn),
        "DeleteAgentSpace": lambda c: c.delete_agent_space(agentSpaceId=space),
    }


def test_random_principals_cannot_reach_outside_their_spaces(server, client, space_factory, tmp_path):
    rng = random.Random(SEED)
    print(f"isolation seed {SEED} (set VIGIL_ISOLATION_SEED to replay)")
    names: dict[str, str] = {}
    spaces = []
    for _ in range(4):
        name = f"secret-{unique('space')}"
        space = space_factory(name)
        client.create_backlog_task(agentSpaceId=space, taskType="INVESTIGATION", title=f"title-of-{name}", priority="HIGH")
        spaces.append(space)
        names[space] = name
    principals = []
    for _ in range(4):
        scope = set(rng.sample(spaces, rng.randint(0, 2)))
        statements = [{"Effect": "Allow", "Action": "aidevops:*", "Resource": [space_arn(s) for s in scope]}] if scope else \
            [{"Effect": "Allow", "Action": "aidevops:GetAccountUsage", "Resource": "*"}]
        user = new_user(server, tmp_path, statements)
        principals.append((user, scope, make_client(server, key=user["key"], secret=user["secret"])))

    denied = allowed = 0
    for user, scope, c in principals:
        for space in spaces:
            for operation, call in calls(space).items():
                if space in scope and operation == "DeleteAgentSpace":
                    continue  # allowed, and would remove the space the other checks need
                try:
                    call(c)
                    outcome = None
                except ClientError as e:
                    outcome = e.response
                if space in scope:
                    allowed += 1
                    code = outcome["Error"]["Code"] if outcome else None
                    assert code != "AccessDeniedException", f"{operation} on its own space {space} was denied for {user['arn']}"
                else:
                    denied += 1
                    assert outcome is not None, f"{operation} on foreign space {space} succeeded for {user['arn']}"
                    assert outcome["Error"]["Code"] == "AccessDeniedException", f"{operation}: {outcome['Error']}"
                    text = " ".join(strings_in(outcome))
                    for other in spaces:
                        assert names[other] not in text and f"title-of-{names[other]}" not in text
                        if other != space:
                            assert other not in text, f"{operation} error names another space: {text}"
        listed = {s["agentSpaceId"] for s in c.list_agent_spaces()["agentSpaces"]}
        assert listed & set(spaces) == scope
    assert denied > 0
    print(f"isolation: {denied} calls outside scope denied, {allowed} inside scope not denied")
