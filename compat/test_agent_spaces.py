"""Agent spaces: CreateAgentSpace, GetAgentSpace, UpdateAgentSpace, DeleteAgentSpace,
ListAgentSpaces, the tag operations on agent spaces, and GetAccountUsage."""
import datetime as dt
import json
import uuid

import pytest

from helpers import (AGENT_SPACE_ID, ISO8601, as_utc, assert_error, assert_recent, paginate_all, space_arn,
                     status_of, unique)

KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def all_space_ids(client) -> list[str]:
    ids = []
    for page in paginate_all(client, "list_agent_spaces", 100):
        ids.extend(s["agentSpaceId"] for s in page["agentSpaces"])
    return ids


def check_space(sp: dict, *, name: str, description=None, locale=None, kms=None):
    assert AGENT_SPACE_ID.match(sp["agentSpaceId"]), sp
    assert sp["name"] == name
    if description is not None:
        assert sp["description"] == description
    if locale is not None:
        assert sp["locale"] == locale
    if kms is not None:
        assert sp["kmsKeyArn"] == kms
    created = assert_recent(sp["createdAt"])
    assert as_utc(sp["updatedAt"]) >= created


# ------------------------------------------------------------------ create/get --

def test_cli_create_and_get_agent_space(cli, space_factory):
    name = unique("On-call space")
    tags = {"team": "sre", "env": "prod"}
    out = cli("create-agent-space", "--name", name, "--description", "Payments on-call", "--locale", "en-US",
              "--tags", json.dumps(tags))
    sp = out["agentSpace"]
    space_factory.track(sp["agentSpaceId"])
    check_space(sp, name=name, description="Payments on-call", locale="en-US")
    # The CLI prints timestamps as received: the model declares iso8601 for AgentSpace.
    assert ISO8601.match(sp["createdAt"]) and ISO8601.match(sp["updatedAt"]), sp
    assert out.get("tags") == tags

    got = cli("get-agent-space", "--agent-space-id", sp["agentSpaceId"])
    assert got["agentSpace"] == sp
    assert got.get("tags") == tags


def test_boto3_create_and_get_agent_space(client, space_factory):
    name = unique("boto3 space")
    resp = client.create_agent_space(name=name, description="Checkout service", locale="fr-FR",
                                     kmsKeyArn=KMS_KEY, tags={"owner": "ops@example.com"})
    assert status_of(resp) == 201
    sp = resp["agentSpace"]
    space_factory.track(sp["agentSpaceId"])
    check_space(sp, name=name, description="Checkout service", locale="fr-FR", kms=KMS_KEY)
    assert resp.get("tags") == {"owner": "ops@example.com"}
    assert resp["ResponseMetadata"].get("RequestId")

    got = client.get_agent_space(agentSpaceId=sp["agentSpaceId"])
    assert status_of(got) == 200
    assert got["agentSpace"] == sp
    assert got.get("tags") == {"owner": "ops@example.com"}


def test_duplicate_names_are_allowed(client, space_factory):
    name = unique("same name")
    a = space_factory(name=name)
    b = space_factory(name=name)
    assert a != b
    assert client.get_agent_space(agentSpaceId=a)["agentSpace"]["name"] == name
    assert client.get_agent_space(agentSpaceId=b)["agentSpace"]["name"] == name


def test_get_without_tags_has_no_tags(client, space):
    got = client.get_agent_space(agentSpaceId=space)
    assert got.get("tags") in (None, {})
    assert got["agentSpace"]["agentSpaceId"] == space


# ---------------------------------------------------------------------- update --

