import Testing
import VigilAnalysis
import VigilAPIModel
import VigilTelemetry
@testable import VigilInvestigation

@Suite struct EvidenceSeriesTests {
    @Test func downsamplingKeepsFewPointsAndAveragesBuckets() {
        let few = EvidenceSeries.downsample(timestamps: [3, 1, 2, .nan], values: [30, 10, 20, 5], to: 120)
        #expect(few.map(\.0) == [1, 2, 3])
        #expect(few.map(\.1) == [10, 20, 30])

        let many = EvidenceSeries.downsample(timestamps: (0..<1200).map(Double.init), values: (0..<1200).map(Double.init), to: 120)
        #expect(many.count == 120)
        #expect(many.first.map { $0.0 == 4.5 && $0.1 == 4.5 } == true)  // mean of 0...9
        #expect(many.last.map { $0.0 == 1194.5 } == true)                 // mean of 1190...1199
    }

    @Test func aFindingCarriesTheValuesOfEveryMetricItsEvidenceNamesOnce() {
        let series = MetricSeries(entity: "checkout", metric: "5XX", timestamps: (0..<300).map { Double($0 * 4) },
                                  values: (0..<300).map { $0 < 200 ? 1 : 50 })
        let other = MetricSeries(entity: "storefront", metric: "p99", timestamps: [0, 60], values: [0.2, 0.3])
        let telemetry = IncidentTelemetry(incident: IncidentInfo(detectedAt: 800, title: "t"), windowStart: 0, windowEnd: 1200,
                                          metrics: [series, other])
        let hypothesis = Hypothesis(entity: "checkout", kind: "bad-deployment", confidence: 0.7, evidence: [
            Evidence(kind: "change-point", entity: "checkout", summary: "5XX rose", score: 0.9, start: 800, metric: "5XX"),
            Evidence(kind: "metric-anomaly", entity: "checkout", summary: "5XX high", score: 0.8, start: 800, metric: "5XX"),
            Evidence(kind: "log-surge", entity: "checkout", summary: "surge", score: 0.5),
            Evidence(kind: "metric-anomaly", entity: "checkout", summary: "absent", score: 0.5, metric: "not-collected"),
        ])
        let json = EvidenceSeries.json(for: hypothesis, telemetry: telemetry)
        let items = json.arrayValue ?? []
        #expect(items.count == 1)
        #expect(items.first?["entity"]?.stringValue == "checkout")
        #expect(items.first?["metric"]?.stringValue == "5XX")
        let points = items.first?["points"]?.arrayValue ?? []
        #expect(points.count == EvidenceSeries.maxPoints)
        #expect(points.first?[1]?.doubleValue == 1)
        #expect(points.last?[1]?.doubleValue == 50)
    }
}
