import Foundation
import VigilTelemetry

/// The interval a collection covers, in epoch seconds, `start` inclusive and `end` exclusive.
public struct TelemetryWindow: Sendable, Hashable {
    public var start: Double
    public var end: Double

    public var startDate: Date { Date(timeIntervalSince1970: start) }
    public var endDate: Date { Date(timeIntervalSince1970: end) }

    /// The request's own window when it has one (`windowEnd > windowStart`), else
    /// [`detectedAt - lookBack`, `detectedAt`]. Refuses non-finite times and windows longer than
    /// `maxLength` (X-Ray summarises at most 6 hours per call) with a precise error.
    public static func resolve(_ request: TelemetryRequest, lookBack: Double, maxLength: Double) throws(TelemetryRequestError) -> TelemetryWindow {
        let window: TelemetryWindow
        if request.windowEnd > request.windowStart {
            window = TelemetryWindow(start: request.windowStart, end: request.windowEnd)
        } else {
            guard lookBack.isFinite, lookBack > 0 else { throw .invalidLookBack(lookBack) }
            window = TelemetryWindow(start: request.incident.detectedAt - lookBack, end: request.incident.detectedAt)
        }
        guard window.start.isFinite, window.end.isFinite, window.start >= 0 else {
            throw .invalidWindow(start: window.start, end: window.end)
        }
        guard window.end - window.start <= maxLength else {
            throw .windowTooLong(seconds: window.end - window.start, limit: maxLength)
        }
        return window
    }
}

/// Why a telemetry request cannot be collected at all (nothing is read).
public enum TelemetryRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidWindow(start: Double, end: Double)
    case windowTooLong(seconds: Double, limit: Double)
    case invalidLookBack(Double)

    public var description: String {
        switch self {
        case .invalidWindow(let start, let end):
            "the telemetry window [\(start), \(end)) is not a valid interval of epoch seconds"
        case .windowTooLong(let seconds, let limit):
            "the telemetry window is \(Int(seconds)) s long; at most \(Int(limit)) s can be collected"
        case .invalidLookBack(let value):
            "the look-back must be a positive number of seconds, got \(value)"
        }
    }
}

extension TelemetryRequest {
    /// A request for [`incident.detectedAt - lookBack`, `incident.detectedAt`] (20 minutes by default).
    public static func lookingBack(from incident: IncidentInfo, entities: [String], seconds lookBack: Double = 1200) -> TelemetryRequest {
        TelemetryRequest(incident: incident, entities: entities, windowStart: incident.detectedAt - lookBack,
                         windowEnd: incident.detectedAt)
    }
}
