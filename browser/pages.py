"""Small helpers shared by the browser tests: signing in through the page, waiting, screenshots,
and the console check that turns Content-Security-Policy violations into failures."""
from __future__ import annotations

import time
from pathlib import Path

from selenium.common.exceptions import (NoAlertPresentException, NoSuchElementException, StaleElementReferenceException,
                                        WebDriverException)
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def wait(driver, seconds: float = 30):
    return WebDriverWait(driver, seconds, poll_frequency=0.2)


def sign_in_with_keys(driver, base_url: str, key: str, secret: str, screenshot: str | None = None):
    driver.get(base_url + "/")
    wait(driver).until(EC.presence_of_element_located((By.ID, "signin-iam")))
    if screenshot:
        save_screenshot(driver, screenshot)
    driver.find_element(By.ID, "accessKeyId").send_keys(key)
    driver.find_element(By.ID, "secretAccessKey").send_keys(secret)
    driver.find_element(By.ID, "signin-submit").click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "signout")))


def save_screenshot(driver, name: str):
    """docs/screenshots/NAME.png at a fixed window size, so reruns replace the same files."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(1280, 900)
    height = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 2400)")
    driver.set_window_size(1280, max(900, int(height)))
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
    driver.set_window_size(1280, 900)


def console_problems(driver, origin: str | None = None) -> list[str]:
    """Console messages since the last call that report a CSP violation or a script error; with
    `origin`, messages about another origin's resources (the test provider's pages) are left out."""
    problems = []
    for entry in driver.get_log("browser"):
        message = entry.get("message", "")
        if origin and message.startswith("http") and not message.startswith(origin):
            continue
        if "Content Security Policy" in message or "Content-Security-Policy" in message or entry.get("level") == "SEVERE":
            # A missing favicon is the browser's own request, not the app's.
            if "favicon.ico" in message:
                continue
            problems.append(message)
    return problems


def assert_no_alert(driver):
    try:
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        raise AssertionError(f"an alert dialog opened: {text!r}")
    except NoAlertPresentException:
        pass


def eventually(predicate, timeout: float = 30, interval: float = 0.2, message: str = "condition not met"):
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except (StaleElementReferenceException, NoSuchElementException):
            value = None  # the page is being replaced (reload, redirect): look again
        except WebDriverException as error:
            # Chromium reports an element lost to a reload between lookup and read this way.
            if "does not belong to the document" not in str(error):
                raise
            value = None

        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(interval)
