import ArgumentParser
import AsyncHTTPClient
import Foundation
import VigilAWSClients

/// `vigil escalate`: CreateEscalation, ListEscalations and GetEscalation against a Vigil server,
/// signed with SigV4 (service `aidevops`) with credentials from the standard AWS chain, like the
/// AWS CLI. See docs/guard.md.
struct EscalateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalate",
        abstract: "Open a ticket or an AWS Support case from a backlog task's investigation, or list them.",
        subcommands: [Create.self, List.self, Get.self], defaultSubcommand: Create.self)

    struct Connection: ParsableArguments {
        @Option(help: "The Vigil server, for example http://127.0.0.1:8080.") var endpointUrl: String
        @Option(help: "The server's region (signing scope).") var region = "us-east-1"
        @Option(help: "AWS profile for the credentials (default: the standard chain).") var profile: String?
        @Argument(help: "Agent space id.") var agentSpaceId: String
        @Argument(help: "Backlog task id.") var taskId: String

        var path: String {
            "/vigil/v1/agentspaces/\(Self.segment(agentSpaceId))/backlog/\(Self.segment(taskId))/escalations"
        }

        static func segment(_ raw: String) -> String {
            raw.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? raw
        }

        /// Sends one signed request and prints the JSON answer; an error answer exits 1 with its message.
        func send(_ method: String, _ path: String, query: String? = nil, body: [UInt8] = [], operation: String) async throws {
            let http = HTTPClient.shared
            let endpoint = try AWSEndpoint(url: endpointUrl)
            let client = AWSClient(region: region, credentials: CredentialProviderChain.standard(profile: profile),
                                   transport: AWSHTTPTransport(executor: AsyncHTTPClientExecutor(client: http), configuration: .init(retry: .none)),
                                   endpoints: .override(endpoint))
            let service = AWSServiceDescriptor(name: "Vigil", signingName: "aidevops", apiVersion: "2026-01-01", wireProtocol: .restJSON)
            do {
                let response = try await client.send(service, operation, encode: { endpoint in
                    var request = AWSHTTPRequest(method: method, endpoint: endpoint, rawPath: path, rawQuery: query, headers: [("Host", endpoint.hostHeader)], body: body)
                    if !body.isEmpty { request.setHeader("Content-Type", "application/json") }
                    return request
                }, decodeError: { JSONErrorDecoding.details($0) })
                print(String(decoding: response.body, as: UTF8.self))
            } catch let error as AWSClientError {
                FileHandle.standardError.write(Data("vigil escalate: \(error.description)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "CreateEscalation: prints the escalation with its status and receipt.")
        @OptionGroup var connection: Connection
        @Option(help: "ticket or supportCase.") var kind: String
        @Option(help: "ServiceNow instance URL or webhook URL (ticket), or account id (supportCase); default: the space's only one.") var target: String?
        @Option(help: "low, normal, high, urgent or critical (default: from the task's priority).") var severity: String?

        func run() async throws {
            var body: [String: String] = ["kind": kind]
            if let target { body["target"] = target }
            if let severity { body["severity"] = severity }
            let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
            try await connection.send("POST", connection.path, body: Array(data), operation: "CreateEscalation")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "ListEscalations of a task (first page of up to 100).")
        @OptionGroup var connection: Connection

        func run() async throws {
            try await connection.send("GET", connection.path, query: "maxResults=100", operation: "ListEscalations")
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "GetEscalation.")
        @OptionGroup var connection: Connection
        @Argument(help: "Escalation id.") var escalationId: String

        func run() async throws {
            try await connection.send("GET", connection.path + "/" + Connection.segment(escalationId), operation: "GetEscalation")
        }
    }
}
