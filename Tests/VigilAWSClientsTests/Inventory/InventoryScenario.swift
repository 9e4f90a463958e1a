import Foundation

/// The issue's moto scenario, created with boto3 (the reference client) in one account:
/// a CloudFormation stack `shop` (SQS queue `orders`, SNS topic `order-events`, DynamoDB table
/// `carts` with a stream), an SNS→SQS subscription, an RDS instance, a Lambda function whose
/// environment names the RDS endpoint and the queue URL with event source mappings on the queue
/// and the table's stream, two security groups (svc-sg admits lb-sg), an EC2 instance, an ALB
/// with an IP target group (the ECS service's) and an instance target group, an ECS cluster,
/// task definition and service behind the ALB, an API Gateway REST API with a Lambda and an
/// HTTP integration, and an EKS cluster with a node group.
///
/// It prints, as JSON, the ids AWS (moto) assigned, and the security groups as boto3 reads them.
enum InventoryScenario {
    static let script = #"""
import json, sys, io, zipfile, boto3
args = json.load(sys.stdin)
endpoint, account, region = args["endpoint"], args["account"], args["region"]
session = boto3.session.Session(aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="x", region_name=region)
def client(name):
    c = session.client(name, endpoint_url=endpoint)
    c.meta.events.register("before-sign", lambda request, **kw: request.headers.__setitem__("x-moto-account-id", account))
    return c
cfn = client("cloudformation")
template = {"Resources": {
    "Orders": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "orders"}},
    "Events": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "order-events"}},
    "Carts": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "carts",
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}], "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "BillingMode": "PAY_PER_REQUEST", "StreamSpecification": {"StreamViewType": "NEW_IMAGE"}}}}}
cfn.create_stack(StackName="shop", TemplateBody=json.dumps(template), Tags=[{"Key": "app", "Value": "shop"}])
sqs, sns, ddb = client("sqs"), client("sns"), client("dynamodb")
qurl = sqs.get_queue_url(QueueName="orders")["QueueUrl"]
qarn = sqs.get_queue_attributes(QueueUrl=qurl, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
topic = sns.list_topics()["Topics"][0]["TopicArn"]
sub = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=qarn)["SubscriptionArn"]
table = ddb.describe_table(TableName="carts")["Table"]
iam = client("iam")
role = iam.create_role(RoleName="fn-role", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
db = client("rds").create_db_instance(DBInstanceIdentifier="orders-db", DBInstanceClass="db.t3.micro", Engine="postgres",
    MasterUsername="admin", MasterUserPassword="password123", AllocatedStorage=20, Tags=[{"Key": "team", "Value": "data"}])["DBInstance"]
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z: z.writestr("index.py", "def handler(e, c): return 1\n")
lam = client("lambda")
fn = lam.create_function(FunctionName="order-worker", Runtime="python3.12", Role=role, Handler="index.handler", Code={"ZipFile": buf.getvalue()},
    Environment={"Variables": {"DB_HOST": db["Endpoint"]["Address"], "QUEUE_URL": qurl}}, Tags={"team": "orders"})["FunctionArn"]
esm_queue = lam.create_event_source_mapping(EventSourceArn=qarn, FunctionName="order-worker")["UUID"]
esm_stream = lam.create_event_source_mapping(EventSourceArn=table["LatestStreamArn"], FunctionName="order-worker", StartingPosition="LATEST")["UUID"]
ec2 = client("ec2")
vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]][:2]
lbsg = ec2.create_security_group(GroupName="lb-sg", Description="lb", VpcId=vpc)["GroupId"]
svcsg = ec2.create_security_group(GroupName="svc-sg", Description="svc", VpcId=vpc)["GroupId"]
ec2.authorize_security_group_ingress(GroupId=svcsg, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": lbsg}]}])
instance = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, SecurityGroupIds=[svcsg], SubnetId=subnets[0],
    TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "legacy-web"}]}])["Instances"][0]
elb = client("elbv2")
lb = elb.create_load_balancer(Name="web", Subnets=subnets, SecurityGroups=[lbsg], Tags=[{"Key": "tier", "Value": "edge"}])["LoadBalancers"][0]
tg = elb.create_target_group(Name="web-tg", Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="ip")["TargetGroups"][0]
tgi = elb.create_target_group(Name="legacy-tg", Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="instance")["TargetGroups"][0]
elb.register_targets(TargetGroupArn=tgi["TargetGroupArn"], Targets=[{"Id": instance["InstanceId"], "Port": 8080}])
elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])
elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=8080, DefaultActions=[{"Type": "forward", "TargetGroupArn": tgi["TargetGroupArn"]}])
ecs = client("ecs")
cluster = ecs.create_cluster(clusterName="shop", tags=[{"key": "app", "value": "shop"}])["cluster"]["clusterArn"]
td = ecs.register_task_definition(family="web", containerDefinitions=[{"name": "web", "image": "web:1", "memory": 256,
    "environment": [{"name": "ORDERS_QUEUE", "value": qurl}, {"name": "CARTS_TABLE", "value": "carts"}], "portMappings": [{"containerPort": 8080}]}])["taskDefinition"]["taskDefinitionArn"]
