"""Service registrations and associations: RegisterService, GetService, ListServices,
DeregisterService, AssociateService, GetAssociation, ListAssociations,
UpdateAssociation, DisassociateService, ValidateAwsAssociations, ListWebhooks, and
tags on services. Secrets given at registration never come back."""
import contextlib
import json
import uuid

import pytest

from mcp_fixtures import readonly_mcp  # noqa: F401  (a real read-only MCP server on loopback)
from helpers import (ASSOCIATION_ID, SERVICE_ID, assert_error, assert_recent, paginate_all, service_arn,
                     status_of, unique)

WEBHOOK_TYPES = {"hmac", "apikey", "gitlab", "pagerduty"}


# Registration connects to the server and lists its tools, and an allowlist may name only tools of that
# catalogue, so these tests register the real read-only MCP server of compat/mcp_fixtures.py and use its
# tool names (docs/mcp.md).
MCP_ENDPOINT = ""


@pytest.fixture(autouse=True, scope="module")
def _mcp_endpoint(readonly_mcp):  # noqa: F811
    global MCP_ENDPOINT
    MCP_ENDPOINT = readonly_mcp.url
    yield


def mcp_details(secret: str, name: str = "tools") -> dict:
    return {"mcpserver": {"name": name, "endpoint": MCP_ENDPOINT, "description": "Runbook tools",
                          "authorizationConfig": {"apiKey": {"apiKeyName": "prod key", "apiKeyValue": secret,
                                                             "apiKeyHeader": "X-Api-Key"}}}}


class Services:
    def __init__(self, client):
        self.client = client
        self.ids: list[str] = []

    def register(self, service: str, details: dict, **kwargs) -> dict:
        resp = self.client.register_service(service=service, serviceDetails=details, **kwargs)
        if resp.get("serviceId"):
            self.ids.append(resp["serviceId"])
        return resp

    def mcp(self, **kwargs) -> str:
        return self.register("mcpserver", mcp_details(f"mcp-secret-{uuid.uuid4().hex}"), **kwargs)["serviceId"]

    def event_channel(self, **kwargs) -> str:
        return self.register("eventChannel", {"eventChannel": {"type": "webhook"}}, **kwargs)["serviceId"]

    def cleanup(self):
        for sid in self.ids:
            with contextlib.suppress(Exception):
                self.client.deregister_service(serviceId=sid)


@pytest.fixture
def services(client):
    s = Services(client)
    yield s
    s.cleanup()


@pytest.fixture
def cleanup_associations(client):
    """Disassociates (space, association) pairs appended to the list, before services are deregistered."""
    pairs: list[tuple[str, str]] = []
    yield pairs
    for space_id, assoc_id in pairs:
        with contextlib.suppress(Exception):
            client.disassociate_service(agentSpaceId=space_id, associationId=assoc_id)


def all_services(client, **kwargs) -> list[dict]:
    return [s for p in paginate_all(client, "list_services", 100, **kwargs) for s in p["services"]]


# -------------------------------------------------------------------- services --

def test_boto3_register_mcpserver_never_returns_secret(client, services):
    secret = f"sk-live-{uuid.uuid4().hex}"
    name = unique("Runbook MCP")
    resp = services.register("mcpserver", mcp_details(secret, name="runbooks"), name=name, tags={"team": "sre"})
    assert status_of(resp) == 201
    sid = resp["serviceId"]
    assert SERVICE_ID.match(sid), resp
    assert resp.get("tags") == {"team": "sre"}
    assert secret not in json.dumps(resp, default=str)

    got = client.get_service(serviceId=sid)
    svc = got["service"]
    assert svc["serviceId"] == sid and svc["serviceType"] == "mcpserver"
    assert svc["name"] == name
    details = svc["additionalServiceDetails"]["mcpserver"]
    assert details["name"] == "runbooks"
    assert details["endpoint"] == MCP_ENDPOINT
    assert details["authorizationMethod"] == "api-key"
    assert details["apiKeyHeader"] == "X-Api-Key"
    assert got.get("tags") == {"team": "sre"}
    assert secret not in json.dumps(got, default=str)

    listed = [s for s in all_services(client) if s["serviceId"] == sid]
    assert len(listed) == 1 and listed[0]["serviceType"] == "mcpserver"
    assert secret not in json.dumps(listed, default=str)


