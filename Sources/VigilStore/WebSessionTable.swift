import Foundation
import GRDB

/// Operator Web App sessions, keyed by the SHA-256 of the cookie's session id.
public struct WebSessionTable {
    let db: Database

    public struct Record: Sendable, Equatable {
        public var idHash: [UInt8]
        /// `root`, `user` or `assumedRole` (VigilIdentity's `Principal.Kind`).
        public var principalKind: String
        public var principalArn: String
        /// The user or role whose policies apply; its deletion ends the session.
        public var policySubjectArn: String
        public var uniqueId: String
        /// The access key the session was opened with (empty for single sign-on).
        public var accessKeyId: String
        public var sessionName: String?
        /// `iam`, `idc` or `idp`.
        public var flow: String
        public var displayName: String
        /// For single sign-on: the only agent space the session may see.
        public var spaceScope: String?
        /// The per-session CSRF secret, sealed with the server's master key.
        public var csrfSealed: [UInt8]
        public var createdAt: Date
        public var expiresAt: Date

        public init(idHash: [UInt8], principalKind: String, principalArn: String, policySubjectArn: String, uniqueId: String,
                    accessKeyId: String, sessionName: String?, flow: String, displayName: String, spaceScope: String?,
                    csrfSealed: [UInt8], createdAt: Date, expiresAt: Date) {
            self.idHash = idHash
            self.principalKind = principalKind
            self.principalArn = principalArn
            self.policySubjectArn = policySubjectArn
            self.uniqueId = uniqueId
            self.accessKeyId = accessKeyId
            self.sessionName = sessionName
            self.flow = flow
            self.displayName = displayName
            self.spaceScope = spaceScope
            self.csrfSealed = csrfSealed
            self.createdAt = createdAt
            self.expiresAt = expiresAt
        }
    }

    public func insert(_ r: Record) throws {
        try db.execute(sql: """
            INSERT INTO web_sessions (id_hash, principal_kind, principal_arn, policy_subject_arn, unique_id, access_key_id,
                                      session_name, flow, display_name, space_scope, csrf_sealed, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [blob(r.idHash), r.principalKind, r.principalArn, r.policySubjectArn, r.uniqueId, r.accessKeyId,
                             r.sessionName, r.flow, r.displayName, r.spaceScope, blob(r.csrfSealed),
                             r.createdAt.timeIntervalSince1970, r.expiresAt.timeIntervalSince1970])
    }

    public func get(idHash: [UInt8]) throws -> Record? {
        try Row.fetchOne(db, sql: "SELECT * FROM web_sessions WHERE id_hash = ?", arguments: [blob(idHash)]).map { row in
            Record(idHash: row.bytes("id_hash") ?? [], principalKind: row["principal_kind"], principalArn: row["principal_arn"],
                   policySubjectArn: row["policy_subject_arn"], uniqueId: row["unique_id"], accessKeyId: row["access_key_id"],
                   sessionName: row["session_name"], flow: row["flow"], displayName: row["display_name"],
                   spaceScope: row["space_scope"], csrfSealed: row.bytes("csrf_sealed") ?? [],
                   createdAt: Date(timeIntervalSince1970: row["created_at"]),
                   expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
        }
    }

    /// Sign-out, or a session found expired or orphaned. Returns whether a row went.
    @discardableResult
    public func delete(idHash: [UInt8]) throws -> Bool {
        try db.execute(sql: "DELETE FROM web_sessions WHERE id_hash = ?", arguments: [blob(idHash)])
        return db.changesCount > 0
    }

    /// Removes sessions that expired before `date`; returns how many.
    @discardableResult
    public func purge(expiredBefore date: Date) throws -> Int {
        try db.execute(sql: "DELETE FROM web_sessions WHERE expires_at < ?", arguments: [date.timeIntervalSince1970])
        return db.changesCount
    }

    public func count() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM web_sessions") ?? 0
    }
}

extension StoreTransaction {
    /// Operator Web App sessions (docs/webapp.md).
    public var webSessions: WebSessionTable { WebSessionTable(db: db) }
}
