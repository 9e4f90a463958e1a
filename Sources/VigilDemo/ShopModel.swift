/// The simulated shop: services, what each runs on, and who calls whom. Pure data.
public struct ShopService: Sendable, Hashable {
    public enum Platform: String, Sendable, Hashable {
        case apiGateway = "AWS::ApiGateway::RestApi"
        case lambda = "AWS::Lambda::Function"
        case ecs = "AWS::ECS::Service"
        case rds = "AWS::RDS::DBInstance"
        case dynamodb = "AWS::DynamoDB::Table"
        case sqs = "AWS::SQS::Queue"
    }

    public var name: String
    public var platform: Platform
    /// Services this one calls (or, for a queue consumer, reads from).
    public var calls: [String]
    /// Requests per second at the daily mean, at the entry point or as seen by this service.
    public var baseRate: Double
    /// Own processing time in milliseconds.
    public var baseLatencyMs: Double
    public var operation: String
}

public struct ShopModel: Sendable {
    public var services: [ShopService]

    public func service(_ name: String) -> ShopService? { services.first { $0.name == name } }

    /// The shop of 13 services; with `serviceCount` above that, generic microservices are added
    /// under the catalog and storefront (for benchmarks of larger topologies).
    public static func make(serviceCount: Int = 13) -> ShopModel {
        var services: [ShopService] = [
            .init(name: "shop-api", platform: .apiGateway, calls: ["auth-fn", "storefront", "checkout", "cart-fn"],
                  baseRate: 120, baseLatencyMs: 8, operation: "ANY /{proxy+}"),
            .init(name: "auth-fn", platform: .lambda, calls: ["sessions-table"], baseRate: 120, baseLatencyMs: 12, operation: "authorize"),
            .init(name: "storefront", platform: .ecs, calls: ["catalog", "search-fn"], baseRate: 70, baseLatencyMs: 35, operation: "GET /products"),
            .init(name: "checkout", platform: .ecs, calls: ["payments", "orders-db", "order-events", "cart-fn"], baseRate: 12,
                  baseLatencyMs: 60, operation: "POST /checkout"),
            .init(name: "cart-fn", platform: .lambda, calls: ["carts-table"], baseRate: 40, baseLatencyMs: 15, operation: "cart"),
            .init(name: "catalog", platform: .ecs, calls: [], baseRate: 90, baseLatencyMs: 20, operation: "GET /catalog/items"),
            .init(name: "search-fn", platform: .lambda, calls: ["catalog"], baseRate: 20, baseLatencyMs: 45, operation: "search"),
            .init(name: "payments", platform: .ecs, calls: [], baseRate: 12, baseLatencyMs: 180, operation: "POST /charge"),
            .init(name: "orders-db", platform: .rds, calls: [], baseRate: 30, baseLatencyMs: 4, operation: "query"),
            .init(name: "order-events", platform: .sqs, calls: [], baseRate: 12, baseLatencyMs: 3, operation: "SendMessage"),
            .init(name: "notify-fn", platform: .lambda, calls: ["order-events"], baseRate: 12, baseLatencyMs: 90, operation: "notify"),
            .init(name: "carts-table", platform: .dynamodb, calls: [], baseRate: 45, baseLatencyMs: 5, operation: "GetItem"),
            .init(name: "sessions-table", platform: .dynamodb, calls: [], baseRate: 120, baseLatencyMs: 4, operation: "GetItem"),
        ]
        var extra = 0
        while services.count < serviceCount {
            let parent = extra < 4 ? (extra % 2 == 0 ? "catalog" : "storefront") : "svc-\(String(format: "%03d", (extra - 4) / 3))"
            let name = "svc-\(String(format: "%03d", extra))"
            if let i = services.firstIndex(where: { $0.name == parent }) { services[i].calls.append(name) }
            services.append(.init(name: name, platform: extra % 3 == 0 ? .lambda : .ecs, calls: [], baseRate: 10,
                                  baseLatencyMs: 10, operation: "GET /\(name)"))
            extra += 1
        }
        return ShopModel(services: services)
    }

    /// Services ordered so every callee comes before its callers.
    var calleesFirst: [ShopService] {
        var order: [ShopService] = []
        var done = Set<String>()
        func visit(_ s: ShopService) {
            guard !done.contains(s.name) else { return }
            done.insert(s.name)
            for c in s.calls { if let callee = service(c) { visit(callee) } }
            order.append(s)
        }
        services.forEach(visit)
        return order
    }
}
