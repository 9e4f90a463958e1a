import ArgumentParser
import AsyncHTTPClient
import Foundation
import VigilAPI
import VigilAWSClients
import VigilCore
import VigilServer
import VigilStore

/// `vigil posture`: audits an agent space's AWS roles against the deployment checklist.
struct PostureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "posture",
        abstract: "Audit the AWS roles of an agent space against the DevOps Agent deployment checklist.",
        discussion: "Reads IAM in each associated account through the space's own roles, with Vigil's AWS credentials (standard chain) and VIGIL_AWS_ENDPOINT_URL / VIGIL_AWS_REGIONS. Exit 1 when any item fails.")

    @Option(help: "Directory of the embedded store.") var dataDir: String
    @Option(help: "Agent space id.") var space: String
    @Flag(help: "Print the report as JSON.") var json = false

    func run() async throws {
        let configuration = try ServerConfiguration.load(file: nil, environment: ProcessInfo.processInfo.environment,
                                                         overrides: ["dataDir": dataDir])
        let account = try AccountContext(accountId: configuration.accountId, region: configuration.region)
        let http = AsyncHTTPClientExecutor.makeHTTPClient()
        let items: [PostureAudit.Item]
        do {
            let aws = AWSAccess(
                transport: AWSHTTPTransport(executor: AsyncHTTPClientExecutor(client: http)),
                endpoints: try configuration.awsEndpointURL.map { .override(try AWSEndpoint(url: $0)) } ?? .standard,
                baseCredentials: CredentialProviderChain.standard(), allowedRegions: Set(configuration.awsRegions))
            items = try await SpaceAWSAssociations.posture(store: try Store(directory: dataDir), account: account, aws: aws, space: space)
            try await http.shutdown()
        } catch {
            try? await http.shutdown()
            FileHandle.standardError.write(Data("vigil posture: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if json {
            printJSON(items.map { item -> [String: Any] in
                var object: [String: Any] = ["id": item.id, "verdict": item.verdict.rawValue, "evidence": item.evidence]
                if let accountId = item.accountId { object["accountId"] = accountId }
                if let fix = item.fix { object["fix"] = fix }
                return object
            })
        } else {
            for item in items {
                say("\(item.verdict.rawValue.uppercased().padding(toLength: 12, withPad: " ", startingAt: 0)) \(item.id)\(item.accountId.map { " [\($0)]" } ?? "")")
                say("             \(item.evidence)")
                if let fix = item.fix { say("             fix: \(fix)") }
            }
        }
        if items.contains(where: { $0.verdict == .fail }) { throw ExitCode(1) }
    }
}