svc = ecs.create_service(cluster="shop", serviceName="web", taskDefinition=td, desiredCount=1,
    loadBalancers=[{"targetGroupArn": tg["TargetGroupArn"], "containerName": "web", "containerPort": 8080}],
    networkConfiguration={"awsvpcConfiguration": {"subnets": subnets, "securityGroups": [svcsg]}}, launchType="FARGATE",
    tags=[{"key": "app", "value": "shop"}])["service"]["serviceArn"]
apigw = client("apigateway")
api = apigw.create_rest_api(name="shop-api", tags={"app": "shop"})["id"]
root = [r for r in apigw.get_resources(restApiId=api)["items"] if r["path"] == "/"][0]["id"]
orders = apigw.create_resource(restApiId=api, parentId=root, pathPart="orders")["id"]
apigw.put_method(restApiId=api, resourceId=orders, httpMethod="POST", authorizationType="NONE")
lambda_uri = "arn:aws:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations" % (region, fn)
apigw.put_integration(restApiId=api, resourceId=orders, httpMethod="POST", type="AWS_PROXY", integrationHttpMethod="POST", uri=lambda_uri)
health = apigw.create_resource(restApiId=api, parentId=root, pathPart="health")["id"]
apigw.put_method(restApiId=api, resourceId=health, httpMethod="GET", authorizationType="NONE")
apigw.put_integration(restApiId=api, resourceId=health, httpMethod="GET", type="HTTP_PROXY", integrationHttpMethod="GET", uri="http://%s/health" % lb["DNSName"])
eks = client("eks")
k8s = eks.create_cluster(name="k8s", roleArn=role, resourcesVpcConfig={"subnetIds": subnets, "securityGroupIds": [svcsg]}, tags={"app": "k8s"})["cluster"]
ng = eks.create_nodegroup(clusterName="k8s", nodegroupName="ng-1", subnets=subnets, nodeRole=role)["nodegroup"]["nodegroupArn"]
sqs.tag_queue(QueueUrl=qurl, Tags={"team": "orders"})
sns.tag_resource(ResourceArn=topic, Tags=[{"Key": "team", "Value": "orders"}])
stack = cfn.describe_stacks(StackName="shop")["Stacks"][0]["StackId"]
sgs = []
for g in ec2.describe_security_groups()["SecurityGroups"]:
    ingress = []
    for p in g.get("IpPermissions", []):
        for pair in p.get("UserIdGroupPairs", []):
            if pair["GroupId"] not in ingress: ingress.append(pair["GroupId"])
    sgs.append(dict(id=g["GroupId"], name=g["GroupName"], ingress=ingress, tags={t["Key"]: t["Value"] for t in g.get("Tags", [])}))
print(json.dumps(dict(stack=stack, qurl=qurl, qarn=qarn, topic=topic, sub=sub, table=table["TableArn"], stream=table["LatestStreamArn"],
    db=db["DBInstanceArn"], dbaddr=db["Endpoint"]["Address"], dbport=db["Endpoint"]["Port"], dbsgs=[g["VpcSecurityGroupId"] for g in db["VpcSecurityGroups"]],
    fn=fn, esm_queue=esm_queue, esm_stream=esm_stream, lbsg=lbsg, svcsg=svcsg, instance=instance["InstanceId"], owner=account,
    ip=instance["PrivateIpAddress"], dns=instance["PrivateDnsName"], publicip=instance.get("PublicIpAddress"), publicdns=instance.get("PublicDnsName"),
    lb=lb["LoadBalancerArn"], lbdns=lb["DNSName"], tg=tg["TargetGroupArn"], tgi=tgi["TargetGroupArn"], cluster=cluster, svc=svc, td=td,
    api=api, k8s=k8s["arn"], k8sendpoint=k8s.get("endpoint"), k8ssg=k8s["resourcesVpcConfig"].get("clusterSecurityGroupId"), ng=ng, sgs=sgs)))
"""#

    /// Creates the scenario in `account`; returns what the script printed.
    static func create(endpoint: String, account: String, region: String = "us-east-1") throws -> [String: Any] {
        let input = #"{"endpoint": "\#(endpoint)", "account": "\#(account)", "region": "\#(region)"}"#
        let result = try Python.run(script, input: input)
        guard result.status == 0,
              let object = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
        else { throw LocalHTTPServer.ServerError("scenario failed (\(result.status)): \(result.err.suffix(3000))") }
        return object
    }
}
