import AsyncHTTPClient
import ServiceLifecycle
import VigilAPI
import VigilAWSClients
import VigilIntake
import VigilStore

/// Builds the webhook receiver, the intake pollers and the topology view intake links tasks with.
enum IntakeSetup {
    static func receiver(environment: APIEnvironment, configuration: ServerConfiguration, httpClient: HTTPClient,
                         wake: @escaping @Sendable () -> Void) -> WebhookReceiver {
        let box = environment.secrets
        return WebhookReceiver(
            store: environment.store, unseal: { sealed, context in try box.openString(sealed, context: context) },
            audit: environment.audit, wake: wake,
            sns: configuration.intakeSNS
                ? SNSHTTPHandling(client: httpClient, testHost: configuration.intakeSNSTestHost, logger: environment.logger) : nil,
            logger: environment.logger,
            maxBodyBytes: 1 << 20)
    }

    static func topology(_ store: Store) -> any TopologyNeighbours {
        StoredTopologyNeighbours()
    }

    /// The CloudWatch alarm poller (every space's AWS associations, through its client factory) and
    /// the ServiceNow incident poller (every `servicenow` association); an interval of 0 turns one off.
    static func pollers(environment: APIEnvironment, configuration: ServerConfiguration, httpClient: HTTPClient,
                        wake: @escaping @Sendable () -> Void) -> [any Service] {
        var services: [any Service] = []
        let store = environment.store, account = environment.account, logger = environment.logger
        if configuration.intakeAlarmPollSeconds > 0, let aws = environment.aws {
            services.append(CloudWatchAlarmPoller(
                store: store,
                targets: {
                    try await SpaceAWSAssociations.discoveryAccounts(store: store, account: account, aws: aws, space: nil)
                        .map { AlarmPollTarget(space: $0.space, factory: $0.factory, accounts: $0.accounts) }
                },
                intervalSeconds: configuration.intakeAlarmPollSeconds, wake: wake, logger: logger))
        }
        if configuration.intakeServiceNowPollSeconds > 0 {
            let box = environment.secrets
            services.append(ServiceNowIncidentPoller(
                store: store, unseal: { sealed, context in try box.open(sealed, context: context) },
                http: AsyncHTTPClientExecutor(client: httpClient), intervalSeconds: configuration.intakeServiceNowPollSeconds,
                wake: wake, logger: logger))
        }
        return services
    }
}