@pytest.mark.parametrize("service,details_fn,method", [
    ("mcpserversplunk",
     lambda s: {"mcpserversplunk": {"name": "splunk", "endpoint": MCP_ENDPOINT,
                                    "authorizationConfig": {"bearerToken": {"tokenName": "ro", "tokenValue": s}}}},
     "bearer-token"),
    # OAuth client credentials against a real token endpoint: compat/test_mcp*.py.
])
def test_other_mcp_credentials_are_hidden(client, services, service, details_fn, method):
    secret = f"tok-{uuid.uuid4().hex}"
    sid = services.register(service, details_fn(secret))["serviceId"]
    got = client.get_service(serviceId=sid)
    assert got["service"]["serviceType"] == service
    assert got["service"]["additionalServiceDetails"][service]["authorizationMethod"] == method
    assert secret not in json.dumps(got, default=str)
    assert secret not in json.dumps(all_services(client), default=str)


def test_cli_register_gitlab_never_returns_token(cli, client, services):
    token = f"glpat-{uuid.uuid4().hex}"
    out = cli("register-service", "--service", "gitlab", "--service-details",
              json.dumps({"gitlab": {"targetUrl": "https://gitlab.example.com", "tokenType": "personal",
                                     "tokenValue": token}}), "--name", "GitLab prod")
    sid = out["serviceId"]
    services.ids.append(sid)
    res = cli.run("get-service", "--service-id", sid)
    assert res.rc == 0, res.stderr
    assert token not in res.stdout
    svc = res.json["service"]
    assert svc["serviceType"] == "gitlab" and svc["name"] == "GitLab prod"
    assert svc["additionalServiceDetails"]["gitlab"]["targetUrl"] == "https://gitlab.example.com"
    assert svc["additionalServiceDetails"]["gitlab"]["tokenType"] == "personal"
    res = cli.run("list-services", "--filter-service-type", "gitlab")
    assert res.rc == 0, res.stderr
    assert token not in res.stdout
    assert sid in {s["serviceId"] for s in res.json["services"]}
    assert all(s["serviceType"] == "gitlab" for s in res.json["services"])


def test_list_services_filter_and_pages(client, cli, services):
    ids = {services.event_channel() for _ in range(3)}
    mcp = services.mcp()
    pages = paginate_all(client, "list_services", 1)
    listed = [s["serviceId"] for p in pages for s in p["services"]]
    assert all(len(p["services"]) <= 1 for p in pages)
    assert len(listed) == len(set(listed))
    assert ids | {mcp} <= set(listed)

    ev = all_services(client, filterServiceType="eventChannel")
    assert ids <= {s["serviceId"] for s in ev} and all(s["serviceType"] == "eventChannel" for s in ev)
    assert mcp not in {s["serviceId"] for s in ev}

    raw = client.list_services(maxResults=2)
    assert len(raw["services"]) == 2 and raw.get("nextToken")

    out = cli("list-services", "--page-size", "1")
    assert "nextToken" not in out
    assert {s["serviceId"] for s in out["services"]} == set(listed)


def test_deregister_service(client, cli, services):
    sid = services.event_channel()
    assert status_of(client.deregister_service(serviceId=sid)) == 200
    assert_error(lambda: client.get_service(serviceId=sid), "ResourceNotFoundException", 404)
    assert sid not in {s["serviceId"] for s in all_services(client)}
    assert_error(lambda: client.deregister_service(serviceId=sid), "ResourceNotFoundException", 404)
    sid2 = services.event_channel()
    res = cli.run("deregister-service", "--service-id", sid2)
    assert res.rc == 0, res.stderr
    cli.error("get-service", "--service-id", sid2, code="ResourceNotFoundException")


def test_service_tags(client, cli, services):
    sid = services.event_channel(tags={"a": "1"})
    arn = service_arn(sid)
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {"a": "1"}
    client.tag_resource(resourceArn=arn, tags={"b": "2"})
    assert cli("list-tags-for-resource", "--resource-arn", arn)["tags"] == {"a": "1", "b": "2"}
    client.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert client.get_service(serviceId=sid).get("tags") == {"b": "2"}


# ---------------------------------------------------------------- associations --

