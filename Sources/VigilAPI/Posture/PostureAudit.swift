import Foundation
import VigilAWSClients
import VigilCore
import VigilPolicy

/// Audits an agent space's AWS roles against the deployment checklist of the DevOps Agent security
/// model, reading IAM in each associated account through the space's own boundary-enforcing
/// clients. Every item is pass, fail or not-checked, with the evidence and the exact fix.
public struct PostureAudit: Sendable {
    public struct Item: Sendable, Equatable {
        public enum Verdict: String, Sendable { case pass, fail, notChecked = "not-checked" }
        public var id: String
        public var accountId: String?
        public var verdict: Verdict
        public var evidence: String
        public var fix: String?
    }

    public struct Target: Sendable {
        public var association: AWSAccountAssociation
        public init(_ association: AWSAccountAssociation) { self.association = association }
    }

    let account: AccountContext
    let agentSpaceId: String
    let factory: AWSClientFactory
    let iamRegion: String
    /// Vigil's own AWS access: with it, each role is also checked as Vigil would assume it
    /// (`vigil-may-assume-role`: trust policy, and the caller's own policies when the trust delegates).
    let aws: AWSAccess?

    public init(account: AccountContext, agentSpaceId: String, factory: AWSClientFactory, iamRegion: String, aws: AWSAccess? = nil) {
        self.account = account
        self.agentSpaceId = agentSpaceId
        self.factory = factory
        self.iamRegion = iamRegion
        self.aws = aws
    }

    static let accessPolicyArn = "arn:aws:iam::aws:policy/AIDevOpsAgentAccessPolicy"
    static let operatorPolicyArn = "arn:aws:iam::aws:policy/AIDevOpsOperatorAppAccessPolicy"

    /// `localItems`: the items answered from Vigil's own state (`PostureLocalChecks`); without them
    /// those items are not-checked.
    public func run(operatorRoleArn: String?, localItems: [Item]? = nil) async -> [Item] {
        var items: [Item] = []
        let spaceArn = account.agentSpaceArn(agentSpaceId)
        for association in factory.boundary.associations {
            let accountId = association.accountId
            guard let roleName = association.roleArn.split(separator: "/").last.map(String.init) else { continue }
            do {
                let iam = IAMClient(try factory.client(for: accountId, region: iamRegion))
                let role = try await iam.getRole(name: roleName)
                let trust = TrustDocument(role.assumeRolePolicyDocument ?? "{}")
                let attached = try await iam.listAttachedRolePolicies(roleName: roleName).all()
                var documents: [(String, String)] = []
                for name in try await iam.listRolePolicies(roleName: roleName).all() {
                    documents.append(("inline policy \(name)", try await iam.getRolePolicy(roleName: roleName, policyName: name).policyDocument))
                }
                for policy in attached where !policy.policyArn.hasPrefix("arn:aws:iam::aws:policy/") {
                    documents.append((policy.policyArn, try await iam.defaultPolicyDocument(arn: policy.policyArn)))
                }
                if association.kind == .monitor {
                    items += monitorChecks(accountId: accountId, role: role.arn, trust: trust, spaceArn: spaceArn,
                                           attached: attached.map(\.policyArn), documents: documents)
                } else {
                    items.append(externalIdCheck(accountId: accountId, role: role.arn, trust: trust, spaceArn: spaceArn))
                }
                items.append(wildcardWriteCheck(accountId: accountId, role: role.arn, documents: documents))
            } catch {
                items.append(Item(id: "role-readable", accountId: accountId, verdict: .fail,
                                  evidence: "Reading role \(association.roleArn) failed: \(error)",
                                  fix: "Make sure the role exists, trusts Vigil, and allows iam:GetRole, iam:ListAttachedRolePolicies, iam:ListRolePolicies and iam:GetRolePolicy on itself."))
            }
        }
        if let aws {
            items += await assumeChecks(aws: aws)
        }
        if let operatorRoleArn {
            items.append(await operatorCheck(operatorRoleArn))
        }
        if let localItems {
            items += localItems
        } else {
            items.append(Item(id: "mcp-allowlists-read-only", accountId: nil, verdict: .notChecked,
                              evidence: "MCP tool allowlists are not implemented in this version of Vigil.", fix: nil))
            items.append(Item(id: "audit-export-enabled", accountId: nil, verdict: .notChecked,
                              evidence: "Exporting the audit trail to CloudWatch Logs, S3 or Firehose is not implemented in this version of Vigil; the trail is kept locally (vigil audit verify).", fix: nil))
        }
        return items
    }

