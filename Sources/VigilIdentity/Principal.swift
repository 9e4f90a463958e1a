/// Who made a request, as established by SigV4 authentication.
public struct Principal: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The account administrator (AWS's root user): not subject to policies.
        case root
        case user
        /// A role session from AssumeRole.
        case assumedRole
    }

    public var kind: Kind
    /// The caller's own ARN: `…:root`, `…:user/NAME`, or `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    public var arn: String
    public var accessKeyId: String
    /// The IAM identity whose policies apply: the user, or the role of a session.
    public var policySubjectArn: String
    /// The IAM unique id of that identity (`aws:userid` is built from it).
    public var uniqueId: String
    public var sessionName: String?
    /// The session policy passed to AssumeRole, intersected with the role's policies.
    public var sessionPolicy: String?
    /// Principal tags: the user's or role's tags, overridden by session tags.
    public var tags: [String: String]

    public init(kind: Kind, arn: String, accessKeyId: String, policySubjectArn: String, uniqueId: String,
                sessionName: String? = nil, sessionPolicy: String? = nil, tags: [String: String] = [:]) {
        self.kind = kind
        self.arn = arn
        self.accessKeyId = accessKeyId
        self.policySubjectArn = policySubjectArn
        self.uniqueId = uniqueId
        self.sessionName = sessionName
        self.sessionPolicy = sessionPolicy
        self.tags = tags
    }

    public var isAdministrator: Bool { kind == .root }
}
