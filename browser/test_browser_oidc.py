"""Single sign-on through the browser: the sign-in page's link for the space, the provider's own
consent page, back to Vigil signed in as a role session; and a faulty token shown as a precise
error page, with no session."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

import oidc_provider
from conftest import make_operator_role
from helpers import unique
from pages import console_problems, save_screenshot, wait


@pytest.fixture(scope="module")
def sso_space(oidc_server, admin, provider, tmp_path_factory):
    issuer, _ = provider
    role = make_operator_role(oidc_server.data_dir, tmp_path_factory.mktemp("roles"))
    name = unique("sso")
    space = admin.create_agent_space(name=name)["agentSpace"]["agentSpaceId"]
    admin.enable_operator_app(agentSpaceId=space, authFlow="idp", operatorAppRoleArn=role, issuerUrl=issuer,
                              idpClientId="vigil-web", idpClientSecret="test-client-secret-1", provider="oidc-provider-mock")
    return space, name


def start_at_vigil(browser, server, sso, screenshot: str | None = None):
    _, name = sso
    browser.get(server.url + "/")
    link = wait(browser).until(EC.presence_of_element_located((By.XPATH, f'//a[@class="idp-link"][starts-with(normalize-space(.), "{name} ")]')))
    assert console_problems(browser) == []
    if screenshot:
        save_screenshot(browser, screenshot)
    link.click()
    field = wait(browser).until(EC.presence_of_element_located((By.NAME, "sub")))
    return field


def test_sign_in_through_the_identity_provider(browser, oidc_server, sso_space):
    field = start_at_vigil(browser, oidc_server, sso_space, screenshot="signin-sso")
    field.send_keys("grace@example.com")
    field.submit()
    name = wait(browser).until(EC.presence_of_element_located((By.ID, "display-name")))
    assert name.text == "grace@example.com"
    assert browser.current_url == f"{oidc_server.url}/app/spaces/{sso_space[0]}"
    assert f"assumed-role/" in name.get_attribute("title") and "grace@example.com" in name.get_attribute("title")
    assert browser.find_elements(By.ID, "open-investigations")
    cookie = browser.get_cookie("vigil_session")
    assert cookie["httpOnly"] and cookie["sameSite"] in ("Lax", "Strict")
    assert browser.get_cookie("vigil_oidc_state") is None
    assert console_problems(browser, origin=oidc_server.url) == []


def test_wrong_audience_is_refused_in_the_browser(browser, oidc_server, sso_space):
    oidc_provider.set_mode("wrong-audience")
    field = start_at_vigil(browser, oidc_server, sso_space)
    field.send_keys("mallory@example.com")
    field.submit()
    error = wait(browser).until(EC.presence_of_element_located((By.ID, "signin-error")))
    assert error.text == "The ID token was issued for another client (audience)."
    assert browser.get_cookie("vigil_session") is None
    save_screenshot(browser, "signin-sso-error")
    # The 401 of the error page itself is logged; nothing else may be.
    assert [p for p in console_problems(browser, origin=oidc_server.url) if "status of 401" not in p] == []
