/// Where requests for a service go: scheme, host and port. The path is the operation's.
public struct AWSEndpoint: Sendable, Equatable, CustomStringConvertible {
    public var scheme: String
    public var host: String
    public var port: Int?

    public init(scheme: String = "https", host: String, port: Int? = nil) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Parses `http(s)://host[:port]` (a trailing `/` is allowed; any other path is refused).
    public init(url: String) throws(AWSClientError) {
        func invalid(_ why: String) -> AWSClientError {
            AWSClientError(.invalidRequest("endpoint '\(url)': \(why)"), service: "*", operation: "*")
        }
        let schemeAndRest = url.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard schemeAndRest.count == 2 else { throw invalid("expected scheme://host[:port]") }
        let scheme = schemeAndRest[0].lowercased()
        guard scheme == "http" || scheme == "https" else { throw invalid("scheme must be http or https") }
        var authority = Substring(schemeAndRest[1])
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        guard !authority.isEmpty, !authority.contains("/"), !authority.contains("?"), !authority.contains("@") else {
            throw invalid("expected no path, query or user")
        }
        var host = String(authority)
        var port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            guard let parsed = Int(authority[authority.index(after: colon)...]), (1...65535).contains(parsed) else {
                throw invalid("bad port")
            }
            port = parsed
            host = String(authority[..<colon])
        }
        guard !host.isEmpty else { throw invalid("empty host") }
        self.init(scheme: scheme, host: host, port: port)
    }

    private var isDefaultPort: Bool {
        guard let port else { return true }
        return (scheme == "https" && port == 443) || (scheme == "http" && port == 80)
    }

    /// The `Host` header: the host, with the port unless it is the scheme's default.
    public var hostHeader: String {
        isDefaultPort ? host : "\(host):\(port ?? 0)"
    }

    /// `scheme://host[:port]`.
    public var origin: String { "\(scheme)://\(hostHeader)" }

    public var description: String { origin }
}

/// An AWS partition: its DNS suffix and where its global services sign.
public struct AWSPartition: Sendable, Equatable {
    public var name: String
    public var dnsSuffix: String
    /// The region global services (IAM) sign with in this partition.
    public var globalSigningRegion: String

    public static let aws = AWSPartition(name: "aws", dnsSuffix: "amazonaws.com", globalSigningRegion: "us-east-1")
    public static let china = AWSPartition(name: "aws-cn", dnsSuffix: "amazonaws.com.cn", globalSigningRegion: "cn-north-1")
    public static let govCloud = AWSPartition(name: "aws-us-gov", dnsSuffix: "amazonaws.com", globalSigningRegion: "us-gov-west-1")

    public static func of(region: String) -> AWSPartition {
        if region.hasPrefix("cn-") { return .china }
        if region.hasPrefix("us-gov-") { return .govCloud }
        return .aws
    }
}

/// Maps a service and region to an endpoint: AWS's standard names, or one override for every
/// service (moto, a local recorder). Signing regions do not depend on the endpoint.
public struct AWSEndpointResolver: Sendable {
    private let resolve: @Sendable (AWSServiceDescriptor, String) throws -> AWSEndpoint

    public init(_ resolve: @escaping @Sendable (_ service: AWSServiceDescriptor, _ region: String) throws -> AWSEndpoint) {
        self.resolve = resolve
    }

    public func endpoint(for service: AWSServiceDescriptor, region: String) throws -> AWSEndpoint {
        try resolve(service, region)
    }

    /// `https://{prefix}.{region}.{suffix}`, or the service's global endpoint in the region's partition.
    public static let standard = AWSEndpointResolver { service, region in
        let partition = AWSPartition.of(region: region)
        if let global = service.globalEndpoints[partition.name] {
            return AWSEndpoint(host: global)
        }
        return AWSEndpoint(host: "\(service.endpointPrefix).\(region).\(service.dnsSuffix ?? partition.dnsSuffix)")
    }

    /// Every service at `endpoint` (tests, moto, LocalStack).
    public static func override(_ endpoint: AWSEndpoint) -> AWSEndpointResolver {
        AWSEndpointResolver { _, _ in endpoint }
    }
}
