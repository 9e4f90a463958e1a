import VigilIdentity

/// The sign-in flows of `EnableOperatorApp` (`authFlow`).
public enum SignInFlow: String, Sendable {
    case iam, idc, idp

    /// Session lifetime by flow: 30 minutes for IAM keys, 12 hours for single sign-on.
    public var sessionLifetime: Duration {
        switch self {
        case .iam: .seconds(30 * 60)
        case .idc, .idp: .seconds(12 * 3600)
        }
    }
}

/// Who a completed sign-in established, before a session exists. Every flow ends here; the
/// session layer turns it into a cookie. A session acts as `principal` and every page action is
/// authorized for that principal exactly like an API call.
public struct SignedInIdentity: Sendable {
    public var principal: Principal
    public var flow: SignInFlow
    /// Shown in the page header (user name, e-mail claim or role session name). Untrusted for HTML.
    public var displayName: String
    /// For SSO sign-ins through one space's operator app configuration: the only space it grants.
    public var agentSpaceId: String?

    public init(principal: Principal, flow: SignInFlow, displayName: String, agentSpaceId: String? = nil) {
        self.principal = principal
        self.flow = flow
        self.displayName = displayName
        self.agentSpaceId = agentSpaceId
    }
}
