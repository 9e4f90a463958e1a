import Foundation
import GRDB

/// Users, roles, customer-managed policies and their attachments in Vigil's own account.
public struct IAMTable {
    let db: Database

    public enum Kind: String, Sendable {
        case user, role
    }

    public struct Principal: Sendable, Equatable {
        public var arn: String
        public var kind: Kind
        public var name: String
        public var uniqueId: String
        public var trustPolicy: String?
        public var maxSessionSeconds: Int?
        public var boundaryPolicyArn: String?
        public var tags: [String: String]
        public var createdAt: Date

        public init(arn: String, kind: Kind, name: String, uniqueId: String, trustPolicy: String? = nil,
                    maxSessionSeconds: Int? = nil, boundaryPolicyArn: String? = nil, tags: [String: String] = [:],
                    createdAt: Date) {
            self.arn = arn
            self.kind = kind
            self.name = name
            self.uniqueId = uniqueId
            self.trustPolicy = trustPolicy
            self.maxSessionSeconds = maxSessionSeconds
            self.boundaryPolicyArn = boundaryPolicyArn
            self.tags = tags
            self.createdAt = createdAt
        }

        init(row: Row) throws {
            arn = row["arn"]
            kind = Kind(rawValue: row["kind"]) ?? .user
            name = row["name"]
            uniqueId = row["unique_id"]
            trustPolicy = row["trust_policy"]
            maxSessionSeconds = row["max_session_seconds"]
            boundaryPolicyArn = row["boundary_policy_arn"]
            let tagData: Data = row["tags"]
            tags = try JSONDecoder().decode([String: String].self, from: tagData)
            createdAt = Date(timeIntervalSince1970: row["created_at"])
        }
    }

