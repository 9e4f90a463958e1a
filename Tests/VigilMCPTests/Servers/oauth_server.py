"""A local OAuth 2.0 authorization server and, on the same port, the read-only MCP server that
accepts only its access tokens.

Start:   MCP_TEST_CLIENT_ID=<id> MCP_TEST_CLIENT_SECRET=<secret> \
           .venv/bin/python Tests/VigilMCPTests/Servers/oauth_server.py PORT [--token-ttl SECONDS]
         Prints `READY http://127.0.0.1:<port>/mcp`, never a secret or token. Stop with SIGTERM.
Routes:  POST /oauth/token      grant_type=client_credentials (client id/secret in the form or
                                HTTP Basic), authorization_code (with PKCE S256 code_verifier),
                                refresh_token. Access tokens expire after --token-ttl (default 300 s).
         GET  /oauth/authorize  authorization-code flow; approves at once (no login page) and
                                redirects to redirect_uri with code and state. Requires
                                code_challenge_method=S256.
         GET  /.well-known/oauth-authorization-server   RFC 8414 metadata.
         GET  /.well-known/oauth-protected-resource     RFC 9728 metadata of /mcp (names this server).
         POST /oauth/register   RFC 7591 dynamic client registration: issues public client ids
                                (no secret; PKCE required) usable with authorize and token.
         POST /mcp              MCP (Streamable HTTP), 401 without a live access token.
         GET  /oauth/stats      counts of tokens issued per grant (no token values).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import sys
import time
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mcp.server.mcpserver import MCPServer  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import JSONResponse, RedirectResponse  # noqa: E402
from starlette.routing import Route  # noqa: E402

from _serve import fail, header, parse_port, require_header, serve  # noqa: E402
from readonly_tools import add_read_only_tools  # noqa: E402


class AuthorizationServer:
    def __init__(self, client_id: str, client_secret: str, ttl: int):
        self.client_id = client_id
        self.client_secret = client_secret
        self.ttl = ttl
        self.access: dict[str, float] = {}      # token -> expiry (epoch seconds)
        self.refresh: set[str] = set()
        self.codes: dict[str, dict] = {}        # code -> {challenge, redirect_uri, client_id, expires}
        self.issued: dict[str, int] = {"client_credentials": 0, "authorization_code": 0, "refresh_token": 0}
        self.public_clients: dict[str, list[str]] = {}  # client id -> registered redirect URIs

    def token_is_live(self, token: str) -> bool:
        expiry = self.access.get(token)
        return expiry is not None and expiry > time.time()

    def issue(self, grant: str, with_refresh: bool) -> dict:
        token = secrets.token_urlsafe(24)
        self.access[token] = time.time() + self.ttl
        self.issued[grant] += 1
        body = {"access_token": token, "token_type": "Bearer", "expires_in": self.ttl}
        if with_refresh:
            refresh = secrets.token_urlsafe(24)
            self.refresh.add(refresh)
            body["refresh_token"] = refresh
        return body

    def client_matches(self, form, request: Request, require_secret: bool) -> bool:
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        basic = request.headers.get("authorization", "")
        if basic.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(basic[6:]).decode()
                client_id, _, client_secret = decoded.partition(":")
            except Exception:
                return False
        if client_id in self.public_clients and client_secret is None:
            return not require_secret
        if client_id != self.client_id:
            return False
        if client_secret is None:
            return not require_secret
        return hmac.compare_digest(client_secret.encode(), self.client_secret.encode())

    async def token(self, request: Request):
        form = await request.form()
        grant = form.get("grant_type")
        if grant == "client_credentials":
            if not self.client_matches(form, request, require_secret=True):
                return JSONResponse({"error": "invalid_client"}, status_code=401)
            return JSONResponse(self.issue(grant, with_refresh=False))
        if grant == "authorization_code":
            if not self.client_matches(form, request, require_secret=False):
                return JSONResponse({"error": "invalid_client"}, status_code=401)
            pending = self.codes.pop(str(form.get("code", "")), None)
            if pending is None or pending["expires"] < time.time():
                return JSONResponse({"error": "invalid_grant", "error_description": "unknown or used code"}, status_code=400)
            if form.get("redirect_uri") != pending["redirect_uri"]:
                return JSONResponse({"error": "invalid_grant", "error_description": "redirect_uri mismatch"}, status_code=400)
            verifier = str(form.get("code_verifier", ""))
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if not verifier or not hmac.compare_digest(digest, pending["challenge"]):
                return JSONResponse({"error": "invalid_grant", "error_description": "PKCE verification failed"}, status_code=400)
            return JSONResponse(self.issue(grant, with_refresh=True))
        if grant == "refresh_token":
            refresh = str(form.get("refresh_token", ""))
            if refresh not in self.refresh:
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            self.refresh.discard(refresh)
            return JSONResponse(self.issue(grant, with_refresh=True))
        return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)

    async def authorize(self, request: Request):
        q = request.query_params
        known = q.get("client_id") == self.client_id or q.get("client_id") in self.public_clients
        if q.get("response_type") != "code" or not known:
            return JSONResponse({"error": "invalid_request", "error_description": "response_type=code and a known client_id required"}, status_code=400)
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            return JSONResponse({"error": "invalid_request", "error_description": "PKCE S256 required"}, status_code=400)
        redirect_uri = q.get("redirect_uri")
        registered = self.public_clients.get(q.get("client_id", ""))
        if registered is not None and redirect_uri not in registered:
            return JSONResponse({"error": "invalid_request", "error_description": "redirect_uri not registered"}, status_code=400)
        if not redirect_uri:
            return JSONResponse({"error": "invalid_request", "error_description": "redirect_uri required"}, status_code=400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"challenge": q["code_challenge"], "redirect_uri": redirect_uri, "expires": time.time() + 120}
        params = {"code": code}
        if q.get("state") is not None:
            params["state"] = q["state"]
        separator = "&" if "?" in redirect_uri else "?"
        return RedirectResponse(redirect_uri + separator + urlencode(params), status_code=302)

    async def metadata(self, request: Request):
        base = str(request.base_url).rstrip("/")
        return JSONResponse({"issuer": base, "authorization_endpoint": base + "/oauth/authorize",
                             "token_endpoint": base + "/oauth/token",
                             "grant_types_supported": ["client_credentials", "authorization_code", "refresh_token"],
                             "registration_endpoint": base + "/oauth/register",
                             "code_challenge_methods_supported": ["S256"]})

    async def register(self, request: Request):
        body = await request.json()
        uris = body.get("redirect_uris") or []
        if not isinstance(uris, list) or not uris or body.get("token_endpoint_auth_method", "none") != "none":
            return JSONResponse({"error": "invalid_client_metadata"}, status_code=400)
        client_id = "dyn-" + secrets.token_hex(8)
        self.public_clients[client_id] = [str(u) for u in uris]
        self.issued.setdefault("registered_clients", 0)
        self.issued["registered_clients"] += 1
        return JSONResponse({"client_id": client_id, "redirect_uris": uris, "token_endpoint_auth_method": "none",
                             "grant_types": ["authorization_code", "refresh_token"]}, status_code=201)

    async def resource_metadata(self, request: Request):
        base = str(request.base_url).rstrip("/")
        return JSONResponse({"resource": base + "/mcp", "authorization_servers": [base], "scopes_supported": ["tools"]})

    async def stats(self, request: Request):
        return JSONResponse({"issued": self.issued})


def main() -> None:
    args = parse_port("OAuth authorization server + OAuth-protected read-only MCP server",
                      extra=lambda p: p.add_argument("--token-ttl", type=int, default=300))
    client_id = os.environ.get("MCP_TEST_CLIENT_ID", "")
    client_secret = os.environ.get("MCP_TEST_CLIENT_SECRET", "")
    if not client_id or not client_secret:
        fail("MCP_TEST_CLIENT_ID and MCP_TEST_CLIENT_SECRET must be set")
    auth = AuthorizationServer(client_id, client_secret, args.token_ttl)
    oauth_app = Starlette(routes=[
        Route("/oauth/token", auth.token, methods=["POST"]),
        Route("/oauth/authorize", auth.authorize, methods=["GET"]),
        Route("/oauth/stats", auth.stats, methods=["GET"]),
        Route("/.well-known/oauth-authorization-server", auth.metadata, methods=["GET"]),
        Route("/.well-known/oauth-protected-resource", auth.resource_metadata, methods=["GET"]),
        Route("/.well-known/oauth-protected-resource/mcp", auth.resource_metadata, methods=["GET"]),
        Route("/oauth/register", auth.register, methods=["POST"]),
    ])

    def bearer_is_live(scope) -> bool:
        value = header(scope, "authorization") or ""
        return value.lower().startswith("bearer ") and auth.token_is_live(value[7:].strip())

    mcp_app = require_header(
        add_read_only_tools(MCPServer("vigil-test-oauth", version="1.0.0")).streamable_http_app(),
        bearer_is_live, "OAuth access token",
        # MCP 2025-06-18: the 401 names the protected resource metadata (RFC 9728).
        challenge=lambda scope: 'Bearer resource_metadata="http://%s/.well-known/oauth-protected-resource/mcp"'
        % (header(scope, "host") or ""))

    async def app(scope, receive, send):
        path = scope.get("path", "")
        if scope["type"] == "http" and (path.startswith("/oauth/") or path.startswith("/.well-known/")):
            await oauth_app(scope, receive, send)
        else:
            await mcp_app(scope, receive, send)

    serve(app, args.port, "/mcp")


if __name__ == "__main__":
    main()
