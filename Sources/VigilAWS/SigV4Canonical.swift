import Crypto

/// The pieces of Signature Version 4 shared by the signer and the verifier, following the
/// non-S3 rules that botocore applies (`botocore/auth.py`, `SigV4Auth`).
public enum SigV4 {
    public static let algorithm = "AWS4-HMAC-SHA256"
    public static let scopeTerminator = "aws4_request"
    /// Hex SHA-256 of the empty string.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        if bytes.isEmpty { return emptyPayloadHash }
        return SHA256.hash(data: bytes).withUnsafeBytes { Hex.encode($0) }
    }

    /// Canonical URI: the wire path with `.`/`..` segments and repeated slashes removed, then
    /// percent-encoded once more (so `%3A` becomes `%253A`); `/` stays, an empty path is `/`.
    public static func canonicalURI(rawPath: String) -> String {
        var out: [UInt8] = []
        appendCanonicalURI(rawPath: rawPath, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendCanonicalURI(rawPath: String, to out: inout [UInt8]) {
        let normalized = removeDotSegments(rawPath)
        if normalized.isEmpty {
            out.append(UInt8(ascii: "/"))
        } else {
            PercentEncoding.encode(normalized.utf8, keepSlash: true, into: &out)
        }
    }

    /// RFC 3986 section 5.2.4 plus the removal of empty segments, as botocore's
    /// `remove_dot_segments`: a leading `/` and a trailing `/` (after a segment) are kept.
    static func removeDotSegments(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        // Fast path: nothing to remove.
        let bytes = Array(path.utf8)
        var needsWork = false
        var previous: UInt8 = 0
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "/") && previous == UInt8(ascii: "/") { needsWork = true; break }
            if byte == UInt8(ascii: "."), index == 0 || previous == UInt8(ascii: "/") { needsWork = true; break }
            previous = byte
        }
        if !needsWork { return path }
        var output: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if !output.isEmpty { output.removeLast() }
                continue
            }
            output.append(segment)
        }
        let first = path.hasPrefix("/") ? "/" : ""
        let last = path.hasSuffix("/") && !output.isEmpty ? "/" : ""
        return first + output.joined(separator: "/") + last
    }

    /// Canonical query string: the raw query split at `&` (empty pieces dropped), each piece
    /// split at its first `=` (a bare `a` means `a=`), key and value percent-decoded and then
    /// RFC 3986-encoded, sorted by encoded key and then encoded value, joined with `&`.
    public static func canonicalQueryString(rawQuery: String?) -> String {
        var out: [UInt8] = []
        appendCanonicalQueryString(rawQuery: rawQuery, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendCanonicalQueryString(rawQuery: String?, to out: inout [UInt8]) {
        guard let rawQuery, !rawQuery.isEmpty else { return }
        let bytes = Array(rawQuery.utf8)
        var pairs: [(key: [UInt8], value: [UInt8])] = []
        for piece in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let keyPart: ArraySlice<UInt8>
            let valuePart: ArraySlice<UInt8>
            if let equals = piece.firstIndex(of: UInt8(ascii: "=")) {
                keyPart = piece[piece.startIndex..<equals]
                valuePart = piece[(equals + 1)...]
            } else {
                keyPart = piece
                valuePart = []
            }
            var key: [UInt8] = []
            var value: [UInt8] = []
            PercentEncoding.encode(PercentEncoding.decode(keyPart), keepSlash: false, into: &key)
            PercentEncoding.encode(PercentEncoding.decode(valuePart), keepSlash: false, into: &value)
            pairs.append((key, value))
        }
        pairs.sort { lhs, rhs in
            if lhs.key != rhs.key { return lhs.key.lexicographicallyPrecedes(rhs.key) }
            return lhs.value.lexicographicallyPrecedes(rhs.value)
        }
        for (index, pair) in pairs.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            out.append(contentsOf: pair.key)
            out.append(UInt8(ascii: "="))
            out.append(contentsOf: pair.value)
        }
    }

    /// Canonical header value: each value trimmed, inner runs of whitespace collapsed to one
    /// space, several values of the same header joined with `,` in arrival order.
    public static func canonicalHeaderValue(_ values: [String]) -> String {
        var out: [UInt8] = []
        appendCanonicalHeaderValue(values, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendCanonicalHeaderValue(_ values: [String], to out: inout [UInt8]) {
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendTrimmedCollapsed(value, to: &out)
        }
    }

    static func appendTrimmedCollapsed(_ value: String, to out: inout [UInt8]) {
        var pendingSpace = false
        var wroteAny = false
        for byte in value.utf8 {
            if isWhitespace(byte) {
                pendingSpace = wroteAny
            } else {
                if pendingSpace { out.append(UInt8(ascii: " ")) }
                pendingSpace = false
                wroteAny = true
                out.append(byte)
            }
        }
    }

    @inline(__always)
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// The canonical request. `signedHeaders` are lower-case names in the order they are
    /// listed in `SignedHeaders`; a signed header absent from the request contributes `name:`.
    public static func canonicalRequest(_ request: SignableRequest, signedHeaders: [String], payloadHash: String) -> String {
        String(decoding: canonicalRequestBytes(request, signedHeaders: signedHeaders, payloadHash: payloadHash), as: UTF8.self)
    }

    static func canonicalRequestBytes(_ request: SignableRequest, signedHeaders: [String], payloadHash: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + request.rawPath.utf8.count * 2 + (request.rawQuery?.utf8.count ?? 0) * 2)
        out.append(contentsOf: request.method.utf8)
        out.append(0x0A)
        appendCanonicalURI(rawPath: request.rawPath, to: &out)
        out.append(0x0A)
        appendCanonicalQueryString(rawQuery: request.rawQuery, to: &out)
        out.append(0x0A)
        for name in signedHeaders {
            out.append(contentsOf: name.utf8)
            out.append(UInt8(ascii: ":"))
            var first = true
            for header in request.headers where ASCII.caseInsensitiveEquals(header.name, name) {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                appendTrimmedCollapsed(header.value, to: &out)
            }
            out.append(0x0A)
        }
        out.append(0x0A)
        for (index, name) in signedHeaders.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ";")) }
            out.append(contentsOf: name.utf8)
        }
        out.append(0x0A)
        out.append(contentsOf: payloadHash.utf8)
        return out
    }

    /// `<date>/<region>/<service>/aws4_request`.
    public static func credentialScope(date: String, region: String, service: String) -> String {
        "\(date)/\(region)/\(service)/\(scopeTerminator)"
    }

    /// `AWS4-HMAC-SHA256\n<amzDate>\n<scope>\n<hex sha256 of the canonical request>`.
    public static func stringToSign(amzDate: String, credentialScope: String, canonicalRequest: String) -> String {
        String(decoding: stringToSignBytes(amzDate: amzDate, credentialScope: credentialScope,
                                           canonicalRequest: Array(canonicalRequest.utf8)), as: UTF8.self)
    }

    static func stringToSignBytes(amzDate: String, credentialScope: String, canonicalRequest: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(algorithm.utf8.count + amzDate.utf8.count + credentialScope.utf8.count + 67)
        out.append(contentsOf: algorithm.utf8)
        out.append(0x0A)
        out.append(contentsOf: amzDate.utf8)
        out.append(0x0A)
        out.append(contentsOf: credentialScope.utf8)
        out.append(0x0A)
        SHA256.hash(data: canonicalRequest).withUnsafeBytes { Hex.append($0, to: &out) }
        return out
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    public static func signingKey(secretAccessKey: String, date: String, region: String, service: String) -> SymmetricKey {
        var key = hmac(key: Array("AWS4\(secretAccessKey)".utf8), message: date)
        key = hmac(key: key, message: region)
        key = hmac(key: key, message: service)
        key = hmac(key: key, message: scopeTerminator)
        return SymmetricKey(data: key)
    }

    /// Lower-case hex HMAC-SHA256 of the string to sign.
    public static func signature(signingKey: SymmetricKey, stringToSign: String) -> String {
        String(decoding: signatureBytes(HMAC<SHA256>(key: signingKey), stringToSign: Array(stringToSign.utf8)), as: UTF8.self)
    }

    /// Lower-case hex of the HMAC, continuing from `keyed` (an HMAC already keyed with the
    /// signing key, so the key schedule is not redone).
    static func signatureBytes(_ keyed: HMAC<SHA256>, stringToSign: [UInt8]) -> [UInt8] {
        var mac = keyed
        mac.update(data: stringToSign)
        var out: [UInt8] = []
        mac.finalize().withUnsafeBytes { Hex.append($0, to: &out) }
        return out
    }

    private static func hmac(key: [UInt8], message: String) -> [UInt8] {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: key))
        return mac.withUnsafeBytes { Array($0) }
    }
}
