import Foundation

/// What a request's `Authorization` header (with `X-Amz-Date` and `x-amz-security-token`)
/// claims: produced by `SigV4Verifier.parse`, checked by `SigV4Verifier.verify`.
public struct SigV4Authorization: Sendable, Equatable {
    public var accessKeyId: String
    /// Scope date, `YYYYMMDD`.
    public var date: String
    public var region: String
    public var service: String
    /// Lower-case header names, in the order `SignedHeaders` lists them.
    public var signedHeaders: [String]
    /// The signature as sent (64 hex digits when well-formed).
    public var signature: String
    /// `X-Amz-Date` as a point in time.
    public var amzDate: Date
    /// `X-Amz-Date` exactly as sent (`YYYYMMDDTHHMMSSZ`); it is what the string to sign holds.
    public var amzDateString: String
    /// `x-amz-security-token` when present (signed or not): the caller decides what it means.
    public var securityToken: String?

    public init(
        accessKeyId: String, date: String, region: String, service: String,
        signedHeaders: [String], signature: String, amzDate: Date, amzDateString: String,
        securityToken: String?
    ) {
        self.accessKeyId = accessKeyId
        self.date = date
        self.region = region
        self.service = service
        self.signedHeaders = signedHeaders
        self.signature = signature
        self.amzDate = amzDate
        self.amzDateString = amzDateString
        self.securityToken = securityToken
    }

    /// `<date>/<region>/<service>/aws4_request`.
    public var credentialScope: String {
        SigV4.credentialScope(date: date, region: region, service: service)
    }
}

/// The three `key=value` parameters of an `AWS4-HMAC-SHA256` Authorization header.
struct AuthorizationHeaderParameters {
    var credential: String?
    var signedHeaders: String?
    var signature: String?

    /// Parses `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
    /// Parameters may come in any order, separated by commas with optional blanks; unknown
    /// parameters are ignored; the first occurrence of a parameter wins.
    static func parse(_ header: String) throws(SigV4Error) -> AuthorizationHeaderParameters {
        let all = Array(header.utf8)
        let bytes = ASCII.trim(all[...])
        let algorithmEnd = bytes.firstIndex(where: ASCII.isBlank) ?? bytes.endIndex
        let algorithm = bytes[bytes.startIndex..<algorithmEnd]
        guard algorithm.elementsEqual(SigV4.algorithm.utf8) else {
            if algorithm.isEmpty {
                throw .incompleteSignature("Authorization header is empty.")
            }
            throw .incompleteSignature(
                "Unsupported Authorization type '\(String(decoding: algorithm.prefix(40), as: UTF8.self))': "
                    + "only \(SigV4.algorithm) header signatures are accepted.")
        }
        var result = AuthorizationHeaderParameters()
        for rawPart in bytes[algorithmEnd...].split(separator: UInt8(ascii: ",")) {
            let part = ASCII.trim(rawPart)
            if part.isEmpty { continue }
            guard let equals = part.firstIndex(of: UInt8(ascii: "=")) else {
                throw .incompleteSignature(
                    "'\(String(decoding: part, as: UTF8.self))' not a valid key=value pair (missing equal-sign) "
                        + "in Authorization header: '\(header)'.")
            }
            let key = ASCII.trim(part[part.startIndex..<equals])
            let value = String(decoding: ASCII.trim(part[(equals + 1)...]), as: UTF8.self)
            if key.elementsEqual("Credential".utf8) {
                if result.credential == nil { result.credential = value }
            } else if key.elementsEqual("SignedHeaders".utf8) {
                if result.signedHeaders == nil { result.signedHeaders = value }
            } else if key.elementsEqual("Signature".utf8) {
                if result.signature == nil { result.signature = value }
            }
        }
        return result
    }
}
