import Foundation

/// Amazon DynamoDB, read operations (`json` protocol 1.0, `DynamoDB_20120810.{Operation}`).
public struct DynamoDBClient: Sendable {
    public static let service = AWSServiceDescriptor(
        name: "DynamoDB", signingName: "dynamodb", apiVersion: "2012-08-10",
        wireProtocol: .json(version: "1.0", targetPrefix: "DynamoDB_20120810"))

    public let client: AWSClient
    /// `Limit` of ListTables (1...100; nil lets DynamoDB choose, 100).
    public var pageSize: Int?

    public init(_ client: AWSClient, pageSize: Int? = nil) {
        self.client = client
        self.pageSize = pageSize.map { min(max($0, 1), 100) }
    }

    /// Table names; paginated by `ExclusiveStartTableName` / `LastEvaluatedTableName`.
    public func listTables() -> AWSPaginator<String> {
        let pageSize = pageSize
        let client = client
        return client.jsonPaginator({ token in
            try await client.json(Self.service, operation: "ListTables",
                                  input: ListTablesInput(ExclusiveStartTableName: token, Limit: pageSize), output: ListTablesOutput.self)
        }, items: { $0.TableNames ?? [] }, next: { $0.LastEvaluatedTableName })
    }

    public func describeTable(name: String) async throws -> DynamoDBTable {
        let output = try await client.json(Self.service, operation: "DescribeTable", input: TableNameInput(TableName: name),
                                           output: DescribeTableOutput.self)
        guard let table = output.Table, let arn = table.TableArn, let tableName = table.TableName else {
            throw client.malformedAnswer(Self.service, "DescribeTable", "missing Table.TableArn or Table.TableName")
        }
        return DynamoDBTable(name: tableName, arn: arn, status: table.TableStatus ?? "", latestStreamArn: table.LatestStreamArn)
    }

    struct ListTablesInput: Encodable, Sendable {
        var ExclusiveStartTableName: String?
        var Limit: Int?
    }

    struct ListTablesOutput: Decodable, Sendable {
        var TableNames: [String]?
        var LastEvaluatedTableName: String?
    }

    struct TableNameInput: Encodable, Sendable {
        var TableName: String
    }

    struct DescribeTableOutput: Decodable, Sendable {
        struct Table: Decodable, Sendable {
            var TableName: String?
            var TableArn: String?
            var TableStatus: String?
            var LatestStreamArn: String?
        }
        var Table: Table?
    }
}

public struct DynamoDBTable: Sendable, Equatable {
    public var name: String
    public var arn: String
    public var status: String
    /// The table's current stream, when streams are enabled (Lambda event sources name it).
    public var latestStreamArn: String?
}
