import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import AsyncHTTPClient
import VigilAPI
import VigilActions
import VigilAudit
import VigilAWSClients
import VigilCore
import VigilDiscovery
import VigilIdentity
import VigilIntake
import VigilInvestigation
import VigilTelemetry
import VigilStore
import VigilWebApp
import VigilMCP

/// The composition root: opens the store, ensures the administrator key, and runs the HTTP
/// application with its background services until SIGTERM or SIGINT.
public struct VigilServer {
    public let configuration: ServerConfiguration
    public let environment: APIEnvironment
    /// Credentials generated on first start, to be shown once.
    public let generatedAdministrator: AccessKeys.Credentials?
    let auditLog: AuditLog
    let httpClient: HTTPClient
    /// Topology discovery of the spaces' AWS associations (docs/topology.md).
    let discovery: DiscoveryScheduler

    /// The investigation runner (docs/investigations.md).
    let investigations: InvestigationRunner?
    /// Continuous export of the audit trail (docs/audit.md), when VIGIL_AUDIT_EXPORT is set.
    let auditExport: AuditExportService?

    /// `investigationSources` overrides the configured sources (`vigil demo` passes its simulation).
    public init(configuration: ServerConfiguration, investigationSources: (any SpaceSourceProvider)? = nil) throws {
        self.configuration = configuration
        var logger = Logger(label: "vigil")
        logger.logLevel = configuration.logLevel
        let account = try AccountContext(accountId: configuration.accountId, region: configuration.region)
        let key = try MasterKey.load(base64: configuration.masterKeyBase64, file: configuration.masterKeyFile,
                                     dataDirectory: configuration.dataDirectory)
        let box = SecretBox(key: key)
        let store = try Store(directory: configuration.dataDirectory)
        let accessKeys = AccessKeys(store: store, box: box, account: account)
        var configured: AccessKeys.Credentials?
        if let id = configuration.adminAccessKeyId, let secret = configuration.adminSecretAccessKey {
            configured = AccessKeys.Credentials(accessKeyId: id, secretAccessKey: secret)
        }
        generatedAdministrator = try accessKeys.ensureAdministrator(configured: configured)
        auditLog = try AuditLog(directory: configuration.dataDirectory)
        httpClient = AsyncHTTPClientExecutor.makeHTTPClient()
        let endpoints: AWSEndpointResolver = try configuration.awsEndpointURL.map { .override(try AWSEndpoint(url: $0)) } ?? .standard
        let aws = AWSAccess(
            transport: AWSHTTPTransport(executor: AsyncHTTPClientExecutor(client: httpClient), logger: logger),
            endpoints: endpoints, baseCredentials: CredentialProviderChain.standard(),
            allowedRegions: Set(configuration.awsRegions))
        var limits = APILimits()
        limits.maxAgentSpaces = configuration.maxAgentSpaces
        limits.maxBodyBytes = configuration.maxBodyBytes
        var environment = APIEnvironment(
            account: account, store: store, accessKeys: accessKeys, secrets: box,
            authorizer: PolicyAuthorizer(store: store, account: account), limits: limits,
            publicBaseURL: configuration.resolvedPublicURL, aws: aws, audit: auditLog, logger: logger)
        investigations = Self.investigationRunner(configuration: configuration, sources: investigationSources, store: store,
                                                  audit: auditLog, account: account, aws: aws, logger: logger)
        if let investigations { environment.taskEvents = investigations }
        discovery = DiscoveryScheduler(
            runner: DiscoveryRunner(store: store, logger: logger),
            provider: AWSDiscoveryTargets { space in
                try await SpaceAWSAssociations.discoveryAccounts(store: store, account: account, aws: aws, space: space)
                    .map { SpaceAWSAccounts(space: $0.space, factory: $0.factory, accounts: $0.accounts) }
            },
            interval: .seconds(configuration.discoveryIntervalSeconds), logger: logger)
        environment.discovery = discovery
        var mcpOptions = MCPClientOptions()
        mcpOptions.allowLoopbackHTTP = configuration.mcpAllowLoopbackHTTP
        mcpOptions.caBundlePath = configuration.mcpCABundle
        environment.mcp = MCPSettings(connector: StreamableHTTPMCPClient(httpClient: httpClient, logger: logger), options: mcpOptions)
        environment.mcp.http = AsyncHTTPClientExecutor(client: httpClient)
        environment.mcp.refreshingConnector = { [httpClient, logger] onRefresh in
            StreamableHTTPMCPClient(httpClient: httpClient, logger: logger, onTokensRefreshed: onRefresh)
        }
        self.environment = environment
        let exportedLog = auditLog
        auditExport = configuration.auditExport.map { target in
            AuditExportService(exporter: AuditExporter(
                log: exportedLog,
                destination: target.destination(client: AWSClientForExport(
                    region: target.region, baseCredentials: aws.baseCredentials, transport: aws.transport, endpoints: endpoints,
                    roleArn: configuration.auditExportRoleArn, externalId: configuration.auditExportExternalId)),
                position: AuditExportPosition(file: URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent(target.positionFileName))),
                target: target, interval: .seconds(configuration.auditExportIntervalSeconds), logger: logger)
        }
    }

