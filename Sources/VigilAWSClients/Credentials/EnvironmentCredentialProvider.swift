import Foundation

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional `AWS_SESSION_TOKEN`
/// (`AWS_SECURITY_TOKEN`, its old name, is read too). Empty values count as unset; one key
/// without the other is an error, as in botocore.
public struct EnvironmentCredentialProvider: CredentialProvider {
    private let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public var providerName: String { "environment" }

    public func credentials() async throws -> AWSCredentials {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        let keyId = value("AWS_ACCESS_KEY_ID")
        let secret = value("AWS_SECRET_ACCESS_KEY")
        switch (keyId, secret) {
        case (nil, nil):
            throw CredentialError(.notFound, provider: providerName, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
        case (let keyId?, let secret?):
            return AWSCredentials(accessKeyId: keyId, secretAccessKey: secret,
                                  sessionToken: value("AWS_SESSION_TOKEN") ?? value("AWS_SECURITY_TOKEN"))
        case (nil, _):
            throw CredentialError(.invalid, provider: providerName, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (_, nil):
            throw CredentialError(.invalid, provider: providerName, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
    }
}
