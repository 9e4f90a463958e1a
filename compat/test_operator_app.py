"""Operator App auth configuration: EnableOperatorApp, GetOperatorApp,
UpdateOperatorAppIdpConfig, DisableOperatorApp (authFlow sent as the
x-amzn-app-auth-flow header)."""
import json
import uuid

from helpers import ISO8601, assert_error, assert_recent, assert_validation, status_of

ROLE = "arn:aws:iam::123456789012:role/VigilOperator"
ROLE2 = "arn:aws:iam::123456789012:role/VigilOperatorIdp"
ISSUER = "https://login.example.com/tenant-1/v2.0"


def test_boto3_enable_iam_then_idp(client, space):
    resp = client.enable_operator_app(agentSpaceId=space, authFlow="iam", operatorAppRoleArn=ROLE)
    assert status_of(resp) == 200
    assert resp["agentSpaceId"] == space
    assert resp["iam"]["operatorAppRoleArn"] == ROLE
    assert_recent(resp["iam"]["createdAt"])

    got = client.get_operator_app(agentSpaceId=space)
    assert got["iam"]["operatorAppRoleArn"] == ROLE
    assert "idp" not in got and "idc" not in got

    secret = f"idp-secret-{uuid.uuid4().hex}"
    resp = client.enable_operator_app(agentSpaceId=space, authFlow="idp", operatorAppRoleArn=ROLE2,
                                      issuerUrl=ISSUER, idpClientId="client-123", idpClientSecret=secret,
                                      provider="Okta")
    assert resp["idp"] == {**resp["idp"], "issuerUrl": ISSUER, "clientId": "client-123",
                           "operatorAppRoleArn": ROLE2, "provider": "Okta"}
    assert secret not in json.dumps(resp, default=str)

    # Several flows can be enabled at the same time.
    got = client.get_operator_app(agentSpaceId=space)
    assert got["iam"]["operatorAppRoleArn"] == ROLE
    assert got["idp"]["issuerUrl"] == ISSUER and got["idp"]["clientId"] == "client-123"
    assert got["idp"]["provider"] == "Okta"
    assert secret not in json.dumps(got, default=str)


def test_update_idp_client_secret(client, space):
    client.enable_operator_app(agentSpaceId=space, authFlow="idp", operatorAppRoleArn=ROLE, issuerUrl=ISSUER,
                               idpClientId="client-9", idpClientSecret="first-secret-value", provider="Entra")
    new_secret = f"second-{uuid.uuid4().hex}"
    resp = client.update_operator_app_idp_config(agentSpaceId=space, idpClientSecret=new_secret)
    assert status_of(resp) == 200
    assert resp["agentSpaceId"] == space
    assert resp["idp"]["clientId"] == "client-9" and resp["idp"]["provider"] == "Entra"
    assert resp["idp"]["issuerUrl"] == ISSUER
    assert resp["idp"].get("updatedAt") is not None
    assert resp["idp"]["updatedAt"] >= resp["idp"]["createdAt"]
    assert new_secret not in json.dumps(resp, default=str)


def test_disable_one_flow_by_header(client, space):
    client.enable_operator_app(agentSpaceId=space, authFlow="iam", operatorAppRoleArn=ROLE)
    client.enable_operator_app(agentSpaceId=space, authFlow="idp", operatorAppRoleArn=ROLE, issuerUrl=ISSUER,
                               idpClientId="c", idpClientSecret="s3cret-value", provider="Google")
    resp = client.disable_operator_app(agentSpaceId=space, authFlow="idp")
    assert status_of(resp) == 200
    got = client.get_operator_app(agentSpaceId=space)
    assert "idp" not in got
    assert got["iam"]["operatorAppRoleArn"] == ROLE
    client.disable_operator_app(agentSpaceId=space, authFlow="iam")
    got = client.get_operator_app(agentSpaceId=space)
    assert "iam" not in got and "idp" not in got and "idc" not in got


def test_cli_operator_app(cli, space):
    # --issuer-url is a URL-valued parameter: works only with cli_follow_urlparam = false.
    out = cli("enable-operator-app", "--agent-space-id", space, "--auth-flow", "idp",
              "--operator-app-role-arn", ROLE, "--issuer-url", "https://login.example.com",
              "--idp-client-id", "cli-client", "--idp-client-secret", "cli-secret-value", "--provider", "Okta")
    assert out["agentSpaceId"] == space
    assert out["idp"]["issuerUrl"] == "https://login.example.com"
    assert ISO8601.match(out["idp"]["createdAt"]), out
    got = cli("get-operator-app", "--agent-space-id", space)
    assert got["idp"]["clientId"] == "cli-client"
    res = cli.run("get-operator-app", "--agent-space-id", space)
    assert "cli-secret-value" not in res.stdout
    upd = cli("update-operator-app-idp-config", "--agent-space-id", space, "--idp-client-secret", "rotated-value")
    assert upd["idp"]["clientId"] == "cli-client"
    res = cli.run("disable-operator-app", "--agent-space-id", space, "--auth-flow", "idp")
    assert res.rc == 0, res.stderr
    assert "idp" not in cli("get-operator-app", "--agent-space-id", space)


def test_operator_app_validation_and_not_found(client, nv_client, space):
    assert_validation(lambda: nv_client.enable_operator_app(agentSpaceId=space, authFlow="iam",
                                                            operatorAppRoleArn="arn:aws:iam::123:role/x"),
                      "operatorAppRoleArn")
    assert_validation(lambda: nv_client.enable_operator_app(agentSpaceId=space, authFlow="saml",
                                                            operatorAppRoleArn=ROLE), "authFlow")
    assert_validation(lambda: nv_client.disable_operator_app(agentSpaceId=space, authFlow="saml"), "authFlow")
    missing = f"nosuch-{uuid.uuid4().hex[:8]}"
    assert_error(lambda: client.enable_operator_app(agentSpaceId=missing, authFlow="iam", operatorAppRoleArn=ROLE),
                 "ResourceNotFoundException", 404)
    assert_error(lambda: client.get_operator_app(agentSpaceId=missing), "ResourceNotFoundException", 404)
