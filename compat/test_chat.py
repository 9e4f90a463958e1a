"""Chat: CreateChat, ListChats, SendMessage (event stream; boto3 only, awscli v1
removes send-message) and ListPendingMessages."""
import re
import uuid


from helpers import RESOURCE_ID, assert_error, assert_recent, status_of, strings_in

EXPECTED_ORDER = re.compile(
    r"^responseCreated responseInProgress contentBlockStart (contentBlockDelta )+contentBlockStop responseCompleted$")


def send(client, space, execution_id, content) -> tuple[list[dict], dict]:
    resp = client.send_message(agentSpaceId=space, executionId=execution_id, content=content)
    events = list(resp["events"])
    return events, resp


def reply_text(events) -> str:
    return "".join(e["contentBlockDelta"]["delta"]["textDelta"]["text"] for e in events
                   if "contentBlockDelta" in e and "textDelta" in e["contentBlockDelta"].get("delta", {}))


def test_create_and_list_chats(client, cli, space):
    c = client.create_chat(agentSpaceId=space)
    assert status_of(c) == 200
    assert RESOURCE_ID.match(c["executionId"]), c
    assert_recent(c["createdAt"])
    out = cli("create-chat", "--agent-space-id", space, "--user-type", "IAM")
    assert RESOURCE_ID.match(out["executionId"]) and out["executionId"] != c["executionId"]
    assert isinstance(out["createdAt"], (int, float)), out  # epoch seconds on the wire

    listed = client.list_chats(agentSpaceId=space)["executions"]
    by_id = {x["executionId"]: x for x in listed}
    assert {c["executionId"], out["executionId"]} <= set(by_id)
    assert by_id[c["executionId"]]["createdAt"] == c["createdAt"]
    cli_listed = cli("list-chats", "--agent-space-id", space)["executions"]
    assert {c["executionId"], out["executionId"]} <= {x["executionId"] for x in cli_listed}


def test_list_chats_pages(client, space):
    ids = {client.create_chat(agentSpaceId=space)["executionId"] for _ in range(3)}
    p1 = client.list_chats(agentSpaceId=space, maxResults=2)
    assert len(p1["executions"]) == 2 and p1.get("nextToken")
    p2 = client.list_chats(agentSpaceId=space, maxResults=2, nextToken=p1["nextToken"])
    assert len(p2["executions"]) == 1 and not p2.get("nextToken")
    got = [x["executionId"] for x in p1["executions"] + p2["executions"]]
    assert len(set(got)) == 3 and set(got) == ids


def test_chats_are_per_space(client, space, other_space):
    c = client.create_chat(agentSpaceId=space)["executionId"]
    assert c not in {x["executionId"] for x in client.list_chats(agentSpaceId=other_space)["executions"]}


def test_send_message_streams_events_in_order(client, space):
    for i in range(2):
        client.create_backlog_task(agentSpaceId=space, title=f"open task {i}", taskType="INVESTIGATION",
                                   priority="HIGH")
    eid = client.create_chat(agentSpaceId=space)["executionId"]
    events, resp = send(client, space, eid, "How many open tasks are there?")
    assert status_of(resp) == 200
    assert resp["ResponseMetadata"]["HTTPHeaders"].get("content-type", "").startswith(
        "application/vnd.amazon.eventstream")

    assert all(len(e) == 1 for e in events), events
    names = [next(iter(e)) for e in events if "heartbeat" not in e]
    assert EXPECTED_ORDER.match(" ".join(names)), names

    payloads = [next(iter(e.values())) for e in events if "heartbeat" not in e]
    seqs = [p.get("sequenceNumber") for p in payloads]
    assert all(isinstance(s, int) for s in seqs), seqs
    assert all(a < b for a, b in zip(seqs, seqs[1:])), f"sequenceNumbers must increase: {seqs}"

    start = next(e["contentBlockStart"] for e in events if "contentBlockStart" in e)
    stop = next(e["contentBlockStop"] for e in events if "contentBlockStop" in e)
    deltas = [e["contentBlockDelta"] for e in events if "contentBlockDelta" in e]
    for d in deltas:
        assert d.get("index", 0) == start.get("index", 0)
        assert "textDelta" in d["delta"], d
    text = reply_text(events)
    assert text.strip(), "empty reply"
    if "text" in stop:
        assert stop["text"] == text
    assert "language model" in text.lower(), f"reply must say it is not produced by a language model: {text!r}"
    assert re.search(r"\b(2|two)\b", text, re.I), f"reply should state the 2 open tasks: {text!r}"

    created = next(e["responseCreated"] for e in events if "responseCreated" in e)
    completed = next(e["responseCompleted"] for e in events if "responseCompleted" in e)
    if created.get("responseId") and completed.get("responseId"):
        assert created["responseId"] == completed["responseId"]


