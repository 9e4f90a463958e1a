import Foundation
import VigilAPIModel

/// When an incident happened and which window of telemetry an investigation reads for it.
public struct IncidentWindow: Sendable, Equatable {
    /// When the incident was reported (the alert's time, else the task's creation).
    public var reportedAt: Double
    /// Where the baseline ends: the incident's start when the task states it, else
    /// `reportedAt - onsetLead`.
    public var onset: Double
    public var start: Double
    public var end: Double

    /// Pure. `metadata` may carry `startsAt` (incident start) and `detectedAt` (report time), as
    /// epoch seconds or ISO 8601; anything unreadable is ignored.
    public static func of(createdAt: Date, metadata: JSONValue?, settings: InvestigationSettings, now: Date) -> IncidentWindow {
        let reported = metadata?["detectedAt"].flatMap(seconds) ?? createdAt.timeIntervalSince1970
        let onset = min(metadata?["startsAt"].flatMap(seconds) ?? (reported - settings.onsetLeadSeconds), reported)
        // The look-back is counted from the report; it always keeps at least a minute of baseline.
        let start = min(reported - settings.lookbackSeconds, onset - 60)
        let end = max(reported, min(now.timeIntervalSince1970, reported + settings.followUpSeconds))
        return IncidentWindow(reportedAt: reported, onset: onset, start: start, end: end)
    }

    static func seconds(_ value: JSONValue) -> Double? {
        if let number = value.doubleValue { return number }
        guard let text = value.stringValue else { return nil }
        if let number = Double(text) { return number }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)?.timeIntervalSince1970
    }
}
