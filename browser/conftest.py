"""Fixtures for the browser tests.

- `provider`: a real OpenID Connect provider over HTTPS on loopback (oidc_provider.py).
- `oidc_server`: `vigil serve` trusting the provider's CA (VIGIL_OIDC_CA_FILE).
- `browser`: headless Chromium through chromedriver (/usr/bin), console logs captured so CSP
  violations can fail a test.
- `demo`: a `vigil demo` process (demo_server.py).

VIGIL_BIN names the binary (default .build/debug/vigil), as for compat/.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "compat"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import ACCOUNT_ID, REGION, VigilServer, clean_env, make_client, unique, vigil_binary  # noqa: E402

import oidc_provider  # noqa: E402

SCREENSHOTS = ROOT / "docs" / "screenshots"


def pytest_configure(config):
    for k in list(os.environ):
        if k.startswith("AWS_"):
            del os.environ[k]
    cfg_dir = Path(tempfile.mkdtemp(prefix="vigil-browser-aws-"))
    os.environ["AWS_CONFIG_FILE"] = str(cfg_dir / "config")
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = str(cfg_dir / "credentials")
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"


def vigil_iam(data_dir: Path, *args: str) -> str:
    """`vigil iam ...` on a running server's data directory (the store allows concurrent writers)."""
    env = clean_env()
    env.update({"VIGIL_ACCOUNT_ID": ACCOUNT_ID, "VIGIL_REGION": REGION})
    res = subprocess.run([str(vigil_binary()), "iam", *args, "--data-dir", str(data_dir)], env=env,
                         capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert res.returncode == 0, f"vigil iam {' '.join(args)} failed: {res.stderr}"
    return res.stdout


def make_operator_role(data_dir: Path, tmp: Path, name: str | None = None) -> str:
    """A Vigil role with the built-in VigilOperatorAppAccess policy; returns its ARN."""
    name = name or unique("operator")
    trust = tmp / f"{name}-trust.json"
    trust.write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}, "Action": "sts:AssumeRole"}]}))
    vigil_iam(data_dir, "create-role", "--name", name, "--trust-policy", str(trust))
    vigil_iam(data_dir, "attach", "--role", name, "--policy", "VigilOperatorAppAccess")
    return f"arn:aws:iam::{ACCOUNT_ID}:role/{name}"


@pytest.fixture(scope="session")
def provider(tmp_path_factory):
    with oidc_provider.running_provider(tmp_path_factory.mktemp("oidc")) as (issuer, ca):
        yield issuer, ca


@pytest.fixture(scope="session")
def oidc_server(provider):
    _, ca = provider
    srv = VigilServer("oidc", env={"VIGIL_OIDC_CA_FILE": str(ca)})
    srv.start()
    yield srv
    srv.stop()
    srv.cleanup_files()


@pytest.fixture(scope="session")
def admin(oidc_server):
    return make_client(oidc_server)


@pytest.fixture(autouse=True)
def provider_mode_reset():
    oidc_provider.set_mode("ok")
    yield
    oidc_provider.set_mode("ok")


def chromium_paths() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or "/usr/bin/chromium"
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return (browser, driver) if Path(browser).exists() and Path(driver).exists() else None


@pytest.fixture
def browser():
    paths = chromium_paths()
    if paths is None:
        pytest.skip("chromium and chromium-driver are not installed (scripts/test installs them with apt)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
                "--lang=en-US"):
        options.add_argument(arg)
    # The test provider's certificate comes from a throw-away CA the browser does not know.
    options.accept_insecure_certs = True
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(paths[1]), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
