import Crypto
import Foundation
import VigilCore
import VigilPolicy
import VigilStore

/// Users, roles, policies and access keys of Vigil's own account (`vigil iam …`).
///
/// Every document is parsed by the policy engine before it is stored, so a malformed policy is
/// refused with the element and the reason and never half-applied.
public struct IAMDirectory: Sendable {
    public let store: Store
    let box: SecretBox
    let account: AccountContext

    public init(store: Store, box: SecretBox, account: AccountContext) {
        self.store = store
        self.box = box
        self.account = account
    }

    public func arn(_ kind: IAMTable.Kind, _ name: String) -> String {
        "arn:aws:iam::\(account.accountId):\(kind.rawValue)/\(name)"
    }

    public func policyArn(_ name: String) -> String {
        BuiltInPolicies.all[name] != nil ? BuiltInPolicies.arnPrefix + name : "arn:aws:iam::\(account.accountId):policy/\(name)"
    }

    static func checkName(_ name: String, what: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-")
        guard (1...64).contains(name.count), name.allSatisfy({ allowed.contains($0) }) else {
            throw IAMError("\(what) name must be 1 to 64 characters of letters, digits and +=,.@_-, got '\(name)'")
        }
    }

    static func checkPolicy(_ document: String, kind: PolicyKind) throws {
        do {
            _ = try PolicyParser.parse(document, kind: kind)
        } catch {
            throw IAMError("policy document rejected: \(error)")
        }
    }

    static func uniqueId(prefix: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var rng = SystemRandomNumberGenerator()
        return prefix + String((0..<17).map { _ in alphabet[Int(rng.next(upperBound: UInt(alphabet.count)))] })
    }

    public func createUser(name: String, tags: [String: String] = [:]) throws -> IAMTable.Principal {
        try Self.checkName(name, what: "user")
        let user = IAMTable.Principal(arn: arn(.user, name), kind: .user, name: name, uniqueId: Self.uniqueId(prefix: "AIDA"),
                                      tags: tags, createdAt: Date())
        try store.writeNow { tx in
            guard try tx.iam.principal(kind: .user, name: name) == nil else { throw IAMError("user \(name) already exists") }
            try tx.iam.insert(user)
        }
        return user
    }

    public func createRole(name: String, trustPolicy: String, maxSessionSeconds: Int = 3600,
                           tags: [String: String] = [:]) throws -> IAMTable.Principal {
        try Self.checkName(name, what: "role")
        try Self.checkPolicy(trustPolicy, kind: .trust)
        guard (900...43200).contains(maxSessionSeconds) else {
            throw IAMError("maximum session duration must be 900 to 43200 seconds")
        }
        let role = IAMTable.Principal(arn: arn(.role, name), kind: .role, name: name, uniqueId: Self.uniqueId(prefix: "AROA"),
                                      trustPolicy: trustPolicy, maxSessionSeconds: maxSessionSeconds, tags: tags, createdAt: Date())
        try store.writeNow { tx in
            guard try tx.iam.principal(kind: .role, name: name) == nil else { throw IAMError("role \(name) already exists") }
            try tx.iam.insert(role)
        }
        return role
    }

    public func updateTrustPolicy(role name: String, document: String) throws {
        try Self.checkPolicy(document, kind: .trust)
        try store.writeNow { tx in
            var role = try require(tx, .role, name)
            role.trustPolicy = document
            try tx.iam.update(role)
        }
    }

    public func delete(_ kind: IAMTable.Kind, name: String) throws {
        try store.writeNow { tx in
            let principal = try require(tx, kind, name)
            try tx.iam.deletePrincipal(arn: principal.arn)
        }
    }

    public func principal(_ kind: IAMTable.Kind, name: String) throws -> IAMTable.Principal {
        try store.readNow { tx in try require(tx, kind, name) }
    }

    public func list(_ kind: IAMTable.Kind) throws -> [IAMTable.Principal] {
        try store.readNow { tx in try tx.iam.principals(kind: kind) }
    }

    func require(_ tx: StoreTransaction, _ kind: IAMTable.Kind, _ name: String) throws -> IAMTable.Principal {
        guard let principal = try tx.iam.principal(kind: kind, name: name) else {
            throw IAMError("\(kind.rawValue) \(name) does not exist")
        }
        return principal
    }

    /// A new access key for a user; the secret is returned once and stored sealed.
    public func createAccessKey(user name: String) throws -> AccessKeys.Credentials {
        let credentials = AccessKeys.generate()
        try store.writeNow { tx in
            let user = try require(tx, .user, name)
            guard try tx.iam.accessKeys(principalArn: user.arn).count < 2 else {
                throw IAMError("user \(name) already has 2 access keys, the maximum; delete one first")
            }
            try tx.accessKeys.insert(.init(
                accessKeyId: credentials.accessKeyId, principalArn: user.arn,
                secretSealed: try box.seal(credentials.secretAccessKey, context: AccessKeys.context(credentials.accessKeyId)),
                status: "Active", createdAt: Date()))
        }
        return credentials
    }

