import Foundation
import VigilAPIModel

extension JSONValue {
    /// The JSON form of an `Encodable` value (keys sorted, so journal content is stable).
    static func encoding<T: Encodable>(_ value: T) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value), let parsed = try? JSONParser.parse([UInt8](data)) else { return .null }
        return parsed
    }

    /// A double rounded to `places` decimals, for readable journal content.
    static func rounded(_ value: Double, _ places: Int = 3) -> JSONValue {
        let scale = pow(10, Double(places))
        return .double((value * scale).rounded() / scale)
    }
}
