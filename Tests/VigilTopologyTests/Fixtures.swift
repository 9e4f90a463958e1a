import VigilTopology

/// Small constructed inventories, named the way the AWS reader names things.
enum Fixture {
    static let account = "123456789012"
    static let region = "us-east-1"

    static func arn(_ service: String, _ rest: String) -> String {
        "arn:aws:\(service):\(region):\(account):\(rest)"
    }

    static func resource(_ arn: String, _ type: String, _ name: String, stack: String? = nil, identifiers: [String] = [],
                         references: [String: String] = [:], relations: [DeclaredRelation] = []) -> DiscoveredResource {
        DiscoveredResource(arn: arn, type: type, name: name, account: account, region: region, stack: stack,
                           identifiers: identifiers, references: references, relations: relations)
    }

    static func snapshot(_ resources: [DiscoveredResource], observed: [ObservedEdge] = []) -> InventorySnapshot {
        InventorySnapshot(account: account, region: region, resources: resources, observedEdges: observed)
    }

    static func edges(_ graph: TopologyGraph) -> [String] {
        graph.edges.map { "\(short($0.from)) \($0.kind.rawValue) \(short($0.to))" }
    }

    /// The last ARN component, for readable expectations.
    static func short(_ arn: String) -> String {
        String(arn.split(whereSeparator: { $0 == ":" || $0 == "/" }).last ?? Substring(arn))
    }

    // A small shop: API -> function -> queue -> worker -> table; the worker is in stack "shop".
    static let queueURL = "https://sqs.us-east-1.amazonaws.com/123456789012/orders"
    static let queueArn = arn("sqs", "orders")
    static let dlqArn = arn("sqs", "orders-dlq")
    static let apiFn = arn("lambda", "function:api")
    static let workerFn = arn("lambda", "function:worker")
    static let table = arn("dynamodb", "table/Orders")
    static let db = arn("rds", "db:shopdb")
    static let dbHost = "shopdb.c1.us-east-1.rds.amazonaws.com"
}