    public func insert(_ p: Principal) throws {
        try db.execute(
            sql: """
                INSERT INTO iam_principals (arn, kind, name, unique_id, trust_policy, max_session_seconds, boundary_policy_arn, tags, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [p.arn, p.kind.rawValue, p.name, p.uniqueId, p.trustPolicy, p.maxSessionSeconds, p.boundaryPolicyArn,
                        try JSONEncoder().encode(p.tags), p.createdAt.timeIntervalSince1970])
    }

    public func principal(arn: String) throws -> Principal? {
        try Row.fetchOne(db, sql: "SELECT * FROM iam_principals WHERE arn = ?", arguments: [arn]).map(Principal.init(row:))
    }

    public func principal(kind: Kind, name: String) throws -> Principal? {
        try Row.fetchOne(db, sql: "SELECT * FROM iam_principals WHERE kind = ? AND name = ?", arguments: [kind.rawValue, name])
            .map(Principal.init(row:))
    }

    public func principals(kind: Kind) throws -> [Principal] {
        try Row.fetchAll(db, sql: "SELECT * FROM iam_principals WHERE kind = ? ORDER BY name", arguments: [kind.rawValue])
            .map(Principal.init(row:))
    }

    public func update(_ p: Principal) throws {
        try db.execute(
            sql: "UPDATE iam_principals SET trust_policy = ?, max_session_seconds = ?, boundary_policy_arn = ?, tags = ? WHERE arn = ?",
            arguments: [p.trustPolicy, p.maxSessionSeconds, p.boundaryPolicyArn, try JSONEncoder().encode(p.tags), p.arn])
    }

    /// Removes the principal, its attachments, inline policies and access keys.
    public func deletePrincipal(arn: String) throws {
        try db.execute(sql: "DELETE FROM access_keys WHERE principal_arn = ?", arguments: [arn])
        try db.execute(sql: "DELETE FROM sts_sessions WHERE role_arn = ?", arguments: [arn])
        try db.execute(sql: "DELETE FROM iam_principals WHERE arn = ?", arguments: [arn])
    }

    public func putPolicy(arn: String, name: String, document: String, now: Date) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO iam_policies (arn, name, document, created_at) VALUES (?, ?, ?, ?)",
                       arguments: [arn, name, document, now.timeIntervalSince1970])
    }

    public func policy(arn: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT document FROM iam_policies WHERE arn = ?", arguments: [arn])
    }

    public func policies() throws -> [(arn: String, name: String)] {
        try Row.fetchAll(db, sql: "SELECT arn, name FROM iam_policies ORDER BY name").map { ($0["arn"], $0["name"]) }
    }

    public func deletePolicy(arn: String) throws {
        try db.execute(sql: "DELETE FROM iam_policies WHERE arn = ?", arguments: [arn])
    }

    public func attachmentCount(policyArn: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM iam_attachments WHERE policy_arn = ?", arguments: [policyArn]) ?? 0
    }

    public func attach(principalArn: String, policyArn: String) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO iam_attachments (principal_arn, policy_arn) VALUES (?, ?)",
                       arguments: [principalArn, policyArn])
    }

    public func detach(principalArn: String, policyArn: String) throws {
        try db.execute(sql: "DELETE FROM iam_attachments WHERE principal_arn = ? AND policy_arn = ?",
                       arguments: [principalArn, policyArn])
    }

    public func attachedPolicies(principalArn: String) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT policy_arn FROM iam_attachments WHERE principal_arn = ? ORDER BY policy_arn",
                            arguments: [principalArn])
    }

    public func putInlinePolicy(principalArn: String, name: String, document: String) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO iam_inline_policies (principal_arn, name, document) VALUES (?, ?, ?)",
                       arguments: [principalArn, name, document])
    }

    public func deleteInlinePolicy(principalArn: String, name: String) throws {
        try db.execute(sql: "DELETE FROM iam_inline_policies WHERE principal_arn = ? AND name = ?", arguments: [principalArn, name])
    }

    public func inlinePolicies(principalArn: String) throws -> [(name: String, document: String)] {
        try Row.fetchAll(db, sql: "SELECT name, document FROM iam_inline_policies WHERE principal_arn = ? ORDER BY name",
                         arguments: [principalArn]).map { ($0["name"], $0["document"]) }
    }

    public func accessKeys(principalArn: String) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT access_key_id FROM access_keys WHERE principal_arn = ? ORDER BY created_at",
                            arguments: [principalArn])
    }

    public func deleteAccessKey(_ accessKeyId: String) throws {
        try db.execute(sql: "DELETE FROM access_keys WHERE access_key_id = ?", arguments: [accessKeyId])
    }
}

/// Temporary credentials issued by AssumeRole. The secret is sealed; the session token is kept
/// only as a SHA-256 digest.
public struct SessionTable {
    let db: Database

    public struct Session: Sendable {
        public var accessKeyId: String
        public var roleArn: String
        public var sessionName: String
        public var secretSealed: [UInt8]
        public var tokenHash: [UInt8]
        public var sessionPolicy: String?
        public var tags: [String: String]
        public var expiresAt: Date
        public var createdAt: Date

        public init(accessKeyId: String, roleArn: String, sessionName: String, secretSealed: [UInt8], tokenHash: [UInt8],
                    sessionPolicy: String?, tags: [String: String], expiresAt: Date, createdAt: Date) {
            self.accessKeyId = accessKeyId
            self.roleArn = roleArn
            self.sessionName = sessionName
            self.secretSealed = secretSealed
            self.tokenHash = tokenHash
            self.sessionPolicy = sessionPolicy
            self.tags = tags
            self.expiresAt = expiresAt
            self.createdAt = createdAt
        }
    }

    public func insert(_ s: Session) throws {
        try db.execute(
            sql: """
                INSERT INTO sts_sessions (access_key_id, role_arn, session_name, secret_sealed, token_hash, session_policy, tags, expires_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [s.accessKeyId, s.roleArn, s.sessionName, blob(s.secretSealed), blob(s.tokenHash), s.sessionPolicy,
                        try JSONEncoder().encode(s.tags), s.expiresAt.timeIntervalSince1970, s.createdAt.timeIntervalSince1970])
    }

    public func get(_ accessKeyId: String) throws -> Session? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sts_sessions WHERE access_key_id = ?", arguments: [accessKeyId])
        else { return nil }
        let tagData: Data = row["tags"]
        return Session(
            accessKeyId: row["access_key_id"], roleArn: row["role_arn"], sessionName: row["session_name"],
            secretSealed: row.bytes("secret_sealed") ?? [], tokenHash: row.bytes("token_hash") ?? [],
            sessionPolicy: row["session_policy"], tags: try JSONDecoder().decode([String: String].self, from: tagData),
            expiresAt: Date(timeIntervalSince1970: row["expires_at"]), createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    public func purge(expiredBefore date: Date) throws -> Int {
        try db.execute(sql: "DELETE FROM sts_sessions WHERE expires_at < ?", arguments: [date.timeIntervalSince1970])
        return db.changesCount
    }
}
