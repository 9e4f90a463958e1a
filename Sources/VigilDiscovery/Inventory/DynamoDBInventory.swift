import VigilAWSClients
import VigilTopology

/// Tables: ListTables, then DescribeTable per table (its ARN and current stream).
enum DynamoDBInventory {
    static let type = "AWS::DynamoDB::Table"

    static func read(_ context: InventoryReadContext) async throws -> ServiceInventory {
        let dynamodb = DynamoDBClient(context.client, pageSize: context.pageSize)
        let names = try await dynamodb.listTables().all()
        let tables = try await boundedMap(names, limit: context.detailConcurrency) { name in
            try await context.detail("DynamoDB", "DescribeTable") { try await dynamodb.describeTable(name: name) }
        }
        var out = ServiceInventory(completeServices: ["dynamodb"])
        for (name, table) in zip(names, tables) {
            let arn = table?.arn ?? "arn:aws:dynamodb:\(context.region):\(context.account):table/\(name)"
            out.resources.append(context.resource(arn: arn, type: type, name: name,
                                                  identifiers: [name, table?.latestStreamArn].compactMap { $0 }))
        }
        return out
    }
}
