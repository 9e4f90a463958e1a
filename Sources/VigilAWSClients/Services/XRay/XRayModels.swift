import Foundation

/// A service as X-Ray names it in trace summaries and the service graph.
public struct XRayServiceId: Decodable, Sendable, Equatable {
    public var name: String?
    public var names: [String]
    public var accountId: String?
    public var type: String?

    enum CodingKeys: String, CodingKey {
        case name = "Name", names = "Names", accountId = "AccountId", type = "Type"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        names = try c.decodeIfPresent([String].self, forKey: .names) ?? []
        accountId = try c.decodeIfPresent(String.self, forKey: .accountId)
        type = try c.decodeIfPresent(String.self, forKey: .type)
    }
}

/// One trace of GetTraceSummaries (the members the collectors use).
public struct XRayTraceSummary: Decodable, Sendable, Equatable {
    public var id: String
    public var startTime: Date?
    public var duration: Double?
    public var hasFault: Bool
    public var hasError: Bool
    public var hasThrottle: Bool
    public var serviceIds: [XRayServiceId]
    public var resourceARNs: [String]

    enum CodingKeys: String, CodingKey {
        case id = "Id", startTime = "StartTime", duration = "Duration", hasFault = "HasFault", hasError = "HasError"
        case hasThrottle = "HasThrottle", serviceIds = "ServiceIds", resourceARNs = "ResourceARNs"
    }

    struct ARNDetail: Decodable {
        var ARN: String?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        startTime = try c.decodeIfPresent(Date.self, forKey: .startTime)
        duration = try c.decodeIfPresent(Double.self, forKey: .duration)
        hasFault = try c.decodeIfPresent(Bool.self, forKey: .hasFault) ?? false
        hasError = try c.decodeIfPresent(Bool.self, forKey: .hasError) ?? false
        hasThrottle = try c.decodeIfPresent(Bool.self, forKey: .hasThrottle) ?? false
        serviceIds = try c.decodeIfPresent([XRayServiceId].self, forKey: .serviceIds) ?? []
        resourceARNs = (try c.decodeIfPresent([ARNDetail].self, forKey: .resourceARNs) ?? []).compactMap(\.ARN)
    }
}

/// One trace of BatchGetTraces: its segments as the JSON documents X-Ray stores.
public struct XRayTrace: Decodable, Sendable, Equatable {
    public struct Segment: Decodable, Sendable, Equatable {
        public var id: String?
        /// The segment document (JSON text); `XRaySegmentDocument.parse` reads it.
        public var document: String

        enum CodingKeys: String, CodingKey { case id = "Id", document = "Document" }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decodeIfPresent(String.self, forKey: .id)
            document = try c.decodeIfPresent(String.self, forKey: .document) ?? "{}"
        }
    }

    public var id: String
    public var duration: Double?
    public var limitExceeded: Bool
    public var segments: [Segment]

    enum CodingKeys: String, CodingKey {
        case id = "Id", duration = "Duration", limitExceeded = "LimitExceeded", segments = "Segments"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        duration = try c.decodeIfPresent(Double.self, forKey: .duration)
        limitExceeded = try c.decodeIfPresent(Bool.self, forKey: .limitExceeded) ?? false
        segments = try c.decodeIfPresent([Segment].self, forKey: .segments) ?? []
    }
}

/// A node of the X-Ray service graph with its outgoing edges (by the callee's reference id).
public struct XRayGraphService: Decodable, Sendable, Equatable {
    public var referenceId: Int?
    public var name: String?
    public var names: [String]
    public var accountId: String?
    /// `AWS::Lambda::Function`, `AWS::DynamoDB::Table`, `client`, `remote`, ...
    public var type: String?
    public var root: Bool
    public var edgeTargets: [Int]

    enum CodingKeys: String, CodingKey {
        case referenceId = "ReferenceId", name = "Name", names = "Names", accountId = "AccountId", type = "Type"
        case root = "Root", edges = "Edges"
    }

    struct Edge: Decodable {
        var ReferenceId: Int?
    }

    public init(referenceId: Int?, name: String?, names: [String] = [], accountId: String? = nil, type: String? = nil,
                root: Bool = false, edgeTargets: [Int] = []) {
        self.referenceId = referenceId
        self.name = name
        self.names = names
        self.accountId = accountId
        self.type = type
        self.root = root
        self.edgeTargets = edgeTargets
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        referenceId = try c.decodeIfPresent(Int.self, forKey: .referenceId)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        names = try c.decodeIfPresent([String].self, forKey: .names) ?? []
        accountId = try c.decodeIfPresent(String.self, forKey: .accountId)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        root = try c.decodeIfPresent(Bool.self, forKey: .root) ?? false
        edgeTargets = (try c.decodeIfPresent([Edge].self, forKey: .edges) ?? []).compactMap(\.ReferenceId)
    }
}
