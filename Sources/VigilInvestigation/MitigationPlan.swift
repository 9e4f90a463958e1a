import Foundation
import VigilAnalysis
import VigilTelemetry

/// A mitigation plan a person approves: numbered steps, each with its risk and how to verify it,
/// a rollback, and a precise change description a coding agent could implement. The agent only
/// proposes it; nothing in Vigil executes it.
public struct MitigationPlan: Sendable, Hashable, Codable {
    public struct Step: Sendable, Hashable, Codable {
        public var number: Int
        public var action: String
        /// "low", "medium" or "high", with why.
        public var risk: String
        public var verification: String
    }

    public var title: String
    public var entity: String
    public var kind: String
    public var steps: [Step]
    public var rollback: String
    /// Markdown: the code or configuration change, where it goes and how to test it.
    public var spec: String
    /// The plan as text for the recommendation's summary.
    public var summary: String {
        var lines = ["Root cause (\(kind)) on \(entity). Plan (approve before acting; Vigil executes nothing):"]
        for step in steps {
            lines.append("\(step.number). \(step.action) Risk: \(step.risk). Verify: \(step.verification)")
        }
        lines.append("Rollback: \(rollback)")
        return lines.joined(separator: "\n")
    }
}

/// Pure: the plan for a hypothesis, from its kind and evidence.
public enum MitigationPlanner {
    public static func plan(for hypothesis: Hypothesis, changes: [CorrelatedChange]) -> MitigationPlan {
        let e = hypothesis.entity
        let change = changes.first { $0.change.entity == e }?.change
        let ref = change.map { $0.reference ?? $0.description } ?? "the most recent change"
        let metric = hypothesis.evidence.first { $0.metric != nil }.map { "\($0.entity) \($0.metric ?? "")" }
            ?? "\(e) error rate and latency"
        var steps: [(String, String, String)]
        var rollback: String
        var spec: String
        switch hypothesis.kind {
        case "bad-deployment", "config-change":
            steps = [
                ("Pause further deployments and configuration changes of \(e).", "low: only delays other releases",
                 "no deployment of \(e) is in progress"),
                ("Roll \(e) back to the version before \(ref).", "medium: also reverts anything else shipped in that change",
                 "\(metric) returns to its baseline within 10 minutes"),
                ("Check the callers of \(e) recover.", "low: read-only", "their error rates return to baseline"),
            ]
            rollback = "Redeploy the version of \(ref) if the previous version misbehaves."
            spec = """
                ## Change
                Revert \(ref) on `\(e)`, then fix forward in a new change.
                ## Where
                The commit(s) deployed in \(ref); the failing path is the one in the evidence (\(evidenceLine(hypothesis))).
                ## Fix forward
                Add a regression test reproducing the failure seen in the evidence, fix the code path, and ship behind a canary
                (5% of traffic for 15 minutes, automatic rollback on the error-rate alarm of `\(e)`).
                ## Done when
                The regression test passes and the canary shows no increase of errors over baseline.
                """
        case "connection-exhaustion":
            steps = [
                ("Find which clients hold connections to \(e) (per-client connection counts).", "low: read-only",
                 "a list of clients and their connection counts"),
                ("Recycle the tasks of the client holding the most connections, one at a time.", "medium: brief capacity loss",
                 "\(e) connection count drops below 80% of its maximum"),
                ("Cap each client's pool (max size and acquire timeout) so the sum stays under the database limit.",
                 "medium: requests may wait for a connection instead of failing", "no 'too many connections' errors for 30 minutes"),
            ]
            rollback = "Restore the previous pool settings; restarted tasks need no rollback."
            spec = """
                ## Change
                Bound the connection pools of every client of `\(e)`.
                ## Where
                The database client configuration of each service that connects to `\(e)`.
                ## What
                Set a maximum pool size per task so that (tasks × pool size) < 80% of the database's max connections;
                set an acquire timeout (2 s) and an idle timeout (60 s); close connections on every error path
                (use try/finally or the client's scoped API). Add a metric for pool wait time.
                ## Done when
                A load test at peak traffic keeps `\(e)` connections under 80% of the maximum with no acquire timeouts.
                """
        case "throttling":
            steps = [
                ("Raise the capacity of \(e) (or switch it to on-demand capacity).", "low: cost increases",
                 "throttled requests of \(e) drop to zero"),
                ("Make callers retry throttled calls with exponential backoff and jitter.", "low: adds latency under throttling",
                 "callers' error rates return to baseline"),
            ]
            rollback = "Return \(e) to its previous capacity once traffic is back to normal."
            spec = """
                ## Change
                Handle throttling of `\(e)` in its callers and size its capacity to peak traffic.
                ## What
                Wrap calls to `\(e)` in retries with exponential backoff and full jitter (base 50 ms, cap 2 s, 5 attempts),
                honouring the SDK's retry mode `adaptive`; alarm on throttled requests > 0 for 5 minutes; set capacity
                auto scaling with a target utilisation of 70%.
                ## Done when
                A replay of the incident's traffic shows no throttling errors reaching users.
                """
        case "memory-leak":
            steps = [
                ("Restart the tasks of \(e) in a rolling fashion to release memory.", "medium: brief capacity loss per task",
                 "memory utilisation of \(e) falls back to its baseline"),
                ("Capture a heap profile of one task before it is recycled.", "low: one task slower while profiling",
                 "a profile showing the growing allocation site"),
                ("Temporarily raise the memory limit of \(e) until a fix ships.", "low: cost", "no OOM kills for 24 hours"),
            ]
            rollback = "Restore the previous memory limit after the fix is deployed."
            spec = """
                ## Change
                Fix the unbounded memory growth in `\(e)`.
                ## Where
                The allocation site the heap profile shows; the growth started at the time in the evidence (\(evidenceLine(hypothesis))).
                ## What
                Bound or evict the growing structure (for example a cache without a size limit or listeners never removed);
                add a memory-utilisation alarm at 80% and a test that runs the hot path 100,000 times and checks memory is flat.
                ## Done when
                Memory of `\(e)` stays flat over 24 hours of production traffic.
                """
        case "certificate-expiry":
            steps = [
                ("Renew or re-issue the expired certificate used by \(e).", "low: a new certificate for the same names",
                 "the certificate's notAfter is in the future"),
                ("Deploy the new certificate to \(e) and reload it.", "medium: a reload may drop open connections",
                 "TLS handshakes of \(e) succeed and its errors return to baseline"),
            ]
            rollback = "Re-deploy the previous certificate configuration (it is expired, so only to undo a wrong deployment)."
            spec = """
                ## Change
                Automate certificate renewal for `\(e)`.
                ## What
                Move the certificate to a managed issuer with automatic renewal (ACM or an ACME client), reload it without a
                restart, and alarm 30 days before expiry (CloudWatch metric DaysToExpiry or an equivalent probe).
                ## Done when
                A certificate about to expire in a test environment is renewed and reloaded without intervention.
                """
        case "cpu-saturation", "latency":
            steps = [
                ("Scale \(e) out by 50%.", "low: cost", "\(metric) returns to baseline"),
                ("Look for the hot path in a CPU profile or the slowest trace operations.", "low: read-only",
                 "the operation responsible for the extra time"),
            ]
            rollback = "Scale \(e) back in once the cause is fixed."
            spec = """
                ## Change
                Remove the extra work on the slow path of `\(e)`.
                ## What
                Profile the operation named in the evidence (\(evidenceLine(hypothesis))), remove the extra work or add caching,
                and add a latency SLO alarm on p99.
                ## Done when
                p99 latency of `\(e)` is back to its baseline under peak load.
                """
        default:
            steps = [
                ("Inspect \(e) where the evidence points (\(evidenceLine(hypothesis))).", "low: read-only",
                 "the failing operation is identified"),
                ("If a recent change touched \(e), roll it back.", "medium: reverts that change", "\(metric) returns to baseline"),
            ]
            rollback = "Redeploy the rolled-back change."
            spec = """
                ## Change
                Fix the failure of `\(e)` shown in the evidence (\(evidenceLine(hypothesis))).
                ## Done when
                A test reproducing the failure passes and `\(e)` errors return to baseline.
                """
        }
        let numbered = steps.enumerated().map { MitigationPlan.Step(number: $0.offset + 1, action: $0.element.0, risk: $0.element.1,
                                                                   verification: $0.element.2) }
        return MitigationPlan(title: "Mitigate \(hypothesis.kind) on \(e)", entity: e, kind: hypothesis.kind, steps: numbered,
                              rollback: rollback, spec: spec)
    }

    /// The strongest piece of evidence in one line.
    static func evidenceLine(_ h: Hypothesis) -> String {
        guard let top = h.evidence.max(by: { $0.score < $1.score }) else { return "no evidence" }
        return top.summary
    }
}
