import Foundation

/// The AWS `json` protocol (awsJson1_0 / awsJson1_1): POST `/`, `X-Amz-Target:
/// {targetPrefix}.{Operation}`, `Content-Type: application/x-amz-json-{version}`, a JSON body
/// (`{}` when the operation has no input), a JSON answer. Timestamps are epoch seconds.
public enum JSONCodec {
    public static func request(
        service: AWSServiceDescriptor, operation: String, body: [UInt8], endpoint: AWSEndpoint
    ) throws(AWSClientError.Kind) -> AWSHTTPRequest {
        guard case .json(let version, let targetPrefix) = service.wireProtocol else {
            throw .invalidRequest("\(service.name) does not speak the json protocol")
        }
        return AWSHTTPRequest(
            method: "POST", endpoint: endpoint, rawPath: "/",
            headers: [
                ("Host", endpoint.hostHeader),
                ("Content-Type", "application/x-amz-json-\(version)"),
                ("X-Amz-Target", "\(targetPrefix).\(operation)"),
            ],
            body: body.isEmpty ? Array("{}".utf8) : body
        )
    }

    /// `JSONEncoder` as the json protocols want it: dates as epoch seconds.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }

    /// `JSONDecoder` as the json protocols want it: dates as epoch seconds.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }

    /// Decodes a 2xx body; an empty body decodes as `{}`.
    public static func decode<Output: Decodable>(_ type: Output.Type, from body: [UInt8]) throws(AWSClientError.Kind) -> Output {
        do {
            return try makeDecoder().decode(type, from: body.isEmpty ? Data("{}".utf8) : Data(body))
        } catch {
            throw .malformedResponse("JSON does not match \(Output.self): \(error)")
        }
    }
}

/// Output of an operation whose answer has no members.
public struct AWSEmptyOutput: Decodable, Sendable, Equatable {
    public init() {}
    public init(from decoder: any Decoder) throws {}
}

/// Input of an operation that takes no members: encodes as `{}`.
public struct AWSEmptyInput: Encodable, Sendable {
    public init() {}
    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: AnyCodingKey.self)
    }
}

struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}
