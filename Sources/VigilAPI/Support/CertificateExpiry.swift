import Foundation
import VigilCore

/// Reads `notAfter` from a PEM X.509 certificate with a minimal DER walk
/// (Certificate → tbsCertificate → validity), enough to report certificateExpiryTime.
enum CertificateExpiry {
    static func read(_ pem: String, path: String, now: Date) throws(APIError) -> Date {
        let invalid = { (why: String) in APIError.invalidField(path, "Not a usable PEM certificate: \(why)") }
        let begin = "-----BEGIN CERTIFICATE-----", end = "-----END CERTIFICATE-----"
        guard let b = pem.range(of: begin), let e = pem.range(of: end, range: b.upperBound..<pem.endIndex) else {
            throw invalid("missing BEGIN/END CERTIFICATE lines")
        }
        let base64 = pem[b.upperBound..<e.lowerBound].filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: String(base64)) else { throw invalid("the body is not base64") }
        var reader = DERReader(bytes: [UInt8](der))
        guard var certificate = reader.enter(0x30), var tbs = certificate.enter(0x30) else {
            throw invalid("the DER structure is not a certificate")
        }
        if tbs.peekTag == 0xA0 { _ = tbs.skip() }                // version
        guard tbs.skip(), tbs.skip(), tbs.skip(),                  // serial, signature, issuer
              var validity = tbs.enter(0x30), validity.skip(),     // notBefore
              let notAfter = validity.time()
        else { throw invalid("the validity period cannot be read") }
        return notAfter
    }
}

/// Just enough DER: definite lengths, SEQUENCE descent, UTCTime and GeneralizedTime.
struct DERReader {
    var bytes: [UInt8]
    var offset = 0

    var peekTag: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private mutating func header() -> (tag: UInt8, body: Range<Int>)? {
        guard offset + 2 <= bytes.count else { return nil }
        let tag = bytes[offset]
        var length = Int(bytes[offset + 1])
        var cursor = offset + 2
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count >= 1, count <= 4, cursor + count <= bytes.count else { return nil }
            length = 0
            for _ in 0..<count { length = length << 8 | Int(bytes[cursor]); cursor += 1 }
        }
        guard cursor + length <= bytes.count else { return nil }
        offset = cursor + length
        return (tag, cursor..<(cursor + length))
    }

    mutating func skip() -> Bool { header() != nil }

    mutating func enter(_ tag: UInt8) -> DERReader? {
        guard let h = header(), h.tag == tag else { return nil }
        return DERReader(bytes: Array(bytes[h.body]))
    }

    mutating func time() -> Date? {
        guard let h = header(), let text = String(bytes: bytes[h.body], encoding: .ascii) else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        switch h.tag {
        case 0x17: formatter.dateFormat = "yyMMddHHmmss'Z'"
        case 0x18: formatter.dateFormat = "yyyyMMddHHmmss'Z'"
        default: return nil
        }
        return formatter.date(from: text)
    }
}
