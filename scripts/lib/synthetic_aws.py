"""A synthetic AWS account served on a local HTTP endpoint, for `scripts/bench-topology`.

It answers the read operations Vigil's inventory reader sends (and STS GetCallerIdentity),
each in its service's wire protocol (query XML, ec2 XML, json, rest-json), paginated the way
AWS paginates them (tokens, default and maximum page sizes per operation). Signatures are not
checked. The account holds `--resources` resources (default 10,000) spread over Lambda, SQS,
SNS, DynamoDB, RDS, ECS, EC2, ELBv2, API Gateway, EKS and CloudFormation, wired to each other
the way a real estate of services is: environment variables naming queues, tables and
databases, event source mappings, subscriptions, services behind load balancers, security
groups admitting each other, stacks owning resources, tags on everything. Resource Explorer
answers as an account without an index does.

Usage: synthetic_aws.py [--resources N] [--port P]   (prints "listening on PORT" when ready)
"""
import argparse
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

ACCOUNT = "123456789012"
REGION = "us-east-1"


class Account:
    """Every resource of the synthetic account, generated deterministically from its size."""

    SHARES = [  # kind, share of the total
        ("function", 0.20), ("queue", 0.15), ("topic", 0.05), ("table", 0.10), ("db", 0.03),
        ("ecs_cluster", 0.002), ("ecs_service", 0.10), ("sg", 0.10), ("lb", 0.02), ("api", 0.03),
        ("eks", 0.01), ("nodegroup", 0.01), ("stack", 0.01),
    ]

    def __init__(self, total):
        counts = {kind: max(1, int(total * share)) for kind, share in self.SHARES}
        counts["instance"] = max(1, total - sum(counts.values()))
        self.counts = counts
        n = counts
        a, r = ACCOUNT, REGION
        self.queues = ["https://sqs.%s.amazonaws.com/%s/q-%05d" % (r, a, i) for i in range(n["queue"])]
        self.queue_arns = ["arn:aws:sqs:%s:%s:q-%05d" % (r, a, i) for i in range(n["queue"])]
        self.tables = ["t-%05d" % i for i in range(n["table"])]
        self.table_arn = lambda name: "arn:aws:dynamodb:%s:%s:table/%s" % (r, a, name)
        self.stream_arn = lambda name: self.table_arn(name) + "/stream/2026-01-01T00:00:00.000"
        self.dbs = ["db-%04d" % i for i in range(n["db"])]
        self.db_host = lambda name: "%s.c0ffee12.%s.rds.amazonaws.com" % (name, r)
        self.sgs = ["sg-%017x" % (0x1000 + i) for i in range(n["sg"])]
        self.functions = ["fn-%05d" % i for i in range(n["function"])]
        self.function_arn = lambda name: "arn:aws:lambda:%s:%s:function:%s" % (r, a, name)
        self.topics = ["arn:aws:sns:%s:%s:topic-%04d" % (r, a, i) for i in range(n["topic"])]
        self.clusters = ["cluster-%03d" % i for i in range(n["ecs_cluster"])]
        self.services = [("svc-%05d" % i, self.clusters[i % len(self.clusters)]) for i in range(n["ecs_service"])]
        self.lbs = [("lb-%04d" % i, "arn:aws:elasticloadbalancing:%s:%s:loadbalancer/app/lb-%04d/%016x" % (r, a, i, i))
                    for i in range(n["lb"])]
        # One IP target group per ECS service, one instance target group per load balancer.
        self.target_groups = []
        for i, (svc, _) in enumerate(self.services):
            lb = self.lbs[i % len(self.lbs)][1]
            self.target_groups.append(("tg-%s" % svc, self.tg_arn("tg-%s" % svc, i), "ip", [lb]))
        for i, (name, lb) in enumerate(self.lbs):
            self.target_groups.append(("tg-%s" % name, self.tg_arn("tg-%s" % name, 100000 + i), "instance", [lb]))
        self.instances = ["i-%017x" % (0x5000 + i) for i in range(n["instance"])]
        self.apis = ["api%07d" % i for i in range(n["api"])]
        self.eks = ["k8s-%03d" % i for i in range(n["eks"])]
        self.stacks = ["stack-%03d" % i for i in range(n["stack"])]
        self.stack_id = lambda name: "arn:aws:cloudformation:%s:%s:stack/%s/%s" % (r, a, name, "0" * 8 + "-0000-0000-0000-" + name[-3:].rjust(12, "0"))
        # Stack members: functions, queues, tables and topics, round-robin over the stacks.
        self.members = {name: [] for name in self.stacks}
        for kinds in [("AWS::Lambda::Function", self.functions), ("AWS::SQS::Queue", self.queues),
                      ("AWS::DynamoDB::Table", self.tables), ("AWS::SNS::Topic", self.topics)]:
            for i, physical in enumerate(kinds[1]):
                self.members[self.stacks[i % len(self.stacks)]].append((kinds[0], physical))
        self.stack_of = {}
        for stack, members in self.members.items():
            for _, physical in members:
                self.stack_of[physical] = stack
        self.tagged = self._tag_index()

    @staticmethod
    def tg_arn(name, i):
        return "arn:aws:elasticloadbalancing:%s:%s:targetgroup/%s/%016x" % (REGION, ACCOUNT, name, i)

    def tags(self, key, i):
        tags = {"app": "app-%02d" % (i % 20), "env": "prod"}
        if key in self.stack_of:
            tags["aws:cloudformation:stack-name"] = self.stack_of[key]
        return tags

    def _tag_index(self):
        out = []
        for i, f in enumerate(self.functions):
            out.append((self.function_arn(f), self.tags(f, i)))
        for i, q in enumerate(self.queue_arns):
            out.append((q, self.tags(self.queues[i], i)))
        for i, t in enumerate(self.topics):
            out.append((t, self.tags(t, i)))
        for i, t in enumerate(self.tables):
            out.append((self.table_arn(t), self.tags(t, i)))
        return out


