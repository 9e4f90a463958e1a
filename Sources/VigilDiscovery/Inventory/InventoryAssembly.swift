import VigilAWSClients
import VigilTopology

/// Joins what the service readers found into the snapshot's resource list. Pure: no I/O.
///
/// - Resources found twice (same ARN) are merged.
/// - Tags from the Tagging API are added to the resources they name (a tag a service's own
///   answer carried wins). An ARN from the Tagging API or Resource Explorer that no reader found
///   becomes a resource of its own, unless its service was read completely (then it is a
///   resource deleted since the index was updated).
/// - `stack` comes from the stack's resource listing, else from the `aws:cloudformation:stack-name` tag.
/// - An ECS service's target group becomes the load balancers of that group.
/// - Resources are sorted by ARN; each one's relations keep the reader's order.
enum InventoryAssembly {
    static func assemble(_ parts: ServiceInventory, account: String, region: String) -> [DiscoveredResource] {
        var byArn: [String: DiscoveredResource] = [:]
        for resource in parts.resources {
            if let existing = byArn[resource.arn] {
                byArn[resource.arn] = merged(existing, resource)
            } else {
                byArn[resource.arn] = resource
            }
        }
        for tagged in parts.tagged ?? [] {
            if var resource = byArn[tagged.arn] {
                resource.tags.merge(tagged.tags) { own, _ in own }
                byArn[tagged.arn] = resource
            } else if let resource = untracked(arn: tagged.arn, tags: tagged.tags, complete: parts.completeServices,
                                               account: account, region: region) {
                byArn[tagged.arn] = resource
            }
        }
        for explored in parts.explored where byArn[explored.arn] == nil {
            if let resource = untracked(arn: explored.arn, tags: [:], complete: parts.completeServices,
                                        account: explored.owningAccountId ?? account, region: explored.region ?? region) {
                byArn[explored.arn] = resource
            }
        }

        // Stack membership: the listing names members by type and physical id.
        var byTypeAndKey: [String: String] = [:]
        for resource in byArn.values {
            for key in [resource.arn, resource.name] + resource.identifiers {
                byTypeAndKey["\(resource.type) \(key)"] = resource.arn
            }
        }
        for arn in Array(byArn.keys) {
            if byArn[arn]?.stack == nil, let tag = byArn[arn]?.tags["aws:cloudformation:stack-name"] { byArn[arn]?.stack = tag }
        }
        for member in parts.stackMembers {
            if let arn = byTypeAndKey["\(member.type) \(member.physicalId)"] { byArn[arn]?.stack = member.stackName }
        }

        let groups = Dictionary(parts.targetGroups.map { ($0.arn, $0) }, uniquingKeysWith: { first, _ in first })
        var out = Array(byArn.values)
        for index in out.indices {
            out[index].relations = out[index].relations.flatMap { relation -> [DeclaredRelation] in
                guard relation.kind == .routesTo, relation.reversed, let group = groups[relation.target] else { return [relation] }
                return group.loadBalancerArns.map {
                    DeclaredRelation(kind: .routesTo, target: $0, evidence: "target group \(group.name)", reversed: true)
                }
            }
        }
        return out.sorted { $0.arn < $1.arn }
    }

    static func merged(_ a: DiscoveredResource, _ b: DiscoveredResource) -> DiscoveredResource {
        var out = a
        out.tags.merge(b.tags) { own, _ in own }
        out.stack = a.stack ?? b.stack
        for identifier in b.identifiers where !out.identifiers.contains(identifier) { out.identifiers.append(identifier) }
        out.references.merge(b.references) { own, _ in own }
        for relation in b.relations where !out.relations.contains(relation) { out.relations.append(relation) }
        return out
    }

    /// A resource only an index knows about, typed from its ARN; nil when its service was read
    /// completely (the index is stale) or the ARN cannot be parsed.
    static func untracked(arn: String, tags: [String: String], complete: Set<String>, account: String, region: String) -> DiscoveredResource? {
        guard let parsed = ParsedARN(arn), !complete.contains(parsed.service) else { return nil }
        let (type, name) = typeAndName(parsed)
        return DiscoveredResource(arn: arn, type: type, name: name, account: parsed.account.isEmpty ? account : parsed.account,
                                  region: parsed.region.isEmpty ? region : parsed.region, tags: tags,
                                  stack: tags["aws:cloudformation:stack-name"], identifiers: name == arn ? [] : [name])
    }

    /// CloudFormation type name and display name of an ARN.
    static func typeAndName(_ arn: ParsedARN) -> (String, String) {
        let resource = arn.resource
        let kind: String
        let name: String
        if let separator = resource.firstIndex(where: { $0 == "/" || $0 == ":" }) {
            kind = String(resource[..<separator])
            name = String(resource[resource.index(after: separator)...].split(whereSeparator: { $0 == "/" || $0 == ":" }).first ?? "")
        } else {
            kind = ""
            name = resource
        }
        let known: [String: String] = [
            "s3 ": "AWS::S3::Bucket", "lambda function": "AWS::Lambda::Function", "sqs ": "AWS::SQS::Queue",
            "sns ": "AWS::SNS::Topic", "dynamodb table": "AWS::DynamoDB::Table", "kinesis stream": "AWS::Kinesis::Stream",
            "events event-bus": "AWS::Events::EventBus", "events rule": "AWS::Events::Rule",
            "elasticache cluster": "AWS::ElastiCache::CacheCluster", "elasticache replicationgroup": "AWS::ElastiCache::ReplicationGroup",
            "states stateMachine": "AWS::StepFunctions::StateMachine", "rds db": "AWS::RDS::DBInstance",
            "rds cluster": "AWS::RDS::DBCluster", "ecs cluster": "AWS::ECS::Cluster", "ecs service": "AWS::ECS::Service",
            "ec2 instance": "AWS::EC2::Instance", "ec2 security-group": "AWS::EC2::SecurityGroup",
            "eks cluster": "AWS::EKS::Cluster", "logs log-group": "AWS::Logs::LogGroup",
            "secretsmanager secret": "AWS::SecretsManager::Secret", "kms key": "AWS::KMS::Key",
        ]
        if let type = known["\(arn.service) \(kind)"] { return (type, name.isEmpty ? resource : name) }
        func pascal(_ text: String) -> String {
            text.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        }
        let type = "AWS::\(pascal(arn.service))::\(kind.isEmpty ? "Resource" : pascal(kind))"
        return (type, name.isEmpty ? resource : name)
    }
}

/// `arn:partition:service:region:account:resource`.
struct ParsedARN: Equatable {
    var service: String
    var region: String
    var account: String
    var resource: String

    init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[2].isEmpty, !parts[5].isEmpty else { return nil }
        service = String(parts[2])
        region = String(parts[3])
        account = String(parts[4])
        resource = String(parts[5])
    }
}
