/// A resource an investigation asks telemetry for, read from its ARN: what kind of resource it
/// is and the names CloudWatch, X-Ray and CloudTrail know it by. Pure.
public struct TelemetryEntity: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case lambdaFunction(name: String)
        case ecsService(cluster: String, service: String)
        case rdsInstance(identifier: String)
        case rdsCluster(identifier: String)
        case sqsQueue(name: String)
        case dynamoDBTable(name: String)
        /// `dimension` is the `LoadBalancer` dimension value, `app/<name>/<id>`.
        case applicationLoadBalancer(dimension: String)
        case apiGatewayRestAPI(id: String)
        case apiGatewayHTTPAPI(id: String)
        /// A resource this module collects no metrics for (still matched in logs, traces, changes).
        case other
    }

    /// The entity as the request named it (normally an ARN).
    public var arn: String
    public var kind: Kind
    public var partition: String
    public var service: String
    public var region: String
    public var account: String
    /// The short name other services use for it (function, queue, table, DB identifier, service
    /// name); the last path segment of the resource for kinds this module does not know.
    public var name: String

    /// Parses `arn:partition:service:region:account:resource`; nil when `arn` is not an ARN.
    public init?(arn: String) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty, !parts[5].isEmpty else { return nil }
        self.arn = arn
        partition = parts[1]
        service = parts[2]
        region = parts[3]
        account = parts[4]
        let resource = parts[5]
        let (kind, name) = Self.classify(service: service, resource: resource)
        self.kind = kind
        self.name = name
    }

    private static func classify(service: String, resource: String) -> (Kind, String) {
        let slash = resource.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let colon = resource.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let fallback = slash.last.flatMap { $0.isEmpty ? nil : $0 } ?? resource
        switch service {
        case "lambda" where colon.count >= 2 && colon[0] == "function" && !colon[1].isEmpty:
            return (.lambdaFunction(name: colon[1]), colon[1])
        case "ecs" where slash.count == 3 && slash[0] == "service" && !slash[1].isEmpty && !slash[2].isEmpty:
            return (.ecsService(cluster: slash[1], service: slash[2]), slash[2])
        case "ecs" where slash.count == 2 && slash[0] == "service" && !slash[1].isEmpty:
            // The old ARN format has no cluster: such services live in the `default` cluster.
            return (.ecsService(cluster: "default", service: slash[1]), slash[1])
        case "rds" where colon.count == 2 && colon[0] == "db" && !colon[1].isEmpty:
            return (.rdsInstance(identifier: colon[1]), colon[1])
        case "rds" where colon.count == 2 && colon[0] == "cluster" && !colon[1].isEmpty:
            return (.rdsCluster(identifier: colon[1]), colon[1])
        case "sqs" where !resource.contains("/") && !resource.contains(":"):
            return (.sqsQueue(name: resource), resource)
        case "dynamodb" where slash.count >= 2 && slash[0] == "table" && !slash[1].isEmpty:
            return (.dynamoDBTable(name: slash[1]), slash[1])
        case "elasticloadbalancing" where slash.count == 4 && slash[0] == "loadbalancer" && slash[1] == "app":
            return (.applicationLoadBalancer(dimension: slash[1...].joined(separator: "/")), slash[2])
        case "apigateway" where slash.count >= 3 && slash[1] == "restapis" && !slash[2].isEmpty:
            return (.apiGatewayRestAPI(id: slash[2]), slash[2])
        case "apigateway" where slash.count >= 3 && slash[1] == "apis" && !slash[2].isEmpty:
            return (.apiGatewayHTTPAPI(id: slash[2]), slash[2])
        default:
            return (.other, fallback)
        }
    }
}
