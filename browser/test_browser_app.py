"""The Operator Web App in headless Chromium against `vigil demo`: sign in with access keys, watch
the demo investigation complete live, approve its plan, create an on-demand task, sign out.
Screenshots of each page go to docs/screenshots/. Any CSP violation in the console fails."""
from __future__ import annotations

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from demo_server import DemoServer
from helpers import make_client, unique
from pages import console_problems, eventually, save_screenshot, sign_in_with_keys, wait


@pytest.fixture(scope="module")
def demo():
    server = DemoServer(scenario="bad-deployment", step_pause=2.5).start()
    admin = make_client(server)
    admin.enable_operator_app(agentSpaceId=server.space, authFlow="iam",
                              operatorAppRoleArn="arn:aws:iam::123456789012:role/VigilOperator")
    yield server, admin
    server.stop()


def journal_count(driver) -> int:
    return len(driver.find_elements(By.CSS_SELECTOR, "#journal li.journal-record"))


def test_operator_day(browser, demo):
    server, admin = demo
    space = server.space
    sign_in_with_keys(browser, server.url, server.access_key, server.secret_key, screenshot="signin")
    assert console_problems(browser) == []

    # The investigation, opened while it runs: the journal grows without a reload.
    task = server.wait_for_task()
    browser.get(f"{server.url}/app/spaces/{space}/tasks/{task}")
    wait(browser).until(EC.presence_of_element_located((By.ID, "journal")))
    assert browser.find_element(By.ID, "task-status").text in ("PENDING_START", "IN_PROGRESS"), "opened too late to watch it live"
    browser.execute_script("window.vigilTestMarker = 'same page'")
    first = journal_count(browser)
    eventually(lambda: journal_count(browser) > first and browser.execute_script("return window.vigilTestMarker") == "same page",
               timeout=60, message="the journal did not grow in place")
    grown = journal_count(browser)
    assert browser.execute_script("return window.vigilTestMarker") == "same page"
    # The page reloads once the task leaves its live states, to show findings and the plan.
    eventually(lambda: browser.find_element(By.ID, "task-status").text == "COMPLETED", timeout=120,
               message="the investigation did not complete")
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#plan .recommendation")))
    assert journal_count(browser) >= grown
    assert browser.find_elements(By.CSS_SELECTOR, "#hypotheses li.hypothesis")
    save_screenshot(browser, "investigation")

    # Approve the plan: the page shows ACCEPTED, and so does the API.
    article = browser.find_element(By.CSS_SELECTOR, "#plan .recommendation")
    recommendation = article.get_attribute("data-recommendation-id")
    article.find_element(By.CSS_SELECTOR, "form.recommendation-approve button.approve").click()
    eventually(lambda: browser.find_element(By.CSS_SELECTOR, f'[data-recommendation-id="{recommendation}"] .recommendation-status').text == "ACCEPTED",
               message="the page does not show the recommendation ACCEPTED")
    assert admin.get_recommendation(agentSpaceId=space, recommendationId=recommendation)["recommendation"]["status"] == "ACCEPTED"
    save_screenshot(browser, "investigation-approved")

    browser.get(f"{server.url}/app/spaces/{space}/tasks/{task}/audit")
    wait(browser).until(EC.presence_of_element_located((By.ID, "audit-records")))
    records = browser.find_element(By.ID, "audit-records").text
    assert "Inclusion proof" in records and task in records
    save_screenshot(browser, "audit")

    browser.get(f"{server.url}/app/spaces/{space}")
    wait(browser).until(EC.presence_of_element_located((By.ID, "open-investigations")))
    for section in ("recent-alerts", "quota", "topology-health"):
        assert browser.find_elements(By.ID, section), section
    save_screenshot(browser, "overview")

    # An on-demand task from the backlog page.
    browser.get(f"{server.url}/app/spaces/{space}/backlog")
    form = wait(browser).until(EC.presence_of_element_located((By.ID, "create-task")))
    title = unique("checkout latency after deploy")
    form.find_element(By.NAME, "title").send_keys(title)
    form.find_element(By.NAME, "description").send_keys("Customers report slow checkouts since 10:05.")
    Select(form.find_element(By.NAME, "priority")).select_by_value("HIGH")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    created = eventually(lambda: [t for t in admin.list_backlog_tasks(agentSpaceId=space)["tasks"] if t["title"] == title],
                         message="the task was not created")[0]
    assert created["priority"] == "HIGH" and created["taskType"] == "INVESTIGATION"
    browser.get(f"{server.url}/app/spaces/{space}/backlog")
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, f'table#tasks tr[data-task-id="{created["taskId"]}"]')))
    save_screenshot(browser, "backlog")

    browser.get(f"{server.url}/")
    save_screenshot(browser, "spaces")

    # Sign out: the old cookie opens nothing any more.
    old = browser.get_cookie("vigil_session")["value"]
    browser.find_element(By.CSS_SELECTOR, "#signout button").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "signin-iam")))
    replay = requests.get(f"{server.url}/app/spaces/{space}", cookies={"vigil_session": old}, allow_redirects=False, timeout=10)
    assert replay.status_code != 200 and "open-investigations" not in replay.text

    assert console_problems(browser) == []
