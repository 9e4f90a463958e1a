"""Helpers shared by the compat suite: the Vigil server process, the real awscli
and boto3 clients, raw SigV4-signed requests (only for what the real clients
cannot express), and assertion helpers.

Fixtures live in conftest.py; tests import plain helpers from here.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from unittest import mock

import boto3
import botocore.auth
import botocore.session
from botocore import UNSIGNED, xform_name
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

REPO_ROOT = Path(__file__).resolve().parents[1]
ACCOUNT_ID = "123456789012"
REGION = "us-east-1"
SIGNING_NAME = "aidevops"
SERVICE_NAME = "devops-agent"

SERVICE_MODEL = botocore.session.get_session().get_service_model(SERVICE_NAME)
ALL_OPERATIONS = frozenset(SERVICE_MODEL.operation_names)
CLI_COMMANDS = {xform_name(op, "-"): op for op in SERVICE_MODEL.operation_names}

# The administrator key the servers are started with (fresh per test session).
ADMIN_ACCESS_KEY = "AKIAVIGIL" + "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(11))
ADMIN_SECRET_KEY = secrets.token_urlsafe(30)[:40]

ISO8601 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$")
AGENT_SPACE_ID = re.compile(r"^[a-zA-Z0-9-]{1,64}$")
RESOURCE_ID = re.compile(r"^[a-zA-Z0-9_.-]{1,128}$")
ASSOCIATION_ID = re.compile(r"^[a-zA-Z0-9-]{1,255}$")
SERVICE_ID = re.compile(r"^[a-zA-Z0-9_-]{1,255}$")

# Self-signed test certificates (public parts only; made with openssl req -x509) and their notAfter.
CERT = """-----BEGIN CERTIFICATE-----
MIIBpjCCAUugAwIBAgIUXcHoCQ7OjBp8gnGbGOYg0368njowCgYIKoZIzj0EAwIw
KDEmMCQGA1UEAwwddmlnaWwtY29tcGF0LmV4YW1wbGUuaW50ZXJuYWwwHhcNMjYx
MTI3MDM1NjM2WhcNMzYxMTI0MDM1NjM2WjAoMSYwJAYDVQQDDB12aWdpbC1jb21w
YXQuZXhhbXBsZS5pbnRlcm5hbDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABKKA
qvxzU8RpySYndBHRRqmNhmWzpOQywX1fRNqUHLESst2w9wz3WsATUohHCOsyK6N2
mesVgAFXcXWFNUpa9DujUzBRMB0GA1UdDgQWBBQYqus7vyBlCPKdZfcHhSObmQne
fjAfBgNVHSMEGDAWgBQYqus7vyBlCPKdZfcHhSObmQnefjAPBgNVHRMBAf8EBTAD
AQH/MAoGCCqGSM49BAMCA0kAMEYCIQCjXv94+7vO4jxsSRc34yN6cJ+3d3V/uBty
RN5MiSUF1gIhAIxXRBY6weXx/hlWYjbtEsUc9z3gQT/13e9JqevYL68D
-----END CERTIFICATE-----
"""
CERT_NOT_AFTER = dt.datetime(2036, 11, 24, 3, 56, 36, tzinfo=dt.timezone.utc)
CERT2 = """-----BEGIN CERTIFICATE-----
MIIBtDCCAVugAwIBAgIUfQan4yXUynATSGK+NbJGqQYYW9IwCgYIKoZIzj0EAwIw
MDEuMCwGA1UEAwwldmlnaWwtY29tcGF0LXJvdGF0ZWQuZXhhbXBsZS5pbnRlcm5h
bDAeFw0yNjExMjcwMzU2MzhaFw0yOTA4MjMwMzU2MzhaMDAxLjAsBgNVBAMMJXZp
Z2lsLWNvbXBhdC1yb3RhdGVkLmV4YW1wbGUuaW50ZXJuYWwwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAARvxSaD/8u8j2ErGQE8I/iem8v+oL5kw+rzv72CpxajkuXx
Nn15o0gdf3GRkDGI00W5RwfQ4RIecn7DpmKnA9tOo1MwUTAdBgNVHQ4EFgQUUUBO
S2exnbkZMjK4+W+GxD82cd4wHwYDVR0jBBgwFoAUUUBOS2exnbkZMjK4+W+GxD82
cd4wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiAhClYPZ7gNGo4V
uju1+zTn2+HME3d14dRLZtkxkhr+vQIgDUw3Nwic+cv40gzFXvA5ApfB2QpDlG7q
BYLeZ92tIzk=
-----END CERTIFICATE-----
"""
CERT2_NOT_AFTER = dt.datetime(2029, 8, 23, 3, 56, 38, tzinfo=dt.timezone.utc)

# Operations exercised during the session (reported in the terminal summary).
OPS_CALLED: set[str] = set()
OPS_SUCCEEDED: set[str] = set()

# Every server started in this session (for log capture), and the live ones.
ALL_SERVERS: list["VigilServer"] = []
LIVE_SERVERS: list["VigilServer"] = []


def unique(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def space_arn(space_id: str) -> str:
    return f"arn:aws:aidevops:{REGION}:{ACCOUNT_ID}:agentspace/{space_id}"


def service_arn(service_id: str) -> str:
    return f"arn:aws:aidevops:{REGION}:{ACCOUNT_ID}:service/{service_id}"


def model_success_status(operation: str) -> int:
    return SERVICE_MODEL.operation_model(operation).http.get("responseCode", 200)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def artifacts_dir() -> Path:
    d = os.environ.get("VIGIL_COMPAT_ARTIFACTS")
    path = Path(d) if d else Path(tempfile.gettempdir()) / "vigil-compat-artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def vigil_binary() -> Path:
    b = os.environ.get("VIGIL_BIN")
    path = Path(b) if b else REPO_ROOT / ".build" / "debug" / "vigil"
    if not path.is_absolute():
        path = REPO_ROOT / path
    return path


def clean_env() -> dict[str, str]:
    """The process environment without AWS_* and VIGIL_* variables."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "VIGIL_"))}