def test_boto3_association_lifecycle(client, space, services, cleanup_associations):
    sid = services.mcp()
    resp = client.associate_service(agentSpaceId=space, serviceId=sid,
                                    configuration={"mcpserver": {"tools": ["search_logs", "get_service_status"]}})
    assert status_of(resp) == 201
    a = resp["association"]
    cleanup_associations.append((space, a["associationId"]))
    assert ASSOCIATION_ID.match(a["associationId"]), a
    assert a["agentSpaceId"] == space and a["serviceId"] == sid
    assert a["configuration"] == {"mcpserver": {"tools": ["search_logs", "get_service_status"]}}
    created = assert_recent(a["createdAt"])
    assert a["updatedAt"] >= created

    got = client.get_association(agentSpaceId=space, associationId=a["associationId"])["association"]
    assert got == a

    upd = client.update_association(agentSpaceId=space, associationId=a["associationId"],
                                    configuration={"mcpserver": {"tools": ["search_logs"]}})
    assert status_of(upd) == 200
    assert upd["association"]["configuration"] == {"mcpserver": {"tools": ["search_logs"]}}
    assert upd["association"]["associationId"] == a["associationId"]
    assert upd["association"]["updatedAt"] >= a["updatedAt"]
    assert client.get_association(agentSpaceId=space, associationId=a["associationId"])["association"][
        "configuration"] == {"mcpserver": {"tools": ["search_logs"]}}

    listed = client.list_associations(agentSpaceId=space)["associations"]
    assert [x["associationId"] for x in listed] == [a["associationId"]]

    assert status_of(client.disassociate_service(agentSpaceId=space, associationId=a["associationId"])) == 204
    assert_error(lambda: client.get_association(agentSpaceId=space, associationId=a["associationId"]),
                 "ResourceNotFoundException", 404)
    assert client.list_associations(agentSpaceId=space)["associations"] == []


def test_cli_associations(cli, space, services, cleanup_associations):
    mcp, ev = services.mcp(), services.event_channel()
    a = cli("associate-service", "--agent-space-id", space, "--service-id", mcp,
            "--configuration", json.dumps({"mcpserver": {"tools": ["search_logs", "get_runbook"]}}))["association"]
    cleanup_associations.append((space, a["associationId"]))
    assert a["serviceId"] == mcp and a["configuration"] == {"mcpserver": {"tools": ["search_logs", "get_runbook"]}}
    e = cli("associate-service", "--agent-space-id", space, "--service-id", ev,
            "--configuration", json.dumps({"eventChannel": {}}))
    cleanup_associations.append((space, e["association"]["associationId"]))
    assert e["webhook"]["webhookId"]

    both = cli("list-associations", "--agent-space-id", space)["associations"]
    assert {x["serviceId"] for x in both} == {mcp, ev}
    only_mcp = cli("list-associations", "--agent-space-id", space, "--filter-service-types", "mcpserver")
    assert [x["serviceId"] for x in only_mcp["associations"]] == [mcp]
    only_ev = cli("list-associations", "--agent-space-id", space, "--filter-service-types", "eventChannel")
    assert [x["serviceId"] for x in only_ev["associations"]] == [ev]
    two = cli("list-associations", "--agent-space-id", space, "--filter-service-types", "mcpserver,eventChannel")
    assert {x["serviceId"] for x in two["associations"]} == {mcp, ev}

    upd = cli("update-association", "--agent-space-id", space, "--association-id", a["associationId"],
              "--configuration", json.dumps({"mcpserver": {"tools": ["get_service_status"]}}))["association"]
    assert upd["configuration"] == {"mcpserver": {"tools": ["get_service_status"]}}
    got = cli("get-association", "--agent-space-id", space, "--association-id", a["associationId"])["association"]
    assert got["configuration"] == {"mcpserver": {"tools": ["get_service_status"]}}

    res = cli.run("disassociate-service", "--agent-space-id", space, "--association-id", a["associationId"])
    assert res.rc == 0 and res.stdout.strip() == "", res.stderr
    cli.error("get-association", "--agent-space-id", space, "--association-id", a["associationId"],
              code="ResourceNotFoundException")


def test_list_associations_pages(client, cli, space, services, cleanup_associations):
    ids = set()
    for sid in (services.mcp(), services.mcp(), services.event_channel()):
        cfg = {"eventChannel": {}} if len(ids) == 2 else {"mcpserver": {"tools": ["search_logs"]}}
        a = client.associate_service(agentSpaceId=space, serviceId=sid, configuration=cfg)["association"]
        cleanup_associations.append((space, a["associationId"]))
        ids.add(a["associationId"])
    pages = paginate_all(client, "list_associations", 1, agentSpaceId=space)
    got = [a["associationId"] for p in pages for a in p["associations"]]
    assert all(len(p["associations"]) <= 1 for p in pages)
    assert len(got) == 3 and set(got) == ids
    raw = client.list_associations(agentSpaceId=space, maxResults=2)
    assert len(raw["associations"]) == 2 and raw.get("nextToken")
    rest = client.list_associations(agentSpaceId=space, maxResults=2, nextToken=raw["nextToken"])
    assert len(rest["associations"]) == 1
    out = cli("list-associations", "--agent-space-id", space, "--page-size", "1")
    assert {a["associationId"] for a in out["associations"]} == ids and "nextToken" not in out


