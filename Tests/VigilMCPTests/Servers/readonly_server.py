"""A read-only MCP server (Streamable HTTP, official Python SDK) for Vigil's tests.

Start:   .venv/bin/python Tests/VigilMCPTests/Servers/readonly_server.py PORT [--json-response] [--stateless]
         (PORT 0 picks a free port). Prints one line `READY http://127.0.0.1:<port>/mcp` when it
         accepts connections, nothing secret. Stop with SIGTERM.
Tools:   get_service_status, search_logs, get_runbook (output carries a prompt injection),
         dump_bytes (reply of N bytes), count_with_notifications (notifications during the call);
         all annotated readOnlyHint=true, destructiveHint=false.
Options: --extra-tools N adds N more read-only tools ro_tool_0001... (allowlist limits);
         --json-response answers POSTs with application/json instead of text/event-stream;
         --stateless gives no Mcp-Session-Id.
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mcp.server.mcpserver import MCPServer  # noqa: E402

from _serve import parse_port, serve  # noqa: E402
from readonly_tools import add_numbered_tools, add_read_only_tools  # noqa: E402


def options(parser):
    parser.add_argument("--json-response", action="store_true")
    parser.add_argument("--stateless", action="store_true")
    parser.add_argument("--extra-tools", type=int, default=0)


def main() -> None:
    args = parse_port("Read-only MCP test server", extra=options)
    server = add_read_only_tools(MCPServer("vigil-test-readonly", version="1.0.0"))
    add_numbered_tools(server, max(0, args.extra_tools))
    app = server.streamable_http_app(json_response=args.json_response, stateless_http=args.stateless)
    serve(app, args.port, "/mcp")


if __name__ == "__main__":
    main()
