import AsyncHTTPClient
import VigilAPI
import VigilIntake
import VigilStore

/// Builds the webhook receiver and the topology view intake links tasks with.
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
}
