import Foundation

/// Which endpoint URLs Vigil connects to. Pure: checked before any connection is made.
public enum MCPEndpointRules {
    /// Refuses WebSocket URLs, anything but `https://`, and `http://` unless loopback HTTP is
    /// allowed and the host is a loopback address. Credentials inside the URL are refused too:
    /// they would end up in logs; they belong in the authorization.
    public static func check(_ url: URL, allowLoopbackHTTP: Bool, role: String = "MCP server endpoint") throws(MCPError) {
        guard let scheme = url.scheme?.lowercased() else {
            throw MCPError(.endpointRefused, "The \(role) has no scheme; use an https:// URL")
        }
        if scheme == "ws" || scheme == "wss" {
            throw MCPError(.unsupportedTransport,
                           "WebSocket is not an MCP transport Vigil supports; use Streamable HTTP (an https:// endpoint)")
        }
        guard let host = url.host, !host.isEmpty else {
            throw MCPError(.endpointRefused, "The \(role) has no host")
        }
        if url.user != nil || url.password != nil {
            throw MCPError(.endpointRefused, "The \(role) must not carry credentials in the URL; configure the authorization instead")
        }
        switch scheme {
        case "https":
            return
        case "http":
            guard isLoopback(host: host) else {
                throw MCPError(.endpointRefused,
                               "The \(role) must use https://; plain http:// is accepted only for loopback addresses (127.0.0.0/8, ::1, localhost)")
            }
            guard allowLoopbackHTTP else {
                throw MCPError(.endpointRefused,
                               "The \(role) uses plain http:// on a loopback address, which is accepted only when the server runs with VIGIL_ALLOW_LOOPBACK_HTTP=1")
            }
        default:
            throw MCPError(.endpointRefused, "The \(role) scheme \"\(scheme)\" is not supported; use https://")
        }
    }

    /// 127.0.0.0/8 (dotted quad), `::1` (with or without brackets) and `localhost`.
    public static func isLoopback(host rawHost: String) -> Bool {
        var host = rawHost.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.hasSuffix(".") { host = String(host.dropLast()) }
        if host == "localhost" { return true }
        if host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        var octets: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = Int(part), (0...255).contains(value) else {
                return false
            }
            octets.append(value)
        }
        return octets[0] == 127
    }
}
