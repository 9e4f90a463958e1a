"""OpenID Connect sign-in (`idp` flow) against a real provider on loopback, over plain HTTP
requests: the browser test (test_browser_oidc.py) does the same through Chromium.

Each faulty token the provider can be told to issue (wrong audience, expired, bad signature)
must be refused with its own error page and no session; the correct one is accepted."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
import requests

from conftest import make_operator_role, vigil_iam
from helpers import unique

import oidc_provider


@pytest.fixture(scope="module")
def idp_space(oidc_server, admin, provider, tmp_path_factory):
    issuer, _ = provider
    role = make_operator_role(oidc_server.data_dir, tmp_path_factory.mktemp("roles"))
    space = admin.create_agent_space(name=unique("oidc"))["agentSpace"]["agentSpaceId"]
    admin.enable_operator_app(agentSpaceId=space, authFlow="idp", operatorAppRoleArn=role, issuerUrl=issuer,
                              idpClientId="vigil-web", idpClientSecret="test-client-secret-1", provider="oidc-provider-mock")
    return space, role


def sign_in(server, space: str, subject: str, ca) -> tuple[requests.Response, requests.Session]:
    """Start at Vigil, consent at the provider as `subject`, return Vigil's answer to the callback."""
    web = requests.Session()
    start = web.get(f"{server.url}/auth/oidc/start", params={"space": space}, allow_redirects=False, timeout=10)
    assert start.status_code == 302, start.text
    state_cookie = start.headers["Set-Cookie"]
    assert all(part in state_cookie for part in ("vigil_oidc_state=", "HttpOnly", "SameSite=Lax", "Path=/auth/oidc", "Max-Age=600"))
    authorize = start.headers["Location"]
    query = parse_qs(urlparse(authorize).query)
    assert query["response_type"] == ["code"] and query["code_challenge_method"] == ["S256"]
    assert query["client_id"] == ["vigil-web"] and query["redirect_uri"] == [f"{server.url}/auth/oidc/callback"]
    assert "nonce" in query and "state" in query and len(query["code_challenge"][0]) == 43
    consent = web.post(authorize, data={"sub": subject}, allow_redirects=False, timeout=10, verify=str(ca))
    assert consent.status_code in (302, 303), consent.text
    callback = consent.headers["Location"]
    assert callback.startswith(f"{server.url}/auth/oidc/callback?")
    return web.get(callback, allow_redirects=False, timeout=30), web


def test_correct_token_starts_a_session_for_the_role(oidc_server, idp_space, provider):
    space, role = idp_space
    answer, web = sign_in(oidc_server, space, "ada@example.com", provider[1])
    assert answer.status_code == 303, answer.text
    assert "vigil_session" in web.cookies
    assert "vigil_oidc_state" not in web.cookies  # cleared: a state is good for one callback
    assert answer.headers["Location"] == f"/app/spaces/{space}"
    overview = web.get(f"{oidc_server.url}{answer.headers['Location']}", timeout=10)
    assert overview.status_code == 200, overview.text
    # The page acts as the role session named after the user, and says who is signed in.
    assert "ada@example.com" in overview.text
    assert 'id="signout"' in overview.text


@pytest.mark.parametrize("mode, reason", [
    ("wrong-audience", "issued for another client (audience)"),
    ("expired", "The ID token has expired."),
    ("bad-signature", "signature is not valid"),
])
def test_faulty_tokens_are_refused(oidc_server, idp_space, provider, mode, reason):
    space, _ = idp_space
    oidc_provider.set_mode(mode)
    answer, web = sign_in(oidc_server, space, "mallory@example.com", provider[1])
    assert answer.status_code == 401, answer.text
    assert reason in answer.text
    assert "vigil_session" not in web.cookies
    assert "eyJ" not in answer.text  # no token contents on the page
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_state_is_single_use(oidc_server, idp_space, provider):
    space, _ = idp_space
    answer, web = sign_in(oidc_server, space, "ada@example.com", provider[1])
    assert answer.status_code == 303
    replay = web.get(answer.request.url, allow_redirects=False, timeout=10)
    assert replay.status_code == 401 and "already used or has expired" in replay.text


def test_callback_from_another_browser_is_refused(oidc_server, idp_space, provider):
    space, _ = idp_space
    web = requests.Session()
    start = web.get(f"{oidc_server.url}/auth/oidc/start", params={"space": space}, allow_redirects=False, timeout=10)
    consent = web.post(start.headers["Location"], data={"sub": "ada@example.com"}, allow_redirects=False, timeout=10,
                       verify=str(provider[1]))
    # The victim's browser never started this sign-in: it has no state cookie.
    other = requests.get(consent.headers["Location"], allow_redirects=False, timeout=10)
    assert other.status_code == 401 and "not started in this browser" in other.text
    assert "vigil_session" not in other.cookies


def test_start_errors_are_precise(oidc_server, admin):
    plain = admin.create_agent_space(name=unique("noidp"))["agentSpace"]["agentSpaceId"]
    for params, status, text in [({}, 400, "names no agent space"),
                                 ({"space": "00000000-0000-0000-0000-000000000000"}, 404, "No agent space"),
                                 ({"space": plain}, 404, "not enabled for this agent space")]:
        r = requests.get(f"{oidc_server.url}/auth/oidc/start", params=params, allow_redirects=False, timeout=10)
        assert r.status_code == status and text in r.text, (params, r.status_code, r.text)


def test_provider_error_and_missing_role_are_named(oidc_server, admin, provider, tmp_path):
    issuer, ca = provider
    space = admin.create_agent_space(name=unique("norole"))["agentSpace"]["agentSpaceId"]
    missing = "arn:aws:iam::123456789012:role/does-not-exist"
    admin.enable_operator_app(agentSpaceId=space, authFlow="idp", operatorAppRoleArn=missing, issuerUrl=issuer,
                              idpClientId="vigil-web", idpClientSecret="test-client-secret-1", provider="mock")
    answer, web = sign_in(oidc_server, space, "ada@example.com", ca)
    assert answer.status_code == 500 and "is not a role of this Vigil account" in answer.text
    assert "vigil_session" not in web.cookies
    r = requests.get(f"{oidc_server.url}/auth/oidc/callback", params={"error": "access_denied", "state": "x"}, timeout=10)
    assert r.status_code == 400 and "error access_denied" in r.text


def test_deleting_the_role_ends_the_sso_session(oidc_server, admin, provider, tmp_path):
    issuer, ca = provider
    role = make_operator_role(oidc_server.data_dir, tmp_path)
    space = admin.create_agent_space(name=unique("revoke"))["agentSpace"]["agentSpaceId"]
    admin.enable_operator_app(agentSpaceId=space, authFlow="idp", operatorAppRoleArn=role, issuerUrl=issuer,
                              idpClientId="vigil-web", idpClientSecret="test-client-secret-1", provider="mock")
    answer, web = sign_in(oidc_server, space, "ada@example.com", ca)
    assert answer.status_code == 303
    assert web.get(f"{oidc_server.url}/app/spaces/{space}", allow_redirects=False, timeout=10).status_code == 200
    name = role.rsplit("/", 1)[1]
    vigil_iam(oidc_server.data_dir, "detach", "--role", name, "--policy", "VigilOperatorAppAccess")
    vigil_iam(oidc_server.data_dir, "delete-role", "--name", name)
    after = web.get(f"{oidc_server.url}/app/spaces/{space}", allow_redirects=False, timeout=10)
    assert after.status_code != 200 and "open-investigations" not in after.text