def test_associating_the_same_service_again_overwrites(client, space, services, cleanup_associations):
    sid = services.mcp()
    a = client.associate_service(agentSpaceId=space, serviceId=sid,
                                 configuration={"mcpserver": {"tools": ["search_logs"]}})["association"]
    cleanup_associations.append((space, a["associationId"]))
    b = client.associate_service(agentSpaceId=space, serviceId=sid,
                                 configuration={"mcpserver": {"tools": ["get_runbook"]}})["association"]
    cleanup_associations.append((space, b["associationId"]))
    listed = [x for x in client.list_associations(agentSpaceId=space)["associations"] if x["serviceId"] == sid]
    assert len(listed) == 1
    assert listed[0]["configuration"] == {"mcpserver": {"tools": ["get_runbook"]}}


def test_event_channel_webhook(client, cli, space, services, cleanup_associations):
    ev = services.event_channel()
    resp = client.associate_service(agentSpaceId=space, serviceId=ev, configuration={"eventChannel": {}})
    assoc = resp["association"]
    cleanup_associations.append((space, assoc["associationId"]))
    hook = resp["webhook"]
    assert hook["webhookUrl"] and hook["webhookId"] and hook["webhookSecret"]
    assert hook["webhookType"] in WEBHOOK_TYPES

    listed = client.list_webhooks(agentSpaceId=space, associationId=assoc["associationId"])
    assert status_of(listed) == 200
    hooks = listed["webhooks"]
    assert [h["webhookId"] for h in hooks] == [hook["webhookId"]]
    assert hooks[0]["webhookUrl"] == hook["webhookUrl"]
    assert hooks[0].get("webhookType") == hook["webhookType"]
    assert "webhookSecret" not in hooks[0] and "apiKey" not in hooks[0]
    assert hook["webhookSecret"] not in json.dumps(listed, default=str)

    res = cli.run("list-webhooks", "--agent-space-id", space, "--association-id", assoc["associationId"])
    assert res.rc == 0, res.stderr
    assert [h["webhookId"] for h in res.json["webhooks"]] == [hook["webhookId"]]
    assert hook["webhookSecret"] not in res.stdout
    # The association itself never carries the secret either.
    got = client.get_association(agentSpaceId=space, associationId=assoc["associationId"])
    assert hook["webhookSecret"] not in json.dumps(got, default=str)


def test_webhooks_of_a_non_webhook_association_are_empty(client, space, services, cleanup_associations):
    a = client.associate_service(agentSpaceId=space, serviceId=services.mcp(),
                                 configuration={"mcpserver": {"tools": ["search_logs"]}})
    cleanup_associations.append((space, a["association"]["associationId"]))
    assert "webhook" not in a or not a["webhook"]
    assert client.list_webhooks(agentSpaceId=space, associationId=a["association"]["associationId"])["webhooks"] == []


def test_associate_unknown_service_is_404(client, space):
    assert_error(lambda: client.associate_service(agentSpaceId=space, serviceId=f"nosuch-{uuid.uuid4().hex[:8]}",
                                                  configuration={"mcpserver": {"tools": ["search_logs"]}}),
                 "ResourceNotFoundException", 404)


def test_association_of_another_space_is_not_found(client, space, other_space, services, cleanup_associations):
    ev = services.event_channel()
    a = client.associate_service(agentSpaceId=space, serviceId=ev, configuration={"eventChannel": {}})["association"]
    cleanup_associations.append((space, a["associationId"]))
    aid = a["associationId"]
    assert_error(lambda: client.get_association(agentSpaceId=other_space, associationId=aid),
                 "ResourceNotFoundException", 404)
    assert_error(lambda: client.update_association(agentSpaceId=other_space, associationId=aid,
                                                   configuration={"eventChannel": {}}),
                 "ResourceNotFoundException", 404)
    assert_error(lambda: client.list_webhooks(agentSpaceId=other_space, associationId=aid),
                 "ResourceNotFoundException", 404)
    assert client.list_associations(agentSpaceId=other_space)["associations"] == []
    # still there in its own space
    assert client.get_association(agentSpaceId=space, associationId=aid)["association"]["serviceId"] == ev


def test_validate_aws_associations(client, cli, space):
    assert status_of(client.validate_aws_associations(agentSpaceId=space)) == 204
    res = cli.run("validate-aws-associations", "--agent-space-id", space)
    assert res.rc == 0 and res.stdout.strip() == "", res.stderr
    assert_error(lambda: client.validate_aws_associations(agentSpaceId=f"nosuch-{uuid.uuid4().hex[:8]}"),
                 "ResourceNotFoundException", 404)
