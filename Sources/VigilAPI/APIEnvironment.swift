import Logging
import VigilAWSClients
import VigilAudit
import VigilCore
import VigilIdentity
import VigilStore

/// Everything the operation handlers need, assembled once by the server.
public struct APIEnvironment: Sendable {
    public var account: AccountContext
    public var store: Store
    public var accessKeys: AccessKeys
    public var secrets: SecretBox
    public var pageTokens: PageTokens
    public var authorizer: any Authorizer
    public var limits: APILimits
    /// Base URL under which this server is reachable from senders (webhook URLs are built on it).
    public var publicBaseURL: String
    /// Reaching AWS for agent spaces; nil when the server runs without it (offline tools).
    public var aws: AWSAccess?
    /// Where every API call, authentication failure and, later, agent step is recorded.
    public var audit: any AuditSink
    /// Asked for a topology discovery after an AWS association is created or updated; nil: none.
    public var discovery: (any DiscoveryRequesting)? = nil
    public var logger: Logger
    /// Told after a backlog task is created or re-queued (the investigation runner listens).
    public var taskEvents: any TaskEvents = NoTaskEvents()
    /// Reaching registered MCP servers (docs/mcp.md); without a connector MCP registration is refused.
    public var mcp = MCPSettings()

    public init(account: AccountContext, store: Store, accessKeys: AccessKeys, secrets: SecretBox,
                authorizer: any Authorizer, limits: APILimits, publicBaseURL: String, aws: AWSAccess? = nil,
                audit: any AuditSink, logger: Logger) {
        self.account = account
        self.store = store
        self.accessKeys = accessKeys
        self.secrets = secrets
        self.pageTokens = PageTokens(key: secrets.derivedKey(purpose: "page-token"))
        self.authorizer = authorizer
        self.limits = limits
        self.publicBaseURL = publicBaseURL
        self.aws = aws
        self.audit = audit
        self.logger = logger
    }
}

/// Quotas and size limits. Defaults follow the DevOps Agent seed.
public struct APILimits: Sendable {
    /// Live agent spaces per account and region.
    public var maxAgentSpaces = 100
    /// Largest accepted request body.
    public var maxBodyBytes = 1 << 20
    /// How long a client token pins its first response.
    public var idempotencyWindowSeconds: Double = 8 * 3600
    /// Allowed difference between a request's X-Amz-Date and the server clock.
    public var maxClockSkewSeconds: Double = 300

    public init() {}
}
