import Foundation
import VigilAudit

/// One audit record as exported: a JSON object on one line with the record's position, time,
/// fields and leaf hash, so a reader can match it with `vigil audit prove`.
enum AuditExportRecord {
    static func line(_ record: AuditRecord) -> String {
        let entry = record.entry
        let object: [String: Any] = [
            "seq": record.seq,
            "time": ISO8601DateFormatter.withFractions.string(from: entry.time),
            "kind": entry.kind.rawValue,
            "agentSpaceId": entry.agentSpaceId ?? "",
            "principal": entry.principal,
            "action": entry.action,
            "resource": entry.resource,
            "decision": entry.decision.rawValue,
            "requestId": entry.requestId,
            "detail": entry.detail,
            "leafHash": record.leafHash.hex,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension ISO8601DateFormatter {
    static var withFractions: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
