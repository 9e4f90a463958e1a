import Foundation
import VigilAPIModel

/// What a payload adapter makes of one delivery.
public struct AdaptedDelivery: Sendable, Equatable {
    /// Something the receiver must do besides storing alerts.
    public enum Control: Sendable, Equatable {
        /// An SNS subscription confirmation: GET `subscribeURL` (after the host check) to confirm.
        case confirmSNSSubscription(subscribeURL: String, topicArn: String)
        /// A delivery that carries no alert (an SNS unsubscribe notice, a passing pipeline
        /// event with nothing to resolve, a PagerDuty event type that changes nothing).
        case nothingToDo(reason: String)
    }

    /// Which adapter recognised the payload.
    public var sender: IntakeAlert.Source
    public var alerts: [IntakeAlert]
    /// The sender's own grouping of these alerts (Alertmanager and Grafana `groupKey`).
    public var senderGroupKey: String?
    public var control: Control?
    /// SNS envelope to verify before the delivery is accepted (Notification messages).
    public var snsEnvelope: SNSEnvelope?

    public init(sender: IntakeAlert.Source, alerts: [IntakeAlert], senderGroupKey: String? = nil,
                control: Control? = nil, snsEnvelope: SNSEnvelope? = nil) {
        self.sender = sender
        self.alerts = alerts
        self.senderGroupKey = senderGroupKey
        self.control = control
        self.snsEnvelope = snsEnvelope
    }
}

/// A payload no adapter accepts, or one missing a required field: answered 400, never stored.
public struct PayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Typed reads of an untrusted JSON object that name the missing or mistyped field.
struct Fields {
    let object: [String: JSONValue]
    let path: String

    init(_ value: JSONValue?, path: String) throws(PayloadError) {
        guard let object = value?.objectValue else { throw PayloadError("\(path.isEmpty ? "the body" : path) must be a JSON object") }
        self.object = object
        self.path = path
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func string(_ key: String) throws(PayloadError) -> String {
        guard let value = object[key] else { throw PayloadError("missing required field \(name(key))") }
        guard let s = value.stringValue, !s.isEmpty else { throw PayloadError("\(name(key)) must be a non-empty string") }
        return s
    }

    func optionalString(_ key: String) -> String? {
        switch object[key] {
        case .string(let s)? where !s.isEmpty: s
        case .int(let i)?: String(i)
        case .double(let d)?: String(d)
        default: nil
        }
    }

    func nested(_ key: String) throws(PayloadError) -> Fields { try Fields(object[key], path: name(key)) }

    func optionalNested(_ key: String) -> Fields? { try? Fields(object[key], path: name(key)) }

    func array(_ key: String) throws(PayloadError) -> [JSONValue] {
        guard let value = object[key] else { throw PayloadError("missing required field \(name(key))") }
        guard let a = value.arrayValue else { throw PayloadError("\(name(key)) must be an array") }
        return a
    }

    /// A flat string map (labels, annotations); non-string values are written as JSON text.
    func stringMap(_ key: String) -> [String: String] {
        guard let object = object[key]?.objectValue else { return [:] }
        var out: [String: String] = [:]
        out.reserveCapacity(object.count)
        for (k, v) in object { out[k] = v.stringValue ?? JSONWriter.writeString(v) }
        return out
    }

    /// For senders whose date format varies (GitLab writes `2020-04-27 18:25:00 UTC`): nil when unreadable.
    func lenientTime(_ key: String) -> Double? {
        guard var text = optionalString(key) else { return nil }
        if text.hasSuffix(" UTC") { text = String(text.dropLast(4)) + "Z" }
        return ISO8601.parse(text)
    }

    func time(_ key: String) throws(PayloadError) -> Double? {
        guard let text = optionalString(key) else { return nil }
        guard let t = ISO8601.parse(text) else { throw PayloadError("\(name(key)) is not an ISO 8601 date-time") }
        // Go's zero time marks "not set" in Alertmanager and Grafana payloads.
        return t < 0 ? nil : t
    }
}

/// The model's priority vocabulary from the many spellings senders use.
enum PriorityName {
    static func normalize(_ raw: String?) -> String {
        guard let raw else { return "MEDIUM" }
        switch key(raw) {
        case "CRITICAL", "P1", "SEV1", "SEV-1", "DISASTER", "EMERGENCY", "FATAL": return "CRITICAL"
        case "HIGH", "P2", "SEV2", "SEV-2", "ERROR", "MAJOR": return "HIGH"
        case "MEDIUM", "P3", "SEV3", "SEV-3", "WARNING", "WARN", "MODERATE", "AVERAGE": return "MEDIUM"
        case "LOW", "P4", "SEV4", "SEV-4", "MINOR", "INFO", "INFORMATION": return "LOW"
        case "MINIMAL", "P5", "SEV5", "SEV-5", "UNKNOWN", "NONE": return "MINIMAL"
        default: return "MEDIUM"
        }
    }

    /// The spelling upper-cased, without surrounding blanks. Runs for every alert, so ASCII text
    /// (what senders send) is handled byte-wise; anything else goes through Foundation, whose
    /// `.whitespaces` are, in ASCII, just space and tab.
    static func key(_ raw: String) -> String {
        var bytes = Array(raw.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return raw.uppercased().trimmingCharacters(in: .whitespaces) }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else { return "" }
        for i in first...last where bytes[i] >= 0x61 && bytes[i] <= 0x7a { bytes[i] -= 0x20 }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
