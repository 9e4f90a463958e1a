import Testing
@testable import VigilTelemetry

@Suite struct BundleTimestampTests {
    @Test func numbersAreSecondsUnlessTheirMagnitudeSaysOtherwise() {
        #expect(BundleTimestamp.seconds(fromNumber: 1_661_140_434) == 1_661_140_434)
        #expect(BundleTimestamp.seconds(fromNumber: 1_661_140_434.5) == 1_661_140_434.5)
        #expect(BundleTimestamp.seconds(fromNumber: 1_661_140_434_250) == 1_661_140_434.25)
        #expect(BundleTimestamp.seconds(fromNumber: 1_661_140_434_250_000) == 1_661_140_434.25)
        #expect(BundleTimestamp.seconds(fromNumber: 1_661_140_434_000_000_000) == 1_661_140_434)
        #expect(BundleTimestamp.seconds(fromNumber: 42) == 42)
        #expect(BundleTimestamp.seconds(fromNumber: .nan) == nil)
    }

    @Test func iso8601WithZonesFractionsAndSpaces() {
        #expect(BundleTimestamp.seconds(fromString: "2022-08-22T03:53:54Z") == 1_661_140_434)
        #expect(BundleTimestamp.seconds(fromString: "2022-08-22 03:53:54") == 1_661_140_434)
        #expect(BundleTimestamp.seconds(fromString: "2022-08-22T05:53:54.5+02:00") == 1_661_140_434.5)
        #expect(BundleTimestamp.seconds(fromString: "2022-08-22T01:53:54-0200") == 1_661_140_434)
        #expect(BundleTimestamp.seconds(fromString: "1970-01-01") == 0)
        #expect(BundleTimestamp.seconds(fromString: "2024-02-29T00:00:00Z") == 1_709_164_800)
        #expect(BundleTimestamp.seconds(fromString: "1661140434") == 1_661_140_434)
    }

    @Test func rejectsWhatIsNotADate() {
        for bad in ["", "yesterday", "2022-13-01", "2023-02-29", "2022-08-22T25:00:00Z", "2022-08-22T03:53:54 UTC", "2022-08-22T03"] {
            #expect(BundleTimestamp.seconds(fromString: bad) == nil, "\(bad)")
        }
    }
}
