"""Private connections: CreatePrivateConnection, DescribePrivateConnection,
ListPrivateConnections, UpdatePrivateConnectionCertificate, DeletePrivateConnection."""
import contextlib
import json
import uuid

import pytest
from botocore.exceptions import ClientError

from helpers import CERT, CERT2, CERT2_NOT_AFTER, CERT_NOT_AFTER, ISO8601, as_utc, assert_error, assert_validation

STATUSES = {"ACTIVE", "CREATE_IN_PROGRESS", "CREATE_FAILED", "DELETE_IN_PROGRESS", "DELETE_FAILED"}
SERVICE_MANAGED = {"hostAddress": "10.0.12.7", "vpcId": "vpc-0123456789abcdef0",
                   "subnetIds": ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
                   "securityGroupIds": ["sg-0123456789abcdef0"], "ipAddressType": "IPV4",
                   "portRanges": ["443", "8000-8080"]}
SELF_MANAGED = {"resourceConfigurationId": "rcfg-0123456789abcdef0"}


def pc_name() -> str:
    return f"pc-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def connections(client):
    names: list[str] = []
    yield names
    for n in names:
        with contextlib.suppress(Exception):
            client.delete_private_connection(name=n)


def assert_gone_or_deleting(client, name):
    try:
        d = client.describe_private_connection(name=name)
    except ClientError as e:
        assert e.response["Error"]["Code"] == "ResourceNotFoundException", e.response
    else:
        assert d["status"] in {"DELETE_IN_PROGRESS"}, d
    listed = {p["name"]: p for p in client.list_private_connections()["privateConnections"]}
    assert name not in listed or listed[name]["status"] == "DELETE_IN_PROGRESS"


def test_boto3_service_managed_lifecycle(client, connections):
    name = pc_name()
    resp = client.create_private_connection(name=name, mode={"serviceManaged": dict(SERVICE_MANAGED, certificate=CERT)},
                                            tags={"env": "prod"})
    connections.append(name)
    assert resp["name"] == name and resp["type"] == "SERVICE_MANAGED"
    assert resp["status"] in STATUSES - {"DELETE_IN_PROGRESS", "DELETE_FAILED"}
    assert resp["hostAddress"] == "10.0.12.7" and resp["vpcId"] == "vpc-0123456789abcdef0"
    assert resp.get("tags") == {"env": "prod"}
    assert resp["certificateExpiryTime"] == CERT_NOT_AFTER

    d = client.describe_private_connection(name=name)
    assert d["name"] == name and d["type"] == "SERVICE_MANAGED"
    assert d["hostAddress"] == "10.0.12.7" and d["vpcId"] == "vpc-0123456789abcdef0"
    assert d.get("tags") == {"env": "prod"}
    assert d["certificateExpiryTime"] == CERT_NOT_AFTER
    assert "resourceConfigurationId" not in d

    summaries = {p["name"]: p for p in client.list_private_connections()["privateConnections"]}
    assert summaries[name]["type"] == "SERVICE_MANAGED" and summaries[name]["status"] in STATUSES
    assert "tags" not in summaries[name]

    upd = client.update_private_connection_certificate(name=name, certificate=CERT2)
    assert upd["name"] == name and upd["type"] == "SERVICE_MANAGED" and upd["status"] in STATUSES
    assert upd["certificateExpiryTime"] == CERT2_NOT_AFTER
    assert client.describe_private_connection(name=name)["certificateExpiryTime"] == CERT2_NOT_AFTER

    deleted = client.delete_private_connection(name=name)
    assert deleted["name"] == name and deleted["status"] in STATUSES
    assert_gone_or_deleting(client, name)


def test_cli_self_managed_lifecycle(cli, client, connections):
    name = pc_name()
    out = cli("create-private-connection", "--name", name, "--mode", json.dumps({"selfManaged": SELF_MANAGED}))
    connections.append(name)
    assert out["name"] == name and out["type"] == "SELF_MANAGED"
    assert out["resourceConfigurationId"] == "rcfg-0123456789abcdef0"
    assert "certificateExpiryTime" not in out
    d = cli("describe-private-connection", "--name", name)
    assert d["type"] == "SELF_MANAGED" and d["resourceConfigurationId"] == "rcfg-0123456789abcdef0"
    assert "vpcId" not in d and "hostAddress" not in d
    listed = cli("list-private-connections")["privateConnections"]
    assert name in {p["name"] for p in listed}
    upd = cli("update-private-connection-certificate", "--name", name, "--certificate", CERT)
    assert upd["name"] == name
    assert ISO8601.match(upd["certificateExpiryTime"]), upd
    assert as_utc(upd["certificateExpiryTime"]) == CERT_NOT_AFTER
    out = cli("delete-private-connection", "--name", name)
    assert out["name"] == name and out["status"] in STATUSES
    assert_gone_or_deleting(client, name)


def test_duplicate_name_is_rejected(client, connections):
    name = pc_name()
    client.create_private_connection(name=name, mode={"selfManaged": SELF_MANAGED})
    connections.append(name)
    assert_error(lambda: client.create_private_connection(name=name, mode={"selfManaged": SELF_MANAGED}),
                 "ConflictException", 409)


def test_private_connection_not_found(client, cli):
    missing = pc_name()
    assert_error(lambda: client.describe_private_connection(name=missing), "ResourceNotFoundException", 404)
    assert_error(lambda: client.update_private_connection_certificate(name=missing, certificate=CERT),
                 "ResourceNotFoundException", 404)
    cli.error("describe-private-connection", "--name", missing, code="ResourceNotFoundException")


def test_private_connection_validation(nv_client):
    assert_validation(lambda: nv_client.create_private_connection(name="Bad_Name", mode={"selfManaged": SELF_MANAGED}),
                      "name")
    assert_validation(lambda: nv_client.create_private_connection(name="ab", mode={"selfManaged": SELF_MANAGED}),
                      "name")
    bad_subnet = dict(SERVICE_MANAGED, subnetIds=["subnet-NOTVALID!!"])
    assert_validation(lambda: nv_client.create_private_connection(name=pc_name(), mode={"serviceManaged": bad_subnet}),
                      "mode.serviceManaged.subnetIds[0]")
    too_many_sgs = dict(SERVICE_MANAGED, securityGroupIds=[f"sg-0123456789abcdef{i}" for i in range(6)])
    assert_validation(lambda: nv_client.create_private_connection(name=pc_name(),
                                                                  mode={"serviceManaged": too_many_sgs}),
                      "mode.serviceManaged.securityGroupIds")
    assert_validation(lambda: nv_client.create_private_connection(name=pc_name(), mode={}), "mode")
    assert_validation(lambda: nv_client.create_private_connection(
        name=pc_name(), mode={"selfManaged": SELF_MANAGED, "serviceManaged": SERVICE_MANAGED}), "mode")
    missing_vpc = {k: v for k, v in SERVICE_MANAGED.items() if k != "vpcId"}
    assert_validation(lambda: nv_client.create_private_connection(name=pc_name(), mode={"serviceManaged": missing_vpc}),
                      "mode.serviceManaged.vpcId")
