import Foundation
import Testing
import VigilAWS

@Suite("SigV4 verification cost")
struct SigV4PerformanceTests {
    @Test("median verify time, with and without a cached signing key")
    func medianVerifyTime() throws {
        let captures = try Captures.load()
        let capture = try #require(captures.first { $0.method == "POST" && $0.target == "/v1/agentspaces" && $0.signedWithRealSecret })
        let request = capture.request
        let now = try capture.amzDate
        let cached = SigV4Verifier(service: "aidevops")
        let uncached = SigV4Verifier(service: "aidevops", signingKeyCacheCapacity: 0)
        let clock = ContinuousClock()
        let rounds = 2001
        var withCache: [Duration] = []
        var withoutCache: [Duration] = []
        var failures = 0
        for _ in 0..<rounds {
            // Interleaved so that load from other processes hits both series alike.
            withCache.append(clock.measure {
                if sigV4Error({
                    let auth = try cached.parse(request)
                    try cached.verify(request, authorization: auth, secretAccessKey: Captures.realSecret, now: now)
                }) != nil { failures += 1 }
            })
            withoutCache.append(clock.measure {
                if sigV4Error({
                    let auth = try uncached.parse(request)
                    try uncached.verify(request, authorization: auth, secretAccessKey: Captures.realSecret, now: now)
                }) != nil { failures += 1 }
            })
        }
        #expect(failures == 0)
        let medianCached = withCache.sorted()[rounds / 2]
        let medianUncached = withoutCache.sorted()[rounds / 2]
        func micros(_ d: Duration) -> Double {
            Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12
        }
        #if DEBUG
        let configuration = "debug"
        #else
        let configuration = "release"
        #endif
        print(String(format: "SigV4 parse+verify median (%@ build, %d runs, %d-byte body): cached key %.1f µs, uncached key %.1f µs",
                     configuration, rounds, request.body.count, micros(medianCached), micros(medianUncached)))
        // Generous bounds (debug builds on a shared 2-core machine), still far below what a
        // broken cache or quadratic canonicalization would cost.
        #expect(micros(medianCached) < 1000)
        #expect(medianCached < medianUncached)
    }
}
