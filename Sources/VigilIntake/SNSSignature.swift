import Crypto
import _CryptoExtras
import Foundation

/// Verifies an SNS message signature against the signing certificate: SignatureVersion 1 is
/// RSA PKCS#1 v1.5 over SHA-1, version 2 over SHA-256, of `SNSEnvelope.stringToSign`. Pure: the
/// certificate (PEM) is fetched by the caller.
public enum SNSSignature {
    public static func verify(_ envelope: SNSEnvelope, certificatePEM: String) -> String? {
        guard let der = PEM.firstBlock(certificatePEM, label: "CERTIFICATE") else { return "the signing certificate is not PEM" }
        guard let spki = X509PublicKey.subjectPublicKeyInfo(der) else { return "the signing certificate cannot be read" }
        let key: _RSA.Signing.PublicKey
        do { key = try _RSA.Signing.PublicKey(derRepresentation: spki) } catch {
            return "the signing certificate does not hold an RSA key of at least 2048 bits"
        }
        guard let raw = Data(base64Encoded: envelope.signature) else { return "Signature is not base64" }
        let signature = _RSA.Signing.RSASignature(rawRepresentation: raw)
        let message = Data(envelope.stringToSign.utf8)
        switch envelope.signatureVersion {
        case "1":
            return key.isValidSignature(signature, for: Insecure.SHA1.hash(data: message), padding: .insecurePKCS1v1_5)
                ? nil : "signature does not match"
        case "2":
            return key.isValidSignature(signature, for: SHA256.hash(data: message), padding: .insecurePKCS1v1_5)
                ? nil : "signature does not match"
        default:
            return "unsupported SignatureVersion \(envelope.signatureVersion)"
        }
    }

    /// SNS certificates and confirmation links must be https on an amazonaws.com host (the SNS
    /// endpoints), unless a test host is configured; anything else is refused before any request.
    public static func allowedURL(_ text: String, testHost: String?) -> URL? {
        guard let url = URL(string: text), let host = url.host?.lowercased() else { return nil }
        let hostAndPort = url.port.map { "\(host):\($0)" } ?? host
        if let testHost, hostAndPort == testHost.lowercased(), url.scheme == "http" || url.scheme == "https" {
            return url
        }
        guard url.scheme == "https", host.hasSuffix(".amazonaws.com"), host.hasPrefix("sns.") else { return nil }
        return url
    }
}

enum PEM {
    static func firstBlock(_ text: String, label: String) -> [UInt8]? {
        guard let start = text.range(of: "-----BEGIN \(label)-----"),
              let end = text.range(of: "-----END \(label)-----", range: start.upperBound..<text.endIndex) else { return nil }
        let body = text[start.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        return Data(base64Encoded: String(body)).map { [UInt8]($0) }
    }
}

/// Just enough DER to find an X.509 certificate's SubjectPublicKeyInfo: Certificate ::=
/// SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer,
/// validity, subject, subjectPublicKeyInfo, … }, … }.
enum X509PublicKey {
    struct Element {
        var tag: UInt8
        var start: Int      // of the header
        var contentStart: Int
        var end: Int
    }

    static func element(_ b: [UInt8], at i: Int) -> Element? {
        guard i + 2 <= b.count else { return nil }
        let tag = b[i]
        var length = Int(b[i + 1])
        var content = i + 2
        if length & 0x80 != 0 {
            let n = length & 0x7f
            guard n >= 1, n <= 4, content + n <= b.count else { return nil }
            length = 0
            for k in 0..<n { length = length << 8 | Int(b[content + k]) }
            content += n
        }
        guard content + length <= b.count else { return nil }
        return Element(tag: tag, start: i, contentStart: content, end: content + length)
    }

    static func subjectPublicKeyInfo(_ der: [UInt8]) -> [UInt8]? {
        guard let cert = element(der, at: 0), cert.tag == 0x30,
              let tbs = element(der, at: cert.contentStart), tbs.tag == 0x30 else { return nil }
        var i = tbs.contentStart
        var fields: [Element] = []
        while i < tbs.end, fields.count < 8, let e = element(der, at: i) {
            fields.append(e)
            i = e.end
        }
        // With the explicit [0] version first, the key info is the 7th field; without it, the 6th.
        let index = fields.first?.tag == 0xa0 ? 6 : 5
        guard fields.count > index, fields[index].tag == 0x30 else { return nil }
        return Array(der[fields[index].start..<fields[index].end])
    }
}
