import Foundation
import VigilAPIModel

/// One incident row of the ServiceNow Table API (`GET /api/now/table/incident`, values as stored:
/// `sysparm_display_value=false`, reference fields as sys_ids, dot-walked names alongside).
public struct ServiceNowIncident: Sendable, Equatable {
    public var sysId: String
    public var number: String?
    public var shortDescription: String?
    public var description: String?
    /// `1` (critical) … `5` (planning).
    public var priority: String?
    /// `1` New, `2` In Progress, `3` On Hold, `6` Resolved, `7` Closed, `8` Canceled.
    public var state: String?
    /// `yyyy-MM-dd HH:mm:ss`, UTC.
    public var updatedOn: String
    public var openedAt: String?
    /// The configuration item's and business service's names (`cmdb_ci.name`, `business_service.name`).
    public var configurationItem: String?
    public var businessService: String?
    public var category: String?

    /// Reads one row of the `result` array; nil names what is missing.
    static func parse(_ value: JSONValue) throws(PayloadError) -> ServiceNowIncident {
        let fields = try Fields(value, path: "result[]")
        func text(_ key: String) -> String? {
            // A reference field not excluded from links arrives as {"link", "value"}.
            if let v = fields.object[key]?["value"]?.stringValue { return v.isEmpty ? nil : v }
            return fields.optionalString(key)
        }
        let sysId = try fields.string("sys_id")
        let updatedOn = try fields.string("sys_updated_on")
        guard ServiceNowTime.parse(updatedOn) != nil else { throw PayloadError("result[].sys_updated_on '\(updatedOn)' is not yyyy-MM-dd HH:mm:ss") }
        return ServiceNowIncident(
            sysId: sysId, number: text("number"), shortDescription: text("short_description"), description: text("description"),
            priority: text("priority"), state: text("state"), updatedOn: updatedOn, openedAt: text("opened_at"),
            configurationItem: text("cmdb_ci.name"), businessService: text("business_service.name"), category: text("category"))
    }

    /// Resolved (6), Closed (7) and Canceled (8) resolve the alert; every other state fires it.
    public var isResolved: Bool { ["6", "7", "8"].contains(state ?? "") }

    /// What the poller stores to recognise an unchanged incident.
    public var version: String { "\(updatedOn)|\(state ?? "")" }

    /// The alert this incident's current state is, keyed by instance and sys_id.
    public func alert(instance: String) -> IntakeAlert {
        var labels: [String: String] = ["instance": instance, "sys_id": sysId]
        if let number { labels["number"] = number }
        if let state { labels["state"] = state }
        if let category { labels["category"] = category }
        if let businessService { labels["business_service"] = businessService }
        if let configurationItem { labels["cmdb_ci"] = configurationItem }
        let name = number ?? sysId
        return IntakeAlert(
            source: .servicenow, status: isResolved ? .resolved : .firing, externalId: "\(instance)/incident/\(sysId)",
            alertName: name, title: "ServiceNow \(name): \(shortDescription ?? "incident")", description: description ?? "",
            priority: Self.priorityName(priority), resource: configurationItem ?? businessService, labels: labels,
            startsAt: openedAt.flatMap(ServiceNowTime.parse), endsAt: isResolved ? ServiceNowTime.parse(updatedOn) : nil)
    }

    static func priorityName(_ value: String?) -> String {
        switch value {
        case "1": "CRITICAL"
        case "2": "HIGH"
        case "3": "MEDIUM"
        case "4": "LOW"
        case "5": "MINIMAL"
        default: "MEDIUM"
        }
    }
}

/// ServiceNow's stored date-time format, `yyyy-MM-dd HH:mm:ss` in UTC.
public enum ServiceNowTime {
    public static func parse(_ text: String) -> Double? {
        let parts = text.split(separator: " ")
        guard parts.count == 2 else { return nil }
        return ISO8601.parse("\(parts[0])T\(parts[1])Z")
    }

    public static func format(_ seconds: Double) -> String {
        let iso = ISO8601.format(seconds.rounded(.down))
        // ISO8601.format writes yyyy-MM-ddTHH:mm:ss[.fff]Z.
        let trimmed = iso.prefix(19)
        return trimmed.replacingOccurrences(of: "T", with: " ")
    }
}