    /// The HTTP application: the API middleware in front of a router for everything else.
    public func makeApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: VigilRequestContext.self)
        // Operator Web App (docs/webapp.md): `/`, `/app/...`, `/static/...`, `/auth/signin`, `/auth/signout`.
        // Mounted first: a browser's unsigned `GET /` is the app's home, not an STS query call.
        do {
            try WebApp.mount(on: router, environment: environment, publicBaseURL: configuration.resolvedPublicURL, auditLog: auditLog)
        } catch {
            environment.logger.error("operator web app not mounted", metadata: ["error": .string(String(describing: error))])
        }
        router.add(middleware: STSMiddleware(environment: environment))
        router.add(middleware: APIMiddleware(environment: environment))
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        // The browser's return from an MCP server's OAuth authorization (docs/mcp.md).
        MCPOAuthCallbackRoute.mount(on: router, environment: environment)
        // Webhook deliveries (docs/intake.md): committed to the inbox before the 2xx, applied by `intake`.
        let intake = IntakeProcessor(store: environment.store, account: environment.account, topology: IntakeSetup.topology(environment.store),
                                     taskEvents: environment.taskEvents, logger: environment.logger)
        WebhookRoutes.mount(on: router, receiver: IntakeSetup.receiver(environment: environment, configuration: configuration,
                                                                       httpClient: httpClient, wake: { intake.wake() }))
        // Intake pollers (docs/intake.md): CloudWatch alarms and ServiceNow incidents into the same inbox.
        let pollers = IntakeSetup.pollers(environment: environment, configuration: configuration, httpClient: httpClient,
                                          wake: { intake.wake() })
        // Identity-provider sign-in of the web app (docs/webapp-sign-in.md): `/auth/oidc/start`, `/auth/oidc/callback`.
        OIDCRoutes.mount(on: router, environment: environment, httpClient: httpClient)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "Vigil"),
            services: [StoreJanitor(store: environment.store, idempotencyWindow: environment.limits.idempotencyWindowSeconds,
                                   logger: environment.logger), discovery, intake] + pollers + (investigations.map { [$0] } ?? [])
                + (auditExport.map { [$0] } ?? []),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: environment.logger)
    }

    /// Runs until a shutdown signal, then flushes the store's write-ahead log.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await makeApplication(onServerRunning: onServerRunning).runService(gracefulShutdownSignals: [.sigterm, .sigint])
        try await auditLog.close()
        try await httpClient.shutdown()
        try environment.store.checkpoint()
        environment.logger.info("stopped; audit log closed with a signed checkpoint; store checkpointed")
    }
}

extension VigilServer {
    /// The runner. A space associated with AWS accounts is investigated from them (telemetry through
    /// its assumed roles, resources in its discovered topology); any other space from the given
    /// sources, else the configured telemetry bundle; a space with none keeps its tasks waiting.
    static func investigationRunner(configuration: ServerConfiguration, sources: (any SpaceSourceProvider)?, store: Store,
                                    audit: any AuditSink, account: AccountContext, aws: AWSAccess,
                                    logger: Logger) -> InvestigationRunner? {
        var fallback = sources
        if fallback == nil, let bundle = configuration.telemetryBundle {
            fallback = SharedSources(SpaceSources(name: "bundle \(bundle)", telemetry: BundleTelemetrySource(directory: bundle),
                                                  topology: WholeSourceResolver()))
        }
        let provider = AWSSpaceSources(store: store, fallback: fallback, logger: logger) { space in
            try await SpaceAWSAssociations.discoveryAccounts(store: store, account: account, aws: aws, space: space)
                .first.map { SpaceAWSAccounts(space: $0.space, factory: $0.factory, accounts: $0.accounts) }
        }
        return InvestigationRunner(store: store, sources: provider, reasoner: RootCauseReasoner(), audit: audit, account: account,
                                   settings: configuration.investigation, logger: logger)
    }
}

extension DiscoveryScheduler: DiscoveryRequesting {}

/// Runs the audit exporter until shutdown; failed deliveries are logged and retried next tick.
struct AuditExportService: Service {
    let exporter: AuditExporter
    let target: AuditExportTarget
    let interval: Duration
    let logger: Logger

    func run() async throws {
        logger.info("exporting the audit trail", metadata: ["destination": .string(target.description)])
        let logger = logger
        await cancelWhenGracefulShutdown {
            await exporter.run(interval: interval) { error in
                logger.warning("audit export failed; retrying", metadata: ["error": .string(String(describing: error))])
            }
        }
        // A last pass so records of the final moments are sent before the log closes.
        _ = try? await exporter.exportPending()
    }
}
