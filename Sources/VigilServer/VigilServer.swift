import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import AsyncHTTPClient
import VigilAPI
import VigilAudit
import VigilAWSClients
import VigilCore
import VigilIdentity
import VigilStore

/// The composition root: opens the store, ensures the administrator key, and runs the HTTP
/// application with its background services until SIGTERM or SIGINT.
public struct VigilServer {
    public let configuration: ServerConfiguration
    public let environment: APIEnvironment
    /// Credentials generated on first start, to be shown once.
    public let generatedAdministrator: AccessKeys.Credentials?
    let auditLog: AuditLog
    let httpClient: HTTPClient

    public init(configuration: ServerConfiguration) throws {
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
        environment = APIEnvironment(
            account: account, store: store, accessKeys: accessKeys, secrets: box,
            authorizer: PolicyAuthorizer(store: store, account: account), limits: limits,
            publicBaseURL: configuration.resolvedPublicURL, aws: aws, audit: auditLog, logger: logger)
    }

    /// The HTTP application: the API middleware in front of a router for everything else.
    public func makeApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: VigilRequestContext.self)
        router.add(middleware: STSMiddleware(environment: environment))
        router.add(middleware: APIMiddleware(environment: environment))
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        // Webhook URLs are handed out by AssociateService; accepting deliveries is the intake issue.
        router.post("/webhook/**") { _, _ in
            Response(status: .notImplemented, headers: [.contentType: "application/json"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"message":"Webhook intake is not implemented in this version of Vigil; the delivery was not accepted"}"#)))
        }
        return Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "Vigil"),
            services: [StoreJanitor(store: environment.store, idempotencyWindow: environment.limits.idempotencyWindowSeconds,
                                   logger: environment.logger)],
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