def test_cli_update_agent_space(cli, client, space_factory):
    sid = space_factory(name="before", description="keep me", locale="en-US")
    before = client.get_agent_space(agentSpaceId=sid)["agentSpace"]
    out = cli("update-agent-space", "--agent-space-id", sid, "--name", "after", "--locale", "de-DE")
    sp = out["agentSpace"]
    assert sp["agentSpaceId"] == sid
    assert sp["name"] == "after" and sp["locale"] == "de-DE"
    assert sp["description"] == "keep me"  # absent fields are left unchanged
    assert as_utc(sp["createdAt"]) == before["createdAt"]
    assert as_utc(sp["updatedAt"]) >= before["updatedAt"]
    got = cli("get-agent-space", "--agent-space-id", sid)["agentSpace"]
    assert got["name"] == "after" and got["locale"] == "de-DE" and got["description"] == "keep me"


def test_boto3_update_agent_space(client, space_factory):
    sid = space_factory(name="n1", description="d1")
    resp = client.update_agent_space(agentSpaceId=sid, description="d2")
    assert status_of(resp) == 200
    assert resp["agentSpace"]["description"] == "d2"
    assert resp["agentSpace"]["name"] == "n1"
    assert client.get_agent_space(agentSpaceId=sid)["agentSpace"]["description"] == "d2"


# ---------------------------------------------------------------------- delete --

def test_cli_delete_agent_space(cli, client, space_factory):
    sid = space_factory()
    res = cli.run("delete-agent-space", "--agent-space-id", sid)
    assert res.rc == 0, res.stderr
    assert res.stdout.strip() == ""  # 204, empty output
    code, _ = cli.error("get-agent-space", "--agent-space-id", sid)
    assert code == "ResourceNotFoundException"
    # Deleting an already-deleted space succeeds again.
    assert cli.run("delete-agent-space", "--agent-space-id", sid).rc == 0


def test_boto3_delete_agent_space(client, space_factory):
    sid = space_factory()
    assert status_of(client.delete_agent_space(agentSpaceId=sid)) == 204
    assert_error(lambda: client.get_agent_space(agentSpaceId=sid), "ResourceNotFoundException", 404)
    assert_error(lambda: client.update_agent_space(agentSpaceId=sid, name="x"), "ResourceNotFoundException", 404)
    assert sid not in all_space_ids(client)
    assert status_of(client.delete_agent_space(agentSpaceId=sid)) == 204


def test_delete_never_existing_space_is_404(client, cli):
    missing = f"nosuch-{uuid.uuid4().hex[:12]}"
    assert_error(lambda: client.delete_agent_space(agentSpaceId=missing), "ResourceNotFoundException", 404)
    cli.error("delete-agent-space", "--agent-space-id", missing, code="ResourceNotFoundException")


# ------------------------------------------------------------------------ list --

@pytest.fixture
def five_spaces(space_factory):
    return {space_factory(name=unique("page")) for _ in range(5)}


def test_cli_list_auto_paginates_and_merges(cli, client, five_spaces):
    out = cli("list-agent-spaces", "--page-size", "2")
    assert "nextToken" not in out and "NextToken" not in out
    listed = [s["agentSpaceId"] for s in out["agentSpaces"]]
    assert len(listed) == len(set(listed)), "duplicate spaces across pages"
    assert five_spaces <= set(listed)
    assert set(listed) == set(all_space_ids(client))


def test_cli_list_max_items_and_starting_token(cli, five_spaces):
    first = cli("list-agent-spaces", "--page-size", "2", "--max-items", "3")
    assert len(first["agentSpaces"]) == 3
    assert first.get("NextToken"), first
    second = cli("list-agent-spaces", "--page-size", "2", "--max-items", "2", "--starting-token", first["NextToken"])
    ids1 = {s["agentSpaceId"] for s in first["agentSpaces"]}
    ids2 = {s["agentSpaceId"] for s in second["agentSpaces"]}
    assert len(ids2) == 2 and not ids1 & ids2


