"""Topology discovery end to end: resources built with boto3 in moto (server mode), read by
`vigil topology discover` and by a server's discovery scheduler, compared EXACTLY with the graph
the conventions of docs/topology.md give. Faults: an endpoint that only answers 500 or 429."""
from __future__ import annotations

import http.server
import io
import json
import os
import subprocess
import threading
import time
import zipfile

import boto3
import pytest

from helpers import clean_env, make_client, vigil_binary
from test_aws_validation import moto  # noqa: F401 - the moto fixture (one moto per module)

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account


def aws(url: str, service: str):
    return boto3.client(service, endpoint_url=url, region_name=REGION,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def arn(service: str, rest: str) -> str:
    return f"arn:aws:{service}:{REGION}:{ACCOUNT}:{rest}"


@pytest.fixture(scope="module")
def shop(moto):  # noqa: F811
    """Stack "shop" (queue orders, topic order-events); topic -> orders and audit queues; function
    worker reading orders, its DB_HOST naming the RDS endpoint; ECS service web behind load
    balancer web-lb (target group web-tg), its container's QUEUE_URL naming orders."""
    template = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {
        "OrdersQueue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "orders"}},
        "OrderEvents": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "order-events"}},
    }}
    cf = aws(moto, "cloudformation")
    stack_id = cf.create_stack(StackName="shop", TemplateBody=json.dumps(template))["StackId"]
    sqs, sns = aws(moto, "sqs"), aws(moto, "sns")
    orders_url = sqs.get_queue_url(QueueName="orders")["QueueUrl"]
    audit_url = sqs.create_queue(QueueName="audit")["QueueUrl"]
    topic = arn("sns", "order-events")
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn("sqs", "orders"))
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn("sqs", "audit"))

    db = aws(moto, "rds").create_db_instance(
        DBInstanceIdentifier="shopdb", DBInstanceClass="db.t3.micro", Engine="postgres", MasterUsername="app",
        MasterUserPassword="password123", AllocatedStorage=20)["DBInstance"]
    role = aws(moto, "iam").create_role(RoleName="worker-role", AssumeRolePolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": []}))["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return None\n")
    lam = aws(moto, "lambda")
    lam.create_function(FunctionName="worker", Runtime="python3.12", Role=role, Handler="index.handler",
                        Code={"ZipFile": code.getvalue()},
                        Environment={"Variables": {"DB_HOST": db["Endpoint"]["Address"], "LOG_LEVEL": "info"}})
    mapping = lam.create_event_source_mapping(EventSourceArn=arn("sqs", "orders"), FunctionName="worker", BatchSize=10)

    ec2, elb, ecs = aws(moto, "ec2"), aws(moto, "elbv2"), aws(moto, "ecs")
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]][:2]
    lb = elb.create_load_balancer(Name="web-lb", Subnets=subnets, Type="application")["LoadBalancers"][0]
    tg = elb.create_target_group(Name="web-tg", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip")["TargetGroups"][0]
    elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])
    # Tagged: moto's Tagging API fails on an ECS cluster without tags.
    ecs.create_cluster(clusterName="shop-cluster", tags=[{"key": "team", "value": "shop"}])
    ecs.register_task_definition(family="web", containerDefinitions=[{
        "name": "web", "image": "nginx", "memory": 256, "environment": [{"name": "QUEUE_URL", "value": orders_url}]}])
    ecs.create_service(cluster="shop-cluster", serviceName="web", taskDefinition="web", desiredCount=1,
                       loadBalancers=[{"targetGroupArn": tg["TargetGroupArn"], "containerName": "web", "containerPort": 80}])
    subscriptions = {s["Endpoint"]: s["SubscriptionArn"] for s in sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]}
    default_group = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"][0]
    return {"url": moto, "stack": stack_id, "lb": lb["LoadBalancerArn"], "mapping": mapping["UUID"],
            "db_host": db["Endpoint"]["Address"], "orders_url": orders_url, "subscriptions": subscriptions,
            "group": default_group}


