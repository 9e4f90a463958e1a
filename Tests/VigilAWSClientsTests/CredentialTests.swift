import Foundation
import Testing
@testable import VigilAWSClients

/// A temporary `HOME` with `.aws/credentials` and `.aws/config`.
struct TemporaryAWSHome {
    let home: URL

    init(credentials: String? = nil, config: String? = nil) throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-aws-home-\(UUID().uuidString)")
        let aws = home.appendingPathComponent(".aws")
        try FileManager.default.createDirectory(at: aws, withIntermediateDirectories: true)
        if let credentials { try credentials.write(to: aws.appendingPathComponent("credentials"), atomically: true, encoding: .utf8) }
        if let config { try config.write(to: aws.appendingPathComponent("config"), atomically: true, encoding: .utf8) }
    }

    func remove() {
        try? FileManager.default.removeItem(at: home)
    }

    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ["HOME": home.path].merging(extra) { $1 }
    }
}

@Suite("Credential providers")
struct CredentialTests {
    static let credentialsFile = """
        # comment
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = secret-default

        [dev]
        aws_access_key_id=AKIDDEV
        aws_secret_access_key=secret-dev
        aws_session_token = token-dev
        ; another comment
        [both]
        aws_access_key_id = AKIDBOTH-CREDENTIALS
        aws_secret_access_key = secret-both-credentials
        [half]
        aws_access_key_id = AKIDHALF
        """

    static let configFile = """
        [default]
        region = us-east-1
        [profile ops]
        region = eu-west-1
        aws_access_key_id = AKIDOPS
        aws_secret_access_key = secret-ops
        s3 =
          max_concurrent_requests = 20
        [notaprofile]
        aws_access_key_id = AKIDWRONG
        aws_secret_access_key = secret-wrong
        [profile both]
        aws_access_key_id = AKIDBOTH-CONFIG
        aws_secret_access_key = secret-both-config
        [profile assumer]
        role_arn = arn:aws:iam::111122223333:role/x
        source_profile = default
        """