def test_cli_list_raw_page_with_max_results(cli, five_spaces):
    # Passing the limit key turns awscli's auto-pagination off: one raw page with nextToken.
    page1 = cli("list-agent-spaces", "--max-results", "2")
    assert len(page1["agentSpaces"]) == 2
    assert page1.get("nextToken")
    page2 = cli("list-agent-spaces", "--max-results", "2", "--next-token", page1["nextToken"])
    assert len(page2["agentSpaces"]) >= 1
    assert not {s["agentSpaceId"] for s in page1["agentSpaces"]} & {s["agentSpaceId"] for s in page2["agentSpaces"]}


def test_boto3_paginator(client, five_spaces):
    pages = paginate_all(client, "list_agent_spaces", 2)
    assert len(pages) >= 3
    for p in pages:
        assert len(p["agentSpaces"]) <= 2
    for p in pages[:-1]:
        assert p.get("nextToken")
    assert not pages[-1].get("nextToken")
    ids = [s["agentSpaceId"] for p in pages for s in p["agentSpaces"]]
    assert len(ids) == len(set(ids))
    assert five_spaces <= set(ids)


def test_boto3_raw_pages(client, five_spaces):
    seen, token, pages = [], None, 0
    while True:
        kwargs = {"maxResults": 2}
        if token:
            kwargs["nextToken"] = token
        resp = client.list_agent_spaces(**kwargs)
        assert len(resp["agentSpaces"]) <= 2
        seen.extend(s["agentSpaceId"] for s in resp["agentSpaces"])
        pages += 1
        token = resp.get("nextToken")
        if not token:
            break
        assert pages < 10000
    assert len(seen) == len(set(seen))
    assert five_spaces <= set(seen)
    assert set(seen) == set(all_space_ids(client))


def test_list_shows_created_space_fields(client, space_factory):
    name = unique("listed")
    sid = space_factory(name=name, description="desc", locale="en-GB")
    match = [s for p in paginate_all(client, "list_agent_spaces", 100) for s in p["agentSpaces"]
             if s["agentSpaceId"] == sid]
    assert len(match) == 1
    assert match[0]["name"] == name and match[0]["locale"] == "en-GB"


def test_forged_next_token_is_rejected(client, cli, five_spaces):
    assert_error(lambda: client.list_agent_spaces(nextToken="not-a-real-token"), "ValidationException", 400)
    page = client.list_agent_spaces(maxResults=1)
    garbled = page["nextToken"][:-4] + ("AAAA" if not page["nextToken"].endswith("AAAA") else "BBBB")
    assert_error(lambda: client.list_agent_spaces(nextToken=garbled), "ValidationException", 400)
    cli.error("list-agent-spaces", "--next-token", "bogus-token-123", code="ValidationException")


# ---------------------------------------------------------------- idempotency --

def test_create_with_same_client_token_returns_same_space(client, space_factory):
    name, token = unique("idem"), str(uuid.uuid4())
    a = client.create_agent_space(name=name, description="d", clientToken=token)
    space_factory.track(a["agentSpace"]["agentSpaceId"])
    b = client.create_agent_space(name=name, description="d", clientToken=token)
    assert b["agentSpace"] == a["agentSpace"]
    named = [s for p in paginate_all(client, "list_agent_spaces", 100) for s in p["agentSpaces"] if s["name"] == name]
    assert len(named) == 1


def test_client_token_reuse_with_other_parameters_conflicts(client, cli, space_factory):
    token = str(uuid.uuid4())
    a = client.create_agent_space(name=unique("first"), clientToken=token)
    space_factory.track(a["agentSpace"]["agentSpaceId"])
    assert_error(lambda: client.create_agent_space(name=unique("second"), clientToken=token),
                 "ConflictException", 409)
    cli.error("create-agent-space", "--name", unique("third"), "--client-token", token, code="ConflictException")


def test_cli_create_idempotent_retry(cli, space_factory):
    name, token = unique("cli idem"), str(uuid.uuid4())
    a = cli("create-agent-space", "--name", name, "--client-token", token)["agentSpace"]
    space_factory.track(a["agentSpaceId"])
    b = cli("create-agent-space", "--name", name, "--client-token", token)["agentSpace"]
    assert a == b


