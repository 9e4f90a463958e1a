// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // Domain values shared by every module: ids, ARNs, the API error taxonomy. Pure.
        .target(name: "VigilCore"),
        // Swift types, JSON coding and constraints generated from the botocore model, plus the
        // generic request binder and validator that read the generated tables. Pure.
        .target(name: "VigilAPIModel", dependencies: ["VigilCore"], exclude: ["Generated/README.md"]),
        // AWS wire protocols we speak ourselves: SigV4 signing and verification, event-stream framing.
        .target(name: "VigilAWS", dependencies: [
            "VigilCore",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // IAM policy grammar and evaluation (identity, resource, boundary and session policies). Pure.
        .target(name: "VigilPolicy", dependencies: ["VigilCore"]),
        // The telemetry model of an incident window, the on-disk bundle format, the TelemetrySource seam.
        .target(name: "VigilTelemetry", dependencies: ["VigilCore"]),
        // Telemetry analysis: log template mining, detectors and root-cause ranking. Pure.
        .target(name: "VigilAnalysis", dependencies: ["VigilTelemetry", "VigilCore"]),
        // The resource dependency graph: inventory seam, edge inference, graph queries, rendering. Pure.
        .target(name: "VigilTopology"),
        // Reading AWS into the graph and the telemetry model: inventory and telemetry collectors.
        .target(name: "VigilDiscovery", dependencies: [
            "VigilAWSClients", "VigilTopology", "VigilTelemetry", "VigilCore", "VigilStore", "VigilInvestigation",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // Signed AWS API clients (query, json, rest-json) over async-http-client, credentials, and the
        // agent space's account boundary (AWSClientFactory). Reads AWS; never writes it.
        .target(name: "VigilAWSClients", dependencies: ["VigilAWS", "VigilCore", .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "Logging", package: "swift-log")]),
        // Embedded SQLite store (GRDB, WAL); every query is scoped by agent space.
        .target(name: "VigilStore", dependencies: [
            "VigilCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // Principals of Vigil's own account: access keys, secret encryption at rest.
        .target(name: "VigilIdentity", dependencies: [
            "VigilCore", "VigilStore", "VigilPolicy",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The front door: webhook authentication, payload adapters, durable inbox, dedup and linking, pollers.
        .target(name: "VigilIntake", dependencies: [
            "VigilCore", "VigilAPIModel", "VigilStore", "VigilTopology", "VigilAudit", "VigilAWSClients",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // Investigations: the runner behind backlog tasks, scheduler and quotas, journal, mitigation plans.
        .target(name: "VigilInvestigation", dependencies: [
            "VigilCore", "VigilAPIModel", "VigilStore", "VigilTelemetry", "VigilAnalysis", "VigilTopology", "VigilAudit", "VigilGuard",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // Untrusted text: sanitising, the injection classifier, secret redaction, the action guard's rules. Pure.
        .target(name: "VigilGuard"),
        // The only two write actions (ticket, AWS Support case) behind the guard, and vended audit-log export.
        .target(name: "VigilActions", dependencies: [
            "VigilGuard", "VigilAWSClients", "VigilAudit", "VigilCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The simulated shop behind the same source seams the AWS readers implement (`vigil demo`).
        .target(name: "VigilDemo", dependencies: ["VigilTelemetry", "VigilTopology", "VigilCore", "VigilInvestigation", "VigilStore", "VigilAPIModel", "VigilAnalysis", "VigilAudit", .product(name: "Logging", package: "swift-log")]),
        // OAuth 2.0 building blocks shared by every authorization-code flow: PKCE (S256), base64url,
        // random state values. Pure.
        .target(name: "VigilOAuth", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // MCP: the Streamable HTTP client, server authorization (API key, bearer, OAuth, SigV4), tool
        // annotations and the read-only allowlist rule. Tool output is untrusted and passes VigilGuard.
        .target(name: "VigilMCP", dependencies: [
            "VigilCore", "VigilAPIModel", "VigilAWS", "VigilAWSClients", "VigilGuard", "VigilOAuth",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The DevOps Agent operations: routing, authentication, handlers, errors, event stream.
        .target(name: "VigilAPI", dependencies: [
            "VigilCore", "VigilAPIModel", "VigilAWS", "VigilStore", "VigilIdentity", "VigilPolicy", "VigilAWSClients", "VigilAudit",
            "VigilTopology", "VigilIntake", "VigilInvestigation", "VigilMCP", "VigilGuard", "VigilActions", "VigilOAuth",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The Operator Web App: sign-in (IAM keys, OIDC with PKCE), sessions, CSRF, server-rendered pages
        // (swift-mustache) and static assets, every action through the same operations as the API.
        .target(name: "VigilWebApp", dependencies: [
            "VigilCore", "VigilAPI", "VigilAPIModel", "VigilStore", "VigilIdentity", "VigilAudit", "VigilTopology",
            "VigilInvestigation", "VigilOAuth",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("Templates"), .copy("Static")]),
        // Composition root: configuration, lifecycle, the HTTP application.
        .target(name: "VigilServer", dependencies: [
            "VigilCore", "VigilAPI", "VigilStore", "VigilIdentity", "VigilAWSClients", "VigilAudit",
            "VigilTelemetry", "VigilAnalysis", "VigilTopology", "VigilDiscovery", "VigilIntake", "VigilInvestigation", "VigilDemo",
            "VigilGuard", "VigilActions", "VigilMCP", "VigilWebApp",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // The append-only audit trail: a Merkle tree over its own SQLite file, signed checkpoints, proofs.
        .target(name: "VigilAudit", dependencies: [.product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(name: "vigil", dependencies: [
            "VigilServer", "VigilAPI", "VigilAPIModel", "VigilStore", "VigilCore", "VigilPolicy", "VigilAnalysis", "VigilIdentity", "VigilAudit", "VigilAWSClients",
            "VigilTelemetry", "VigilTopology", "VigilDiscovery", "VigilIntake", "VigilInvestigation", "VigilDemo",
            "VigilGuard", "VigilActions", "VigilMCP",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Prints medians of the per-request hot path (SigV4, binding); a benchmark, not a test.
        .executableTarget(name: "vigil-microbench", dependencies: ["VigilAPIModel", "VigilAWS", "VigilPolicy", "VigilAudit", "VigilIntake", "VigilTopology", "VigilGuard"]),
        .testTarget(name: "VigilAPIModelTests", dependencies: ["VigilAPIModel"]),
        .testTarget(name: "VigilAWSTests", dependencies: ["VigilAWS"]),
        // Recorded AWS answers are read by path from the tests, not bundled as resources.
        .testTarget(name: "VigilAWSClientsTests", dependencies: ["VigilAWSClients", "VigilDiscovery", "VigilTopology", "VigilTelemetry", "VigilIntake", "VigilStore", "VigilAPIModel", "VigilCore", "VigilIdentity"],
                    exclude: ["Recorded"]),
        .testTarget(name: "VigilPolicyTests", dependencies: ["VigilPolicy"]),
        .testTarget(name: "VigilAnalysisTests", dependencies: ["VigilAnalysis", "VigilTelemetry"]),
        .testTarget(name: "VigilTelemetryTests", dependencies: ["VigilTelemetry"]),
        .testTarget(name: "VigilTopologyTests", dependencies: ["VigilTopology", "VigilStore", "VigilCore", "VigilDiscovery"]),
        .testTarget(name: "VigilIntakeTests", dependencies: ["VigilIntake", "VigilStore", "VigilCore", "VigilTopology", "VigilAWSClients"],
                    exclude: ["Payloads"]),
        .testTarget(name: "VigilInvestigationTests", dependencies: ["VigilInvestigation", "VigilStore", "VigilCore", "VigilAnalysis", "VigilTelemetry", "VigilTopology", "VigilDiscovery", "VigilAPI", "VigilIdentity"]),
        .testTarget(name: "VigilGuardTests", dependencies: ["VigilGuard", "VigilActions", "VigilAWSClients", "VigilAudit", 
                                                          "VigilInvestigation", "VigilDemo", "VigilStore", "VigilTelemetry", "VigilTopology",
                                                          "VigilAPIModel", "VigilCore", .product(name: "Hummingbird", package: "hummingbird")]),
        .testTarget(name: "VigilDemoTests", dependencies: ["VigilDemo", "VigilTelemetry", "VigilTopology", "VigilInvestigation", "VigilAnalysis", "VigilAPIModel"]),
        .testTarget(name: "VigilAuditTests", dependencies: ["VigilAudit"]),
        .testTarget(name: "VigilMCPTests", dependencies: ["VigilMCP", "VigilOAuth", "VigilAPIModel", "VigilGuard", "VigilAWSClients",
                                                          .product(name: "Hummingbird", package: "hummingbird")],
                    exclude: ["Servers"]),
        .testTarget(name: "VigilWebAppTests", dependencies: ["VigilWebApp", "VigilOAuth", "VigilAPI", "VigilStore", "VigilCore", "VigilIdentity", "VigilAudit", "VigilAPIModel",
                                                             .product(name: "Hummingbird", package: "hummingbird"),
                                                             .product(name: "HummingbirdTesting", package: "hummingbird"),
                                                             .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto")]),
        .testTarget(name: "VigilServerTests", dependencies: ["VigilServer", "VigilCore"]),
        .testTarget(name: "VigilStoreTests", dependencies: ["VigilStore", "VigilCore"]),
        .testTarget(name: "VigilIdentityTests", dependencies: ["VigilIdentity"]),
        .testTarget(name: "VigilAPITests", dependencies: [
            "VigilAPI", "VigilAPIModel", "VigilAWS", "VigilStore", "VigilCore",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
    ]
)