    @Test func environmentProvider() async throws {
        let full = EnvironmentCredentialProvider(environment: [
            "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secret-env", "AWS_SESSION_TOKEN": "token-env"])
        #expect(try await full.credentials() == AWSCredentials(accessKeyId: "AKIDENV", secretAccessKey: "secret-env", sessionToken: "token-env"))

        let empty = EnvironmentCredentialProvider(environment: ["AWS_ACCESS_KEY_ID": ""])
        await #expect(throws: CredentialError(.notFound, provider: "environment", "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")) {
            try await empty.credentials()
        }
        let half = EnvironmentCredentialProvider(environment: ["AWS_ACCESS_KEY_ID": "AKIDENV"])
        let error = await #expect(throws: CredentialError.self) { try await half.credentials() }
        #expect(error?.kind == .invalid)
    }

    @Test func profilesFromBothFiles() async throws {
        let home = try TemporaryAWSHome(credentials: Self.credentialsFile, config: Self.configFile)
        defer { home.remove() }

        let defaultProfile = ProfileCredentialProvider(environment: home.environment())
        #expect(try await defaultProfile.credentials().accessKeyId == "AKIDDEFAULT")

        // AWS_PROFILE picks the profile; the session token comes along.
        let dev = try await ProfileCredentialProvider(environment: home.environment(["AWS_PROFILE": "dev"])).credentials()
        #expect(dev == AWSCredentials(accessKeyId: "AKIDDEV", secretAccessKey: "secret-dev", sessionToken: "token-dev"))

        // `[profile ops]` in the config file; its nested s3 block does not disturb the keys.
        #expect(try await ProfileCredentialProvider(profile: "ops", environment: home.environment()).credentials().accessKeyId == "AKIDOPS")

        // The credentials file wins over the config file.
        #expect(try await ProfileCredentialProvider(profile: "both", environment: home.environment()).credentials().accessKeyId
            == "AKIDBOTH-CREDENTIALS")

        // `[notaprofile]` in the config file is not a profile.
        let wrong = await #expect(throws: CredentialError.self) {
            try await ProfileCredentialProvider(profile: "notaprofile", environment: home.environment()).credentials()
        }
        #expect(wrong?.kind == .invalid)

        // Half a key pair is an error, not a skip.
        let half = await #expect(throws: CredentialError.self) {
            try await ProfileCredentialProvider(profile: "half", environment: home.environment()).credentials()
        }
        #expect(half?.kind == .invalid)

        // Assume-role profiles are reported as unsupported.
        let assumer = await #expect(throws: CredentialError.self) {
            try await ProfileCredentialProvider(profile: "assumer", environment: home.environment()).credentials()
        }
        #expect(assumer?.message.contains("role_arn") == true)
    }

    @Test func fileLocationsFromTheEnvironment() async throws {
        let home = try TemporaryAWSHome()
        defer { home.remove() }
        let elsewhere = home.home.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try "[x]\naws_access_key_id = AKIDX\naws_secret_access_key = sx\n"
            .write(to: elsewhere.appendingPathComponent("creds"), atomically: true, encoding: .utf8)
        try "[profile y]\naws_access_key_id = AKIDY\naws_secret_access_key = sy\n"
            .write(to: elsewhere.appendingPathComponent("conf"), atomically: true, encoding: .utf8)
        let environment = home.environment([
            "AWS_SHARED_CREDENTIALS_FILE": elsewhere.appendingPathComponent("creds").path,
            "AWS_CONFIG_FILE": elsewhere.appendingPathComponent("conf").path,
        ])
        #expect(try await ProfileCredentialProvider(profile: "x", environment: environment).credentials().accessKeyId == "AKIDX")
        #expect(try await ProfileCredentialProvider(profile: "y", environment: environment).credentials().accessKeyId == "AKIDY")

        // No files, default profile: notFound (so a chain goes on).
        let none = await #expect(throws: CredentialError.self) {
            try await ProfileCredentialProvider(environment: home.environment()).credentials()
        }
        #expect(none?.kind == .notFound)
        // No files, a named profile: an error.
        let named = await #expect(throws: CredentialError.self) {
            try await ProfileCredentialProvider(environment: home.environment(["AWS_PROFILE": "nope"])).credentials()
        }
        #expect(named?.kind == .invalid)
    }

    @Test func standardChainOrder() async throws {
        let home = try TemporaryAWSHome(credentials: Self.credentialsFile, config: Self.configFile)
        defer { home.remove() }
        let keys = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secret-env"]

        // Environment first, even with AWS_PROFILE set.
        let chain = CredentialProviderChain.standard(environment: home.environment(keys.merging(["AWS_PROFILE": "dev"]) { $1 }))
        #expect(try await chain.credentials().accessKeyId == "AKIDENV")

        // Without keys in the environment: the profile.
        #expect(try await CredentialProviderChain.standard(environment: home.environment(["AWS_PROFILE": "dev"])).credentials().accessKeyId
            == "AKIDDEV")
        #expect(try await CredentialProviderChain.standard(environment: home.environment()).credentials().accessKeyId == "AKIDDEFAULT")

        // A profile given explicitly is used alone (the CLI's --profile).
        #expect(try await CredentialProviderChain.standard(profile: "ops", environment: home.environment(keys)).credentials().accessKeyId
            == "AKIDOPS")

        // Half-configured environment stops the chain instead of falling through to the files.
        let half = await #expect(throws: CredentialError.self) {
            try await CredentialProviderChain.standard(environment: home.environment(["AWS_ACCESS_KEY_ID": "AKIDENV"])).credentials()
        }
        #expect(half?.provider == "environment")

        // Nothing anywhere: one error naming every source.
        let empty = try TemporaryAWSHome()
        defer { empty.remove() }
        let nothing = await #expect(throws: CredentialError.self) {
            try await CredentialProviderChain.standard(environment: empty.environment()).credentials()
        }
        #expect(nothing?.kind == .notFound)
        #expect(nothing?.message.contains("environment") == true)
        #expect(nothing?.message.contains("profile \"default\"") == true)
    }

    @Test func chainKeepsUsingTheProviderThatAnswered() async throws {
        final class Counting: CredentialProvider, @unchecked Sendable {
            let lock = NSLock()
            var calls = 0
            let result: AWSCredentials?
            init(_ result: AWSCredentials?) { self.result = result }
            var providerName: String { "counting" }
            func credentials() async throws -> AWSCredentials {
                lock.withLock { calls += 1 }
                guard let result else { throw CredentialError(.notFound, provider: providerName, "none") }
                return result
            }
        }
        let first = Counting(nil)
        let second = Counting(AWSCredentials(accessKeyId: "A", secretAccessKey: "s"))
        let chain = CredentialProviderChain([first, second])
        for _ in 0..<3 { _ = try await chain.credentials() }
        #expect(first.calls == 1)
        #expect(second.calls == 3)
    }

    @Test func secretsNeverPrint() {
        let credentials = AWSCredentials(accessKeyId: "AKIDPRINT", secretAccessKey: "very-secret-key", sessionToken: "very-secret-token",
                                         expiration: Date(timeIntervalSince1970: 0))
        var dumped = ""
        dump(credentials, to: &dumped)
        let session = AssumeRoleResult(credentials: credentials, assumedRoleArn: "arn:aws:sts::111122223333:assumed-role/r/s",
                                       assumedRoleId: "AROA:s", packedPolicySize: nil, sourceIdentity: nil)
        var dumpedSession = ""
        dump(session, to: &dumpedSession)
        for text in ["\(credentials)", String(reflecting: credentials), dumped, "\([credentials])", "\(session)",
                     String(reflecting: session), dumpedSession] {
            #expect(text.contains("AKIDPRINT"))
            #expect(!text.contains("very-secret"), "\(text)")
        }
    }
}
