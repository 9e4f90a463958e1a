/// A source of AWS credentials. Implementations are safe to call concurrently and never log or
/// write the secrets they hand out.
public protocol CredentialProvider: Sendable {
    /// Current credentials; providers of temporary credentials refresh them before they expire.
    func credentials() async throws -> AWSCredentials
    /// A short name for errors (`environment`, `profile "dev"`, `assume role arn:…`).
    var providerName: String { get }
}

/// Why a provider has no credentials. `notFound` lets a chain go on to the next provider; the
/// other kinds stop it (a half-configured source is a mistake to report, not to skip).
public struct CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// This source is not configured.
        case notFound
        /// This source is configured but unusable (partial keys, unsupported profile type, unreadable file).
        case invalid
        /// Fetching temporary credentials failed.
        case refreshFailed
    }

    public var kind: Kind
    public var provider: String
    public var message: String

    public init(_ kind: Kind, provider: String, _ message: String) {
        self.kind = kind
        self.provider = provider
        self.message = message
    }

    public var description: String { "\(provider): \(message)" }
}

/// Fixed credentials (tests, or keys Vigil unsealed from its own store).
public struct StaticCredentialProvider: CredentialProvider {
    private let value: AWSCredentials

    public init(_ credentials: AWSCredentials) {
        self.value = credentials
    }

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.value = AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
    }

    public func credentials() async throws -> AWSCredentials { value }
    public var providerName: String { "static" }
}
