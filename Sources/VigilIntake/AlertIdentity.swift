import Crypto

/// Fingerprints and group keys: which alerts are "the same alert" and which belong together.
/// Pure functions of the alert, where it came from and the space's rules.
public enum AlertIdentity {
    /// Same source identity (the webhook or poller), resource, alert name and label set ⇒ same
    /// fingerprint. The label set is the configured labels; without configuration, the sender's
    /// own alert id (Alertmanager fingerprint, PagerDuty incident key, generic incidentId, alarm
    /// ARN) stands for it, and failing that every label.
    public static func fingerprint(_ alert: IntakeAlert, sourceIdentity: String, rules: IntakeRules) -> String {
        var parts = [sourceIdentity, alert.source.rawValue]
        if let labels = rules.fingerprintLabels {
            parts += [alert.resource ?? "", alert.alertName]
            parts += labels.map { "\($0)=\(alert.labels[$0] ?? "")" }
        } else if let id = alert.externalId {
            // The sender's id already names one alert; the title may change between updates.
            parts.append("id=\(id)")
        } else {
            parts += [alert.resource ?? "", alert.alertName]
            parts += alert.labels.keys.sorted().map { "\($0)=\(alert.labels[$0] ?? "")" }
        }
        return digest(parts)
    }

    /// The group an alert joins. Configured `group-by` labels win; `...` groups by every label
    /// (each alert alone); otherwise the sender's group key (Alertmanager, Grafana) is used, and
    /// failing that the alert's own fingerprint (no grouping).
    public static func groupKey(_ alert: IntakeAlert, fingerprint: String, sourceIdentity: String, senderGroupKey: String?,
                                rules: IntakeRules) -> String {
        if let by = rules.groupBy, by != ["..."] {
            return digest([sourceIdentity, "by"] + by.map { "\($0)=\(alert.labels[$0] ?? "")" })
        }
        if rules.groupBy == nil, let senderGroupKey {
            return digest([sourceIdentity, "sender", senderGroupKey])
        }
        return digest(["alert", fingerprint])
    }

    /// The label values a group is keyed on, for the task's explanation.
    public static func groupLabels(_ alert: IntakeAlert, rules: IntakeRules) -> [String: String] {
        guard let by = rules.groupBy, by != ["..."] else { return [:] }
        return Dictionary(uniqueKeysWithValues: by.map { ($0, alert.labels[$0] ?? "") })
    }

    static func digest(_ parts: [String]) -> String {
        var hasher = SHA256()
        for p in parts {
            // Length-prefixed so that ("ab","c") and ("a","bc") differ.
            hasher.update(data: Array(String(p.utf8.count).utf8) + [0x3a] + Array(p.utf8))
        }
        return Hex.encode(Array(hasher.finalize()).prefix(16).map { $0 })
    }
}
