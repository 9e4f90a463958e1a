// Audit trail benchmark: durable appends per second from concurrent appenders (group commit,
// synchronous=FULL), reopening, full verification of the log, and proof generation, on a log of
// VIGIL_AUDIT_BENCH_RECORDS records (default 1,000,000) in a temporary directory. Prints figures;
// asserts nothing. Targets (issue 8): 20,000 durable appends/s, verification of 1M records < 3 s.
import Foundation
import VigilAudit

private final class AuditBenchResultBox<T>: @unchecked Sendable { var result: Result<T, Error>? }

/// Runs an async body to completion from synchronous code (the benchmark's top level).
private func blockOn<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = AuditBenchResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

private func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

private func benchEntry(_ i: Int) -> AuditEntry {
    AuditEntry(kind: i % 10 == 0 ? .reasoningStep : .apiCall,
               agentSpaceId: "0f8fad5b-d9cb-469f-a165-70867728950e",
               principal: "arn:aws:iam::123456789012:user/operator-\(i % 16)",
               action: "aidevops:CreateBacklogTask",
               resource: "arn:aws:aidevops:us-east-1:123456789012:agentspace/0f8fad5b-d9cb-469f-a165-70867728950e/task/\(i)",
               decision: i % 17 == 0 ? .deny : .allow,
               requestId: "c6a1f0b2-3d4e-4f5a-8b9c-\(String(format: "%012d", i))",
               detail: #"{"status":200,"sourceIp":"10.0.0.\#(i % 250)","userAgent":"Boto3/1.43.11","durationMs":\#(i % 97)}"#)
}

/// Appends `count` entries (numbered from `offset`) from `appenders` concurrent tasks; returns the seconds taken.
private func appendConcurrently(_ log: AuditLog, count: Int, offset: Int, appenders: Int) throws -> Double {
    let clock = ContinuousClock()
    let elapsed = try clock.measure {
        try blockOn {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for a in 0..<appenders {
                    group.addTask {
                        for i in stride(from: a, to: count, by: appenders) { _ = try await log.append(benchEntry(offset + i)) }
                    }
                }
                try await group.waitForAll()
            }
        }
    }
    return seconds(elapsed)
}

func runAuditBenchmark() {
    let environment = ProcessInfo.processInfo.environment
    let total = max(10_000, Int(environment["VIGIL_AUDIT_BENCH_RECORDS"] ?? "") ?? 1_000_000)
    let directory = NSTemporaryDirectory() + "vigil-audit-bench-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let options = AuditLogOptions(environment: [:])   // defaults: checkpoint every 1000 records or 60 s
    do {
        print("audit trail (\(total) records, durable appends: WAL + synchronous=FULL, checkpoint every \(options.checkpointEveryRecords) records)")
        var log = try AuditLog(directory: directory, options: options)
        // Appends: a short run per concurrency level, then the bulk of the log at 256 appenders.
        var written = 0
        for appenders in [1, 16, 64, 256] {
            let count = appenders == 1 ? 2_000 : 20_000
            let t = try appendConcurrently(log, count: count, offset: written, appenders: appenders)
            written += count
            print(String(format: "  durable appends, %3d concurrent appenders  %9.0f /s", appenders, Double(count) / t))
        }
        let rest = total - written
        let bulk = try appendConcurrently(log, count: rest, offset: written, appenders: 256)
        print(String(format: "  durable appends, 256 appenders, %d more  %9.0f /s (%.1f s)", rest, Double(rest) / bulk, bulk))
        let closeTime = try ContinuousClock().measure { try blockOn { [log] in try await log.close() } }
        print(String(format: "  close (final checkpoint)                 %9.3f s", seconds(closeTime)))
        let size = (try? FileManager.default.attributesOfItem(atPath: log.path)[.size] as? NSNumber)?.doubleValue ?? 0
        print(String(format: "  audit.sqlite                             %9.1f MiB", size / 1_048_576))

        let openTime = try ContinuousClock().measure { log = try AuditLog(directory: directory, options: options) }
        print(String(format: "  reopen (tree rebuilt from cached subtrees) %7.3f s", seconds(openTime)))

        let key = log.publicKey
        let reader = try AuditReader(directory: directory)
        for run in 1...2 {
            let result = try reader.verifyAll(trustedKeys: [key])
            let status = result.isValid ? "OK" : "BAD: \(result.firstProblem!)"
            print(String(format: "  verify all, run %d: %d records, %d checkpoints  %7.3f s  %@", run, result.records, result.checkpoints,
                         seconds(result.duration), status))
        }

        let clock = ContinuousClock()
        var samples: [Duration] = []
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let seq = Int64.random(in: 0..<Int64(total - 1000), using: &rng)
            samples.append(try clock.measure { _ = try reader.inclusionProof(seq: seq) })
        }
        samples.sort()
        print(String(format: "  inclusion proof against latest checkpoint (median) %7.2f ms", seconds(samples[samples.count / 2]) * 1000))
        samples.removeAll()
        for _ in 0..<50 {
            let from = Int64.random(in: 1..<Int64(total / 2), using: &rng)
            samples.append(try clock.measure { _ = try reader.consistencyProof(from: from, to: Int64(total)) })
        }
        samples.sort()
        print(String(format: "  consistency proof (median)                         %7.2f ms", seconds(samples[samples.count / 2]) * 1000))
        try blockOn { [log] in try await log.close() }
    } catch {
        print("  audit benchmark failed: \(error)")
    }
}