def tail(text: str, lines: int = 200) -> str:
    parts = text.splitlines()
    if len(parts) <= lines:
        return text
    return "\n".join([f"... ({len(parts) - lines} earlier lines cut)"] + parts[-lines:])


def wait_for(what: str, check: Callable[[], Any], limit: float = 90.0, every: float = 0.2):
    """Polls `check` until it returns a truthy value and returns that value: a bounded wait for
    something the server does in the background, not a timing assertion."""
    deadline = time.monotonic() + limit
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"never happened within {limit:g} s: {what}; last value: {value!r}"
        time.sleep(every)


# --------------------------------------------------------------------------- server

class ServerStartError(RuntimeError):
    pass


class VigilServer:
    """One `vigil serve` process on 127.0.0.1 with its own data directory."""

    _counter = 0

    def __init__(self, label: str, *, data_dir: Path | None = None, env: dict[str, str | None] | None = None,
                 access_key: str = ADMIN_ACCESS_KEY, secret_key: str = ADMIN_SECRET_KEY):
        VigilServer._counter += 1
        self.label = label
        self.tmp = Path(tempfile.mkdtemp(prefix=f"vigil-compat-{label}-"))
        self.data_dir = Path(data_dir) if data_dir else self.tmp / "data"
        self.log_path = artifacts_dir() / f"server-{VigilServer._counter:02d}-{label}.log"
        self.access_key = access_key
        self.secret_key = secret_key
        self.extra_env = dict(env or {})
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self.last_exit_code: int | None = None
        self.stopped_gracefully: bool | None = None

    # -- process ------------------------------------------------------------
    def env(self) -> dict[str, str]:
        e = clean_env()
        e.update({
            "VIGIL_ACCOUNT_ID": ACCOUNT_ID,
            "VIGIL_REGION": REGION,
            "VIGIL_ADMIN_ACCESS_KEY_ID": self.access_key,
            "VIGIL_ADMIN_SECRET_ACCESS_KEY": self.secret_key,
            "VIGIL_LOG_LEVEL": os.environ.get("VIGIL_COMPAT_LOG_LEVEL", "debug"),
        })
        for k, v in self.extra_env.items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        return e

    def start(self, timeout: float = 60.0) -> "VigilServer":
        binary = vigil_binary()
        if not binary.exists():
            raise ServerStartError(
                f"vigil binary not found at {binary}; build it (swift build --product vigil) or set VIGIL_BIN")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        with open(self.log_path, "ab") as logf:
            logf.write(f"=== start {time.strftime('%H:%M:%S')} port {self.port} data {self.data_dir}\n".encode())
            logf.flush()
            self.proc = subprocess.Popen(
                [str(binary), "serve", "--data-dir", str(self.data_dir), "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env(), stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT)
        self._record_pid(True)
        if self not in ALL_SERVERS:
            ALL_SERVERS.append(self)
        LIVE_SERVERS.append(self)
        deadline = time.monotonic() + timeout
        while True:
            rc = self.proc.poll()
            if rc is not None:
                self._forget()
                raise ServerStartError(
                    f"vigil serve exited with code {rc} before /healthz answered; log {self.log_path}:\n"
                    + tail(self.log_text(), 80))
            try:
                if self.healthz() == 200:
                    return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise ServerStartError(f"/healthz did not answer 200 within {timeout}s; log {self.log_path}:\n"
                                       + tail(self.log_text(), 80))
            time.sleep(0.1)

    def healthz(self) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            conn.request("GET", "/healthz")
            return conn.getresponse().status
        finally:
            conn.close()

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM, wait up to `timeout` seconds, SIGKILL as a last resort. Returns the exit code."""
        if self.proc is None:
            return self.last_exit_code
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
                self.stopped_gracefully = True
            except subprocess.TimeoutExpired:
                self.stopped_gracefully = False
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.last_exit_code = self.proc.returncode
        with open(self.log_path, "ab") as logf:
            logf.write(f"=== stopped, exit code {self.last_exit_code}\n".encode())
        self._forget()
        return self.last_exit_code

    def _forget(self):
        self._record_pid(False)
        if self in LIVE_SERVERS:
            LIVE_SERVERS.remove(self)
        if self.proc is not None and self.proc.poll() is not None:
            self.last_exit_code = self.proc.returncode
            self.proc = None

    def _record_pid(self, alive: bool):
        pid_dir = os.environ.get("VIGIL_TEST_PID_DIR")
        if not pid_dir or self.proc is None:
            return
        p = Path(pid_dir) / str(self.proc.pid)
        if alive:
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(self.label)
        else:
            p.unlink(missing_ok=True)

    def cleanup_files(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- addresses ----------------------------------------------------------
    @property
    def hostport(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- logs ---------------------------------------------------------------
    def log_size(self) -> int:
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    def log_text(self, offset: int = 0) -> str:
        try:
            with open(self.log_path, "rb") as f:
                f.seek(offset)
                return f.read().decode("utf-8", errors="replace")
        except OSError:
            return ""

    # -- fixtures loader ----------------------------------------------------
    def seed(self, payload: dict) -> dict:
        """Runs `vigil seed --data-dir DIR --file F.json` and returns its JSON output."""
        f = self.tmp / f"seed-{uuid.uuid4().hex[:8]}.json"
        f.write_text(json.dumps(payload))
        res = subprocess.run([str(vigil_binary()), "seed", "--data-dir", str(self.data_dir), "--file", str(f)],
                             env=self.env(), capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, (
            f"vigil seed failed (exit {res.returncode})\nstdout:\n{res.stdout}\nstderr:\n{res.stderr}")
        out = res.stdout.strip()
        try:
            return json.loads(out)
        except json.JSONDecodeError:
            # Tolerate log lines before the JSON document.
            start = out.find("{")
            assert start >= 0, f"vigil seed printed no JSON:\n{out}\nstderr:\n{res.stderr}"
            return json.loads(out[start:])


# --------------------------------------------------------------------------- boto3

def _record_call(http_response=None, model=None, **_):
    if model is None:
        return
    OPS_CALLED.add(model.name)
    if http_response is not None and http_response.status_code < 300:
        OPS_SUCCEEDED.add(model.name)


def make_client(server: VigilServer, *, key: str | None = None, secret: str | None = None,
                validate: bool = True, inject_host_prefix: bool = False, endpoint: str | None = None,
                unsigned: bool = False, region: str = REGION):
    """A real boto3 `devops-agent` client aimed at `server`."""
    session = boto3.session.Session(
        aws_access_key_id=key or server.access_key,
        aws_secret_access_key=secret or server.secret_key,
        region_name=region)
    cfg = dict(inject_host_prefix=inject_host_prefix, parameter_validation=validate,
               retries={"total_max_attempts": 1, "mode": "standard"},
               connect_timeout=5, read_timeout=60)
    if unsigned:
        cfg["signature_version"] = UNSIGNED
    client = session.client(SERVICE_NAME, endpoint_url=endpoint or server.url, config=Config(**cfg))
    client.meta.events.register(f"after-call.{SERVICE_NAME}", _record_call)
    return client


def assert_error(call: Callable[[], Any], code: str, status: int | None = None) -> dict:
    """Runs `call`, expects a ClientError with `code` (and HTTP `status`); returns the error response."""
    try:
        result = call()
    except ClientError as e:
        resp = e.response
    else:
        raise AssertionError(f"expected {code} but the call succeeded: {_short(result)}")
    got = resp.get("Error", {}).get("Code")
    got_status = resp.get("ResponseMetadata", {}).get("HTTPStatusCode")
    assert got == code, f"expected error {code} (HTTP {status}), got {got} (HTTP {got_status}): {_short(resp)}"
    if status is not None:
        assert got_status == status, f"expected HTTP {status} for {code}, got {got_status}: {_short(resp)}"
    msg = resp.get("Error", {}).get("Message")
    assert isinstance(msg, str) and msg.strip(), f"{code} without a message: {_short(resp)}"
    return resp


def field_paths(error_response: dict) -> list[str]:
    fl = error_response.get("fieldList")
    assert isinstance(fl, list) and fl, f"ValidationException without a fieldList: {_short(error_response)}"
    for f in fl:
        assert isinstance(f.get("path"), str) and isinstance(f.get("message"), str) and f["message"], \
            f"fieldList entry must have path and message: {f}"
    return [f["path"] for f in fl]


def assert_validation(call: Callable[[], Any], *paths: str) -> dict:
    """Expects ValidationException (HTTP 400) whose fieldList contains every path in `paths`."""
    resp = assert_error(call, "ValidationException", 400)
    if paths:
        got = field_paths(resp)
        for p in paths:
            assert p in got, f"fieldList paths {got} do not contain {p!r}"
    return resp


def status_of(resp: dict) -> int:
    return resp["ResponseMetadata"]["HTTPStatusCode"]


def _short(obj: Any, limit: int = 1500) -> str:
    s = json.dumps(obj, default=str) if not isinstance(obj, str) else obj
    return s if len(s) <= limit else s[:limit] + "..."


def strings_in(obj: Any) -> list[str]:
    """Every string value (and dict key) inside a JSON-like value."""
    out: list[str] = []
    if isinstance(obj, str):
        out.append(obj)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            out.append(str(k))
            out.extend(strings_in(v))
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            out.extend(strings_in(v))
    return out


def as_utc(value) -> dt.datetime:
    """A boto3 timestamp (datetime) or CLI timestamp (ISO 8601 string or epoch number) as aware UTC."""
    if isinstance(value, dt.datetime):
        assert value.tzinfo is not None, f"naive datetime {value!r}"
        return value.astimezone(dt.timezone.utc)
    if isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(value, dt.timezone.utc)
    assert isinstance(value, str), f"not a timestamp: {value!r}"
    v = value.replace("Z", "+00:00")
    return dt.datetime.fromisoformat(v).astimezone(dt.timezone.utc)


def assert_recent(value, slack_s: float = 600) -> dt.datetime:
    t = as_utc(value)
    now = dt.datetime.now(dt.timezone.utc)
    assert abs((now - t).total_seconds()) < slack_s, f"timestamp {value!r} is not close to now ({now})"
    return t


# --------------------------------------------------------------------------- awscli

CLI_ERROR = re.compile(
    r"An error occurred \((?P<code>[^)]*)\)(?: \(reached max retries: \d+\))? when calling the "
    r"(?P<op>\w+) operation(?: \(reached max retries: \d+\))?: (?P<message>.*)", re.S)

# Runs the real awscli entry point with cp./dp. *.localhost names resolved to
# 127.0.0.1 (this host's resolver does not resolve them); each name looked up is
# appended to $VIGIL_COMPAT_RESOLVE_LOG.
CLI_HOST_PREFIX_WRAPPER = r"""
import os, socket, sys
_orig = socket.getaddrinfo
def _gai(host, *args, **kwargs):
    if isinstance(host, str) and host.endswith(".localhost"):
        with open(os.environ["VIGIL_COMPAT_RESOLVE_LOG"], "a") as f:
            f.write(host + "\n")
        host = "127.0.0.1"
    return _orig(host, *args, **kwargs)
socket.getaddrinfo = _gai
from awscli.clidriver import main
sys.exit(main())
"""


@dataclass
class CliResult:
    args: list[str]
    rc: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        out = self.stdout.strip()
        return json.loads(out) if out else {}

    def error(self) -> tuple[str, str, str]:
        """(code, operation, message) parsed from awscli's error line."""
        m = CLI_ERROR.search(self.stderr)
        assert m, f"awscli did not print an AWS error (rc={self.rc}):\nstderr: {self.stderr}\nstdout: {self.stdout}"
        return m.group("code"), m.group("op"), m.group("message").strip()


def aws_executable() -> str:
    cand = Path(sys.executable).with_name("aws")
    if cand.exists():
        return str(cand)
    found = shutil.which("aws")
    assert found, "the awscli `aws` command is not installed (pip install -r requirements-test.txt)"
    return found


class Cli:
    """Runs the real `aws devops-agent` (awscli v1) against a server."""

    def __init__(self, server: VigilServer, workdir: Path, *, key: str | None = None, secret: str | None = None):
        self.server = server
        self.key = key or server.access_key
        self.secret = secret or server.secret_key
        workdir.mkdir(parents=True, exist_ok=True)
        self.config_file = workdir / "aws-config"
        self.config_file.write_text(
            "[default]\n"
            "cli_follow_urlparam = false\n"
            "retry_mode = standard\n"
            "max_attempts = 1\n")
        self.workdir = workdir

    def env(self, *, host_prefix: bool = False) -> dict[str, str]:
        e = clean_env()
        e.update({
            "AWS_ACCESS_KEY_ID": self.key,
            "AWS_SECRET_ACCESS_KEY": self.secret,
            "AWS_CONFIG_FILE": str(self.config_file),
            "AWS_SHARED_CREDENTIALS_FILE": str(self.workdir / "no-credentials-file"),
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_PAGER": "",
        })
        if not host_prefix:
            e["AWS_DISABLE_HOST_PREFIX_INJECTION"] = "true"
        return e

    def run(self, *args: str, endpoint: str | None = None, host_prefix: bool = False,
            extra_env: dict[str, str] | None = None, timeout: float = 120) -> CliResult:
        args = [str(a) for a in args]
        argv = ["devops-agent", *args, "--endpoint-url", endpoint or self.server.url,
                "--region", REGION, "--output", "json", "--cli-connect-timeout", "5", "--cli-read-timeout", "60"]
        if host_prefix:
            cmd = [sys.executable, "-c", CLI_HOST_PREFIX_WRAPPER, *argv]
        else:
            cmd = [aws_executable(), *argv]
        env = self.env(host_prefix=host_prefix)
        env.update(extra_env or {})
        res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        op = CLI_COMMANDS.get(args[0]) if args else None
        if op:
            OPS_CALLED.add(op)
            if res.returncode == 0:
                OPS_SUCCEEDED.add(op)
        return CliResult(args, res.returncode, res.stdout, res.stderr)

    def __call__(self, *args: str, **kwargs) -> Any:
        """Runs a command that must succeed; returns its parsed JSON output ({} when it printed nothing)."""
        res = self.run(*args, **kwargs)
        assert res.rc == 0, f"aws devops-agent {' '.join(args)} failed (rc={res.rc}):\n{res.stderr}"
        try:
            return res.json
        except json.JSONDecodeError as e:
            raise AssertionError(f"awscli printed non-JSON output: {res.stdout!r}") from e

    def error(self, *args: str, code: str | None = None, **kwargs) -> tuple[str, str]:
        """Runs a command that must fail with an AWS error; returns (code, message)."""
        res = self.run(*args, **kwargs)
        assert res.rc != 0, f"expected aws devops-agent {' '.join(args)} to fail; it printed {res.stdout!r}"
        assert res.rc == 255, f"awscli v1 exits 255 on service errors, got {res.rc}: {res.stderr}"
        got, _, message = res.error()
        if code is not None:
            assert got == code, f"expected {code}, awscli reported {got}: {message}"
        return got, message


# --------------------------------------------------------------------------- raw SigV4

@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8")) if self.body else None

    @property
    def error_type(self) -> str | None:
        v = self.headers.get("x-amzn-errortype")
        return v.split(":")[0].split("#")[-1] if v else None


@contextlib.contextmanager
def signing_clock(when: dt.datetime | None):
    """Makes botocore's SigV4 signer use `when` (aware or naive UTC) as the current time."""
    if when is None:
        yield
        return
    naive = when.astimezone(dt.timezone.utc).replace(tzinfo=None) if when.tzinfo else when
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda remove_tzinfo=True: naive):
        yield


def sign(method: str, url: str, *, body: bytes | None = None, headers: dict[str, str] | None = None,
         key: str, secret: str, region: str = REGION, service: str = SIGNING_NAME,
         when: dt.datetime | None = None) -> dict[str, str]:
    """Signs a request with botocore's SigV4Auth; returns the headers to send (Host included)."""
    req = AWSRequest(method=method, url=url, data=body or b"", headers=dict(headers or {}))
    with signing_clock(when):
        SigV4Auth(Credentials(key, secret), service, region).add_auth(req)
    out = {k: v for k, v in req.headers.items()}
    out["Host"] = botocore.auth._host_from_url(url)
    return out


def send_raw(server: VigilServer, method: str, path: str, *, body: bytes | str | None = None,
             headers: dict[str, str] | None = None, host: str | None = None, signed: bool = True,
             key: str | None = None, secret: str | None = None, region: str = REGION,
             service: str = SIGNING_NAME, when: dt.datetime | None = None,
             send_body: bytes | None = None, send_path: str | None = None,
             header_edit: Callable[[dict[str, str]], None] | None = None) -> RawResponse:
    """Sends one request to `server` (always to 127.0.0.1:port) with the given Host header.

    `path` is the on-the-wire path (already percent-encoded, with query). The request is
    signed as (method, http://host/path, body); `send_body` / `send_path` / `header_edit`
    then change what is actually sent, to model tampering after signing."""
    if isinstance(body, str):
        body = body.encode()
    host = host or server.hostport
    hdrs = dict(headers or {})
    if body and not any(k.lower() == "content-type" for k in hdrs):
        hdrs["Content-Type"] = "application/json"
    if signed:
        hdrs = sign(method, f"http://{host}{path}", body=body, headers=hdrs,
                    key=key or server.access_key, secret=secret or server.secret_key,
                    region=region, service=service, when=when)
    else:
        hdrs["Host"] = host
    if header_edit:
        header_edit(hdrs)
    payload = send_body if send_body is not None else body
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(method, send_path or path, body=payload if payload else None, headers=hdrs)
        resp = conn.getresponse()
        data = resp.read()
        return RawResponse(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)
    finally:
        conn.close()


@contextlib.contextmanager
def resolve_localhost_subdomains():
    """In-process: resolve *.localhost (e.g. cp.localhost) to 127.0.0.1; yields the names looked up."""
    looked_up: list[str] = []
    orig = socket.getaddrinfo

    def gai(host, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".localhost"):
            looked_up.append(host)
            host = "127.0.0.1"
        return orig(host, *args, **kwargs)

    with mock.patch.object(socket, "getaddrinfo", gai):
        yield looked_up


def paginate_all(client, operation: str, page_size: int, **kwargs) -> list[dict]:
    """All pages from a boto3 paginator with PageSize=page_size."""
    paginator = client.get_paginator(operation)
    return list(paginator.paginate(PaginationConfig={"PageSize": page_size}, **kwargs))


def run_moto(load_managed_policies: bool = False):
    """A generator for a module fixture: moto in server mode on a free loopback port, yielding its URL and
    stopped afterwards. With `load_managed_policies`, the AWS-managed IAM policies exist in every account."""
    import urllib.request
    binary = Path(sys.executable).parent / "moto_server"
    if not binary.exists():
        found = shutil.which("moto_server")
        assert found, "moto_server is not installed: run ./scripts/test, which installs requirements-test.txt"
        binary = Path(found)
    port = free_port()
    env = dict(os.environ)
    if load_managed_policies:
        env["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
    proc = subprocess.Popen([str(binary), "-H", "127.0.0.1", "-p", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1)
            break
        except Exception:  # noqa: BLE001 - still starting
            assert proc.poll() is None, "moto_server exited at start"
            assert time.time() < deadline, "moto_server did not start in 30 s"
            time.sleep(0.2)
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:  # a loaded machine: do not fail the test for a slow stop
            proc.kill()
            proc.wait()
