/// Which operations a client may send. Clients from `AWSClientFactory` are `readOnly`: the
/// agent reads AWS and never writes it, and it cannot mint credentials to leave its boundary.
/// The role's IAM policy remains the real limit; this is the second line, in Vigil.
public struct AWSOperationPolicy: Sendable {
    private let decide: @Sendable (_ signingName: String, _ operation: String) -> Bool
    public let name: String

    public init(name: String, _ decide: @escaping @Sendable (_ signingName: String, _ operation: String) -> Bool) {
        self.name = name
        self.decide = decide
    }

    public func permits(service: AWSServiceDescriptor, operation: String) -> Bool {
        decide(service.signingName, operation)
    }

    public static let unrestricted = AWSOperationPolicy(name: "unrestricted") { _, _ in true }

    /// Operation name prefixes that read.
    public static let readPrefixes = ["Get", "List", "Describe", "Lookup", "Search", "Filter", "BatchGet"]

    /// Reads whose names do not say so, as `signingName:Operation`. CloudWatch Logs Insights runs a
    /// query in two steps: `StartQuery` creates a query over log groups (it reads logs and writes
    /// nothing the account's workloads see) and `StopQuery` cancels Vigil's own running query when
    /// it times out, so it does not keep scanning and billing. Neither changes a log group, a
    /// stream or any watched resource.
    public static let readsByOtherNames: Set<String> = ["logs:StartQuery", "logs:StopQuery"]

    /// Reads only (`Get*`, `List*`, `Describe*`, `Lookup*`, `Search*`, `Filter*`, `BatchGet*`,
    /// `readsByOtherNames`, and the `additional` operations, as `service:Operation` or `Operation`), and of STS only
    /// `GetCallerIdentity`: `AssumeRole*`, `GetSessionToken` and `GetFederationToken` would hand
    /// the caller credentials outside the factory's boundary.
    public static func readOnly(additional: Set<String> = []) -> AWSOperationPolicy {
        AWSOperationPolicy(name: "read-only") { signingName, operation in
            if signingName == "sts" { return operation == "GetCallerIdentity" }
            if readsByOtherNames.contains("\(signingName):\(operation)") { return true }
            if additional.contains(operation) || additional.contains("\(signingName):\(operation)") { return true }
            return readPrefixes.contains { operation.hasPrefix($0) }
        }
    }
}
