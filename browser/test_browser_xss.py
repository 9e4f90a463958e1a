"""Untrusted operational text rendered inert: log lines (through a telemetry bundle the
investigation reads), a task title and description, and space tags (as far as the model's tag pattern allows) carry script payloads, HTML
with event handlers and javascript: links. In Chromium no alert opens, no payload element or
script runs, the text shows as typed, and the console reports no CSP violation."""
from __future__ import annotations

import json
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from helpers import VigilServer, make_client
from pages import assert_no_alert, console_problems, eventually, sign_in_with_keys, wait

SCRIPT = "<script>window.vigilXss='script';alert('xss-script')</script>"
IMG = "<img src=x onerror=\"window.vigilXss='img';alert('xss-img')\">"
LINK = "<a href=\"javascript:alert('xss-link')\">open runbook</a>"
TITLE = f"{SCRIPT} checkout failing {IMG}"
# Markup the injection classifier does not quarantine (no script, no quoted handler), so these log
# lines reach the page: rendered as HTML they would make live elements with handlers.
DETAILS = "<details open ontoggle=window.vigilXss=1>refund</details>"
INPUT = "<input autofocus onfocus=window.vigilXss=2>"


def write_bundle(directory, now: float):
    (directory / "logs").mkdir(parents=True)
    lines = []
    for i in range(240):  # baseline: a quiet line every 30 s for two hours
        lines.append({"timestamp": now - 7200 + i * 30, "entity": "checkout", "message": "order placed id=%d" % i, "level": "INFO"})
    for i in range(120):  # the incident: payload lines surge in the last ten minutes
        t = now - 600 + i * 5
        lines.append({"timestamp": t, "entity": "checkout", "level": "ERROR",
                      "message": f"payment failed {DETAILS} for order"})
        lines.append({"timestamp": t + 1, "entity": "checkout", "level": "ERROR",
                      "message": f"render error {INPUT} in cart"})
        lines.append({"timestamp": t + 2, "entity": "checkout", "level": "ERROR",
                      "message": f"gateway said {SCRIPT} and {LINK}"})
    (directory / "logs" / "checkout.jsonl").write_text("\n".join(json.dumps(l) for l in lines) + "\n")
    (directory / "incident.json").write_text(json.dumps({"detectedAt": now - 600, "symptom": "checkout", "title": TITLE}))
    (directory / "changes.jsonl").write_text(json.dumps({"timestamp": now - 700, "entity": "checkout", "kind": "deployment",
                                                         "description": f"deployed {IMG}", "reference": "javascript:alert('xss-ref')"}) + "\n")


@pytest.fixture(scope="module")
def bundle_server(tmp_path_factory):
    bundle = tmp_path_factory.mktemp("xss-bundle")
    write_bundle(bundle, time.time())
    server = VigilServer("xss", env={"VIGIL_TELEMETRY_BUNDLE": str(bundle)})
    server.start()
    yield server
    server.stop()
    server.cleanup_files()


def assert_inert(driver):
    assert_no_alert(driver)
    assert driver.execute_script("return window.vigilXss === undefined"), "a payload ran"
    injected = driver.execute_script("""
        return Array.from(document.querySelectorAll('script:not([src]), img[src="x"], [onerror], [ontoggle], [onfocus], a[href^="javascript:"]'))
                    .map(e => e.outerHTML)""")
    assert injected == []
    assert console_problems(driver) == []


def test_payloads_render_as_text(browser, bundle_server):
    admin = make_client(bundle_server)
    space = admin.create_agent_space(name="xss-check", description=f"team {IMG}")["agentSpace"]["agentSpaceId"]
    admin.enable_operator_app(agentSpaceId=space, authFlow="iam", operatorAppRoleArn="arn:aws:iam::123456789012:role/VigilOperator")
    arn = f"arn:aws:aidevops:us-east-1:123456789012:agentspace/{space}"
    # The model's tag pattern refuses < > ( ) and quotes; what it allows is still shown, never linked.
    admin.tag_resource(resourceArn=arn, tags={"runbook": "javascript:void", "owner": "team@example.com"})
    task = admin.create_backlog_task(agentSpaceId=space, title=TITLE, description=f"{LINK} {IMG}", priority="HIGH",
                                     taskType="INVESTIGATION")["task"]["taskId"]
    eventually(lambda: admin.get_backlog_task(agentSpaceId=space, taskId=task)["task"]["status"] in ("COMPLETED", "FAILED"),
               timeout=120, message="the investigation over the bundle did not finish")

    sign_in_with_keys(browser, bundle_server.url, bundle_server.access_key, bundle_server.secret_key)
    assert_inert(browser)
    for path in (f"/app/spaces/{space}", f"/app/spaces/{space}/backlog", f"/app/spaces/{space}/tasks/{task}",
                 f"/app/spaces/{space}/tasks/{task}/audit", "/"):
        browser.get(bundle_server.url + path)
        wait(browser).until(EC.presence_of_element_located((By.TAG_NAME, "main")))
        assert_inert(browser)

    browser.get(f"{bundle_server.url}/app/spaces/{space}/tasks/{task}")
    wait(browser).until(EC.presence_of_element_located((By.ID, "task-title")))
    # The title is shown as the characters typed.
    assert browser.find_element(By.ID, "task-title").text.startswith(SCRIPT.split("</script>")[0])
    page_text = browser.find_element(By.TAG_NAME, "body").text
    # The surging log lines reached the page, as text.
    assert "<details open" in page_text and "<input autofocus" in page_text, page_text[:3000]
    assert_inert(browser)