    public func deleteAccessKey(_ accessKeyId: String) throws {
        try store.writeNow { tx in
            guard let record = try tx.accessKeys.get(accessKeyId) else { throw IAMError("access key \(accessKeyId) does not exist") }
            guard record.principalArn != "arn:aws:iam::\(account.accountId):root" else {
                throw IAMError("the administrator key cannot be deleted with this command")
            }
            try tx.iam.deleteAccessKey(accessKeyId)
        }
    }

    public func accessKeys(user name: String) throws -> [String] {
        try store.readNow { tx in try tx.iam.accessKeys(principalArn: try require(tx, .user, name).arn) }
    }

    public func putPolicy(name: String, document: String) throws -> String {
        try Self.checkName(name, what: "policy")
        guard BuiltInPolicies.all[name] == nil else { throw IAMError("\(name) is a built-in policy and cannot be replaced") }
        try Self.checkPolicy(document, kind: .identity)
        let arn = policyArn(name)
        try store.writeNow { tx in try tx.iam.putPolicy(arn: arn, name: name, document: document, now: Date()) }
        return arn
    }

    public func deletePolicy(name: String) throws {
        let arn = policyArn(name)
        try store.writeNow { tx in
            guard try tx.iam.policy(arn: arn) != nil else { throw IAMError("policy \(name) does not exist") }
            guard try tx.iam.attachmentCount(policyArn: arn) == 0 else {
                throw IAMError("policy \(name) is still attached; detach it first")
            }
            try tx.iam.deletePolicy(arn: arn)
        }
    }

    public func policies() throws -> [(arn: String, name: String)] {
        let custom = try store.readNow { tx in try tx.iam.policies() }
        return BuiltInPolicies.all.keys.sorted().map { (BuiltInPolicies.arnPrefix + $0, $0) } + custom
    }

    /// The document of a managed policy (built-in or customer), by ARN.
    public static func document(_ tx: StoreTransaction, policyArn: String) throws -> String? {
        if let builtIn = BuiltInPolicies.document(arn: policyArn) { return builtIn }
        return try tx.iam.policy(arn: policyArn)
    }

    public func attach(_ kind: IAMTable.Kind, name: String, policy: String) throws {
        let policyArn = policyArn(policy)
        try store.writeNow { tx in
            let principal = try require(tx, kind, name)
            guard try Self.document(tx, policyArn: policyArn) != nil else { throw IAMError("policy \(policy) does not exist") }
            try tx.iam.attach(principalArn: principal.arn, policyArn: policyArn)
        }
    }

    public func detach(_ kind: IAMTable.Kind, name: String, policy: String) throws {
        try store.writeNow { tx in
            try tx.iam.detach(principalArn: try require(tx, kind, name).arn, policyArn: policyArn(policy))
        }
    }

    public func putInlinePolicy(_ kind: IAMTable.Kind, name: String, policyName: String, document: String) throws {
        try Self.checkName(policyName, what: "policy")
        try Self.checkPolicy(document, kind: .identity)
        try store.writeNow { tx in
            try tx.iam.putInlinePolicy(principalArn: try require(tx, kind, name).arn, name: policyName, document: document)
        }
    }

    public func deleteInlinePolicy(_ kind: IAMTable.Kind, name: String, policyName: String) throws {
        try store.writeNow { tx in
            try tx.iam.deleteInlinePolicy(principalArn: try require(tx, kind, name).arn, name: policyName)
        }
    }

    /// Sets (or with nil removes) the permissions boundary, a managed policy by name.
    public func setBoundary(_ kind: IAMTable.Kind, name: String, policy: String?) throws {
        try store.writeNow { tx in
            var principal = try require(tx, kind, name)
            if let policy {
                let arn = policyArn(policy)
                guard try Self.document(tx, policyArn: arn) != nil else { throw IAMError("policy \(policy) does not exist") }
                principal.boundaryPolicyArn = arn
            } else {
                principal.boundaryPolicyArn = nil
            }
            try tx.iam.update(principal)
        }
    }

    /// The policies that govern a principal: attached and inline identity policies and its boundary.
    public struct Governing: Sendable {
        public var identity: [(name: String, document: String)]
        public var boundary: (name: String, document: String)?
    }

    public static func governing(_ tx: StoreTransaction, principalArn: String) throws -> Governing? {
        guard let principal = try tx.iam.principal(arn: principalArn) else { return nil }
        var identity: [(String, String)] = []
        for arn in try tx.iam.attachedPolicies(principalArn: principalArn) {
            if let document = try document(tx, policyArn: arn) { identity.append((arn, document)) }
        }
        for inline in try tx.iam.inlinePolicies(principalArn: principalArn) {
            identity.append(("\(principalArn)#\(inline.name)", inline.document))
        }
        var boundary: (String, String)?
        if let arn = principal.boundaryPolicyArn, let document = try document(tx, policyArn: arn) { boundary = (arn, document) }
        return Governing(identity: identity, boundary: boundary)
    }
}

public struct IAMError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
