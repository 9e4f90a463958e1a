import Foundation

/// Where discovery gets edges seen in operation (the X-Ray service graph reader of
/// `VigilDiscovery`), for the window [start, end].
public protocol ObservedEdgeSource: Sendable {
    func edges(start: Date, end: Date) async throws -> [ObservedEdge]
}
