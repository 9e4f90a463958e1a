import Foundation
import VigilAnalysis
import VigilTelemetry
@testable import VigilInvestigation

/// Names `db` as a bad deployment, with one piece of evidence pointing at its change.
struct DeterministicReasoner: Reasoner {
    var name: String { "deterministic-test" }
    func analyze(_ t: IncidentTelemetry) async throws -> AnalysisReport {
        let evidence = Evidence(kind: "change", entity: "db", summary: "db deployed 2 min before onset", score: 0.9,
                                start: t.incident.detectedAt - 120, changeReference: "deploy-42")
        return AnalysisReport(incident: t.incident,
                              hypotheses: [Hypothesis(entity: "db", kind: "bad-deployment", confidence: 0.8, evidence: [evidence]),
                                           Hypothesis(entity: "api", kind: "errors", confidence: 0.3,
                                                      evidence: [Evidence(kind: "metric-anomaly", entity: "api", summary: "errors up", score: 0.4, metric: "Errors")])],
                              timeline: [], decisive: true, verdict: "db deployment")
    }
}

/// Holds every analysis whose task title starts with `blockPrefix` until released (or canceled),
/// and records how many were held at once.
actor Gate {
    private var open = false
    private var waiters: [UUID: CheckedContinuation<Void, Error>] = [:]
    private(set) var held = 0
    private(set) var maxHeld = 0
    private(set) var canceled = 0

    func release() {
        open = true
        for (_, w) in waiters { w.resume() }
        waiters.removeAll()
    }

    func wait() async throws {
        if open { return }
        held += 1
        maxHeld = max(maxHeld, held)
        defer { held -= 1 }
        let id = UUID()
        do {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, Error>) in
                    if Task.isCancelled { c.resume(throwing: CancellationError()) } else { waiters[id] = c }
                }
            } onCancel: {
                Task { await self.cancelWaiter(id) }
            }
        } catch {
            canceled += 1
            throw error
        }
    }

    private func cancelWaiter(_ id: UUID) {
        waiters.removeValue(forKey: id)?.resume(throwing: CancellationError())
    }
}

struct GatedReasoner: Reasoner {
    let gate: Gate
    let blockPrefix: String
    var name: String { "gated-test" }
    func analyze(_ t: IncidentTelemetry) async throws -> AnalysisReport {
        if t.incident.title.hasPrefix(blockPrefix) { try await gate.wait() }
        return try await DeterministicReasoner().analyze(t)
    }
}
