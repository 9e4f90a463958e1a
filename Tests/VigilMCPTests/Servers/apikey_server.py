"""The read-only MCP server behind an API key header.

Start:   MCP_TEST_API_KEY=<key> .venv/bin/python Tests/VigilMCPTests/Servers/apikey_server.py PORT [--header NAME]
         (header defaults to X-API-Key). The key comes from the environment so it is not in argv.
         Prints `READY http://127.0.0.1:<port>/mcp` and never the key. Requests without the
         exact key get 401 before reaching MCP. Stop with SIGTERM.
"""
from __future__ import annotations

import hmac
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mcp.server.mcpserver import MCPServer  # noqa: E402

from _serve import fail, header, parse_port, require_header, serve  # noqa: E402
from readonly_tools import add_read_only_tools  # noqa: E402


def main() -> None:
    args = parse_port("Read-only MCP test server requiring an API key",
                      extra=lambda p: p.add_argument("--header", default="X-API-Key"))
    key = os.environ.get("MCP_TEST_API_KEY", "")
    if not key:
        fail("MCP_TEST_API_KEY is not set")
    server = add_read_only_tools(MCPServer("vigil-test-apikey", version="1.0.0"))

    def has_key(scope) -> bool:
        sent = header(scope, args.header)
        return sent is not None and hmac.compare_digest(sent.encode(), key.encode())

    serve(require_header(server.streamable_http_app(), has_key, args.header), args.port, "/mcp")


if __name__ == "__main__":
    main()
