"""Page weight and time to first render of the investigation page with 500 journal records,
measured in headless Chromium through the Navigation Timing and Paint Timing APIs. Prints figures;
not a test (scripts/bench-webapp runs it).

A `vigil serve` on a fresh store; one agent space with the iam sign-in flow; one backlog task
(no telemetry source, so no investigation runs and the page is stable); `vigil seed` writes an
execution with N journal records for it. Each load is cold (browser cache disabled), so static
assets count in the transfer."""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "compat"))
sys.path.insert(0, str(HERE))

from helpers import ACCOUNT_ID, REGION, VigilServer, clean_env, make_client, vigil_binary  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

from pages import sign_in_with_keys  # noqa: E402

TYPES = ["PLANNING", "SEARCHING", "ANALYSIS", "FINDING", "ACTION"]

TIMING = """
const nav = performance.getEntriesByType('navigation')[0];
const paint = Object.fromEntries(performance.getEntriesByType('paint').map(p => [p.name, p.startTime]));
const resources = performance.getEntriesByType('resource');
return {responseStart: nav.responseStart, responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd, fcp: paint['first-contentful-paint'] ?? null, fp: paint['first-paint'] ?? null,
        htmlTransfer: nav.transferSize, htmlBody: nav.decodedBodySize,
        resourceTransfer: resources.reduce((s, r) => s + r.transferSize, 0), resources: resources.length};
"""


def seed(server, space: str, task: str, records: int) -> None:
    items = [{"recordType": TYPES[i % len(TYPES)],
              "content": {"step": f"step {i}", "detail": f"checked checkout-{i % 13} metrics and log templates; "
                          f"5xx level {i % 7} above baseline; trace excerpt GET /cart -> payments ({i * 3 % 997} ms)"}}
             for i in range(records)]
    fixture = server.tmp / "bench-fixture.json"
    fixture.write_text(json.dumps({"agentSpaceId": space, "executions": [
        {"taskId": task, "agentSubTask": "investigation", "executionStatus": "RUNNING", "records": items}]}))
    env = clean_env()
    env.update({"VIGIL_ACCOUNT_ID": ACCOUNT_ID, "VIGIL_REGION": REGION})
    subprocess.run([str(vigil_binary()), "seed", "--data-dir", str(server.data_dir), "--file", str(fixture)],
                   env=env, check=True, capture_output=True, timeout=120)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--loads", type=int, default=9)
    args = parser.parse_args()

    server = VigilServer("bench-webapp", env={"VIGIL_LOG_LEVEL": "warning"}).start()
    driver = None
    try:
        admin = make_client(server)
        space = admin.create_agent_space(name="bench")["agentSpace"]["agentSpaceId"]
        admin.enable_operator_app(agentSpaceId=space, authFlow="iam", operatorAppRoleArn="arn:aws:iam::123456789012:role/Bench")
        task = admin.create_backlog_task(agentSpaceId=space, title="checkout 5xx after deploy", priority="HIGH",
                                         taskType="INVESTIGATION")["task"]["taskId"]
        seed(server, space, task, args.records)

        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        sign_in_with_keys(driver, server.url, server.access_key, server.secret_key)
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        url = f"{server.url}/app/spaces/{space}/tasks/{task}"
        driver.get(url)  # warm-up: server-side caches and the first connection
        shown = len(driver.find_elements(By.CSS_SELECTOR, "#journal li.journal-record"))
        samples = []
        for _ in range(args.loads):
            driver.get(url)
            samples.append(driver.execute_script(TIMING))
        median = lambda key: statistics.median(s[key] for s in samples if s[key] is not None)  # noqa: E731
        print(f"investigation page, {args.records} journal records seeded, {shown} shown; "
              f"{args.loads} cold loads in headless Chromium (binary {vigil_binary()})")
        print(f"  HTML: {int(median('htmlBody'))} bytes decoded, {int(median('htmlTransfer'))} bytes transferred")
        print(f"  total transfer (HTML + {int(median('resources'))} resources): "
              f"{int(median('htmlTransfer') + median('resourceTransfer'))} bytes")
        print(f"  median time to first byte       {median('responseStart'):7.1f} ms")
        print(f"  median HTML received            {median('responseEnd'):7.1f} ms")
        print(f"  median first contentful paint   {median('fcp'):7.1f} ms")
        print(f"  median DOMContentLoaded         {median('domContentLoaded'):7.1f} ms")
        print(f"  median load event               {median('load'):7.1f} ms")
        return 0
    finally:
        if driver:
            driver.quit()
        server.stop()
        server.cleanup_files()


if __name__ == "__main__":
    sys.exit(main())