    /// Whether Vigil's base identity may assume each role: the trust policy evaluated for it, and its
    /// own identity policies and boundary when the trust policy names only its account.
    func assumeChecks(aws: AWSAccess) async -> [Item] {
        let caller: CallerIdentity
        do { caller = try await TrustVerification.caller(aws: aws, region: iamRegion) } catch {
            return [Item(id: "vigil-may-assume-role", accountId: nil, verdict: .notChecked,
                         evidence: "Vigil's own identity could not be read (sts:GetCallerIdentity): \(error)", fix: nil)]
        }
        var items: [Item] = []
        for association in factory.boundary.associations {
            let outcome = await TrustVerification.assess(caller: caller, factory: factory, association: association, region: iamRegion, aws: aws)
            let actions = association.kind == .source ? "sts:AssumeRole and sts:TagSession" : "sts:AssumeRole"
            switch outcome {
            case .allowed(let evidence):
                items.append(Item(id: "vigil-may-assume-role", accountId: association.accountId, verdict: .pass, evidence: evidence, fix: nil))
            case .denied(let evidence):
                items.append(Item(id: "vigil-may-assume-role", accountId: association.accountId, verdict: .fail, evidence: evidence,
                                  fix: "Allow \(actions) on \(association.roleArn) in the trust policy for \(caller.arn); when the trust policy names only account \(caller.account), also allow them on the role in an identity policy of \(caller.arn) (and its permissions boundary)."))
            case .undetermined(let evidence):
                items.append(Item(id: "vigil-may-assume-role", accountId: association.accountId, verdict: .notChecked, evidence: evidence, fix: nil))
            }
        }
        return items
    }

    func monitorChecks(accountId: String, role: String, trust: TrustDocument, spaceArn: String,
                       attached: [String], documents: [(String, String)]) -> [Item] {
        var items: [Item] = []
        let service = trust.allowStatements.first { $0.services.contains("aidevops.amazonaws.com") }
        items.append(Item(
            id: "trust-service-principal", accountId: accountId, verdict: service == nil ? .fail : .pass,
            evidence: service == nil ? "The trust policy of \(role) does not allow the service principal aidevops.amazonaws.com."
                : "The trust policy of \(role) allows aidevops.amazonaws.com.",
            fix: service == nil ? "Add a statement: Effect Allow, Principal {\"Service\": \"aidevops.amazonaws.com\"}, Action sts:AssumeRole." : nil))
        let sourceAccount = service?.values("aws:SourceAccount") ?? []
        items.append(Item(
            id: "trust-source-account", accountId: accountId, verdict: sourceAccount == [account.accountId] ? .pass : .fail,
            evidence: "aws:SourceAccount condition: \(sourceAccount.isEmpty ? "missing" : sourceAccount.joined(separator: ", ")).",
            fix: sourceAccount == [account.accountId] ? nil
                : "Add \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"\(account.accountId)\"}} to the aidevops.amazonaws.com statement (confused-deputy protection)."))
        let sourceArn = service?.values("aws:SourceArn") ?? []
        let arnOK = !sourceArn.isEmpty && sourceArn.allSatisfy { wildcardMatch($0, spaceArn) }
        items.append(Item(
            id: "trust-source-arn", accountId: accountId, verdict: arnOK ? .pass : .fail,
            evidence: "aws:SourceArn condition: \(sourceArn.isEmpty ? "missing" : sourceArn.joined(separator: ", ")); the agent space is \(spaceArn).",
            fix: arnOK ? nil : "Add \"ArnEquals\": {\"aws:SourceArn\": \"\(spaceArn)\"} to the aidevops.amazonaws.com statement's Condition."))
        let hasAccess = attached.contains(Self.accessPolicyArn)
        items.append(Item(
            id: "access-policy-attached", accountId: accountId, verdict: hasAccess ? .pass : .fail,
            evidence: hasAccess ? "\(Self.accessPolicyArn) is attached to \(role)." : "\(role) does not have \(Self.accessPolicyArn) attached.",
            fix: hasAccess ? nil : "aws iam attach-role-policy --role-name \(role.split(separator: "/").last ?? "") --policy-arn \(Self.accessPolicyArn)"))
        var unscoped: [String] = []
        for (name, text) in documents {
            for statement in TrustDocument(text).allowStatements where statement.actions.contains(where: { wildcardMatch($0.lowercased(), "iam:createservicelinkedrole") }) {
                if statement.values("iam:AWSServiceName") != ["resource-explorer-2.amazonaws.com"] { unscoped.append(name) }
            }
        }
        items.append(Item(
            id: "service-linked-role-scoped", accountId: accountId, verdict: unscoped.isEmpty ? .pass : .fail,
            evidence: unscoped.isEmpty ? "No policy of \(role) allows iam:CreateServiceLinkedRole beyond resource-explorer-2.amazonaws.com."
                : "iam:CreateServiceLinkedRole is allowed without iam:AWSServiceName = resource-explorer-2.amazonaws.com in: \(unscoped.joined(separator: ", ")).",
            fix: unscoped.isEmpty ? nil : "Limit the statement with \"Condition\": {\"StringEquals\": {\"iam:AWSServiceName\": \"resource-explorer-2.amazonaws.com\"}}."))
        return items
    }

