import Testing
import VigilAPIModel

@Suite("Performance")
struct PerformanceTests {
    static let body = #"""
    {"taskType":"INVESTIGATION","title":"High error rate on checkout-service","description":"5xx rate above 5% for 10 minutes in us-east-1; started after deploy 4821.","priority":"HIGH","clientToken":"3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c","reference":{"system":"pagerduty","title":"INC-20931","referenceId":"Q1W2E3R4T5","referenceUrl":"https://example.pagerduty.com/incidents/Q1W2E3R4T5","associationId":"assoc-7c9e6679"}}
    """#

    static let request = RawRequest(
        pathLabels: ["agentSpaceId": "as-0f8fad5b-d9cb-469f-a165-70867728950e"],
        headers: [
            ("Host", "dp.localhost:8080"), ("Content-Type", "application/json"), ("X-Amz-Date", "20260101T000000Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/aidevops/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0000"),
            ("User-Agent", "Boto3/1.43.11"), ("amz-sdk-invocation-id", "1"), ("amz-sdk-request", "attempt=1"),
        ],
        body: Array(body.utf8)
    )

    /// Median of `iterations` timings of `work`, in microseconds.
    private func medianMicroseconds(iterations: Int, _ work: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        for _ in 0..<200 { try work() }
        var samples: [Duration] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let start = clock.now
            try work()
            samples.append(clock.now - start)
        }
        samples.sort()
        let median = samples[samples.count / 2]
        return Double(median.components.seconds) * 1e6 + Double(median.components.attoseconds) / 1e12
    }

    @Test func createBacklogTaskBinding() throws {
        let operation = try #require(ServiceModel.operation(named: "CreateBacklogTask"))
        let decoded = try RequestBinder.decode(CreateBacklogTaskRequest.self, for: operation, from: Self.request)
        #expect(decoded.reference?.system == "pagerduty")

        let validate = try medianMicroseconds(iterations: 5000) {
            _ = try RequestBinder.validatedJSON(for: operation, from: Self.request)
        }
        let full = try medianMicroseconds(iterations: 5000) {
            _ = try RequestBinder.decode(CreateBacklogTaskRequest.self, for: operation, from: Self.request)
        }
        print("CreateBacklogTask median: bind+validate \(validate) µs, bind+validate+decode \(full) µs")
        #if DEBUG
        let limit = 1_000.0  // unoptimised build
        #else
        let limit = 50.0
        #endif
        #expect(full < limit)
    }
}
