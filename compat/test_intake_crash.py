"""SIGKILL during a burst of webhook deliveries: after a restart, every acknowledged delivery is
present exactly once."""
from __future__ import annotations

import http.client
import json
import signal
import threading
import time

from helpers import make_client
from intake_support import all_tasks, generic, make_hook, wait_for


def test_sigkill_during_burst_loses_and_duplicates_nothing(vigil_server):
    srv = vigil_server("intake-crash")
    client = make_client(srv)
    space = client.create_agent_space(name="crash")["agentSpace"]["agentSpaceId"]
    # Linking off: each incident must stay its own task so that counts are exact.
    client.tag_resource(resourceArn=f"arn:aws:aidevops:us-east-1:123456789012:agentspace/{space}",
                        tags={"vigil:intake:link-window": "0"})
    hook = make_hook(client, space, auth="apikey")
    path = hook.url.split(str(srv.port), 1)[1]
    acknowledged: set[str] = set()
    lock = threading.Lock()
    stop = threading.Event()

    def sender(worker: int):
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
        n = 0
        while not stop.is_set():
            incident = f"crash-{worker}-{n}"
            n += 1
            try:
                conn.request("POST", path, body=generic(incident, service=f"svc-{incident}"),
                             headers={"Content-Type": "application/json", "Authorization": f"Bearer {hook.secret}"})
                r = conn.getresponse()
                r.read()
                if r.status == 202:
                    with lock:
                        acknowledged.add(incident)
            except (OSError, http.client.HTTPException):
                return

    threads = [threading.Thread(target=sender, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    wait_for(lambda: len(acknowledged) >= 300, timeout=60, what="300 acknowledged deliveries")
    srv.proc.send_signal(signal.SIGKILL)
    srv.proc.wait(timeout=10)
    stop.set()
    for t in threads:
        t.join(timeout=10)
    assert acknowledged

    srv.start()
    client = make_client(srv)

    def settled():
        tasks = all_tasks(client, space)
        return tasks if len(tasks) >= len(acknowledged) else None
    tasks = wait_for(settled, timeout=60, what="every acknowledged delivery to become a task")
    time.sleep(1)  # anything still pending would show up as an extra task now
    tasks = all_tasks(client, space)
    titles = [t["title"] for t in tasks]
    assert len(titles) == len(set(titles)), "a delivery was applied twice"
    missing = {f"Incident {i}" for i in acknowledged} - set(titles)
    assert not missing, f"{len(missing)} acknowledged deliveries lost"