def xml_escape(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def page(items, token, default, maximum, requested):
    """A slice of `items` from the offset in `token`; returns (slice, next token or None)."""
    size = default
    if requested:
        size = max(1, min(int(requested), maximum))
    start = int(token[2:]) if token and token.startswith("o:") else 0
    chunk = items[start:start + size]
    nxt = "o:%d" % (start + size) if start + size < len(items) else None
    return chunk, nxt


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle and delayed ACKs cost ~40 ms a request.
    disable_nagle_algorithm = True
    account = None  # set by serve()

    def log_message(self, *args):
        pass

    # MARK: plumbing

    def reply(self, status, body, content_type):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "synthetic")
        self.end_headers()
        self.wfile.write(data)

    def json_reply(self, obj, version="1.1"):
        self.reply(200, json.dumps(obj), "application/x-amz-json-%s" % version)

    def rest_reply(self, obj):
        self.reply(200, json.dumps(obj), "application/json")

    def query_reply(self, action, inner, namespace):
        self.reply(200, '<%sResponse xmlns="%s"><%sResult>%s</%sResult><ResponseMetadata><RequestId>synthetic</RequestId>'
                   '</ResponseMetadata></%sResponse>' % (action, namespace, action, inner, action, action), "text/xml")

    def ec2_reply(self, action, inner):
        self.reply(200, '<?xml version="1.0" encoding="UTF-8"?>\n<%sResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">'
                   '<requestId>synthetic</requestId>%s</%sResponse>' % (action, inner, action), "text/xml;charset=UTF-8")

    def do_GET(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def dispatch(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        target = self.headers.get("X-Amz-Target")
        try:
            if target:
                self.json_call(target, json.loads(body or b"{}"))
            elif (self.headers.get("Content-Type") or "").startswith("application/x-www-form-urlencoded"):
                self.query_call(dict(parse_qsl(body.decode(), keep_blank_values=True)))
            else:
                self.rest_call(body)
        except Exception as error:  # a bug here must show, not hang the client
            self.reply(500, json.dumps({"message": "synthetic endpoint error: %r" % error}), "application/json")

    # MARK: json services

    def json_call(self, target, body):
        prefix, op = target.split(".", 1)
        acct = self.account
        if prefix == "AmazonSQS":
            if op == "ListQueues":
                urls, nxt = page(acct.queues, body.get("NextToken"), 1000, 1000, body.get("MaxResults"))
                out = {"QueueUrls": urls}
                if nxt and body.get("MaxResults"):
                    out["NextToken"] = nxt
                return self.json_reply(out, "1.0")
            if op == "GetQueueAttributes":
                i = acct.queues.index(body["QueueUrl"])
                attributes = {"QueueArn": acct.queue_arns[i]}
                if i % 10 == 0 and i + 1 < len(acct.queue_arns):
                    attributes["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": acct.queue_arns[i + 1], "maxReceiveCount": 5})
                return self.json_reply({"Attributes": attributes}, "1.0")
            if op == "ListQueueTags":
                return self.json_reply({"Tags": {}}, "1.0")
        if prefix == "DynamoDB_20120810":
            if op == "ListTables":
                start = body.get("ExclusiveStartTableName")
                offset = acct.tables.index(start) + 1 if start else 0
                limit = min(int(body.get("Limit") or 100), 100)
                names = acct.tables[offset:offset + limit]
                out = {"TableNames": names}
                if offset + limit < len(acct.tables):
                    out["LastEvaluatedTableName"] = names[-1]
                return self.json_reply(out, "1.0")
            if op == "DescribeTable":
                name = body["TableName"]
                return self.json_reply({"Table": {"TableName": name, "TableArn": acct.table_arn(name), "TableStatus": "ACTIVE",
                                                  "LatestStreamArn": acct.stream_arn(name), "ItemCount": 0}}, "1.0")
        if prefix == "AmazonEC2ContainerServiceV20141113":
            if op == "ListClusters":
                arns = ["arn:aws:ecs:%s:%s:cluster/%s" % (REGION, ACCOUNT, c) for c in acct.clusters]
                chunk, nxt = page(arns, body.get("nextToken"), 100, 100, body.get("maxResults"))
                return self.json_reply({"clusterArns": chunk, **({"nextToken": nxt} if nxt else {})})
            if op == "DescribeClusters":
                return self.json_reply({"clusters": [{"clusterArn": c, "clusterName": c.split("/")[-1], "status": "ACTIVE",
                                                      "tags": [{"key": "app", "value": "platform"}]} for c in body["clusters"]],
                                        "failures": []})
            if op == "ListServices":
                cluster = body["cluster"].split("/")[-1]
                arns = ["arn:aws:ecs:%s:%s:service/%s/%s" % (REGION, ACCOUNT, c, s) for s, c in acct.services if c == cluster]
                chunk, nxt = page(arns, body.get("nextToken"), 10, 100, body.get("maxResults"))
                return self.json_reply({"serviceArns": chunk, **({"nextToken": nxt} if nxt else {})})
            if op == "DescribeServices":
                if len(body["services"]) > 10:
                    return self.reply(400, json.dumps({"__type": "InvalidParameterException", "message": "too many services"}),
                                      "application/x-amz-json-1.1")
                out = []
                for arn in body["services"]:
                    name = arn.split("/")[-1]
                    i = int(name.split("-")[1])
                    tg = acct.target_groups[i]
                    out.append({"serviceArn": arn, "serviceName": name, "clusterArn": body["cluster"], "status": "ACTIVE",
                                "taskDefinition": "arn:aws:ecs:%s:%s:task-definition/%s:1" % (REGION, ACCOUNT, name),
                                "loadBalancers": [{"targetGroupArn": tg[1], "containerName": "app", "containerPort": 8080}],
                                "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"],
                                                                                 "securityGroups": [acct.sgs[i % len(acct.sgs)]]}},
                                "tags": [{"key": "app", "value": "app-%02d" % (i % 20)}], "desiredCount": 2, "runningCount": 2})
                return self.json_reply({"services": out, "failures": []})
            if op == "DescribeTaskDefinition":
                arn = body["taskDefinition"]
                i = int(arn.split("/")[-1].split(":")[0].split("-")[1])
                env = [{"name": "QUEUE_URL", "value": acct.queues[i % len(acct.queues)]},
                       {"name": "TABLE", "value": acct.tables[i % len(acct.tables)]}]
                return self.json_reply({"taskDefinition": {"taskDefinitionArn": arn, "family": arn.split("/")[-1].split(":")[0],
                                                           "revision": 1, "containerDefinitions": [
                                                               {"name": "app", "image": "app:1", "environment": env}]}})
        if prefix == "ResourceGroupsTaggingAPI_20170126" and op == "GetResources":
            chunk, nxt = page(acct.tagged, body.get("PaginationToken"), 100, 100, body.get("ResourcesPerPage"))
            return self.json_reply({"ResourceTagMappingList": [
                {"ResourceARN": arn, "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]} for arn, tags in chunk],
                "PaginationToken": nxt or ""})
        self.reply(400, json.dumps({"__type": "UnknownOperationException", "message": target}), "application/x-amz-json-1.1")

    # MARK: query and ec2 services

    def query_call(self, form):
        action, version = form.get("Action"), form.get("Version")
        acct = self.account
        if version == "2011-06-15" and action == "GetCallerIdentity":
            return self.query_reply(action, "<Arn>arn:aws:iam::%s:user/bench</Arn><UserId>AIDASYNTHETIC</UserId><Account>%s</Account>"
                                    % (ACCOUNT, ACCOUNT), "https://sts.amazonaws.com/doc/2011-06-15/")
        if version == "2010-05-15":
            ns = "http://cloudformation.amazonaws.com/doc/2010-05-15/"
            if action == "DescribeStacks":
                chunk, nxt = page(acct.stacks, form.get("NextToken"), 100, 100, None)
                members = "".join("<member><StackId>%s</StackId><StackName>%s</StackName><StackStatus>CREATE_COMPLETE</StackStatus>"
                                  "<CreationTime>2026-01-01T00:00:00Z</CreationTime><Tags><member><Key>owner</Key><Value>team-%s</Value>"
                                  "</member></Tags></member>" % (acct.stack_id(s), s, s[-1]) for s in chunk)
                return self.query_reply(action, "<Stacks>%s</Stacks>%s" % (members, "<NextToken>%s</NextToken>" % nxt if nxt else ""), ns)
            if action == "ListStackResources":
                name = form["StackName"].split("/")[1] if form["StackName"].startswith("arn:") else form["StackName"]
                chunk, nxt = page(acct.members.get(name, []), form.get("NextToken"), 100, 100, None)
                members = "".join("<member><LogicalResourceId>R%d</LogicalResourceId><PhysicalResourceId>%s</PhysicalResourceId>"
                                  "<ResourceType>%s</ResourceType><ResourceStatus>CREATE_COMPLETE</ResourceStatus>"
                                  "<LastUpdatedTimestamp>2026-01-01T00:00:00Z</LastUpdatedTimestamp></member>"
                                  % (i, xml_escape(p), t) for i, (t, p) in enumerate(chunk))
                return self.query_reply(action, "<StackResourceSummaries>%s</StackResourceSummaries>%s"
                                        % (members, "<NextToken>%s</NextToken>" % nxt if nxt else ""), ns)
        if version == "2010-03-31":
            ns = "http://sns.amazonaws.com/doc/2010-03-31/"
            if action == "ListTopics":
                chunk, nxt = page(acct.topics, form.get("NextToken"), 100, 100, None)
                members = "".join("<member><TopicArn>%s</TopicArn></member>" % t for t in chunk)
                return self.query_reply(action, "<Topics>%s</Topics>%s" % (members, "<NextToken>%s</NextToken>" % nxt if nxt else ""), ns)
            if action == "ListSubscriptions":
                subs = [(t, acct.queue_arns[i % len(acct.queue_arns)], i) for i, t in enumerate(acct.topics)]
                chunk, nxt = page(subs, form.get("NextToken"), 100, 100, None)
                members = "".join("<member><TopicArn>%s</TopicArn><Protocol>sqs</Protocol><SubscriptionArn>%s:%08d-0000-0000-0000-000000000000"
                                  "</SubscriptionArn><Owner>%s</Owner><Endpoint>%s</Endpoint></member>"
                                  % (t, t, i, ACCOUNT, q) for t, q, i in chunk)
                return self.query_reply(action, "<Subscriptions>%s</Subscriptions>%s"
                                        % (members, "<NextToken>%s</NextToken>" % nxt if nxt else ""), ns)
            if action == "ListTagsForResource":
                return self.query_reply(action, "<Tags/>", ns)
        if version == "2014-10-31":
            ns = "http://rds.amazonaws.com/doc/2014-10-31/"
            if action == "DescribeDBInstances":
                chunk, nxt = page(acct.dbs, form.get("Marker"), 100, 100, form.get("MaxRecords"))
                members = "".join("<DBInstance><DBInstanceIdentifier>%s</DBInstanceIdentifier><DBInstanceArn>arn:aws:rds:%s:%s:db:%s"
                                  "</DBInstanceArn><Engine>postgres</Engine><DBInstanceStatus>available</DBInstanceStatus><Endpoint>"
                                  "<Address>%s</Address><Port>5432</Port></Endpoint><VpcSecurityGroups><VpcSecurityGroupMembership>"
                                  "<VpcSecurityGroupId>%s</VpcSecurityGroupId><Status>active</Status></VpcSecurityGroupMembership>"
                                  "</VpcSecurityGroups><TagList><Tag><Key>app</Key><Value>data</Value></Tag></TagList></DBInstance>"
                                  % (d, REGION, ACCOUNT, d, acct.db_host(d), acct.sgs[i % len(acct.sgs)]) for i, d in enumerate(chunk))
                return self.query_reply(action, "<DBInstances>%s</DBInstances>%s" % (members, "<Marker>%s</Marker>" % nxt if nxt else ""), ns)
            if action == "DescribeDBClusters":
                return self.query_reply(action, "<DBClusters/>", ns)
        if version == "2015-12-01":
            ns = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"
            marker = "<NextMarker>%s</NextMarker>"
            if action == "DescribeLoadBalancers":
                chunk, nxt = page(acct.lbs, form.get("Marker"), 400, 400, form.get("PageSize"))
                members = "".join("<member><LoadBalancerArn>%s</LoadBalancerArn><DNSName>%s-%d.%s.elb.amazonaws.com</DNSName>"
                                  "<LoadBalancerName>%s</LoadBalancerName><Scheme>internet-facing</Scheme><VpcId>vpc-1</VpcId>"
                                  "<State><Code>active</Code></State><Type>application</Type><SecurityGroups><member>%s</member>"
                                  "</SecurityGroups></member>" % (arn, name, i, REGION, name, acct.sgs[i % len(acct.sgs)])
                                  for i, (name, arn) in enumerate(chunk))
                return self.query_reply(action, "<LoadBalancers>%s</LoadBalancers>%s" % (members, marker % nxt if nxt else ""), ns)
            if action == "DescribeTargetGroups":
                chunk, nxt = page(acct.target_groups, form.get("Marker"), 400, 400, form.get("PageSize"))
                members = "".join("<member><TargetGroupArn>%s</TargetGroupArn><TargetGroupName>%s</TargetGroupName><Protocol>HTTP"
                                  "</Protocol><Port>8080</Port><VpcId>vpc-1</VpcId><TargetType>%s</TargetType><LoadBalancerArns>%s"
                                  "</LoadBalancerArns></member>" % (arn, name, kind, "".join("<member>%s</member>" % lb for lb in lbs))
                                  for name, arn, kind, lbs in chunk)
                return self.query_reply(action, "<TargetGroups>%s</TargetGroups>%s" % (members, marker % nxt if nxt else ""), ns)
            if action == "DescribeTargetHealth":
                arn = form["TargetGroupArn"]
                targets = []
                if "/tg-lb-" in arn:
                    i = int(arn.split("/tg-lb-")[1].split("/")[0])
                    targets = [acct.instances[(i * 5 + k) % len(acct.instances)] for k in range(5)]
                members = "".join("<member><Target><Id>%s</Id><Port>8080</Port></Target><HealthCheckPort>8080</HealthCheckPort>"
                                  "<TargetHealth><State>healthy</State></TargetHealth></member>" % t for t in targets)
                return self.query_reply(action, "<TargetHealthDescriptions>%s</TargetHealthDescriptions>" % members, ns)
            if action == "DescribeTags":
                arns = [v for k, v in form.items() if k.startswith("ResourceArns.member.")]
                if len(arns) > 20:
                    return self.reply(400, "<ErrorResponse><Error><Code>ValidationError</Code><Message>too many</Message></Error>"
                                      "</ErrorResponse>", "text/xml")
                members = "".join("<member><ResourceArn>%s</ResourceArn><Tags><member><Key>app</Key><Value>edge</Value></member>"
                                  "</Tags></member>" % a for a in arns)
                return self.query_reply(action, "<TagDescriptions>%s</TagDescriptions>" % members, ns)
        if version == "2016-11-15":
            if action == "DescribeSecurityGroups":
                chunk, nxt = page(list(enumerate(acct.sgs)), form.get("NextToken"), 1000, 1000, form.get("MaxResults"))
                items = "".join("<item><ownerId>%s</ownerId><groupId>%s</groupId><groupName>group-%d</groupName><groupDescription>g"
                                 "</groupDescription><vpcId>vpc-1</vpcId><ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>443"
                                 "</fromPort><toPort>443</toPort><groups><item><userId>%s</userId><groupId>%s</groupId></item></groups>"
                                 "<ipRanges/></item></ipPermissions><ipPermissionsEgress/><tagSet/></item>"
                                 % (ACCOUNT, sg, i, ACCOUNT, acct.sgs[(i + 1) % len(acct.sgs)]) for i, sg in chunk)
                return self.ec2_reply(action, "<securityGroupInfo>%s</securityGroupInfo>%s"
                                      % (items, "<nextToken>%s</nextToken>" % nxt if nxt else ""))
            if action == "DescribeInstances":
                chunk, nxt = page(list(enumerate(acct.instances)), form.get("NextToken"), 1000, 1000, form.get("MaxResults"))
                items = "".join("<item><reservationId>r-%x</reservationId><ownerId>%s</ownerId><instancesSet><item><instanceId>%s"
                                 "</instanceId><instanceState><code>16</code><name>running</name></instanceState><privateDnsName>"
                                 "ip-10-0-%d-%d.ec2.internal</privateDnsName><privateIpAddress>10.0.%d.%d</privateIpAddress><vpcId>vpc-1"
                                 "</vpcId><groupSet><item><groupId>%s</groupId><groupName>group</groupName></item></groupSet><tagSet>"
                                 "<item><key>Name</key><value>host-%d</value></item></tagSet></item></instancesSet></item>"
                                 % (i, ACCOUNT, inst, i // 250, i % 250, i // 250, i % 250, acct.sgs[i % len(acct.sgs)], i)
                                 for i, inst in chunk)
                return self.ec2_reply(action, "<reservationSet>%s</reservationSet>%s"
                                      % (items, "<nextToken>%s</nextToken>" % nxt if nxt else ""))
        self.reply(400, "<ErrorResponse><Error><Code>InvalidAction</Code><Message>%s %s</Message></Error></ErrorResponse>"
                   % (xml_escape(action), xml_escape(version)), "text/xml")

    # MARK: rest-json services

    def rest_call(self, body):
        url = urlsplit(self.path)
        path = unquote(url.path)
        query = dict(parse_qsl(url.query))
        acct = self.account
        if path == "/2015-03-31/functions":
            chunk, nxt = page(list(enumerate(acct.functions)), query.get("Marker"), 50, 10000, query.get("MaxItems"))
            functions = [{"FunctionName": f, "FunctionArn": acct.function_arn(f), "Runtime": "python3.12",
                          "Role": "arn:aws:iam::%s:role/fn" % ACCOUNT, "Handler": "index.handler", "MemorySize": 256,
                          "VpcConfig": {"SubnetIds": ["subnet-1"], "SecurityGroupIds": [acct.sgs[i % len(acct.sgs)]]},
                          "Environment": {"Variables": {"QUEUE_URL": acct.queues[i % len(acct.queues)],
                                                        "TABLE": acct.tables[i % len(acct.tables)],
                                                        "DB_HOST": acct.db_host(acct.dbs[i % len(acct.dbs)])}}}
                         for i, f in chunk]
            return self.rest_reply({"Functions": functions, **({"NextMarker": nxt} if nxt else {})})
        if path == "/2015-03-31/event-source-mappings":
            mappings = [(i, f) for i, f in enumerate(acct.functions) if i % 2 == 0]
            chunk, nxt = page(mappings, query.get("Marker"), 100, 100, query.get("MaxItems"))
            out = [{"UUID": "%08x-0000-4000-8000-%012x" % (i, i), "EventSourceArn": acct.queue_arns[i % len(acct.queue_arns)],
                    "FunctionArn": acct.function_arn(f), "State": "Enabled", "BatchSize": 10} for i, f in chunk]
            return self.rest_reply({"EventSourceMappings": out, **({"NextMarker": nxt} if nxt else {})})
        if path.startswith("/2017-03-31/tags/"):
            return self.rest_reply({"Tags": {}})
        if path == "/restapis":
            chunk, nxt = page(acct.apis, query.get("position"), 25, 500, query.get("limit"))
            return self.rest_reply({"item": [{"id": a, "name": "api-%s" % a[-4:], "tags": {"app": "api"}} for a in chunk],
                                    **({"position": nxt} if nxt else {})})
        if path.startswith("/restapis/") and path.endswith("/resources"):
            api = path.split("/")[2]
            i = acct.apis.index(api)
            fn = acct.function_arn(acct.functions[i % len(acct.functions)])
            uri = "arn:aws:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations" % (REGION, fn)
            lb = acct.lbs[i % len(acct.lbs)][0]
            items = [{"id": "root%04d" % i, "path": "/"},
                     {"id": "ord%04d" % i, "parentId": "root%04d" % i, "pathPart": "orders", "path": "/orders",
                      "resourceMethods": {"POST": {"httpMethod": "POST", "authorizationType": "NONE",
                                                   "methodIntegration": {"type": "AWS_PROXY", "httpMethod": "POST", "uri": uri}}}},
                     {"id": "hlt%04d" % i, "parentId": "root%04d" % i, "pathPart": "health", "path": "/health",
                      "resourceMethods": {"GET": {"httpMethod": "GET", "authorizationType": "NONE",
                                                  "methodIntegration": {"type": "HTTP_PROXY", "httpMethod": "GET",
                                                                        "uri": "http://%s-%d.%s.elb.amazonaws.com/health"
                                                                        % (lb, i % len(acct.lbs), REGION)}}}}]
            return self.rest_reply({"item": items})
        if path == "/clusters":
            chunk, nxt = page(acct.eks, query.get("nextToken"), 100, 100, query.get("maxResults"))
            return self.rest_reply({"clusters": chunk, **({"nextToken": nxt} if nxt else {})})
        if path.startswith("/clusters/"):
            parts = path.split("/")
            name = parts[2]
            i = acct.eks.index(name)
            if len(parts) == 3:
                return self.rest_reply({"cluster": {
                    "name": name, "arn": "arn:aws:eks:%s:%s:cluster/%s" % (REGION, ACCOUNT, name), "status": "ACTIVE",
                    "endpoint": "https://%032X.gr7.%s.eks.amazonaws.com" % (i, REGION),
                    "resourcesVpcConfig": {"securityGroupIds": [acct.sgs[i % len(acct.sgs)]], "clusterSecurityGroupId": "sg-eks%013x" % i},
                    "tags": {"app": "k8s"}}})
            if len(parts) == 4:
                return self.rest_reply({"nodegroups": ["ng-%03d" % i]})
            return self.rest_reply({"nodegroup": {
                "nodegroupName": parts[4], "clusterName": name, "status": "ACTIVE",
                "nodegroupArn": "arn:aws:eks:%s:%s:nodegroup/%s/%s/%08x" % (REGION, ACCOUNT, name, parts[4], i), "tags": {}}})
        if path == "/ServiceGraph":
            # X-Ray: no traces in the synthetic account.
            return self.rest_reply({"Services": [], "ContainsOldGroupVersions": False})
        if path == "/Search":
            self.send_response(401)
            data = json.dumps({"message": "Resource Explorer is not turned on in this Region"}).encode()
            self.send_header("Content-Type", "application/json")
            self.send_header("x-amzn-ErrorType", "UnauthorizedException")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        self.reply(404, json.dumps({"message": "no such path %s" % path}), "application/json")


def serve(total, port):
    Handler.account = Account(total)
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print("listening on %d (%d resources: %s)" % (server.server_address[1], total,
                                                  ", ".join("%s=%d" % kv for kv in sorted(Handler.account.counts.items()))),
          flush=True)
    server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10000)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    serve(args.resources, args.port)
