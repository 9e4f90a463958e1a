import Testing
import VigilAPIModel
@testable import VigilWebApp

@Suite struct WebAppChartTests {
    let window = InvestigationModel.Window(start: 0, end: 1200, onset: 800)

    @Test func theChartPlotsTheKeptValuesBetweenTheirMinimumAndMaximum() {
        let points: [(Double, Double)] = [(0, 1), (400, 2), (800, 40), (1200, 50), (5000, 999)]
        let svg = WindowChartSVG.render(metric: "5XX", entity: "checkout", window: window, anomalyStart: 800, anomalyEnd: nil,
                                        summary: "rose", points: points)
        #expect(svg.contains("<polyline class=\"series\""))
        #expect(svg.contains("max 50") && svg.contains("min 1"))
        #expect(!svg.contains("999"))  // outside the window
        #expect(svg.contains("4 points over the window"))
    }

    @Test func withoutValuesTheChartSaysSo() {
        let svg = WindowChartSVG.render(metric: "5XX", entity: "checkout", window: window, anomalyStart: 800, anomalyEnd: 900, summary: "s")
        #expect(!svg.contains("<polyline"))
        #expect(svg.contains("keeps no series values"))
    }

    @Test func theModelReadsAFindingsSeriesAndSkipsMalformedPoints() {
        let value: JSONValue = .array([
            ["entity": "checkout", "metric": "5XX", "points": .array([.array([0, 1]), .array(["x", 2]), .array([60])])],
            ["metric": "no-entity", "points": .array([])],
        ])
        let series = InvestigationModel.series(value)
        #expect(series.count == 1)
        #expect(series[.init(entity: "checkout", metric: "5XX")]?.count == 1)
    }
}
