import ArgumentParser
import AsyncHTTPClient
import Foundation
import VigilAWSClients
import VigilDiscovery
import VigilStore
import VigilTopology

/// `vigil topology`: discover an AWS account's resource graph, or query the graph a server stored.
struct TopologyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Discover and query the resource dependency graph (docs/topology.md).",
        subcommands: [TopologyDiscover.self, TopologyShow.self, TopologyNeighbours.self, TopologyPath.self,
                      TopologyBlastRadius.self, TopologyRuns.self])
}

/// Output format shared by the commands that print a graph.
struct GraphFormat: ParsableArguments {
    @Flag(help: "Print JSON (default).") var json = false
    @Flag(help: "Print Graphviz DOT: clusters by stack, nodes coloured by type.") var dot = false
    @Flag(help: "Print a standalone SVG picture (no Graphviz needed).") var svg = false

    func validate() throws {
        if [json, dot, svg].filter({ $0 }).count > 1 { throw ValidationError("choose one of --json, --dot, --svg") }
    }

    func print(_ graph: TopologyGraph, extra: [String: [String]] = [:], title: String) throws {
        if dot {
            FileHandle.standardOutput.write(Data(DOTRenderer.render(graph).utf8))
        } else if svg {
            FileHandle.standardOutput.write(Data(SVGRenderer.render(graph, title: title).utf8))
        } else {
            try TopologyOutput.printJSON(TopologyOutput.GraphDocument(graph: graph, extra: extra))
        }
    }
}

enum TopologyOutput {
    /// The JSON shape of `--json`: nodes and edges in graph order, plus lists such as gaps.
    struct GraphDocument: Encodable {
        var graph: TopologyGraph
        var extra: [String: [String]]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(graph.nodes, forKey: Key(stringValue: "nodes"))
            try container.encode(graph.edges, forKey: Key(stringValue: "edges"))
            for (key, values) in extra { try container.encode(values, forKey: Key(stringValue: key)) }
        }
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        FileHandle.standardOutput.write(try encoder.encode(value) + Data("\n".utf8))
    }

    static func fail(_ command: String, _ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("vigil topology \(command): \(message)\n".utf8))
        return ExitCode(2)
    }
}

struct TopologyDiscover: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "Discover the resource graph of one AWS account and region and print it.",
        discussion: """
            Credentials come from the standard chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, then the shared \
            credentials and config files, AWS_PROFILE or --profile). With --role-arn, that role is assumed first (with \
            --external-id when given). The account is the caller's (STS GetCallerIdentity). The X-Ray service graph of the \
            last hour adds observed edges unless --no-xray. Reads only; stores nothing. \
            Services that could not be read are listed under "gaps". Exit 2 on failure, including when no resource \
            could be read and some reads failed.
            """)

    @Option(help: "Region to read.") var region: String
    @Option(help: "One endpoint for every AWS service (moto, a private endpoint).") var endpointUrl: String?
    @Option(help: "Role to assume before reading.") var roleArn: String?
    @Option(help: "ExternalId to pass when assuming --role-arn.") var externalId: String?
    @Option(help: "Profile of the shared config/credentials files.") var profile: String?
    @Option(help: "Items per page in listings (default: each service's own).") var pageSize: Int?
    @Option(help: "Give up after this many seconds.") var timeout: Int = 900
    @Flag(help: "Do not read the X-Ray service graph of the last hour.") var noXray = false
    @OptionGroup var format: GraphFormat

    func validate() throws {
        if externalId != nil && roleArn == nil { throw ValidationError("--external-id needs --role-arn") }
        if let pageSize, pageSize < 1 { throw ValidationError("--page-size must be at least 1") }
        if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
    }

    func run() async throws {
        let http = AsyncHTTPClientExecutor.makeHTTPClient()
        let outcome: (InventorySnapshot, EdgeInference.Result)
        do {
            outcome = try await discover(http: http)
            try await http.shutdown()
        } catch {
            try? await http.shutdown()
            throw TopologyOutput.fail("discover", "\(error)")
        }
        let (snapshot, result) = outcome
        for gap in snapshot.gaps {
            FileHandle.standardError.write(Data("vigil topology discover: gap: \(gap)\n".utf8))
        }
        if snapshot.resources.isEmpty, let first = snapshot.gaps.first {
            throw TopologyOutput.fail("discover", DiscoveryRunner.nothingRead(first: first, count: snapshot.gaps.count))
        }
        try format.print(result.graph, extra: ["gaps": snapshot.gaps, "unresolved": result.unresolved],
                         title: "Vigil topology of \(snapshot.account) \(snapshot.region)")
    }

    func discover(http: HTTPClient) async throws -> (InventorySnapshot, EdgeInference.Result) {
        let client = try await AWSCommandLineClient.make(
            http: http, region: region, endpointUrl: endpointUrl, profile: profile, roleArn: roleArn,
            externalId: externalId, sessionName: "vigil-topology-discover")
        let account = client.accountId ?? ""
        let source = AWSInventorySource(client: client, accountId: account, region: region, pageSize: pageSize)
        let skipXRay = noXray
        let snapshot = try await withTimeout(.seconds(timeout)) {
            var snapshot = try await source.readInventory()
            if !skipXRay {
                let end = Date()
                do {
                    snapshot.observedEdges = try await XRayServiceGraphReader(client: client).edges(start: end.addingTimeInterval(-3600), end: end)
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    snapshot.gaps.append("XRay:GetServiceGraph: \(error)")
                }
            }
            return snapshot
        }
        return (snapshot, EdgeInference.infer(snapshot))
    }

    func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await withDeadline(limit, what: "the discovery", body)
        } catch let failure as DiscoveryFailure {
            throw ValidationError(failure.description)
        }
    }
}