def expected_graph(shop: dict) -> dict:
    """The graph docs/topology.md defines for the shop, built from what boto3 created."""
    def node(arn_, type_, name, stack=None, tags=None):
        n = {"arn": arn_, "type": type_, "name": name, "account": ACCOUNT, "region": REGION, "tags": tags or {}}
        if stack:
            n["stack"] = stack
        return n
    stack, lb = shop["stack"], shop["lb"]
    cluster, service = arn("ecs", "cluster/shop-cluster"), arn("ecs", "service/shop-cluster/web")
    worker, db = arn("lambda", "function:worker"), arn("rds", "db:shopdb")
    orders, audit, topic = arn("sqs", "orders"), arn("sqs", "audit"), arn("sns", "order-events")
    group = shop["group"]
    nodes = [
        node(stack, "AWS::CloudFormation::Stack", "shop"),
        node(arn("ec2", f"security-group/{group['GroupId']}"), "AWS::EC2::SecurityGroup", group["GroupName"]),
        node(cluster, "AWS::ECS::Cluster", "shop-cluster", tags={"team": "shop"}),
        node(service, "AWS::ECS::Service", "web"),
        node(lb, "AWS::ElasticLoadBalancingV2::LoadBalancer", "web-lb"),
        node(worker, "AWS::Lambda::Function", "worker"),
        node(db, "AWS::RDS::DBInstance", "shopdb"),
        node(topic, "AWS::SNS::Topic", "order-events", stack="shop"),
        node(audit, "AWS::SQS::Queue", "audit"),
        node(orders, "AWS::SQS::Queue", "orders", stack="shop"),
    ]
    def edge(a, kind, b, *evidence):
        return {"from": a, "kind": kind, "to": b, "evidence": sorted(evidence)}
    edges = [
        edge(stack, "contains", topic, "member of stack shop"),
        edge(stack, "contains", orders, "member of stack shop"),
        edge(cluster, "contains", service, "cluster service web"),
        edge(service, "writes-to", orders, f"container web environment variable QUEUE_URL names {shop['orders_url']}"),
        edge(lb, "routes-to", service, "target group web-tg"),
        edge(worker, "depends-on", db, f"environment variable DB_HOST names {shop['db_host']}"),
        edge(worker, "reads-from", orders, f"event source mapping {shop['mapping']}"),
        edge(audit, "subscribes-to", topic, f"subscription {shop['subscriptions'][audit]}"),
        edge(orders, "subscribes-to", topic, f"subscription {shop['subscriptions'][orders]}"),
    ]
    return {"nodes": sorted(nodes, key=lambda n: n["arn"]),
            "edges": sorted(edges, key=lambda e: (e["from"], e["to"], e["kind"]))}


# moto has no Resource Explorer: the reader reports it, and everything else is read.
MOTO_GAPS = ["ResourceExplorer:Search: ResourceExplorer Search (account 123456789012, us-east-1) failed: "
             "HTTP 500 without an AWS error body [after 4 attempts]"]


def discover(endpoint: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(clean_env(), AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
               AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
    # The timeout only keeps a hang from blocking the suite; the expectations are on the output.
    return subprocess.run([str(vigil_binary()), "topology", "discover", "--region", REGION, "--endpoint-url", endpoint, *args],
                          env=env, capture_output=True, text=True, timeout=timeout)


def stored(server, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(vigil_binary()), "topology", *args, "--data-dir", str(server.data_dir)],
                          env=clean_env(), capture_output=True, text=True, timeout=60)


def wait_for_run(server, space: str, deadline_s: float = 120) -> dict:
    """The first finished discovery run of the space (polling; the deadline only guards a hang)."""
    deadline = time.time() + deadline_s
    while True:
        result = stored(server, "runs", "--space", space)
        assert result.returncode == 0, result.stderr
        finished = [r for r in json.loads(result.stdout) if r["status"] != "running"]
        if finished:
            return finished[-1]
        assert time.time() < deadline, f"no discovery run finished: {result.stdout}"
        time.sleep(0.5)


def without_times(graph: dict) -> dict:
    strip = ("firstSeen", "lastSeen", "staleSince")
    return {"nodes": [{k: v for k, v in n.items() if k not in strip} for n in graph["nodes"]],
            "edges": [{k: v for k, v in e.items() if k not in strip} for e in graph["edges"]]}


class FaultEndpoint:
    """A local endpoint that answers every request with one status and an AWS error body."""

    def __init__(self, status: int, code: str):
        self.requests = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                outer.requests += 1
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>injected {status}"
                        f"</Message></Error><RequestId>fault-1</RequestId></ErrorResponse>").encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_cli_discovers_the_exact_graph(shop):
    result = discover(shop["url"], "--json")
    assert result.returncode == 0, result.stderr
    graph = json.loads(result.stdout)
    assert graph["gaps"] == MOTO_GAPS
    assert graph["unresolved"] == []
    assert {"nodes": graph["nodes"], "edges": graph["edges"]} == expected_graph(shop)


def test_cli_renders_dot_and_svg(shop):
    dot = discover(shop["url"], "--dot", "--no-xray")
    assert dot.returncode == 0, dot.stderr
    assert dot.stdout.startswith("digraph topology {")
    assert 'label="stack shop";' in dot.stdout
    assert f'"{shop["lb"]}" -> "{arn("ecs", "service/shop-cluster/web")}" [label="routes-to"];' in dot.stdout
    svg = discover(shop["url"], "--svg", "--no-xray")
    assert svg.returncode == 0, svg.stderr
    import xml.etree.ElementTree as ET
    root = ET.fromstring(svg.stdout)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "stack shop" in texts and "Legend" in texts and "AWS::ECS::Service" in texts


