import Foundation
import Testing
import VigilAWSClients
@testable import VigilIntake

/// Which DescribeAlarms listings are news, and what alert each change becomes (pure logic).
@Suite struct AlarmChangeDetectorTests {
    let account = "111122223333", region = "eu-west-1"

    func alarm(_ name: String, _ state: String, at seconds: Double, kind: CloudWatchAlarmState.Kind = .metric,
               dimensions: [CloudWatchDimension] = []) -> CloudWatchAlarmState {
        CloudWatchAlarmState(kind: kind, alarmName: name, alarmArn: "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:\(name)",
                             stateValue: state, stateReason: "reason", stateUpdatedTimestamp: Date(timeIntervalSince1970: seconds),
                             dimensions: dimensions)
    }

    func arn(_ name: String) -> String { "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:\(name)" }

    @Test func firstSightReportsOnlyAlarmsThatFire() {
        let current = [alarm("a", "ALARM", at: 100), alarm("b", "OK", at: 100), alarm("c", "INSUFFICIENT_DATA", at: 100)]
        let result = AlarmChangeDetector.detect(previous: [:], current: current, accountId: account, region: region)
        #expect(result.changes.map(\.alarmName) == ["a"])
        #expect(result.versions == [arn("a"): "ALARM|100000", arn("b"): "OK|100000", arn("c"): "INSUFFICIENT_DATA|100000"])
        #expect(result.removed.isEmpty)
    }

    @Test func unchangedIsQuietResolvesAndRepeatsAreReportedAndVanishedAlarmsForgotten() {
        let previous = [arn("a"): "ALARM|100000", arn("b"): "ALARM|100000", arn("c"): "OK|100000", arn("gone"): "ALARM|50000",
                        arn("d"): "INSUFFICIENT_DATA|90000"]
        let current = [alarm("a", "ALARM", at: 100), alarm("b", "OK", at: 160), alarm("c", "OK", at: 200),
                       alarm("d", "OK", at: 120), alarm("e", "ALARM", at: 130), alarm("a", "ALARM", at: 100)]
        let result = AlarmChangeDetector.detect(previous: previous, current: current, accountId: account, region: region)
        // a unchanged; b resolved; c OK→OK with a newer timestamp is nothing; d leaves INSUFFICIENT_DATA for OK: resolve; e is new.
        #expect(result.changes.map(\.alarmName) == ["b", "d", "e"])
        #expect(result.versions[arn("a")] == nil)
        #expect(result.versions[arn("c")] == "OK|200000")
        #expect(result.removed == [arn("gone")])

        let again = AlarmChangeDetector.detect(previous: [arn("a"): "ALARM|100000"], current: [alarm("a", "ALARM", at: 400)],
                                               accountId: account, region: region)
        #expect(again.changes.map(\.alarmName) == ["a"])
    }

    @Test func alertsAreKeyedByAccountRegionAndArnAndNameTheResource() throws {
        let firing = try #require(AlarmChangeDetector.alert(
            alarm("db-cpu", "ALARM", at: 100, dimensions: [CloudWatchDimension(name: "DBInstanceIdentifier", value: "orders")]),
            accountId: account, region: region))
        #expect(firing.status == .firing && firing.source == .cloudwatch)
        #expect(firing.externalId == "111122223333/eu-west-1/\(arn("db-cpu"))")
        #expect(firing.resource == "orders")
        #expect(firing.labels["account"] == account && firing.labels["region"] == region)
        #expect(firing.startsAt == 100)

        let composite = try #require(AlarmChangeDetector.alert(alarm("shop", "OK", at: 200, kind: .composite), accountId: account, region: region))
        #expect(composite.status == .resolved && composite.resource == arn("shop") && composite.endsAt == 200)
        #expect(composite.labels["alarm_type"] == "composite")
        #expect(AlarmChangeDetector.alert(alarm("x", "INSUFFICIENT_DATA", at: 1), accountId: account, region: region) == nil)

        // An alarm without an ARN still gets a stable key.
        var unnamed = alarm("lonely", "ALARM", at: 1)
        unnamed.alarmArn = nil
        #expect(AlarmChangeDetector.key(unnamed, accountId: account, region: region) == arn("lonely"))
    }
}

/// The arithmetic ISO 8601 writer agrees with Foundation's formatter.
@Suite struct ISO8601FormatTests {
    @Test func matchesFoundationAcrossDatesAndMilliseconds() {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var samples: [Double] = [0, 1, 86_399.999, 951_782_400, 951_868_800.5, 1_709_164_800.25, 1_800_000_000.123, 4_102_444_800, 253_402_300_799]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 { samples.append(Double(Int64.random(in: 0...4_102_444_800_000, using: &generator)) / 1000) }
        for t in samples {
            #expect(ISO8601.format(t) == reference.string(from: Date(timeIntervalSince1970: t)), "t = \(t)")
        }
        #expect(ISO8601.parse(ISO8601.format(1_800_000_000.5)) == 1_800_000_000.5)
    }
}
