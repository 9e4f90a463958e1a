"""Parsing helpers shared by the importers: time strings, pod names, problem reports.

Pure functions except `Problems`, which writes to a stream (stderr by default).
"""
from __future__ import annotations

import re
import sys
from datetime import datetime, timezone

# "2022-08-22 03:51:19.799087274 +0000 UTC m=+0.305041286" (Go's time.String with a
# monotonic suffix), "2022-08-22T05:18:42.908318Z", "2023-01-30T11:50:59.971622667Z",
# "2022-08-22 03:53:54" (fault lists: UTC without a zone).
_TIME_RE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?"
)


class TimeFormatError(ValueError):
    pass


def parse_utc(text: str) -> float:
    """Epoch seconds (float) of a Nezha-style time string; a missing zone means UTC."""
    m = _TIME_RE.match(text or "")
    if not m:
        raise TimeFormatError(f"not a timestamp: {text[:60]!r}")
    y, mo, d, h, mi, s, frac, zone = m.groups()
    try:
        dt = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), tzinfo=timezone.utc)
    except ValueError as e:
        raise TimeFormatError(f"not a timestamp: {text[:60]!r} ({e})") from None
    t = dt.timestamp()
    if frac:
        t += int(frac) / (10 ** len(frac))
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        t -= sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    return t


def iso_utc(t: float) -> str:
    """Millisecond ISO 8601 in UTC, e.g. 2022-08-22T03:53:54.000Z."""
    dt = datetime.fromtimestamp(t, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


# Deployment pods: <name>-<replicaset hash>-<5 char id>; StatefulSet pods: <name>-<ordinal>.
# Kubernetes draws both generated parts from an alphabet without vowels (so that they never
# spell words); requiring that keeps names like `my-cache-redis` whole.
_SAFE = "[bcdfghjklmnpqrstvwxz0-9]"
_DEPLOYMENT_POD = re.compile(rf"^(?P<svc>.+?)-{_SAFE}{{5,10}}-{_SAFE}{{5}}$")
_STATEFUL_POD = re.compile(r"^(?P<svc>.+?)-\d+$")


def service_of_pod(pod: str) -> str:
    """`frontend-579b9bff58-t2dbm` -> `frontend`; names without a replica suffix are kept."""
    pod = pod.strip()
    m = _DEPLOYMENT_POD.match(pod) or _STATEFUL_POD.match(pod)
    return m.group("svc") if m else pod


def parse_float(text: str) -> float | None:
    """A numeric cell; empty/NaN -> None (missing). Raises ValueError on anything else."""
    t = text.strip()
    if t == "" or t.lower() in ("nan", "null", "none"):
        return None
    v = float(t)
    if v != v or v in (float("inf"), float("-inf")):
        return None
    return v


class MalformedInput(Exception):
    """Raised by a strict `Problems` at the first malformed item."""


class Problems:
    """Collects malformed-input reports as `file:line: reason`, printed as they come.
    With strict=True the first report raises MalformedInput instead (nothing is skipped)."""

    def __init__(self, stream=None, limit_per_file: int = 20, strict: bool = False):
        self.stream = stream if stream is not None else sys.stderr
        self.limit = limit_per_file
        self.strict = strict
        self.count = 0
        self._per_file: dict[str, int] = {}

    def report(self, path, line: int | None, reason: str) -> None:
        key = str(path)
        where = f"{key}:{line}" if line is not None else key
        if self.strict:
            raise MalformedInput(f"{where}: {reason}")
        self.count += 1
        n = self._per_file.get(key, 0) + 1
        self._per_file[key] = n
        if n <= self.limit:
            print(f"{where}: skipped: {reason}", file=self.stream)
        elif n == self.limit + 1:
            print(f"{key}: further problems in this file are counted, not printed", file=self.stream)

    def note(self, path, line: int | None, message: str) -> None:
        """A correction the importer made (not a skipped item)."""
        where = f"{path}:{line}" if line is not None else str(path)
        print(f"{where}: note: {message}", file=self.stream)

    def summary(self) -> str:
        if not self.count:
            return "no malformed input"
        parts = ", ".join(f"{p}: {n}" for p, n in sorted(self._per_file.items()))
        return f"{self.count} malformed item(s) skipped ({parts})"
