import Foundation
import Testing
import VigilAPIModel

@Suite("Timestamps")
struct TimestampTests {
    static let newYear = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let newYearMillis = Date(timeIntervalSince1970: 1_767_225_600.123)

    private func agentSpace(createdAt: Date) -> AgentSpace {
        AgentSpace(name: "ops", createdAt: createdAt, updatedAt: Self.newYear, agentSpaceId: "as-1")
    }

    private func execution(createdAt: Date) -> Execution {
        Execution(
            agentSpaceId: "as-1", executionId: "ex-1", agentSubTask: "triage",
            createdAt: createdAt, updatedAt: Self.newYear, executionStatus: .running
        )
    }

    @Test func iso8601MemberIsWrittenAsString() {
        #expect(agentSpace(createdAt: Self.newYear).toJSON()["createdAt"] == .string("2026-01-01T00:00:00Z"))
        #expect(agentSpace(createdAt: Self.newYearMillis).toJSON()["createdAt"] == .string("2026-01-01T00:00:00.123Z"))
        #expect(ServiceModel.shapes["AgentSpace"]?.member(named: "createdAt")?.timestampFormat == .iso8601)
    }

    @Test func epochSecondsMemberIsWrittenAsNumber() {
        #expect(execution(createdAt: Self.newYear).toJSON()["createdAt"] == .int(1_767_225_600))
        let fractional = execution(createdAt: Self.newYearMillis).toJSON()["createdAt"]
        #expect(fractional == .double(1_767_225_600.123))
        #expect(fractional.map(JSONWriter.writeString) == "1767225600.123")
        #expect(ServiceModel.shapes["Execution"]?.member(named: "createdAt")?.timestampFormat == .epochSeconds)
        // Sub-millisecond precision is rounded away.
        #expect(execution(createdAt: Date(timeIntervalSince1970: 1_767_225_600.0004)).toJSON()["createdAt"] == .int(1_767_225_600))
    }

    @Test(arguments: [
        JSONValue.int(1_767_225_600),
        .double(1_767_225_600),
        .string("2026-01-01T00:00:00Z"),
        .string("2026-01-01t00:00:00z"),
        .string("2026-01-01T01:30:00+01:30"),
        .string("2025-12-31T19:00:00-0500"),
        .string("2026-01-01T00:00:00.000Z"),
        .string("Thu, 01 Jan 2026 00:00:00 GMT"),
    ])
    func eitherFormatDecodesForAnyMember(value: JSONValue) throws {
        var json = agentSpace(createdAt: Self.newYear).toJSON().objectValue!
        json["createdAt"] = value
        #expect(try AgentSpace(json: .object(json)).createdAt == Self.newYear)
        var executionJSON = execution(createdAt: Self.newYear).toJSON().objectValue!
        executionJSON["createdAt"] = value
        #expect(try Execution(json: .object(executionJSON)).createdAt == Self.newYear)
    }

    @Test func fractionsDecode() throws {
        #expect(Timestamps.date(from: "2026-01-01T00:00:00.123Z") == Self.newYearMillis)
        #expect(Timestamps.date(from: .double(1_767_225_600.123)) == Self.newYearMillis)
        let micro = try #require(Timestamps.date(from: "2026-01-01T00:00:00.123456Z"))
        #expect(abs(micro.timeIntervalSince1970 - 1_767_225_600.123456) < 1e-6)
        #expect(Timestamps.iso8601String(micro) == "2026-01-01T00:00:00.123Z")
    }

    @Test(arguments: [
        "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:00:60Z",
        "2026-01-01T00:00:00", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00.Z", "2026-1-01T00:00:00Z",
        "2026-01-01T00:00:00Zjunk", "yesterday", "", "1e9",
    ])
    func invalidStringsAreRejected(text: String) {
        #expect(Timestamps.date(fromString: text) == nil)
    }

    @Test func invalidTimestampFailsDecodingWithPath() {
        var json = agentSpace(createdAt: Self.newYear).toJSON().objectValue!
        json["createdAt"] = "not a date"
        #expect(throws: ShapeDecodingError(path: "createdAt", message: "Member must be a timestamp (epoch seconds or ISO 8601 string)")) {
            try AgentSpace(json: .object(json))
        }
        json["createdAt"] = true
        #expect(throws: ShapeDecodingError.self) { try AgentSpace(json: .object(json)) }
    }

    @Test func calendarEdges() {
        #expect(Timestamps.iso8601String(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(Timestamps.iso8601String(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(Timestamps.iso8601String(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        #expect(Timestamps.iso8601String(Date(timeIntervalSince1970: 1_709_164_800)) == "2024-02-29T00:00:00Z")
        #expect(Timestamps.iso8601String(Date(timeIntervalSince1970: 4_107_542_399)) == "2100-02-28T23:59:59Z")
        #expect(Timestamps.date(fromString: "2024-02-29T00:00:00Z") == Date(timeIntervalSince1970: 1_709_164_800))
        #expect(Timestamps.date(fromString: "2000-02-29T12:00:00Z") == Date(timeIntervalSince1970: 951_825_600))
        #expect(Timestamps.httpDateString(Self.newYear) == "Thu, 01 Jan 2026 00:00:00 GMT")
        #expect(Timestamps.json(Self.newYear, format: .httpDate) == .string("Thu, 01 Jan 2026 00:00:00 GMT"))
        // Round trip through both string forms over a range of instants.
        for seconds in stride(from: -86_400 * 800, to: Int64(86_400) * 365 * 200, by: 86_400 * 37 + 3_601) {
            let date = Date(timeIntervalSince1970: Double(seconds))
            #expect(Timestamps.date(fromString: Timestamps.iso8601String(date)) == date)
            #expect(Timestamps.date(fromString: Timestamps.httpDateString(date)) == date)
        }
    }

    @Test func requestTimestampsInTaskFilterAreISO8601() throws {
        let filter = TaskFilter(createdAfter: Self.newYear, createdBefore: Self.newYearMillis)
        #expect(filter.toJSON() == ["createdAfter": "2026-01-01T00:00:00Z", "createdBefore": "2026-01-01T00:00:00.123Z"])
        #expect(try TaskFilter(json: filter.toJSON()) == filter)
    }
}
