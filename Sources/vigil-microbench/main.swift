// Micro-benchmarks of the per-request hot path: SigV4 verification and request binding.
// Prints medians; asserts nothing (timings belong in benchmarks, not in unit tests).
// Run: swift run -c release vigil-microbench
import Foundation
import VigilAPIModel
import VigilAWS

func medianMicroseconds(_ rounds: Int, _ work: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    for _ in 0..<min(200, rounds) { try work() }
    var samples: [Duration] = []
    samples.reserveCapacity(rounds)
    for _ in 0..<rounds { samples.append(try clock.measure(work)) }
    samples.sort()
    let median = samples[rounds / 2]
    return Double(median.components.seconds) * 1e6 + Double(median.components.attoseconds) / 1e12
}

let body = #"{"taskType":"INVESTIGATION","title":"High error rate on checkout-service","description":"5xx rate above 5% for 10 minutes; started after deploy 4821.","priority":"HIGH","clientToken":"3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c","reference":{"system":"pagerduty","title":"INC-20931","referenceId":"Q1W2E3R4T5","referenceUrl":"https://example.pagerduty.com/incidents/Q1W2E3R4T5","associationId":"assoc-7c9e6679"}}"#
let space = "0f8fad5b-d9cb-469f-a165-70867728950e"
let now = Date()
let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
var signed = SignableRequest(
    method: "POST", rawPath: "/backlog/agent-space/\(space)/tasks", rawQuery: nil,
    headers: [("Host", "127.0.0.1:8080"), ("Content-Type", "application/json"), ("User-Agent", "Boto3/1.43.11")],
    body: Array(body.utf8))
SigV4Signer().sign(&signed, credentials: SigV4Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret),
                   region: "us-east-1", service: "aidevops", date: now)
let request = signed

let cached = SigV4Verifier(service: "aidevops")
let uncached = SigV4Verifier(service: "aidevops", signingKeyCacheCapacity: 0)
let rounds = 5001
let verifyCached = try medianMicroseconds(rounds) {
    try cached.verify(request, authorization: try cached.parse(request), secretAccessKey: secret, now: now)
}
let verifyUncached = try medianMicroseconds(rounds) {
    try uncached.verify(request, authorization: try uncached.parse(request), secretAccessKey: secret, now: now)
}

guard let operation = ServiceModel.operation(named: "CreateBacklogTask") else { fatalError("model has no CreateBacklogTask") }
let raw = RawRequest(pathLabels: ["agentSpaceId": space], query: [], headers: request.headers, body: request.body)
let bind = try medianMicroseconds(rounds) { _ = try RequestBinder.validatedJSON(for: operation, from: raw) }
let decode = try medianMicroseconds(rounds) { _ = try RequestBinder.decode(CreateBacklogTaskRequest.self, for: operation, from: raw) }

#if DEBUG
let build = "debug"
#else
let build = "release"
#endif
print("vigil micro-benchmarks (\(build) build, median of \(rounds) runs, \(body.utf8.count)-byte CreateBacklogTask body)")
print(String(format: "  SigV4 parse+verify, cached signing key    %8.1f µs", verifyCached))
print(String(format: "  SigV4 parse+verify, key derived each time %8.1f µs", verifyUncached))
print(String(format: "  bind+validate                              %8.1f µs", bind))
print(String(format: "  bind+validate+decode                       %8.1f µs", decode))

print("")
runPolicyBenchmark()
print("")
runAuditBenchmark()
