"""Helpers for the intake compat tests: webhooks made through the real API, deliveries sent the
way each sender sends them, and a real Prometheus Alertmanager on loopback."""
from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import http.client
import json
import shutil
import subprocess
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import helpers
from helpers import artifacts_dir, free_port, unique

PAYLOADS = Path(__file__).resolve().parents[1] / "Tests" / "VigilIntakeTests" / "Payloads"


def payload(name: str) -> bytes:
    return (PAYLOADS / f"{name}.json").read_bytes()


@dataclass
class Hook:
    space: str
    association_id: str
    service_id: str
    url: str
    webhook_id: str
    type: str
    secret: str

    @property
    def path(self) -> str:
        return urllib.parse.urlparse(self.url).path


def make_hook(client, space: str, auth: str | None = None) -> Hook:
    """Registers an eventChannel service (tagged with the auth type when given), associates it."""
    kwargs = {"tags": {"vigil:webhook-auth": auth}} if auth else {}
    sid = client.register_service(service="eventChannel", serviceDetails={"eventChannel": {"type": "webhook"}},
                                  name=unique("events"), **kwargs)["serviceId"]
    resp = client.associate_service(agentSpaceId=space, serviceId=sid, configuration={"eventChannel": {}})
    w = resp["webhook"]
    return Hook(space, resp["association"]["associationId"], sid, w["webhookUrl"], w["webhookId"], w["webhookType"],
                w.get("webhookSecret") or w.get("apiKey"))


def now_iso(offset_s: float = 0) -> str:
    t = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=offset_s)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def hmac_headers(secret: str, body: bytes, timestamp: str | None = None) -> dict[str, str]:
    ts = timestamp or now_iso()
    sig = base64.b64encode(hmac.new(secret.encode(), ts.encode() + b":" + body, hashlib.sha256).digest()).decode()
    return {"x-amzn-event-timestamp": ts, "x-amzn-event-signature": sig}


def post(server, path: str, body: bytes, headers: dict[str, str] | None = None,
         content_type: str | None = "application/json") -> tuple[int, dict]:
    h = dict(headers or {})
    if content_type is not None:
        h.setdefault("Content-Type", content_type)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("POST", path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        try:
            parsed = json.loads(data) if data else {}
        except ValueError:
            parsed = {"raw": data.decode(errors="replace")}
        return r.status, parsed
    finally:
        conn.close()


def generic(incident: str, action: str = "created", title: str | None = None, service: str = "checkout", **extra) -> bytes:
    body = {"eventType": "incident", "action": action, "priority": "HIGH", "incidentId": incident,
            "title": title or f"Incident {incident}", "description": "from the compat suite", "service": service,
            "timestamp": now_iso(), "data": {"origin": "pytest"}}
    body.update(extra)
    return json.dumps(body).encode()


def all_tasks(client, space: str) -> list[dict]:
    tasks, token = [], None
    while True:
        kw = {"agentSpaceId": space, "limit": 100}
        if token:
            kw["nextToken"] = token
        resp = client.list_backlog_tasks(**kw)
        tasks += resp["tasks"]
        token = resp.get("nextToken")
        if not token:
            return tasks


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2, what: str = "condition"):
    """`helpers.wait_for` with the argument order the intake tests use."""
    return helpers.wait_for(what, predicate, limit=timeout, every=interval)


def intake_meta(task: dict) -> dict:
    return (task.get("metadata") or {}).get("intake") or {}


# ------------------------------------------------------------- alertmanager --

def alertmanager_binary() -> str | None:
    for name in ("prometheus-alertmanager", "alertmanager"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Alertmanager:
    """A real Alertmanager on 127.0.0.1 whose only receiver is a Vigil webhook with its API key."""

    def __init__(self, webhook_url: str, api_key: str, *, group_by=("alertname",), group_wait="1s",
                 group_interval="1s", repeat_interval="1h"):
        self.binary = alertmanager_binary()
        self.tmp = Path(tempfile.mkdtemp(prefix="vigil-am-"))
        self.port = free_port()
        self.log_path = artifacts_dir() / f"alertmanager-{self.port}.log"
        config = {
            "route": {"receiver": "vigil", "group_by": list(group_by), "group_wait": group_wait,
                      "group_interval": group_interval, "repeat_interval": repeat_interval},
            "receivers": [{"name": "vigil", "webhook_configs": [{
                "url": webhook_url, "send_resolved": True,
                "http_config": {"authorization": {"type": "Bearer", "credentials": api_key}}}]}],
        }
        (self.tmp / "alertmanager.yml").write_text(json.dumps(config))  # JSON is valid YAML
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Alertmanager":
        logf = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [self.binary, f"--config.file={self.tmp / 'alertmanager.yml'}", f"--storage.path={self.tmp / 'data'}",
             f"--web.listen-address=127.0.0.1:{self.port}", "--cluster.listen-address=", "--log.level=debug"],
            stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT)
        wait_for(self._ready, timeout=30, what="alertmanager /-/ready")
        return self

    def _ready(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"alertmanager exited with {self.proc.returncode}: {self.log_path.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            conn.request("GET", "/-/ready")
            return conn.getresponse().status == 200
        return False

    def push(self, alerts: list[dict]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request("POST", "/api/v2/alerts", body=json.dumps(alerts), headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        assert r.status == 200, f"alertmanager refused alerts: {r.status}"

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=10)
            if self.proc.poll() is None:
                self.proc.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


def am_alert(name: str, service: str, *, resolved: bool = False, **labels) -> dict:
    now = dt.datetime.now(dt.timezone.utc)
    alert = {"labels": {"alertname": name, "service": service, "severity": "critical", **labels},
             "annotations": {"summary": f"{name} on {service}"},
             "startsAt": (now - dt.timedelta(minutes=1)).isoformat().replace("+00:00", "Z"),
             "generatorURL": "http://prometheus.invalid/graph"}
    if resolved:
        alert["endsAt"] = (now - dt.timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    return alert
