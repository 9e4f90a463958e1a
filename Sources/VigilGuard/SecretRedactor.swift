import Foundation

/// Kinds of secrets the redactor recognises; the marker names the kind (`[REDACTED:jwt]`).
public enum SecretKind: String, Sendable, Codable, CaseIterable, Comparable {
    case privateKey = "private-key"
    case jwt
    case awsAccessKeyId = "aws-access-key-id"
    case awsSecretAccessKey = "aws-secret-access-key"
    case awsSessionToken = "aws-session-token"
    case apiToken = "api-token"
    case bearerToken = "bearer-token"
    case basicCredentials = "basic-credentials"
    case urlPassword = "url-password"
    case password

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public var marker: String { "[REDACTED:\(rawValue)]" }
}

/// What `SecretRedactor.redact` produced: the text with every secret replaced by its marker, and
/// how many of each kind were found. The secrets themselves are not kept anywhere.
public struct Redaction: Sendable, Equatable {
    public var text: String
    public var found: [SecretKind: Int]

    public var isClean: Bool { found.isEmpty }
    public var total: Int { found.values.reduce(0, +) }
}

/// Replaces secrets in text with a marker naming their kind: AWS access key ids, secret keys and
/// session tokens, bearer and API tokens of well-known formats, PEM private keys, passwords in
/// URLs and in key=value or JSON pairs, JWTs. Pure and deterministic. Run it on everything that
/// leaves Vigil (tickets, support cases, audit details) — it errs towards redacting.
public enum SecretRedactor {
    private struct Pattern {
        let kind: SecretKind
        let regex: NSRegularExpression
        /// Capture group holding the secret (0 = the whole match).
        let group: Int

        init(_ kind: SecretKind, _ pattern: String, group: Int = 0, caseInsensitive: Bool = false) {
            self.kind = kind
            self.group = group
            do {
                regex = try NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
            } catch {
                preconditionFailure("invalid redaction pattern for \(kind): \(error)")
            }
        }
    }

    private static let notMarker = "(?!\\[REDACTED)"

    /// In order: whole blocks first, then specific formats, then the generic key=value form.
    private static let patterns: [Pattern] = [
        Pattern(.privateKey, "-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)"),
        Pattern(.jwt, "\\beyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}"),
        Pattern(.awsAccessKeyId, "\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|ABIA|ACCA)[A-Z0-9]{16}\\b"),
        Pattern(.awsSessionToken,
                "(?:aws_?session_?token|session_?token|x-amz-security-token|sessionToken)[\"']?\\s*[:=]\\s*[\"']?\(notMarker)([A-Za-z0-9/+=]{40,})",
                group: 1, caseInsensitive: true),
        Pattern(.awsSessionToken, "\\b(?:FwoGZXIvYXdzE|IQoJb3JpZ2luX2Vj|IQoJb3JpZ2lu)[A-Za-z0-9/+=]{40,}"),
        Pattern(.awsSecretAccessKey,
                "(?:aws_?secret_?access_?key|secret_?access_?key|aws_?secret_?key|secretAccessKey)[\"']?\\s*[:=]\\s*[\"']?\(notMarker)([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])",
                group: 1, caseInsensitive: true),
        // A bare 40-character key: base64 alphabet with upper, lower case and a digit (git hashes are hex).
        Pattern(.awsSecretAccessKey, "(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9])(?=[A-Za-z0-9/+]*[g-zG-Z/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"),
        Pattern(.apiToken,
                "\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35}|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{36}|SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}|hv[sb]\\.[A-Za-z0-9_-]{20,})"),
        Pattern(.bearerToken, "\\bbearer\\s+\(notMarker)([A-Za-z0-9._~+/-]{8,}=*)", group: 1, caseInsensitive: true),
        Pattern(.basicCredentials, "\\bbasic\\s+\(notMarker)([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])", group: 1, caseInsensitive: true),
        Pattern(.urlPassword, "\\b[a-z][a-z0-9+.-]{1,20}://[^\\s:/@]{1,128}:\(notMarker)([^\\s@/]{1,256})@", group: 1, caseInsensitive: true),
        Pattern(.password,
                "(?:\\b|_)(?:password|passwd|passphrase|pwd|pass|secret|client_secret|api_?key|apikey|api-key|access_token|auth_token|refresh_token|token|private_key|credentials?|x-api-key)[\"']?\\s*(?:[:=]|=>)\\s*[\"']?\(notMarker)([^\\s\"',;&}]{1,512})",
                group: 1, caseInsensitive: true),
    ]

    public static func redact(_ text: String) -> Redaction {
        var current = text
        var found: [SecretKind: Int] = [:]
        for pattern in patterns {
            let matches = pattern.regex.matches(in: current, range: NSRange(current.startIndex..., in: current))
            guard !matches.isEmpty else { continue }
            var result = ""
            var cursor = current.startIndex
            var count = 0
            for match in matches {
                let nsRange = match.range(at: pattern.group)
                guard nsRange.location != NSNotFound, let range = Range(nsRange, in: current), range.lowerBound >= cursor else { continue }
                result += current[cursor..<range.lowerBound]
                result += pattern.kind.marker
                cursor = range.upperBound
                count += 1
            }
            result += current[cursor...]
            current = result
            if count > 0 { found[pattern.kind, default: 0] += count }
        }
        return Redaction(text: current, found: found)
    }
}
