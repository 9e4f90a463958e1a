"""An MCP server that speaks only the older HTTP+SSE transport (protocol 2024-11-05): GET /sse
opens an event stream whose first event (`endpoint`) names the URL to POST messages to. A
Streamable HTTP client POSTing to /sse gets 405; Vigil must refuse it and say why.

Start:   .venv/bin/python Tests/VigilMCPTests/Servers/sse_only_server.py PORT
         Prints `READY http://127.0.0.1:<port>/sse`. Stop with SIGTERM.
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mcp.server.mcpserver import MCPServer  # noqa: E402

from _serve import parse_port, serve  # noqa: E402
from readonly_tools import add_read_only_tools  # noqa: E402


def main() -> None:
    args = parse_port("MCP test server, old HTTP+SSE transport only")
    server = add_read_only_tools(MCPServer("vigil-test-sse-only", version="1.0.0"))
    serve(server.sse_app(), args.port, "/sse")


if __name__ == "__main__":
    main()
