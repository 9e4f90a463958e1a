import Foundation
import GRDB

/// Access keys of Vigil's own account. The secret is stored sealed (AES-GCM) because SigV4
/// verification needs the secret itself, not a hash of it.
public struct AccessKeyTable {
    let db: Database

    public struct Record: Sendable {
        public var accessKeyId: String
        public var principalArn: String
        public var secretSealed: [UInt8]
        public var status: String
        public var createdAt: Date

        public init(accessKeyId: String, principalArn: String, secretSealed: [UInt8], status: String, createdAt: Date) {
            self.accessKeyId = accessKeyId
            self.principalArn = principalArn
            self.secretSealed = secretSealed
            self.status = status
            self.createdAt = createdAt
        }
    }

    public func insert(_ record: Record) throws {
        try db.execute(
            sql: "INSERT INTO access_keys (access_key_id, principal_arn, secret_sealed, status, created_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [record.accessKeyId, record.principalArn, blob(record.secretSealed), record.status,
                        record.createdAt.timeIntervalSince1970])
    }

    public func get(_ accessKeyId: String) throws -> Record? {
        try Row.fetchOne(db, sql: "SELECT * FROM access_keys WHERE access_key_id = ?", arguments: [accessKeyId]).map {
            Record(accessKeyId: $0["access_key_id"], principalArn: $0["principal_arn"],
                   secretSealed: $0.bytes("secret_sealed") ?? [], status: $0["status"],
                   createdAt: Date(timeIntervalSince1970: $0["created_at"]))
        }
    }

    public func count(principalArn: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM access_keys WHERE principal_arn = ?", arguments: [principalArn]) ?? 0
    }
}
