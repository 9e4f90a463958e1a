import Foundation

/// Asks each provider in order and uses the first that has credentials. A provider that says
/// `notFound` is skipped; any other failure stops the chain (a half-configured source is
/// reported, not silently passed over). Once a provider has answered, the chain keeps asking
/// that one (it refreshes its own credentials if they are temporary).
public final class CredentialProviderChain: CredentialProvider {
    public let providers: [any CredentialProvider]
    private let chosen = Locked<Int?>(nil)

    public init(_ providers: [any CredentialProvider]) {
        self.providers = providers
    }

    public var providerName: String {
        "chain(" + providers.map(\.providerName).joined(separator: ", ") + ")"
    }

    public func credentials() async throws -> AWSCredentials {
        if let index = chosen.withLock({ $0 }) {
            return try await providers[index].credentials()
        }
        var reasons: [String] = []
        for (index, provider) in providers.enumerated() {
            do {
                let credentials = try await provider.credentials()
                chosen.withLock { $0 = index }
                return credentials
            } catch let error as CredentialError where error.kind == .notFound {
                reasons.append(error.description)
            }
        }
        throw CredentialError(.notFound, provider: providerName,
                              "no credentials: " + (reasons.isEmpty ? "no providers" : reasons.joined(separator: "; ")))
    }

    /// The standard chain of the AWS SDKs, minus the sources Vigil does not read: environment
    /// variables, then the shared credentials and config files (profile from `AWS_PROFILE`).
    /// A profile given here is used alone, as `--profile` does in the AWS CLI.
    public static func standard(
        profile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> CredentialProviderChain {
        if let profile {
            return CredentialProviderChain([ProfileCredentialProvider(profile: profile, environment: environment)])
        }
        return CredentialProviderChain([
            EnvironmentCredentialProvider(environment: environment),
            ProfileCredentialProvider(environment: environment),
        ])
    }
}