def test_server_discovers_an_associated_account_and_answers_queries(vigil_server, shop):
    iam = aws(shop["url"], "iam")
    role = iam.create_role(RoleName="VigilTopologyRead", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                                                "Action": ["sts:AssumeRole", "sts:TagSession"]}]}))["Role"]["Arn"]
    server = vigil_server("topology", env={"VIGIL_AWS_ENDPOINT_URL": shop["url"], "AWS_ACCESS_KEY_ID": "vigil-base",
                                           "AWS_SECRET_ACCESS_KEY": "vigil-base-secret"})
    client = make_client(server)
    space = client.create_agent_space(name="topology")["agentSpace"]["agentSpaceId"]
    client.associate_service(agentSpaceId=space, serviceId="aws", configuration={
        "aws": {"assumableRoleArn": role, "accountId": ACCOUNT, "accountType": "monitor"}})
    run = wait_for_run(server, space)
    assert run["status"] == "partial", run
    assert run["gaps"] == MOTO_GAPS
    assert run["account"] == ACCOUNT and run["region"] == REGION and run["trigger"] in ("association", "schedule")
    expected = expected_graph(shop)
    assert run["counts"]["nodesSeen"] == len(expected["nodes"]) and run["counts"]["edgesSeen"] == len(expected["edges"])

    shown = stored(server, "show", "--space", space, "--json")
    assert shown.returncode == 0, shown.stderr
    graph = json.loads(shown.stdout)
    assert without_times(graph) == expected
    assert all(n["firstSeen"] == n["lastSeen"] for n in graph["nodes"])

    orders = arn("sqs", "orders")
    blast = stored(server, "blast-radius", "--space", space, "--arn", orders)
    assert blast.returncode == 0, blast.stderr
    assert [(r["arn"], r["depth"]) for r in json.loads(blast.stdout)] == [
        (arn("ecs", "service/shop-cluster/web"), 1), (arn("lambda", "function:worker"), 1), (shop["lb"], 2)]
    path = stored(server, "path", "--space", space, "--from", shop["lb"], "--to", orders)
    assert [[e["kind"] for e in p] for p in json.loads(path.stdout)] == [["routes-to", "writes-to"]]
    neighbours = stored(server, "neighbours", "--space", space, "--arn", orders, "--direction", "incoming", "--kind", "reads-from")
    assert [n["arn"] for n in json.loads(neighbours.stdout)] == [arn("lambda", "function:worker")]
    missing = stored(server, "blast-radius", "--space", space, "--arn", "arn:aws:sqs:us-east-1:1:nope")
    assert missing.returncode == 2 and "no resource arn:aws:sqs:us-east-1:1:nope" in missing.stderr


@pytest.mark.parametrize("status,code", [(500, "InternalFailure"), (429, "Throttling")])
def test_cli_against_a_failing_endpoint_ends_with_a_clear_error(status, code):
    fault = FaultEndpoint(status, code)
    try:
        result = discover(fault.url, "--json", timeout=120)
    finally:
        fault.close()
    assert result.returncode == 2
    assert result.stdout == ""
    assert "vigil topology discover: STS GetCallerIdentity" in result.stderr and code in result.stderr, result.stderr
    assert 1 <= fault.requests <= 10


def test_server_discovery_against_a_failing_endpoint_records_the_failure_and_writes_nothing(vigil_server):
    fault = FaultEndpoint(500, "InternalFailure")
    try:
        server = vigil_server("topology-fault", env={"VIGIL_AWS_ENDPOINT_URL": fault.url, "AWS_ACCESS_KEY_ID": "vigil-base",
                                                     "AWS_SECRET_ACCESS_KEY": "vigil-base-secret"})
        client = make_client(server)
        space = client.create_agent_space(name="topology-fault")["agentSpace"]["agentSpaceId"]
        client.associate_service(agentSpaceId=space, serviceId="aws", configuration={"aws": {
            "assumableRoleArn": f"arn:aws:iam::{ACCOUNT}:role/VigilTopologyRead", "accountId": ACCOUNT, "accountType": "monitor"}})
        run = wait_for_run(server, space)
    finally:
        fault.close()
    assert run["status"] == "failed", run
    assert run["error"].startswith("no resource could be read ("), run["error"]
    assert "STS AssumeRole" in run["error"] and "InternalFailure" in run["error"], run["error"]
    assert run["gaps"] and all("STS AssumeRole" in gap for gap in run["gaps"]), run["gaps"]
    assert run["counts"]["nodesSeen"] == 0
    shown = stored(server, "show", "--space", space, "--json", "--include-stale")
    assert json.loads(shown.stdout) == {"nodes": [], "edges": []}
