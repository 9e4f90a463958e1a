import Crypto
import Foundation
import Logging
import VigilCore
import VigilStore

/// Access keys of Vigil's own account: creation, the administrator bootstrap, and secret lookup
/// for SigV4 verification. Secrets are sealed at rest and never logged.
public struct AccessKeys: Sendable {
    public struct Credentials: Sendable {
        public var accessKeyId: String
        public var secretAccessKey: String

        public init(accessKeyId: String, secretAccessKey: String) {
            self.accessKeyId = accessKeyId
            self.secretAccessKey = secretAccessKey
        }
    }

    /// A key's secret together with whom it belongs to.
    public struct Resolved: Sendable {
        public var principal: Principal
        public var secretAccessKey: String
        /// For temporary credentials: SHA-256 of the session token the request must carry.
        public var sessionTokenDigest: [UInt8]?
        public var expiresAt: Date?
    }

    let store: Store
    let box: SecretBox
    let account: AccountContext
    /// Resolved keys for five seconds: a burst of signed requests unseals each secret once.
    private let cache = ExpiringCache<Resolved>(lifetime: .seconds(5))

    public init(store: Store, box: SecretBox, account: AccountContext) {
        self.store = store
        self.box = box
        self.account = account
    }

    public var administratorArn: String { "arn:aws:iam::\(account.accountId):root" }

    /// Makes sure an administrator key exists. With `configured` credentials that key is stored (or
    /// checked, if already stored); otherwise a key is generated on first start only and returned so
    /// the caller can show it once.
    public func ensureAdministrator(configured: Credentials?) throws -> Credentials? {
        let adminArn = administratorArn
        if let configured {
            try Self.checkFormat(configured)
            return try store.writeNow { tx in
                if let existing = try tx.accessKeys.get(configured.accessKeyId) {
                    let secret = try box.openString(existing.secretSealed, context: Self.context(configured.accessKeyId))
                    guard secret == configured.secretAccessKey, existing.principalArn == adminArn else {
                        throw AccessKeyError("VIGIL_ADMIN_ACCESS_KEY_ID names an existing key whose secret or owner differs; refusing to replace it")
                    }
                    return nil
                }
                try insert(tx, configured, principalArn: adminArn)
                return nil
            }
        }
        return try store.writeNow { tx in
            guard try tx.accessKeys.count(principalArn: adminArn) == 0 else { return nil }
            let generated = Self.generate()
            try insert(tx, generated, principalArn: adminArn)
            return generated
        }
    }

    /// The key's owner and secret, or nil for an unknown or inactive key, an expired session, or a
    /// key whose user or role no longer exists.
    public func resolve(_ accessKeyId: String) async throws -> Resolved? {
        if let cached = cache.get(accessKeyId) {
            if let expiry = cached.expiresAt, expiry <= Date() { return nil }
            return cached
        }
        let adminArn = administratorArn
        let account = account.accountId
        let box = box
        let resolved: Resolved? = try await store.read { tx in
            if let record = try tx.accessKeys.get(accessKeyId) {
                guard record.status == "Active" else { return nil }
                let secret = try box.openString(record.secretSealed, context: Self.context(accessKeyId))
                if record.principalArn == adminArn {
                    return Resolved(principal: Principal(kind: .root, arn: adminArn, accessKeyId: accessKeyId,
                                                         policySubjectArn: adminArn, uniqueId: account),
                                    secretAccessKey: secret)
                }
                guard let user = try tx.iam.principal(arn: record.principalArn) else { return nil }
                return Resolved(principal: Principal(kind: .user, arn: user.arn, accessKeyId: accessKeyId,
                                                     policySubjectArn: user.arn, uniqueId: user.uniqueId, tags: user.tags),
                                secretAccessKey: secret)
            }
            guard let session = try tx.sessions.get(accessKeyId), session.expiresAt > Date(),
                  let role = try tx.iam.principal(arn: session.roleArn)
            else { return nil }
            let secret = try box.openString(session.secretSealed, context: Self.context(accessKeyId))
            return Resolved(
                principal: Principal(kind: .assumedRole,
                                     arn: "arn:aws:sts::\(account):assumed-role/\(role.name)/\(session.sessionName)",
                                     accessKeyId: accessKeyId, policySubjectArn: role.arn,
                                     uniqueId: "\(role.uniqueId):\(session.sessionName)", sessionName: session.sessionName,
                                     sessionPolicy: session.sessionPolicy,
                                     tags: role.tags.merging(session.tags) { _, session in session }),
                secretAccessKey: secret, sessionTokenDigest: session.tokenHash, expiresAt: session.expiresAt)
        }
        if let resolved { cache.put(accessKeyId, resolved) }
        return resolved
    }


    private func insert(_ tx: StoreTransaction, _ credentials: Credentials, principalArn: String) throws {
        try tx.accessKeys.insert(.init(
            accessKeyId: credentials.accessKeyId, principalArn: principalArn,
            secretSealed: try box.seal(credentials.secretAccessKey, context: Self.context(credentials.accessKeyId)),
            status: "Active", createdAt: Date()))
    }

    static func context(_ accessKeyId: String) -> String { "access-key:\(accessKeyId)" }

    static func checkFormat(_ credentials: Credentials) throws {
        let id = credentials.accessKeyId
        guard (3...128).contains(id.count), id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw AccessKeyError("access key id must be 3 to 128 ASCII letters and digits")
        }
        guard credentials.secretAccessKey.count >= 16 else {
            throw AccessKeyError("secret access key must be at least 16 characters")
        }
    }

    /// Temporary credentials' key pair: `ASIA` + 16 characters, like AWS session keys.
    public static func generateTemporary() -> Credentials {
        var credentials = generate()
        credentials.accessKeyId = "ASIA" + credentials.accessKeyId.dropFirst(4)
        return credentials
    }

    /// `AKIA` + 16 characters and a 40-character secret, like AWS keys, from the system CSPRNG.
    static func generate() -> Credentials {
        let idAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var rng = SystemRandomNumberGenerator()
        let id = "AKIA" + String((0..<16).map { _ in idAlphabet[Int(rng.next(upperBound: UInt(idAlphabet.count)))] })
        let secret = String((0..<40).map { _ in secretAlphabet[Int(rng.next(upperBound: UInt(secretAlphabet.count)))] })
        return Credentials(accessKeyId: id, secretAccessKey: secret)
    }
}

public struct AccessKeyError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
