/// The wire protocol of a service, as botocore's `metadata.protocol` names it.
public enum AWSWireProtocol: Sendable, Equatable {
    /// Form-encoded `Action`/`Version` request, XML response (IAM, STS, CloudFormation, SNS, ...).
    case query
    /// POST `/` with `X-Amz-Target: {targetPrefix}.{Operation}` and a JSON body
    /// (`application/x-amz-json-{version}`: DynamoDB, CloudWatch Logs, ECS, SQS, ...).
    case json(version: String, targetPrefix: String)
    /// Operations bound to method, path, query and headers with a JSON body (Lambda, EKS, X-Ray, ...).
    case restJSON
}

/// What a client needs to know about a service to call it. A new service is one descriptor and
/// one client type with its operations (see `STSClient`, `IAMClient`).
public struct AWSServiceDescriptor: Sendable {
    /// Name used in errors and logs (`IAM`).
    public var name: String
    /// SigV4 service name (`iam`).
    public var signingName: String
    /// Host prefix of the regional endpoint (`sts` → `sts.us-east-1.amazonaws.com`).
    public var endpointPrefix: String
    /// Query protocol `Version` (`2010-05-08`).
    public var apiVersion: String
    public var wireProtocol: AWSWireProtocol
    /// Hosts of a global service by partition name; such a service signs with the partition's
    /// global signing region whatever region the client is for.
    public var globalEndpoints: [String: String]
    /// Domain of the regional endpoint when the service does not use its partition's
    /// (`api.aws` for Resource Explorer); nil: the partition's.
    public var dnsSuffix: String?

    public init(
        name: String, signingName: String, endpointPrefix: String? = nil, apiVersion: String,
        wireProtocol: AWSWireProtocol, globalEndpoints: [String: String] = [:], dnsSuffix: String? = nil
    ) {
        self.dnsSuffix = dnsSuffix
        self.name = name
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix ?? signingName
        self.apiVersion = apiVersion
        self.wireProtocol = wireProtocol
        self.globalEndpoints = globalEndpoints
    }

    public var isGlobal: Bool { !globalEndpoints.isEmpty }

    /// The region requests are signed for.
    public func signingRegion(for region: String) -> String {
        isGlobal ? AWSPartition.of(region: region).globalSigningRegion : region
    }
}
