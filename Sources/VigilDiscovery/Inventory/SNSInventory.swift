import VigilAWSClients
import VigilTopology

/// Topics and the account's subscriptions (one ListSubscriptions listing, not one per topic).
enum SNSInventory {
    static let type = "AWS::SNS::Topic"

    static func read(_ context: InventoryReadContext) async throws -> ServiceInventory {
        let sns = SNSClient(context.client)
        let topics = try await sns.listTopics().all()
        let subscriptions = try await context.detail("SNS", "ListSubscriptions") { try await sns.listSubscriptions().all() } ?? []
        var byTopic: [String: [SNSSubscription]] = [:]
        for subscription in subscriptions { byTopic[subscription.topicArn, default: []].append(subscription) }
        var out = ServiceInventory(completeServices: ["sns"])
        for topic in topics {
            var relations: [DeclaredRelation] = []
            var references: [String: String] = [:]
            for subscription in byTopic[topic] ?? [] where !subscription.endpoint.isEmpty {
                let evidence = "subscription \(subscription.subscriptionArn)"
                switch subscription.protocolName {
                case "sqs":
                    relations.append(DeclaredRelation(kind: .subscribesTo, target: subscription.endpoint, evidence: evidence, reversed: true))
                case "lambda":
                    relations.append(DeclaredRelation(kind: .invokes, target: subscription.endpoint, evidence: evidence))
                default:
                    references["subscription:\(subscription.protocolName):\(subscription.subscriptionArn)"] = subscription.endpoint
                }
            }
            let name = topic.split(separator: ":").last.map(String.init) ?? topic
            out.resources.append(context.resource(arn: topic, type: type, name: name, references: references,
                                                  relations: relations.sorted { ($0.target, $0.evidence) < ($1.target, $1.evidence) }))
        }
        return out
    }

    static func tags(_ context: InventoryReadContext, arn: String) async throws -> [String: String]? {
        try await context.detail("SNS", "ListTagsForResource") { try await SNSClient(context.client).listTagsForResource(arn: arn) }
    }
}