def test_send_message_appends_journal_records(client, space):
    eid = client.create_chat(agentSpaceId=space)["executionId"]
    marker = f"marker-{uuid.uuid4().hex}"
    events, _ = send(client, space, eid, f"status please {marker}")
    text = reply_text(events)
    records = client.list_journal_records(agentSpaceId=space, executionId=eid)["records"]
    assert len(records) >= 2, records
    for r in records:
        assert r["executionId"] == eid and r["agentSpaceId"] == space
    all_strings = strings_in([r["content"] for r in records])
    assert any(marker in s for s in all_strings), "the user message is not in the chat's journal"
    assert any(text.strip() in s for s in all_strings), "the reply is not in the chat's journal"

    # A second exchange adds more records to the same execution.
    send(client, space, eid, "and now?")
    assert len(client.list_journal_records(agentSpaceId=space, executionId=eid)["records"]) >= len(records) + 2


def test_send_message_to_unknown_execution_is_404(client, space):
    assert_error(lambda: client.send_message(agentSpaceId=space, executionId=f"nosuch-{uuid.uuid4().hex[:8]}",
                                             content="hello"), "ResourceNotFoundException", 404)


def test_send_message_to_another_space_execution_is_404(client, space, other_space):
    eid = client.create_chat(agentSpaceId=space)["executionId"]
    assert_error(lambda: client.send_message(agentSpaceId=other_space, executionId=eid, content="hello"),
                 "ResourceNotFoundException", 404)


def test_list_pending_messages(client, cli, space):
    eid = client.create_chat(agentSpaceId=space)["executionId"]
    resp = client.list_pending_messages(agentSpaceId=space, executionId=eid)
    assert resp["agentSpaceId"] == space and resp["executionId"] == eid
    assert isinstance(resp["messages"], list)
    for m in resp["messages"]:
        assert m["messageId"] and len(m["message"]) == 1
    assert resp["createdAt"].tzinfo is not None
    out = cli("list-pending-messages", "--agent-space-id", space, "--execution-id", eid)
    assert out["executionId"] == eid and isinstance(out["messages"], list)


def test_on_demand_slots_are_given_back_and_ten_concurrent_invocations_fit(client, space):
    """Each CreateChat/SendMessage holds one of the space's 10 on-demand slots only while it runs:
    ten at once are all answered, and many in a row never exhaust the quota. (The eleventh
    concurrent one is refused with ServiceQuotaExceededException: Tests/VigilInvestigationTests/
    ChatSlotsTests, where ten slots can be held open deterministically.)"""
    from concurrent.futures import ThreadPoolExecutor
    chat = client.create_chat(agentSpaceId=space)["executionId"]
    for i in range(25):
        events, _ = send(client, space, chat, f"question {i}")
        assert reply_text(events)
    with ThreadPoolExecutor(max_workers=10) as pool:
        made = list(pool.map(lambda _: client.create_chat(agentSpaceId=space)["executionId"], range(10)))
        replies = list(pool.map(lambda c: reply_text(send(client, space, c, "status?")[0]), made))
    assert len(set(made)) == 10 and all(replies)
