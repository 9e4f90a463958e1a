/// The kind of edge a configuration value implies when it names a resource of a given type.
///
/// - a queue, topic, stream or event bus is written to (`writes-to`);
/// - a function or API is called (`invokes`);
/// - a table, database, cache, bucket or anything else is depended on (`depends-on`).
public enum ReferenceEdgeKind {
    static let written: Set<String> = [
        "AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::Kinesis::Stream", "AWS::KinesisFirehose::DeliveryStream",
        "AWS::Events::EventBus",
    ]
    static let invoked: Set<String> = [
        "AWS::Lambda::Function", "AWS::Lambda::Alias", "AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api",
        "AWS::StepFunctions::StateMachine",
    ]

    public static func kind(forTargetType type: String) -> EdgeKind {
        if written.contains(type) { return .writesTo }
        if invoked.contains(type) { return .invokes }
        return .dependsOn
    }

    /// How the evidence of a reference reads, from the key the reader filed it under and the
    /// identifier it matched. The value itself is not repeated: it may hold more than the name
    /// (a connection string with a password, say), and evidence is stored and shown.
    public static func evidence(forKey key: String, matched value: String) -> String {
        let parts = key.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        if parts.first == "env", parts.count == 2 {
            return "environment variable \(parts[1]) names \(value)"
        }
        if parts.first == "env", parts.count == 3 {
            return "container \(parts[1]) environment variable \(parts[2]) names \(value)"
        }
        if key.hasPrefix("integration:") {
            return "integration \(key.dropFirst("integration:".count)) names \(value)"
        }
        return "\(key) names \(value)"
    }
}
