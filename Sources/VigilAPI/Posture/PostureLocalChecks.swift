import Foundation
import VigilAPIModel
import VigilStore

/// Checklist items Vigil answers from its own state rather than from AWS: whether the space's MCP
/// tool allowlists hold only read-only tools, and whether the audit trail is being exported.
enum PostureLocalChecks {
    /// `mcp-allowlists-read-only`: every tool in every MCP association's `tools` list is in the
    /// service's stored catalogue and allowlistable (declared read-only). AssociateService refuses
    /// anything else; this catches a catalogue that changed after the association.
    static func mcpAllowlists(_ tx: StoreTransaction, space: String) throws -> PostureAudit.Item {
        var findings: [String] = []
        var total = 0
        for association in try MCPAllowlist.allowlisted(tx, space: space) {
            for tool in association.tools {
                total += 1
                guard let stored = try tx.mcp.tool(serviceId: association.serviceId, name: tool) else {
                    findings.append("'\(tool)' (association \(association.associationId)) is not in the catalogue of service \(association.serviceId)")
                    continue
                }
                if !stored.allowlistable {
                    let why = (try? JSONParser.parse(stored.doc))?["notAllowlistableBecause"]?.stringValue ?? "it is not declared read-only"
                    findings.append("'\(tool)' (association \(association.associationId)): \(why)")
                }
            }
        }
        if findings.isEmpty {
            return .init(id: "mcp-allowlists-read-only", accountId: nil, verdict: .pass,
                         evidence: total == 0 ? "No MCP tool is allowlisted in this agent space."
                             : "All \(total) allowlisted MCP tools are catalogued read-only tools.", fix: nil)
        }
        return .init(id: "mcp-allowlists-read-only", accountId: nil, verdict: .fail,
                     evidence: "Allowlisted MCP tools that are not read-only: " + findings.joined(separator: "; "),
                     fix: "Remove these tools from the association's configuration.<type>.tools with UpdateAssociation (or re-associate the MCP service with read-only tools only).")
    }

    /// `audit-export-enabled`: the audit trail has been exported from this data directory (the
    /// exporter's position files `audit-export-<destination>.json`, written after each accepted batch).
    static func auditExport(dataDirectory: String, configured: String?) -> PostureAudit.Item {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dataDirectory)) ?? [])
            .filter { $0.hasPrefix("audit-export-") && $0.hasSuffix(".json") }.sorted()
        var exported: [String] = []
        for name in names {
            let path = (dataDirectory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path),
                  let next = (try? JSONParser.parse(Array(data)))?["nextSeq"], case .int(let seq) = next else { continue }
            let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date).map {
                ISO8601DateFormatter().string(from: $0)
            } ?? "unknown"
            let destination = String(name.dropFirst("audit-export-".count).dropLast(".json".count))
            exported.append("\(destination): \(seq) records exported, last batch accepted \(modified)")
        }
        if !exported.isEmpty {
            return .init(id: "audit-export-enabled", accountId: nil, verdict: .pass,
                         evidence: "The audit trail is exported (VIGIL_AUDIT_EXPORT): " + exported.joined(separator: "; "), fix: nil)
        }
        let setting = configured.map { "VIGIL_AUDIT_EXPORT is set here (\($0)) but nothing has been exported from this data directory yet" }
            ?? "No audit export has run from this data directory"
        return .init(id: "audit-export-enabled", accountId: nil, verdict: .fail, evidence: setting + ".",
                     fix: "Run vigil serve with VIGIL_AUDIT_EXPORT=cloudwatch-logs://REGION/GROUP/STREAM, s3://BUCKET/PREFIX?region=REGION or firehose://REGION/STREAM (docs/audit.md).")
    }
}
