import Foundation

extension KeyedDecodingContainer {
    /// A json-protocol timestamp: AWS sends epoch seconds; like botocore, a date-time text is
    /// accepted too (moto's CodeDeploy and CodePipeline write `2026-11-27 06:20:50.866000+00:00`
    /// or ISO 8601). Anything else is a decoding error, never a guess.
    func decodeTimestampIfPresent(forKey key: Key) throws -> Date? {
        if let seconds = try? decodeIfPresent(Double.self, forKey: key) { return Date(timeIntervalSince1970: seconds) }
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        var normalized = Array(text.trimmingCharacters(in: .whitespaces))
        if normalized.count > 10, normalized[10] == " " { normalized[10] = "T" }
        guard let date = AWSTimestamp.parseISO8601(String(normalized)) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a timestamp: \(text)")
        }
        return date
    }
}
