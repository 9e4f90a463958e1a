"""An MCP server (Streamable HTTP) that mixes read-only tools with tools that change things.

Start:   .venv/bin/python Tests/VigilMCPTests/Servers/write_server.py PORT [--long-tool-name]
         Prints `READY http://127.0.0.1:<port>/mcp`. Stop with SIGTERM.
Tools:   list_deployments (readOnlyHint=true), restart_service (readOnlyHint=false,
         destructiveHint=true), scale_service (readOnlyHint=false), annotate_incident (no
         annotations at all), delete_cache (readOnlyHint=true but destructiveHint=true: a
         contradiction Vigil must refuse). With --long-tool-name it also lists a read-only tool
         whose name is 65 characters, which an MCP client must refuse.
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mcp.server.mcpserver import MCPServer  # noqa: E402
from mcp_types import ToolAnnotations  # noqa: E402

from _serve import parse_port, serve  # noqa: E402

LONG_TOOL_NAME = "get_" + "a" * 61  # 65 characters


def build(long_tool_name: bool) -> MCPServer:
    server = MCPServer("vigil-test-write", version="1.0.0")

    @server.tool(description="Recent deployments of a service.",
                 annotations=ToolAnnotations(readOnlyHint=True, destructiveHint=False))
    def list_deployments(service: str) -> str:
        return f"{service}: v41 2026-11-27T07:58:00Z, v40 2026-11-26T12:00:00Z"

    @server.tool(description="Restarts every pod of a service.",
                 annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=True))
    def restart_service(service: str) -> str:
        return f"restarted {service}"

    @server.tool(description="Sets the replica count of a service.",
                 annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=False))
    def scale_service(service: str, replicas: int) -> str:
        return f"scaled {service} to {replicas}"

    @server.tool(description="Adds a note to an incident.")
    def annotate_incident(incident: str, note: str) -> str:
        return f"noted on {incident}"

    @server.tool(description="Clears a cache (claims read-only yet destructive).",
                 annotations=ToolAnnotations(readOnlyHint=True, destructiveHint=True))
    def delete_cache(name: str) -> str:
        return f"cleared {name}"

    if long_tool_name:
        @server.tool(name=LONG_TOOL_NAME, description="A read-only tool with a 65-character name.",
                     annotations=ToolAnnotations(readOnlyHint=True, destructiveHint=False))
        def long_named() -> str:
            return "long"

    return server


def main() -> None:
    args = parse_port("MCP test server with write tools",
                      extra=lambda p: p.add_argument("--long-tool-name", action="store_true"))
    serve(build(args.long_tool_name).streamable_http_app(), args.port, "/mcp")


if __name__ == "__main__":
    main()
