import VigilAWSClients

/// One metric to read for an entity: where it is in CloudWatch and at which statistic.
public struct MetricSpec: Sendable, Hashable {
    public var entity: String
    public var namespace: String
    public var metricName: String
    public var dimensions: [CloudWatchDimension]
    public var stat: String
    /// The series it lands in; specs with the same series are summed (DynamoDB publishes
    /// `ThrottledRequests` and `SystemErrors` per operation only).
    public var series: String
}

/// Which CloudWatch metrics matter for each kind of resource, and the dimensions that identify
/// the resource in its namespace (also used to match alarms to entities). Pure.
public enum MetricCatalog {
    /// The period of every query: one datapoint a minute.
    public static let period = 60

    /// DynamoDB operations whose per-operation metrics are summed into one series per table.
    public static let dynamoDBOperations = [
        "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
        "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems",
    ]

    /// The namespace and identifying dimensions of `entity`, nil for kinds without metrics here
    /// (and for a REST API without a known name: its metrics are keyed by `ApiName`).
    public static func identity(of entity: TelemetryEntity, apiName: String? = nil) -> (namespace: String, dimensions: [CloudWatchDimension])? {
        func dims(_ pairs: (String, String)...) -> [CloudWatchDimension] {
            pairs.map { CloudWatchDimension(name: $0.0, value: $0.1) }
        }
        switch entity.kind {
        case .lambdaFunction(let name): return ("AWS/Lambda", dims(("FunctionName", name)))
        case .ecsService(let cluster, let service): return ("AWS/ECS", dims(("ClusterName", cluster), ("ServiceName", service)))
        case .rdsInstance(let id): return ("AWS/RDS", dims(("DBInstanceIdentifier", id)))
        case .rdsCluster(let id): return ("AWS/RDS", dims(("DBClusterIdentifier", id)))
        case .sqsQueue(let name): return ("AWS/SQS", dims(("QueueName", name)))
        case .dynamoDBTable(let name): return ("AWS/DynamoDB", dims(("TableName", name)))
        case .applicationLoadBalancer(let dimension): return ("AWS/ApplicationELB", dims(("LoadBalancer", dimension)))
        case .apiGatewayRestAPI: return apiName.map { ("AWS/ApiGateway", dims(("ApiName", $0))) }
        case .apiGatewayHTTPAPI(let id): return ("AWS/ApiGateway", dims(("ApiId", id)))
        case .other: return nil
        }
    }

    /// The metrics to read for `entity` (empty when none are known).
    public static func specs(for entity: TelemetryEntity, apiName: String? = nil) -> [MetricSpec] {
        guard let (namespace, dimensions) = identity(of: entity, apiName: apiName) else { return [] }
        func spec(_ metric: String, _ stat: String, extra: [CloudWatchDimension] = [], series: String? = nil) -> MetricSpec {
            MetricSpec(entity: entity.arn, namespace: namespace, metricName: metric, dimensions: dimensions + extra,
                       stat: stat, series: series ?? metric)
        }
        switch entity.kind {
        case .lambdaFunction:
            return [spec("Errors", "Sum"), spec("Throttles", "Sum"), spec("Duration", "Average"),
                    spec("Invocations", "Sum"), spec("ConcurrentExecutions", "Maximum")]
        case .ecsService:
            return [spec("CPUUtilization", "Average"), spec("MemoryUtilization", "Average")]
        case .rdsInstance, .rdsCluster:
            return [spec("CPUUtilization", "Average"), spec("DatabaseConnections", "Average"), spec("FreeableMemory", "Minimum"),
                    spec("ReadLatency", "Average"), spec("WriteLatency", "Average")]
        case .sqsQueue:
            return [spec("ApproximateAgeOfOldestMessage", "Maximum"), spec("ApproximateNumberOfMessagesVisible", "Maximum")]
        case .dynamoDBTable:
            var out = [spec("ConsumedReadCapacityUnits", "Sum"), spec("ConsumedWriteCapacityUnits", "Sum")]
            for metric in ["ThrottledRequests", "SystemErrors"] {
                out += dynamoDBOperations.map {
                    spec(metric, "Sum", extra: [CloudWatchDimension(name: "Operation", value: $0)], series: metric)
                }
            }
            return out
        case .applicationLoadBalancer:
            return [spec("HTTPCode_Target_5XX_Count", "Sum"), spec("TargetResponseTime", "Average")]
        case .apiGatewayRestAPI:
            return [spec("5XXError", "Sum"), spec("Latency", "Average")]
        case .apiGatewayHTTPAPI:
            // HTTP APIs publish `5xx` where REST APIs publish `5XXError`.
            return [spec("5xx", "Sum"), spec("Latency", "Average")]
        case .other:
            return []
        }
    }
}
