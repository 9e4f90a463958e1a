"""The read-only MCP server behind AWS SigV4, verified for real: every request's signature is
recomputed with botocore from the credentials STS issued. STS is moto in server mode; the secret of
the session is looked up in moto's state (`/moto-api/data.json`) by the access key id.

Start:   MCP_TEST_MOTO_URL=http://127.0.0.1:<moto port> \
           .venv/bin/python Tests/VigilMCPTests/Servers/sigv4_server.py PORT --region R --service S --role-arn ARN
         Prints `READY http://127.0.0.1:<port>/mcp`, never a credential. Stop with SIGTERM.
A request is refused (403, with the reason) unless it is signed with AWS4-HMAC-SHA256 for exactly
--region and --service, by a session of --role-arn (with its session token), and the signature
matches. A custom header X-Tenant, when signed, is echoed in the server's log only by name.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import urllib.request
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import botocore.auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402
from mcp.server.mcpserver import MCPServer  # noqa: E402

from _serve import fail, parse_port, send_json, serve  # noqa: E402
from readonly_tools import add_read_only_tools  # noqa: E402

AUTH = re.compile(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, "
                  r"SignedHeaders=([a-z0-9;_.-]+), Signature=([0-9a-f]{64})$")


def moto_session(moto_url: str, access_key: str) -> dict | None:
    with urllib.request.urlopen(moto_url + "/moto-api/data.json", timeout=10) as resp:
        state = json.load(resp)
    for role in state.get("sts", {}).get("AssumedRole", []):
        if role.get("access_key_id") == access_key:
            return role
    return None


def verify(scope, body: bytes, args, moto_url: str) -> str | None:
    """None when the request is correctly signed, else why not."""
    headers: dict[str, str] = {}
    for k, v in scope.get("headers", []):
        headers[k.decode("latin-1").lower()] = v.decode("latin-1")
    match = AUTH.match(headers.get("authorization", ""))
    if not match:
        return "no AWS4-HMAC-SHA256 authorization"
    key, day, region, service, signed, signature = match.groups()
    if region != args.region or service != args.service:
        return f"signed for {region}/{service}, expected {args.region}/{args.service}"
    session = moto_session(moto_url, key)
    if session is None:
        return "unknown access key"
    if session.get("role_arn") != args.role_arn:
        return "signed by a session of another role"
    if headers.get("x-amz-security-token") != session.get("session_token"):
        return "missing or wrong session token"
    amz_date = headers.get("x-amz-date", "")
    try:
        when = dt.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
    except ValueError:
        return "bad x-amz-date"
    if not amz_date.startswith(day):
        return "credential date does not match x-amz-date"
    signed_names = signed.split(";")
    if "host" not in signed_names:
        return "host is not signed"
    kept = {n: headers[n] for n in signed_names if n in headers and n not in ("host", "x-amz-date", "x-amz-security-token")}
    path = scope.get("raw_path", scope["path"].encode()).decode("latin-1")
    query = scope.get("query_string", b"").decode("latin-1")
    url = f"http://{headers.get('host', '')}{path}" + (f"?{query}" if query else "")
    request = AWSRequest(method=scope["method"], url=url, data=body, headers=kept)
    creds = Credentials(session["access_key_id"], session["secret_access_key"], session["session_token"])
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda remove_tzinfo=True: when):
        botocore.auth.SigV4Auth(creds, service, region).add_auth(request)
    expected = AUTH.match(request.headers["Authorization"])
    if expected is None or expected.group(6) != signature:
        return "signature mismatch"
    return None


def main() -> None:
    def options(parser):
        parser.add_argument("--region", required=True)
        parser.add_argument("--service", required=True)
        parser.add_argument("--role-arn", required=True)

    args = parse_port("Read-only MCP test server behind verified SigV4", extra=options)
    moto_url = os.environ.get("MCP_TEST_MOTO_URL", "").rstrip("/")
    if not moto_url:
        fail("MCP_TEST_MOTO_URL is not set")
    app = add_read_only_tools(MCPServer("vigil-test-sigv4", version="1.0.0")).streamable_http_app()

    async def guarded(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        reason = verify(scope, body, args, moto_url)
        if reason:
            await send_json(send, 403, {"error": "forbidden", "reason": reason})
            return
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await app(scope, replay, send)

    serve(guarded, args.port, "/mcp")


if __name__ == "__main__":
    main()
