import ArgumentParser
import Foundation
import VigilAPIModel
import VigilDemo
import VigilInvestigation
import VigilServer

/// `vigil demo`: the server on the embedded store with a simulated shop behind the telemetry and
/// topology seams, one fault injected, its alarm raising a task, and the investigation running.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Vigil against a simulated shop with an injected fault and watch the investigation.",
        discussion: "See docs/demo.md. --list prints the scenarios; --run-once --json runs one to completion and prints the result.")

    @Flag(help: "Print the scenario names, one per line, and exit.") var list = false
    @Option(help: "The fault to inject (see --list).") var scenario: String = DemoScenario.badDeployment.rawValue
    @Flag(help: "Run the scenario's investigation to completion on a fresh store and exit (no server).") var runOnce = false
    @Flag(help: "With --run-once: print the result as JSON.") var json = false
    @Option(help: "Directory of the embedded store (default: a new temporary directory).") var dataDir: String?
    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default 8080; 0 picks a free port).") var port: Int?
    @Option(help: "Seed of the simulation.") var seed: UInt64 = 7
    @Option(help: "Services in the simulated topology (13 is the shop; more adds generic services).") var services: Int = 13
    @Option(help: "Seconds between investigation steps, so the journal can be watched filling (server mode).") var stepPause: Double = 1.5

    func run() async throws {
        if list {
            for s in DemoScenario.allCases { say(s.rawValue) }
            return
        }
        guard let chosen = DemoScenario(rawValue: scenario) else {
            FileHandle.standardError.write(Data("vigil demo: unknown scenario '\(scenario)'; one of: \(DemoScenario.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            throw ExitCode(2)
        }
        guard (13...5000).contains(services) else {
            FileHandle.standardError.write(Data("vigil demo: --services must be between 13 and 5000\n".utf8))
            throw ExitCode(2)
        }
        if runOnce {
            let result = try await DemoRunOnce.run(scenario: chosen, reasoner: RootCauseReasoner(), seed: seed, serviceCount: services,
                                                   dataDirectory: dataDir)
            if json {
                say(String(decoding: JSONWriter.write(result), as: UTF8.self))
            } else {
                say("scenario \(chosen.rawValue): injected \(chosen.injected.kind) on \(chosen.injected.entity)")
                for (i, h) in (result["hypotheses"]?.arrayValue ?? []).prefix(5).enumerated() {
                    say("  \(i + 1). \(h["kind"]?.stringValue ?? "?") on \(h["entity"]?.stringValue ?? "?") (confidence \(h["confidence"]?.doubleValue ?? 0))")
                }
                say(result["summary"]?.stringValue ?? "")
            }
            return
        }
        try await serve(chosen)
    }

    func serve(_ chosen: DemoScenario) async throws {
        let directory = dataDir ?? (NSTemporaryDirectory() + "vigil-demo-\(UUID().uuidString)")
        var overrides = ["dataDir": directory]
        if let host { overrides["host"] = host }
        if let port { overrides["port"] = String(port) }
        var configuration = try ServerConfiguration.load(file: nil, environment: ProcessInfo.processInfo.environment, overrides: overrides)
        configuration.investigation.stepPauseSeconds = stepPause
        // The alarm fires a few seconds after start, with the fault developing for minutes before it.
        let environment = DemoEnvironment.anchored(scenario: chosen, model: .make(serviceCount: services), seed: seed,
                                                   alarmAt: Date().timeIntervalSince1970 + 3, clock: { Date().timeIntervalSince1970 })
        let server = try VigilServer(configuration: configuration, investigationSources: SharedSources(environment.sources))
        if let generated = server.generatedAdministrator {
            say("""
                Created the administrator access key (shown only this once):
                  export AWS_ACCESS_KEY_ID=\(generated.accessKeyId) AWS_SECRET_ACCESS_KEY=\(generated.secretAccessKey)
                """)
        }
        let store = server.environment.store
        let events = server.environment.taskEvents
        let listenHost = configuration.host
        let space = try DemoEnvironment.createSpace(store: store, name: "demo-shop", now: Date())
        try await server.run { port in
            let url = "http://\(listenHost):\(port)"
            say("Vigil demo listening on \(url) (data \(directory))")
            say("Simulated shop: \(environment.simulation.model.services.count) services; scenario \(chosen.rawValue) injected")
            say("Agent space: \(space)")
            Task {
                guard let firing = environment.alarmFiring else { say("The scenario's alarm did not fire"); return }
                let wait = firing.firesAt - Date().timeIntervalSince1970
                if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
                do {
                    let taskId = try environment.raiseAlarmTask(store: store, space: space, firing: firing)
                    events.taskChanged(space: space, taskId: taskId)
                    say("Alarm \(chosen.alarm.name) fired; task: \(taskId)")
                    say("""
                        Watch it (with the key above, AWS_DEFAULT_REGION=us-east-1 and AWS_DISABLE_HOST_PREFIX_INJECTION=true):
                          aws devops-agent --endpoint-url \(url) get-backlog-task --agent-space-id \(space) --task-id \(taskId)
                          aws devops-agent --endpoint-url \(url) list-executions --agent-space-id \(space) --task-id \(taskId)
                          aws devops-agent --endpoint-url \(url) list-journal-records --agent-space-id \(space) --execution-id EXECUTION_ID --order ASC
                          aws devops-agent --endpoint-url \(url) list-recommendations --agent-space-id \(space) --task-id \(taskId)
                        Approve a plan: aws devops-agent --endpoint-url \(url) update-recommendation --agent-space-id \(space) --recommendation-id ID --status ACCEPTED
                        Stop with Ctrl-C.
                        """)
                } catch {
                    say("Could not raise the alarm's task: \(error)")
                }
            }
        }
    }
}