# ------------------------------------------------------------------------ tags --

def test_boto3_tag_untag_list(client, space):
    arn = space_arn(space)
    assert status_of(client.tag_resource(resourceArn=arn, tags={"a": "1", "b": "2"})) == 204
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {"a": "1", "b": "2"}
    client.tag_resource(resourceArn=arn, tags={"b": "20", "c": "3", "owner": "ops team@example.com"})
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {
        "a": "1", "b": "20", "c": "3", "owner": "ops team@example.com"}
    assert status_of(client.untag_resource(resourceArn=arn, tagKeys=["a", "c"])) == 204
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "20", "owner": "ops team@example.com"}
    assert client.get_agent_space(agentSpaceId=space).get("tags") == {"b": "20", "owner": "ops team@example.com"}
    # Removing a key that is not there changes nothing.
    client.untag_resource(resourceArn=arn, tagKeys=["nope"])
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "20", "owner": "ops team@example.com"}


def test_cli_tag_untag_list(cli, space):
    arn = space_arn(space)
    res = cli.run("tag-resource", "--resource-arn", arn, "--tags", json.dumps({"team": "sre", "tier": "1"}))
    assert res.rc == 0 and res.stdout.strip() == "", res.stderr
    assert cli("list-tags-for-resource", "--resource-arn", arn)["tags"] == {"team": "sre", "tier": "1"}
    res = cli.run("untag-resource", "--resource-arn", arn, "--tag-keys", "tier", "team")
    assert res.rc == 0, res.stderr
    assert cli("list-tags-for-resource", "--resource-arn", arn)["tags"] == {}


def test_tags_created_with_space_are_listed(client, space_factory):
    sid = space_factory(tags={"k1": "v1"})
    assert client.list_tags_for_resource(resourceArn=space_arn(sid))["tags"] == {"k1": "v1"}


def test_tags_of_missing_space_are_404(client):
    arn = space_arn(f"nosuch-{uuid.uuid4().hex[:10]}")
    assert_error(lambda: client.list_tags_for_resource(resourceArn=arn), "ResourceNotFoundException", 404)
    assert_error(lambda: client.tag_resource(resourceArn=arn, tags={"a": "b"}), "ResourceNotFoundException", 404)
    assert_error(lambda: client.untag_resource(resourceArn=arn, tagKeys=["a"]), "ResourceNotFoundException", 404)


def test_tags_of_deleted_space_are_404(client, space_factory):
    sid = space_factory(tags={"a": "b"})
    client.delete_agent_space(agentSpaceId=sid)
    assert_error(lambda: client.list_tags_for_resource(resourceArn=space_arn(sid)), "ResourceNotFoundException", 404)


# ----------------------------------------------------------------------- usage --

def test_boto3_account_usage(client):
    resp = client.get_account_usage()
    start, end = resp["usagePeriodStartTime"], resp["usagePeriodEndTime"]
    assert start.tzinfo and end.tzinfo and start < end
    now = dt.datetime.now(dt.timezone.utc)
    assert start <= now <= end
    for key in ("monthlyAccountInvestigationHours", "monthlyAccountEvaluationHours",
                "monthlyAccountSystemLearningHours", "monthlyAccountOnDemandHours"):
        if key in resp:
            assert isinstance(resp[key]["limit"], int) and resp[key]["limit"] >= 0
            assert isinstance(resp[key]["usage"], (int, float)) and resp[key]["usage"] >= 0


def test_cli_account_usage(cli):
    out = cli("get-account-usage")
    assert ISO8601.match(out["usagePeriodStartTime"]) and ISO8601.match(out["usagePeriodEndTime"]), out
    assert as_utc(out["usagePeriodStartTime"]) < as_utc(out["usagePeriodEndTime"])
