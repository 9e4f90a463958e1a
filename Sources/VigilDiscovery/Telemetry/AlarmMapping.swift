import Foundation
import VigilAWSClients
import VigilTelemetry

/// Which alarms watch which entities, and their state changes as `AlarmEvent`s. Pure.
public enum AlarmMapping {
    /// The entities (ARNs) an alarm watches: those whose namespace it reads and whose identifying
    /// dimensions all appear, with the same values, among a watched metric's dimensions (an ECS
    /// alarm names ClusterName and ServiceName; a DynamoDB alarm may add Operation to TableName).
    public static func entities(
        of alarm: CloudWatchMetricAlarm, among identities: [(entity: String, namespace: String, dimensions: [CloudWatchDimension])]
    ) -> [String] {
        var out: [String] = []
        for identity in identities where !out.contains(identity.entity) {
            let watched = alarm.watchedMetrics.contains { metric in
                guard metric.namespace == identity.namespace else { return false }
                let present = Set(metric.dimensions ?? [])
                return identity.dimensions.allSatisfy(present.contains)
            }
            if watched { out.append(identity.entity) }
        }
        return out
    }

    /// The events of the alarms that watch entities, over [start, end):
    /// - each `StateUpdate` history item in the window (state and reason from its `HistoryData`);
    /// - for an alarm without such an item: its current state, when it changed inside the window,
    ///   or when it is not `OK` (it was already alarming when the window opened; the event keeps
    ///   the real, earlier time).
    public static func events(
        alarms: [(alarm: CloudWatchMetricAlarm, entities: [String])], history: [CloudWatchAlarmHistoryItem],
        start: Double, end: Double
    ) -> [AlarmEvent] {
        var out: [AlarmEvent] = []
        var withHistory: Set<String> = []
        let byName = Dictionary(alarms.map { ($0.alarm.alarmName, $0.entities) }, uniquingKeysWith: { first, _ in first })
        for item in history where item.historyItemType == nil || item.historyItemType == "StateUpdate" {
            let time = item.timestamp.timeIntervalSince1970
            guard time >= start, time < end, let entities = byName[item.alarmName] else { continue }
            let state = item.newState?.value ?? stateFromSummary(item.historySummary) ?? "UNKNOWN"
            withHistory.insert(item.alarmName)
            for entity in entities {
                out.append(AlarmEvent(timestamp: time, entity: entity, name: item.alarmName, state: state,
                                      reason: item.newState?.reason ?? item.historySummary))
            }
        }
        for (alarm, entities) in alarms where !withHistory.contains(alarm.alarmName) {
            guard let state = alarm.stateValue, let updated = alarm.stateUpdatedTimestamp?.timeIntervalSince1970,
                  updated < end else { continue }
            guard updated >= start || state != "OK" else { continue }
            for entity in entities {
                out.append(AlarmEvent(timestamp: updated, entity: entity, name: alarm.alarmName, state: state, reason: alarm.stateReason))
            }
        }
        return out.sorted { ($0.timestamp, $0.name, $0.entity) < ($1.timestamp, $1.name, $1.entity) }
    }

    /// "Alarm updated from OK to ALARM" -> "ALARM".
    static func stateFromSummary(_ summary: String?) -> String? {
        guard let summary, let range = summary.range(of: " to ", options: .backwards) else { return nil }
        let state = summary[range.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
        return state.isEmpty ? nil : state
    }
}