    func externalIdCheck(accountId: String, role: String, trust: TrustDocument, spaceArn: String) -> Item {
        let ids = trust.allowStatements.flatMap { $0.values("sts:ExternalId") }
        let ok = !ids.isEmpty && ids.allSatisfy { $0 == spaceArn }
        let usesName = ids.contains(agentSpaceId)
        return Item(
            id: "trust-external-id", accountId: accountId, verdict: ok ? .pass : .fail,
            evidence: ids.isEmpty ? "The trust policy of \(role) has no sts:ExternalId condition."
                : "sts:ExternalId condition: \(ids.joined(separator: ", "))\(usesName ? " (the space id, not its ARN)" : "").",
            fix: ok ? nil : "Set \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"\(spaceArn)\"}}: the full agent space ARN.")
    }

    func wildcardWriteCheck(accountId: String, role: String, documents: [(String, String)]) -> Item {
        var findings: [String] = []
        for (name, text) in documents {
            for issue in PolicyLinter.lint(text) where issue.code.contains("wildcard") && !issue.code.contains("wildcard-action-read") {
                findings.append("\(name): \(issue)")
            }
        }
        return Item(
            id: "no-wildcard-write", accountId: accountId, verdict: findings.isEmpty ? .pass : .fail,
            evidence: findings.isEmpty ? "No customer or inline policy of \(role) grants wildcard writes." : findings.joined(separator: "; "),
            fix: findings.isEmpty ? nil : "Replace wildcard actions and resources with the read actions the agent needs (AIDevOpsAgentAccessPolicy is read-only).")
    }

    func operatorCheck(_ roleArn: String) async -> Item {
        let accountId = String(roleArn.split(separator: ":").dropFirst(4).first ?? "")
        do {
            let name = String(roleArn.split(separator: "/").last ?? "")
            let iam = IAMClient(try factory.client(for: accountId, region: iamRegion))
            let attached = try await iam.listAttachedRolePolicies(roleName: name).all().map(\.policyArn)
            let ok = attached.contains(Self.operatorPolicyArn)
            return Item(id: "operator-role-policy", accountId: accountId, verdict: ok ? .pass : .fail,
                        evidence: ok ? "\(Self.operatorPolicyArn) is attached to \(roleArn)." : "\(roleArn) lacks \(Self.operatorPolicyArn).",
                        fix: ok ? nil : "aws iam attach-role-policy --role-name \(name) --policy-arn \(Self.operatorPolicyArn)")
        } catch {
            return Item(id: "operator-role-policy", accountId: accountId, verdict: .fail,
                        evidence: "Reading the operator app role \(roleArn) failed: \(error)",
                        fix: "The operator app role must live in an associated account and be readable by the agent role.")
        }
    }
}

/// The parts of a policy document the checklist looks at: Allow statements, their service
/// principals, actions and condition values by key (any operator).
struct TrustDocument {
    struct Statement {
        var services: [String] = []
        var actions: [String] = []
        var conditions: [String: [String]] = [:]

        func values(_ key: String) -> [String] { conditions[key.lowercased()] ?? [] }
    }

    var allowStatements: [Statement] = []

    init(_ text: String) {
        let decoded = text.removingPercentEncoding ?? text
        guard let object = try? JSONSerialization.jsonObject(with: Data(decoded.utf8)) as? [String: Any] else { return }
        let raw: [[String: Any]]
        if let list = object["Statement"] as? [[String: Any]] { raw = list }
        else if let one = object["Statement"] as? [String: Any] { raw = [one] }
        else { raw = [] }
        func strings(_ value: Any?) -> [String] {
            if let text = value as? String { return [text] }
            return (value as? [Any])?.compactMap { $0 as? String } ?? []
        }
        for item in raw where (item["Effect"] as? String) == "Allow" {
            var statement = Statement()
            if let principal = item["Principal"] as? [String: Any] { statement.services = strings(principal["Service"]) }
            statement.actions = strings(item["Action"])
            for (_, block) in (item["Condition"] as? [String: Any]) ?? [:] {
                for (key, value) in (block as? [String: Any]) ?? [:] {
                    statement.conditions[key.lowercased(), default: []] += strings(value)
                }
            }
            allowStatements.append(statement)
        }
    }
}

/// `*` and `?` wildcards as IAM condition values and actions use them.
func wildcardMatch(_ pattern: String, _ text: String) -> Bool {
    let p = Array(pattern), t = Array(text)
    var pi = 0, ti = 0, star = -1, mark = 0
    while ti < t.count {
        if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
            pi += 1; ti += 1
        } else if pi < p.count, p[pi] == "*" {
            star = pi; mark = ti; pi += 1
        } else if star >= 0 {
            pi = star + 1; mark += 1; ti = mark
        } else {
            return false
        }
    }
    while pi < p.count, p[pi] == "*" { pi += 1 }
    return pi == p.count
}
