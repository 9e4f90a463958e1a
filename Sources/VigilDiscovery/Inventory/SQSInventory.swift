import Foundation
import VigilAWSClients
import VigilTopology

/// Queues: ListQueues, then GetQueueAttributes per queue (its ARN and dead-letter target).
enum SQSInventory {
    static let type = "AWS::SQS::Queue"

    static func read(_ context: InventoryReadContext) async throws -> ServiceInventory {
        let sqs = SQSClient(context.client, pageSize: context.pageSize)
        let urls = try await sqs.listQueues().all()
        let attributes = try await boundedMap(urls, limit: context.detailConcurrency) { url in
            try await context.detail("SQS", "GetQueueAttributes") {
                try await sqs.getQueueAttributes(queueURL: url, names: ["QueueArn", "RedrivePolicy"])
            } ?? [:]
        }
        var out = ServiceInventory(completeServices: ["sqs"])
        for (url, attributes) in zip(urls, attributes) {
            let path = url.split(separator: "/")
            guard let name = path.last.map(String.init) else { continue }
            let owner = path.count >= 2 ? String(path[path.count - 2]) : context.account
            let arn = attributes["QueueArn"] ?? "arn:aws:sqs:\(context.region):\(owner):\(name)"
            var references: [String: String] = [:]
            if let target = deadLetterTarget(attributes["RedrivePolicy"]) { references["redrivePolicy:deadLetterTargetArn"] = target }
            // CloudFormation and other configurations may spell the URL in the regional form.
            let canonical = "https://sqs.\(context.region).amazonaws.com/\(owner)/\(name)"
            out.resources.append(context.resource(arn: arn, type: type, name: name, identifiers: [url, canonical, name],
                                                  references: references))
        }
        return out
    }

    static func deadLetterTarget(_ policy: String?) -> String? {
        guard let policy, let object = try? JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any] else { return nil }
        return object["deadLetterTargetArn"] as? String
    }

    static func tags(_ context: InventoryReadContext, url: String) async throws -> [String: String]? {
        try await context.detail("SQS", "ListQueueTags") { try await SQSClient(context.client).listQueueTags(queueURL: url) }
    }
}
