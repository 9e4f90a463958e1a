import ArgumentParser
import Foundation
import VigilAPI
import VigilAPIModel
import VigilCore
import VigilIdentity
import VigilServer
import VigilStore

/// Writes a line to standard output unbuffered, so a supervisor reading a pipe sees it at once.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

@main
struct Vigil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Vigil: a self-hosted SRE agent that speaks the AWS DevOps Agent API.",
        subcommands: [Serve.self, Seed.self, IAMCommand.self, PolicyCommand.self, LogsCommand.self, AuditCommand.self, PostureCommand.self, InvestigateCommand.self, GuardCommand.self, TopologyCommand.self, TelemetryCommand.self, DemoCommand.self, MCPCommand.self, EscalateCommand.self])
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the API server on the embedded store.",
        discussion: "Settings come from flags, then VIGIL_* environment variables, then --config FILE (JSON). See docs/configuration.md.")

    @Option(help: "Directory of the embedded SQLite store (VIGIL_DATA_DIR).") var dataDir: String?
    @Option(help: "Address to listen on (VIGIL_HOST, default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (VIGIL_PORT, default 8080; 0 picks a free port).") var port: Int?
    @Option(help: "JSON configuration file.") var config: String?

    func run() async throws {
        var overrides: [String: String] = [:]
        if let dataDir { overrides["dataDir"] = dataDir }
        if let host { overrides["host"] = host }
        if let port { overrides["port"] = String(port) }
        let configuration: ServerConfiguration
        let server: VigilServer
        do {
            configuration = try ServerConfiguration.load(file: config, environment: ProcessInfo.processInfo.environment, overrides: overrides)
            server = try VigilServer(configuration: configuration)
        } catch {
            FileHandle.standardError.write(Data("vigil: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if let generated = server.generatedAdministrator {
            say("""
                Created the administrator access key (shown only this once; store it now):
                  AWS_ACCESS_KEY_ID=\(generated.accessKeyId)
                  AWS_SECRET_ACCESS_KEY=\(generated.secretAccessKey)
                """)
        }
        let account = server.environment.account
        try await server.run { port in
            say("Vigil listening on http://\(configuration.host):\(port) (account \(account.accountId), region \(account.region), data \(configuration.dataDirectory))")
        }
    }
}

struct Seed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load goals, executions with journal records, and recommendations into an agent space from a JSON file.",
        discussion: "For development, demos and tests; investigations produce these records in normal operation. Works while the server runs. Prints the created ids as JSON. Format: docs/fixtures.md.")

    @Option(help: "Directory of the embedded store.") var dataDir: String
    @Option(help: "Fixture file (JSON).") var file: String

    func run() throws {
        do {
            let configuration = try ServerConfiguration.load(file: nil, environment: ProcessInfo.processInfo.environment,
                                                             overrides: ["dataDir": dataDir])
            let account = try AccountContext(accountId: configuration.accountId, region: configuration.region)
            let store = try Store(directory: dataDir)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            let created = try FixtureLoader.load(bytes, store: store, account: account)
            say(String(decoding: JSONWriter.write(created), as: UTF8.self))
        } catch {
            FileHandle.standardError.write(Data("vigil seed: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
