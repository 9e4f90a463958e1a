import Foundation
import Testing
import VigilTelemetry
@testable import VigilAnalysis

@Suite struct MetricAnomalyDetectorTests {
    let detector = MetricAnomalyDetector()

    @Test func levelShiftIsFoundWithItsOnsetAndDirection() throws {
        // 60 baseline samples, then from sample 70 the level rises by 10 sigma.
        let s = series("db", "latency_p99", count: 100) { $0 >= 70 ? 110 : 100 }
        let a = try #require(detector.detect(s, detectedAt: 60 * 60))
        #expect(a.direction == 1)
        #expect(a.onset == 70 * 60)
        #expect(a.z > 5)
        #expect(a.badDirection)
        #expect(a.entity == "db" && a.metric == "latency_p99")
    }

    @Test func noiseAloneIsNotAnAnomaly() {
        for seed in UInt64(1)...20 {
            let s = series("db", "cpu", count: 200, seed: seed) { _ in 50 }
            #expect(detector.detect(s, detectedAt: 100 * 60) == nil, "seed \(seed)")
        }
    }

    @Test func aSingleSpikeInALongIncidentIsNotABurst() {
        let s = series("db", "cpu", count: 400) { $0 == 300 ? 80 : 50 }
        #expect(detector.detect(s, detectedAt: 200 * 60) == nil)
    }

    @Test func aShortBurstIsFound() throws {
        let s = series("db", "cpu", count: 20) { $0 == 15 || $0 == 16 ? 90 : 50 }
        let a = try #require(detector.detect(s, detectedAt: 14 * 60))
        #expect(a.direction == 1 && !a.levelShift && a.onset == 15 * 60)
    }

    @Test func seasonalityFollowedInTheIncidentIsNormal() throws {
        // Period 24 samples, amplitude 20 sigma; the incident keeps the pattern.
        let seasonal: (Int) -> Double = { 100 + 20 * sin(Double($0 % 24) / 24 * 2 * Double.pi) }
        let s = series("web", "requests", count: 24 * 8, sigma: 0.5, seasonal)
        #expect(detector.detect(s, detectedAt: Double(24 * 6 * 60)) == nil)
        // The same pattern with a shift of 5 in the incident is found, and the period reported.
        let shifted = series("web", "requests", count: 24 * 8, sigma: 0.5) { seasonal($0) + ($0 >= 24 * 6 ? 5 : 0) }
        let a = try #require(detector.detect(shifted, detectedAt: Double(24 * 6 * 60)))
        #expect(a.seasonPeriod == 24)
        #expect(a.direction == 1 && a.levelShift)
    }

    @Test func directionIsJudgedByTheMetricsMeaning() throws {
        let drop = series("web", "SuccessRate(%)", count: 30, sigma: 0.1) { $0 >= 20 ? 90 : 100 }
        let a = try #require(detector.detect(drop, detectedAt: 20 * 60))
        #expect(a.direction == -1 && a.badDirection)
        let rise = series("web", "latency", count: 30, sigma: 0.1) { $0 >= 20 ? 10 : 100 }
        let b = try #require(detector.detect(rise, detectedAt: 20 * 60))
        #expect(b.direction == -1 && !b.badDirection)
    }

    @Test func tooLittleBaselineIsNotJudged() {
        let s = MetricSeries(entity: "a", metric: "m", timestamps: [0, 1, 2, 3], values: [1, 1, 100, 100])
        #expect(detector.detect(s, detectedAt: 1) == nil)
    }

    @Test func constantBaselineStillGivesAFiniteScore() throws {
        let s = MetricSeries(entity: "a", metric: "errors", timestamps: Array(0..<10).map(Double.init),
                             values: [0, 0, 0, 0, 0, 0, 5, 6, 7, 5])
        let a = try #require(detector.detect(s, detectedAt: 6))
        #expect(a.z.isFinite && a.direction == 1)
    }
}

@Suite struct SuccessRatioTests {
    @Test func aSuccessRateIsJudgedOnItsFailureShare() throws {
        // 100 % for an hour, then 95 %: one request in twenty failing where none did.
        let s = MetricSeries(entity: "front", metric: "SuccessRate(%)", timestamps: (0..<70).map { Double($0) * 60 },
                             values: (0..<70).map { $0 >= 60 ? 95 : 100 })
        let a = try #require(MetricAnomalyDetector().detect(s, detectedAt: 3600))
        #expect(a.direction == -1 && a.badDirection && a.levelShift)
        #expect(a.baselineMedian == 100 && a.incidentMedian == 95)
        #expect(a.relativeChange > 1)
        #expect(a.onset == 3600)
    }

    @Test func ceilingsFollowTheScale() {
        #expect(MetricSemantics.ratioCeiling(of: "SuccessRate(%)", values: [100, 97]) == 100)
        #expect(MetricSemantics.ratioCeiling(of: "availability", values: [0.999, 0.98]) == 1)
        #expect(MetricSemantics.ratioCeiling(of: "availability", values: [99.9, 98]) == 100)
        #expect(MetricSemantics.ratioCeiling(of: "success_count", values: [120, 300]) == nil)
        #expect(MetricSemantics.ratioCeiling(of: "latency", values: [0.5]) == nil)
    }
}
