import Foundation
import VigilAWSClients

/// Which alarm states are news since the last poll. Pure: the previous versions (per alarm ARN, as
/// stored) and the current DescribeAlarms listing in, changes and the versions to store out.
///
/// - `ALARM` is reported whenever its version (state and StateUpdatedTimestamp) differs from the
///   stored one, including an alarm seen for the first time: an alarm that is firing is an incident
///   whenever Vigil learns of it. A newer timestamp on a still-firing alarm is a repeat.
/// - `OK` is reported when the alarm was stored in another state (it resolves the alert); an alarm
///   first seen in `OK` is only recorded.
/// - `INSUFFICIENT_DATA` is only recorded.
/// - Alarms no longer listed are forgotten (their stored versions removed), without an alert.
/// Transitions quicker than the poll interval are seen as the final state only.
public enum AlarmChangeDetector {
    public struct Result: Sendable, Equatable {
        public var changes: [CloudWatchAlarmState]
        /// Alarm ARN → version to store (every listed alarm whose version is new).
        public var versions: [String: String]
        /// Stored ARNs no longer listed.
        public var removed: [String]
    }

    public static func version(_ alarm: CloudWatchAlarmState) -> String {
        let millis = alarm.stateUpdatedTimestamp.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } ?? 0
        return "\(alarm.stateValue)|\(millis)"
    }

    static func state(ofVersion version: String) -> Substring {
        version.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    }

    /// The ARN an alarm is keyed by (an alarm without one gets a stable stand-in from its name).
    public static func key(_ alarm: CloudWatchAlarmState, accountId: String, region: String) -> String {
        alarm.alarmArn ?? "arn:aws:cloudwatch:\(region):\(accountId):alarm:\(alarm.alarmName)"
    }

    public static func detect(previous: [String: String], current: [CloudWatchAlarmState], accountId: String, region: String) -> Result {
        var changes: [CloudWatchAlarmState] = []
        var versions: [String: String] = [:]
        var listed = Set<String>()
        for alarm in current {
            let arn = key(alarm, accountId: accountId, region: region)
            guard listed.insert(arn).inserted else { continue }
            let now = version(alarm)
            let before = previous[arn]
            guard before != now else { continue }
            versions[arn] = now
            switch alarm.stateValue {
            case "ALARM":
                changes.append(alarm)
            case "OK":
                if let before, state(ofVersion: before) != "OK" { changes.append(alarm) }
            default:
                break
            }
        }
        let removed = previous.keys.filter { !listed.contains($0) }.sorted()
        return Result(changes: changes, versions: versions, removed: removed)
    }

    /// The alert a change becomes: the same mapping as an EventBridge alarm event, keyed by
    /// account, region and alarm ARN.
    public static func alert(_ alarm: CloudWatchAlarmState, accountId: String, region: String) -> IntakeAlert? {
        let arn = key(alarm, accountId: accountId, region: region)
        var dimensions: [String: String] = [:]
        for d in alarm.dimensions { dimensions[d.name] = d.value }
        let delivery = CloudWatchAdapter.make(
            name: alarm.alarmName, arn: arn, state: alarm.stateValue, reason: alarm.stateReason ?? "",
            description: alarm.alarmDescription, dimensions: dimensions, region: region, account: accountId,
            time: alarm.stateUpdatedTimestamp?.timeIntervalSince1970)
        guard var alert = delivery.alerts.first else { return nil }
        alert.externalId = "\(accountId)/\(region)/\(arn)"
        if alarm.kind == .composite { alert.labels["alarm_type"] = "composite" }
        return alert
    }
}
