"""`vigil demo` as a test fixture: a server with a simulated shop whose alarm raises a task a few
seconds after start and whose investigation then runs step by step (`--step-pause`)."""
from __future__ import annotations

import re
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from helpers import ACCOUNT_ID, ADMIN_ACCESS_KEY, ADMIN_SECRET_KEY, REGION, artifacts_dir, clean_env, free_port, vigil_binary


class DemoServer:
    def __init__(self, scenario: str = "bad-deployment", step_pause: float = 2.0, extra_args: list[str] | None = None):
        self.scenario = scenario
        self.step_pause = step_pause
        self.extra_args = extra_args or []
        self.tmp = Path(tempfile.mkdtemp(prefix="vigil-browser-demo-"))
        self.data_dir = self.tmp / "data"
        self.access_key, self.secret_key = ADMIN_ACCESS_KEY, ADMIN_SECRET_KEY
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.lines: list[str] = []
        self.space: str | None = None
        self.task: str | None = None
        self.proc: subprocess.Popen | None = None
        self.log_path = artifacts_dir() / f"demo-{self.port}.log"

    def start(self, timeout: float = 60) -> "DemoServer":
        env = clean_env()
        env.update({"VIGIL_ACCOUNT_ID": ACCOUNT_ID, "VIGIL_REGION": REGION, "VIGIL_ADMIN_ACCESS_KEY_ID": self.access_key,
                    "VIGIL_ADMIN_SECRET_ACCESS_KEY": self.secret_key, "VIGIL_LOG_LEVEL": "info"})
        self.proc = subprocess.Popen(
            [str(vigil_binary()), "demo", "--scenario", self.scenario, "--data-dir", str(self.data_dir), "--port", str(self.port),
             "--step-pause", str(self.step_pause), *self.extra_args],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + timeout
        while self.space is None:
            if self.proc.poll() is not None:
                raise RuntimeError("vigil demo exited early:\n" + "\n".join(self.lines[-40:]))
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("vigil demo did not print its agent space:\n" + "\n".join(self.lines[-40:]))
            time.sleep(0.05)
        return self

    def _read(self):
        assert self.proc and self.proc.stdout
        with open(self.log_path, "a") as log:
            for line in self.proc.stdout:
                log.write(line)
                log.flush()
                self.lines.append(line.rstrip("\n"))
                if m := re.search(r"Agent space: (\S+)", line):
                    self.space = m.group(1)
                if m := re.search(r"fired; task: (\S+)", line):
                    self.task = m.group(1)

    def wait_for_task(self, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while self.task is None:
            assert time.monotonic() < deadline, "the demo's alarm raised no task:\n" + "\n".join(self.lines[-40:])
            time.sleep(0.05)
        return self.task

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
