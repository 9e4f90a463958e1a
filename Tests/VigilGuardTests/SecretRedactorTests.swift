import Testing
@testable import VigilGuard

@Suite struct SecretRedactorTests {
    // Constructed look-alikes of each format (AWS's documentation example key pair included).
    static let cases: [(input: String, kind: SecretKind, secret: String)] = [
        ("key AKIAIOSFODNN7EXAMPLE in env", .awsAccessKeyId, "AKIAIOSFODNN7EXAMPLE"),
        ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", .awsSecretAccessKey, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ("creds: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY end", .awsSecretAccessKey, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ("AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEHcaCXVzLWVhc3QtMSJHMEUCIQDexampleexampleexampleexampleexample0123456789abcdef",
         .awsSessionToken, "IQoJb3JpZ2luX2VjEHcaCXVzLWVhc3QtMSJHMEUCIQDexampleexampleexampleexampleexample0123456789abcdef"),
        ("Authorization: Bearer abcDEF123456.ghiJKL-789_xyz", .bearerToken, "abcDEF123456.ghiJKL-789_xyz"),
        ("Authorization: Basic dXNlcjpodW50ZXIy", .basicCredentials, "dXNlcjpodW50ZXIy"),
        ("token ghp_abcdefghijklmnopqrstuvwxyz0123456789AB used", .apiToken, "ghp_abcdefghijklmnopqrstuvwxyz0123456789AB"),
        ("slack xoxb-1234567890-abcdefghijkl", .apiToken, "xoxb-1234567890-abcdefghijkl"),
        ("db postgres://app:s3cr3t-pw@db.internal:5432/orders", .urlPassword, "s3cr3t-pw"),
        ("password=hunter2 user=bob", .password, "hunter2"),
        ("{\"client_secret\": \"abc123def\"}", .password, "abc123def"),
        ("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok",
         .jwt, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"),
    ]

    @Test(arguments: cases)
    func replacesEachKindWithItsMarker(_ example: (input: String, kind: SecretKind, secret: String)) {
        let redaction = SecretRedactor.redact(example.input)
        #expect(!redaction.text.contains(example.secret), "\(redaction.text)")
        #expect(redaction.text.contains(example.kind.marker), "\(redaction.text)")
        #expect(redaction.found[example.kind] ?? 0 >= 1)
    }

    @Test func redactsAWholePEMPrivateKeyBlock() {
        let pem = """
            config:
            -----BEGIN RSA PRIVATE KEY-----
            MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun
            VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK
            -----END RSA PRIVATE KEY-----
            after
            """
        let redaction = SecretRedactor.redact(pem)
        #expect(redaction.text == "config:\n[REDACTED:private-key]\nafter")
        #expect(redaction.found == [.privateKey: 1])
    }

    @Test func leavesOrdinaryTextAlone() {
        let text = """
            commit 3f9a1c2e7b4d5f6a8b9c0d1e2f3a4b5c6d7e8f90 on main; request 1b4e28ba-2fa1-11d2-883f-0016d3cca427
            password policy updated by admin; the token bucket refilled; https://example.com/path?q=1
            arn:aws:iam::123456789012:role/VigilReadOnly i-0abcdef1234567890
            """
        let redaction = SecretRedactor.redact(text)
        #expect(redaction.isClean, "\(redaction.found)")
        #expect(redaction.text == text)
    }

    @Test func neverRedactsItsOwnMarkers() {
        let once = SecretRedactor.redact("token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXZhbHVl")
        #expect(once.text == "token=[REDACTED:jwt]")
        let twice = SecretRedactor.redact(once.text)
        #expect(twice.isClean)
        #expect(twice.text == once.text)
    }

    @Test func countsEveryOccurrence() {
        let redaction = SecretRedactor.redact("AKIAIOSFODNN7EXAMPLE and ASIAIOSFODNN7EXAMPL2 and password: x1")
        #expect(redaction.found[.awsAccessKeyId] == 2)
        #expect(redaction.found[.password] == 1)
        #expect(redaction.total == 3)
    }
}
