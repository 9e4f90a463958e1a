"""Shared plumbing for the test MCP servers in this folder (not a server itself).

Every server binds 127.0.0.1 on the port given as its first argument (0 picks a free
port), then prints exactly one line to stdout once it accepts connections:

    READY http://127.0.0.1:<port><path>

and nothing else (no tokens, no keys). Uvicorn's own logging is kept at warning level on
stderr. Secrets a server checks come from environment variables, never from argv, so they
do not show up in `ps` output.
"""
from __future__ import annotations

import argparse
import json
import socket
import sys
from typing import Awaitable, Callable

import anyio
import uvicorn

ASGIApp = Callable[..., Awaitable[None]]


def parse_port(description: str, argv: list[str] | None = None, extra: Callable[[argparse.ArgumentParser], None] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("port", type=int, help="TCP port on 127.0.0.1 (0 picks a free one)")
    if extra is not None:
        extra(parser)
    return parser.parse_args(argv)


def bound_socket(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(app: ASGIApp, port: int, path: str) -> None:
    """Runs `app` on 127.0.0.1:port until SIGTERM/SIGINT, announcing the URL of `path`."""
    sock = bound_socket(port)
    actual = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)

    async def main() -> None:
        async def announce() -> None:
            while not server.started:
                await anyio.sleep(0.01)
            print(f"READY http://127.0.0.1:{actual}{path}", flush=True)

        async with anyio.create_task_group() as tg:
            tg.start_soon(announce)
            await server.serve(sockets=[sock])
            tg.cancel_scope.cancel()

    anyio.run(main)


async def send_json(send, status: int, body: dict, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
                + (headers or [])})
    await send({"type": "http.response.body", "body": payload})


def header(scope, name: str) -> str | None:
    wanted = name.lower().encode()
    for key, value in scope.get("headers", []):
        if key.lower() == wanted:
            return value.decode("latin-1")
    return None


def require_header(app: ASGIApp, check: Callable[[dict], bool], realm: str,
                   challenge: Callable[[dict], str] | None = None) -> ASGIApp:
    """Wraps an ASGI app: HTTP requests for which `check(scope)` is false get 401 and never reach
    the MCP app. Lifespan events pass through so the session manager still starts."""

    async def guarded(scope, receive, send):
        if scope["type"] == "http" and not check(scope):
            value = challenge(scope) if challenge else f'Bearer realm="{realm}"'
            await send_json(send, 401, {"error": "unauthorized", "error_description": f"{realm} required"},
                            [(b"www-authenticate", value.encode())])
            return
        await app(scope, receive, send)

    return guarded


def fail(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
    sys.exit(2)
