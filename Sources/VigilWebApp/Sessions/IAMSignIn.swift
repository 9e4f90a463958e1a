import Foundation
import VigilAudit
import VigilCore
import VigilIdentity

/// The `iam` flow: a Vigil access key id and secret, plus the session token for temporary
/// credentials (from Vigil's AssumeRole). Verified through `AccessKeys`, compared in constant
/// time; an unknown key, a wrong secret and a wrong or missing token all get the same answer.
struct IAMSignIn: Sendable {
    let accessKeys: AccessKeys
    let account: AccountContext

    static let failureMessage = "Sign-in failed: the access key id, secret access key or session token is not valid."

    struct Verified: Sendable {
        var identity: SignedInIdentity
        /// Temporary credentials end the web session no later than they expire.
        var expiresAt: Date?
    }

    func verify(accessKeyId: String, secret: String, sessionToken: String?) async -> Verified? {
        let id = accessKeyId.trimmingCharacters(in: .whitespaces)
        guard (3...128).contains(id.count), id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              !secret.isEmpty, secret.utf8.count <= 256
        else { return nil }
        // A lookup failure is reported exactly like a wrong secret.
        guard let resolved = try? await accessKeys.resolve(id) else { return nil }
        let secretMatches = SessionSecrets.constantTimeEqual(resolved.secretAccessKey, secret)
        let token = sessionToken.flatMap { $0.isEmpty ? nil : $0 }
        let tokenMatches: Bool
        switch (resolved.sessionTokenDigest, token) {
        case (let digest?, let token?): tokenMatches = SessionToken.matches(token, digest: digest)
        case (nil, nil): tokenMatches = true
        default: tokenMatches = false
        }
        guard secretMatches && tokenMatches else { return nil }
        return Verified(identity: SignedInIdentity(principal: resolved.principal, flow: .iam,
                                                   displayName: Self.displayName(resolved.principal)),
                        expiresAt: resolved.expiresAt)
    }

    static func displayName(_ p: Principal) -> String {
        switch p.kind {
        case .root: "administrator"
        case .user: String(p.arn.split(separator: "/").last ?? Substring(p.arn))
        case .assumedRole: p.arn.split(separator: "/").dropFirst().joined(separator: "/")
        }
    }

    /// The audit record of a sign-in attempt (the secret is never recorded).
    func auditEntry(accessKeyId: String, success: Bool, principal: Principal?, flow: SignInFlow = .iam) -> AuditEntry {
        let claimed = String(accessKeyId.prefix(128))
        let detail = "{\"claimedAccessKeyId\":\"\(claimed.filter { $0.isASCII && ($0.isLetter || $0.isNumber) })\",\"flow\":\"\(flow.rawValue)\"}"
        return AuditEntry(kind: success ? .apiCall : .authFailure, principal: principal?.arn ?? "anonymous",
                          action: "webapp:SignIn", resource: "", decision: success ? .allow : .deny, detail: detail)
    }
}
