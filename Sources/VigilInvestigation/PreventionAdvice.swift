/// A preventive recommendation written from an evaluation pattern: what to change so the pattern
/// stops, each step with how to verify it, the evidence (the earlier tasks), and an agent-ready
/// spec. Pure.
public struct PreventionAdvice: Sendable, Equatable, Codable {
    public var title: String
    public var summary: String
    public var spec: String

    public static func advise(_ pattern: EvaluationPattern, tasks: [String: PastInvestigation]) -> PreventionAdvice {
        let subject = pattern.entity ?? "the affected resources"
        let steps: [(String, String)]
        let title: String
        switch pattern.kind {
        case .recurringCause, .recurringKind:
            let kind = pattern.faultKind ?? "fault"
            title = pattern.kind == .recurringCause ? "Prevent recurring \(kind) on \(subject)" : "Prevent \(kind) across resources"
            steps = Self.steps(forKind: kind, subject: subject)
        case .fragileResource:
            title = "Harden \(subject): root cause of repeated incidents"
            steps = [
                ("Review \(subject)'s failure modes from the listed investigations and write them down in its runbook",
                 "every listed incident maps to a runbook entry"),
                ("Add alarms on \(subject)'s saturation signals (errors, latency, throttles, connections, memory) at 80 % of their limits",
                 "the alarms exist and were in ALARM during a replay of the last incident's window"),
                ("Remove the single point of failure: redundancy across zones, timeouts and retries with backoff at its callers",
                 "a fault injected in staging degrades callers without an outage"),
            ]
        case .telemetryGap:
            title = pattern.entity.map { "Close the telemetry gaps of \($0)" } ?? "Name the affected resource in alerts"
            steps = gapSteps(pattern.missing, subject: subject)
        case .unfinished:
            title = "Investigate why investigations failed"
            steps = [("Read the status reasons of the listed tasks and fix their cause (access, timeouts)", "a re-run completes")]
        }
        var summary = pattern.headline + ".\n\nSteps:\n"
        for (i, step) in steps.enumerated() { summary += "\(i + 1). \(step.0). Verify: \(step.1).\n" }
        summary += "\nEvidence (earlier investigations):\n"
        for id in pattern.taskIds.prefix(20) {
            let task = tasks[id]
            let cause = task?.rootCause.map { "root cause \($0.kind) on \($0.entity) (confidence \(rounded($0.confidence)))" }
                ?? (task?.completed == true ? "no decisive cause" : task?.statusReason ?? "")
            summary += "- task \(id): \(task?.title ?? "") — \(cause)\n"
        }
        if pattern.taskIds.count > 20 { summary += "- and \(pattern.taskIds.count - 20) more\n" }
        var spec = "## Change\n\(title).\n\n## Why\n\(pattern.headline) (tasks \(pattern.taskIds.joined(separator: ", "))).\n\n## What\n"
        for (i, step) in steps.enumerated() { spec += "\(i + 1). \(step.0).\n" }
        spec += "\n## Done when\n"
        for step in steps { spec += "- \(step.1).\n" }
        return PreventionAdvice(title: String(title.prefix(200)), summary: summary, spec: spec)
    }

    static func steps(forKind kind: String, subject: String) -> [(String, String)] {
        switch kind {
        case "bad-deployment", "config-change":
            return [("Deploy \(subject) gradually (canary or linear) with automatic rollback on its error and latency alarms",
                     "a deployment that raises errors is rolled back without a person"),
                    ("Run the failing scenario of the listed incidents as a pre-deployment test", "the test fails on the bad change"),
                    ("Validate configuration changes against a schema before they are applied", "an invalid value is refused")]
        case "connection-exhaustion":
            return [("Put a connection pool or proxy (RDS Proxy) in front of \(subject) and cap each client's pool",
                     "connections stay under 80 % of max_connections under peak load"),
                    ("Alarm on connections at 80 % of the maximum", "the alarm fires before errors start in a load test")]
        case "throttling":
            return [("Raise \(subject)'s limit (quota, provisioned or on-demand capacity) to the observed peak plus headroom",
                     "no throttled requests at the last incident's peak rate"),
                    ("Retry throttled calls with exponential backoff and jitter at the callers", "callers' error rate stays flat during throttling"),
                    ("Alarm on throttles", "the alarm fires on the first minute of throttling")]
        case "memory-leak":
            return [("Find the leak: profile \(subject)'s memory in staging over a long run", "memory stays flat over 24 h under load"),
                    ("Alarm on memory growth (trend over 1 h) well before the limit", "the alarm fires hours before an out-of-memory restart")]
        case "certificate-expiry":
            return [("Move \(subject)'s certificates to managed renewal (ACM) or automate renewal", "renewal happens without a person"),
                    ("Alarm 30 days before any certificate expires", "an expiring test certificate raises the alarm")]
        case "cpu-saturation", "latency":
            return [("Scale \(subject) on CPU and latency (target tracking) with headroom for the observed peak",
                     "latency stays within target at the last incident's load"),
                    ("Load-test \(subject) before releases", "the test reports the saturation point")]
        default:
            return [("Write a runbook entry for \(kind) on \(subject) from the listed investigations", "on-call can follow it"),
                    ("Alarm on the signal that showed first in those investigations", "the alarm fires before users notice")]
        }
    }

    static func gapSteps(_ missing: [String], subject: String) -> [(String, String)] {
        var steps: [(String, String)] = []
        for item in missing {
            switch item {
            case "no metric series":
                steps.append(("Publish \(subject)'s metrics to CloudWatch (enable detailed or Container Insights metrics)",
                              "the next investigation's collect-telemetry record counts metric series for it"))
            case "no log events":
                steps.append(("Send \(subject)'s logs to CloudWatch Logs with a level word in each line",
                              "the next investigation counts log events for it"))
            case "no traces":
                steps.append(("Enable X-Ray tracing on \(subject) and its callers", "the next investigation counts spans for it"))
            case "no deployment or configuration changes recorded":
                steps.append(("Deploy \(subject) through CodeDeploy or CodePipeline, or record changes in CloudTrail",
                              "the next investigation lists the changes before its onset"))
            case "no resource named in the incident matched the topology":
                steps.append(("Name the affected resource in alerts (a `resource` label or the resource name in the title) and check that discovery found it",
                              "the next investigation's resolve-resources record matches a resource"))
            default:
                steps.append(("Fix: \(item)", "the next investigation no longer reports it"))
            }
        }
        if steps.isEmpty {
            steps.append(("Add the signal that would have shown the cause of \(subject)'s incidents (saturation metrics, error logs, traces)",
                          "a replay of the last incident's window is decisive"))
        }
        return steps
    }

    static func rounded(_ value: Double) -> String {
        String(Double((value * 100).rounded() / 100))
    }
}