/// The stored graph of an agent space, as `vigil serve`'s discovery left it.
struct StoredGraphOptions: ParsableArguments {
    @Option(help: "Directory of the server's embedded store.") var dataDir: String
    @Option(help: "Agent space id.") var space: String
    @Flag(help: "Include resources and edges no longer seen (stale).") var includeStale = false

    func load(_ command: String) throws -> TopologyGraph {
        do {
            let store = try Store(directory: dataDir)
            return try store.readNow { tx in
                guard try tx.agentSpaces.get(space) != nil else {
                    throw ValidationError("agent space \(space) does not exist in \(dataDir)")
                }
                return try StoredTopology.load(tx, space: space, includeStale: includeStale)
            }
        } catch {
            throw TopologyOutput.fail(command, "\(error)")
        }
    }

    func require(_ arn: String, in graph: TopologyGraph, _ command: String) throws {
        guard graph.contains(arn) else {
            throw TopologyOutput.fail(command, "no resource \(arn) in the stored graph of agent space \(space)\(includeStale ? "" : " (stale ones excluded; see --include-stale)")")
        }
    }
}

struct TopologyShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the stored graph of an agent space.")
    @OptionGroup var stored: StoredGraphOptions
    @OptionGroup var format: GraphFormat

    func run() throws {
        try format.print(try stored.load("show"), title: "Vigil topology of agent space \(stored.space)")
    }
}

struct TopologyNeighbours: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "neighbours", abstract: "Resources joined to one resource by an edge.")
    @OptionGroup var stored: StoredGraphOptions
    @Option(help: "The resource's ARN.") var arn: String
    @Option(help: "outgoing, incoming or both.") var direction: String = "both"
    @Option(help: "Only edges of this kind (repeatable): \(EdgeKind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: [String] = []

    func run() throws {
        guard let direction = EdgeDirection(rawValue: direction) else {
            throw TopologyOutput.fail("neighbours", "--direction must be outgoing, incoming or both, got '\(direction)'")
        }
        let kinds = try parseKinds(kind, "neighbours")
        let graph = try stored.load("neighbours")
        try stored.require(arn, in: graph, "neighbours")
        try TopologyOutput.printJSON(graph.neighbours(of: arn, direction: direction, kinds: kinds))
    }
}

struct TopologyPath: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "path", abstract: "Shortest paths between two resources.")
    @OptionGroup var stored: StoredGraphOptions
    @Option(help: "Start resource ARN.") var from: String
    @Option(help: "End resource ARN.") var to: String
    @Flag(help: "Follow edges in either direction.") var undirected = false
    @Option(help: "At most this many paths.") var limit: Int = 10

    func run() throws {
        guard limit >= 1 else { throw TopologyOutput.fail("path", "--limit must be at least 1") }
        let graph = try stored.load("path")
        try stored.require(from, in: graph, "path")
        try stored.require(to, in: graph, "path")
        try TopologyOutput.printJSON(graph.shortestPaths(from: from, to: to, directed: !undirected, limit: limit))
    }
}

struct TopologyBlastRadius: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blast-radius", abstract: "Everything that transitively depends on a resource, with its distance.")
    @OptionGroup var stored: StoredGraphOptions
    @Option(help: "The resource's ARN.") var arn: String
    @Option(help: "Stop after this many edges (default: no limit).") var depth: Int?

    func run() throws {
        if let depth, depth < 1 { throw TopologyOutput.fail("blast-radius", "--depth must be at least 1") }
        let graph = try stored.load("blast-radius")
        try stored.require(arn, in: graph, "blast-radius")
        try TopologyOutput.printJSON(graph.blastRadius(of: arn, maxDepth: depth))
    }
}

struct TopologyRuns: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "The latest discovery runs of an agent space.")
    @Option(help: "Directory of the server's embedded store.") var dataDir: String
    @Option(help: "Agent space id.") var space: String
    @Option(help: "How many runs, newest first.") var limit: Int = 20

    struct RunDocument: Encodable {
        var id, account, region, trigger, status: String
        var startedAt: Date
        var finishedAt: Date?
        var counts: TopologyMergeCounts
        var gaps: [String]
        var unresolved: [String]
        var error: String?
    }

    func run() throws {
        guard limit >= 1 else { throw TopologyOutput.fail("runs", "--limit must be at least 1") }
        let runs: [DiscoveryRunRow]
        do {
            runs = try Store(directory: dataDir).readNow { tx in try tx.topology.runs(space: space, limit: limit) }
        } catch {
            throw TopologyOutput.fail("runs", "\(error)")
        }
        try TopologyOutput.printJSON(runs.map {
            RunDocument(id: $0.id, account: $0.account, region: $0.region, trigger: $0.trigger, status: $0.status,
                        startedAt: $0.startedAt, finishedAt: $0.finishedAt, counts: $0.counts, gaps: $0.gaps,
                        unresolved: $0.notes, error: $0.error)
        })
    }
}

func parseKinds(_ values: [String], _ command: String) throws -> Set<EdgeKind>? {
    guard !values.isEmpty else { return nil }
    var kinds = Set<EdgeKind>()
    for value in values {
        guard let kind = EdgeKind(rawValue: value) else {
            throw TopologyOutput.fail(command, "unknown edge kind '\(value)'; known: \(EdgeKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        kinds.insert(kind)
    }
    return kinds
}
