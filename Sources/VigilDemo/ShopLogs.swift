import Foundation
import VigilTelemetry

/// The log lines a service writes in one period: routine lines, plus the errors its state implies,
/// phrased as the software involved would phrase them.
extension ShopSimulation {
    func logs(_ service: ShopService, _ s: State, all: [String: State], at t: Double, rng: inout SeededRandom) -> [LogEvent] {
        var out: [LogEvent] = []
        func line(_ offset: Double, _ level: String, _ message: String) {
            out.append(LogEvent(timestamp: t + offset, entity: service.name, message: message, level: level))
        }
        let name = service.name
        for i in 0..<3 {
            let offset = step * (Double(i) + rng.unit()) / 3
            let ms = Int(max(1, s.latencyMs * (0.7 + 0.6 * rng.unit())))
            switch service.platform {
            case .lambda:
                let id = "\(rng.hex(8))-\(rng.hex(4))-\(rng.hex(4))-\(rng.hex(4))-\(rng.hex(12))"
                line(offset, "INFO", "REPORT RequestId: \(id) Duration: \(ms).\(Int(rng.unit() * 100)) ms Billed Duration: \(ms + 1) ms Memory Size: 512 MB Max Memory Used: \(80 + Int(rng.unit() * 20)) MB")
            case .ecs, .apiGateway:
                line(offset, "INFO", "\(service.operation) 200 \(ms)ms request_id=\(rng.hex(16))")
            case .rds:
                if i == 0 { line(offset, "INFO", "LOG:  checkpoint complete: wrote \(100 + Int(rng.unit() * 400)) buffers (\(String(format: "%.1f", rng.unit() * 3))%)") }
            case .dynamodb, .sqs:
                break
            }
        }
        let requests = s.rate * step
        let ownErrors = min(8, Int((requests * s.ownError).rounded()))
        let propagated = min(6, Int((requests * max(0, s.error - s.ownError) * 0.1).rounded()))
        for _ in 0..<ownErrors {
            let offset = step * rng.unit()
            let request = rng.hex(16)
            switch (scenario, name == scenario?.injected.entity) {
            case (.badDeployment?, true):
                line(offset, "ERROR", "PriceCalculator failed: java.lang.NullPointerException: Cannot invoke \"java.math.BigDecimal.setScale(int, java.math.RoundingMode)\" because \"discount\" is null at com.shop.checkout.PriceCalculator.round(PriceCalculator.java:88) request_id=\(request)")
            case (.dbConnectionExhaustion?, true):
                line(offset, "ERROR", "FATAL:  remaining connection slots are reserved for non-replication superuser connections (client 10.0.\(Int(rng.unit() * 4)).\(Int(rng.unit() * 250)))")
            case (.memoryLeak?, true):
                line(offset, "ERROR", "Task catalog-task-\(rng.hex(6)) stopped: OutOfMemoryError: Java heap space")
            case (.expiredCertificate?, true):
                line(offset, "ERROR", "charge failed: TLS handshake with api.card-processor.example:443 failed: x509: certificate has expired or is not yet valid (client certificate CN=payments.shop.internal) request_id=\(request)")
            default:
                if service.platform == .ecs || service.platform == .lambda { line(offset, "ERROR", "\(service.operation) 500 internal error request_id=\(request)") }
            }
        }
        // Clients see their dependencies' trouble in their own words.
        if propagated > 0 {
            for callee in service.calls {
                guard let state = callee == scenario?.injected.entity ? scenario : nil else {
                    continue
                }
                for _ in 0..<propagated {
                    let offset = step * rng.unit()
                    switch state {
                    case .dbConnectionExhaustion:
                        line(offset, "ERROR", "HikariPool-1 - Connection is not available, request timed out after 5000ms. (jdbc:postgresql://\(callee).cluster.internal:5432/orders) request_id=\(rng.hex(16))")
                    case .throttledDependency:
                        line(offset, "ERROR", "ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API. (table: \(callee)) RequestId: \(rng.hex(20).uppercased())")
                    default:
                        line(offset, "ERROR", "upstream \(callee) returned 5xx for \(service.operation) request_id=\(rng.hex(16))")
                    }
                }
            }
            if service.calls.allSatisfy({ $0 != scenario?.injected.entity }) {
                let failing = service.calls.first { (all[$0]?.error ?? 0) > 0.05 } ?? service.calls.first ?? "dependency"
                for _ in 0..<propagated {
                    line(step * rng.unit(), "ERROR", "upstream \(failing) returned 5xx for \(service.operation) request_id=\(rng.hex(16))")
                }
            }
        }
        if scenario == .memoryLeak, name == scenario?.injected.entity, s.memory > 75, rng.unit() < 0.8 {
            line(step * rng.unit(), "WARN", "GC pause \(Int(150 + (s.memory - 75) * 40))ms (G1 Evacuation Pause) heap \(Int(s.memory))% used")
        }
        return out
    }
}
