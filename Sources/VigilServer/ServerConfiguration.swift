import Foundation
import Logging
import VigilCore

/// Every setting of `vigil serve`. Precedence: command-line flag, then environment variable, then
/// the JSON configuration file (`--config`), then the default. Documented in docs/configuration.md.
public struct ServerConfiguration: Sendable {
    public var dataDirectory: String
    public var host = "127.0.0.1"
    public var port = 8080
    public var accountId = "000000000000"
    public var region = "us-east-1"
    public var publicURL: String?
    public var maxAgentSpaces = 100
    public var maxBodyBytes = 1 << 20
    public var logLevel: Logger.Level = .info
    /// Administrator credentials to ensure at start (environment only: secrets stay out of files).
    public var adminAccessKeyId: String?
    public var adminSecretAccessKey: String?
    public var masterKeyBase64: String?
    public var masterKeyFile: String?
    /// One endpoint for every AWS service Vigil reads (tests, private endpoints); nil: AWS's own.
    public var awsEndpointURL: String?
    /// Regions agents may read; default: the server's region.
    public var awsRegions: [String] = []

    public init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
    }

    public var resolvedPublicURL: String { publicURL ?? "http://\(host):\(port)" }

    /// Keys accepted in the configuration file, and the environment variable of each.
    public static let keys: [(file: String, env: String)] = [
        ("dataDir", "VIGIL_DATA_DIR"), ("host", "VIGIL_HOST"), ("port", "VIGIL_PORT"),
        ("accountId", "VIGIL_ACCOUNT_ID"), ("region", "VIGIL_REGION"), ("publicUrl", "VIGIL_PUBLIC_URL"),
        ("maxAgentSpaces", "VIGIL_MAX_AGENT_SPACES"), ("maxBodyBytes", "VIGIL_MAX_BODY_BYTES"),
        ("logLevel", "VIGIL_LOG_LEVEL"), ("masterKeyFile", "VIGIL_MASTER_KEY_FILE"),
        ("awsEndpointUrl", "VIGIL_AWS_ENDPOINT_URL"), ("awsRegions", "VIGIL_AWS_REGIONS"),
    ]

    /// Builds the configuration from a file (optional), the environment and explicit overrides.
    public static func load(file: String?, environment: [String: String], overrides: [String: String]) throws -> ServerConfiguration {
        var values: [String: String] = [:]
        if let file {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ConfigurationError("\(file): the configuration file must hold a JSON object")
            }
            let known = Set(keys.map(\.file))
            for (key, value) in object {
                guard known.contains(key) else {
                    throw ConfigurationError("\(file): unknown key '\(key)'; known keys: \(keys.map(\.file).joined(separator: ", "))")
                }
                values[key] = "\(value)"
            }
        }
        for (fileKey, envKey) in keys {
            if let value = environment[envKey], !value.isEmpty { values[fileKey] = value }
        }
        values.merge(overrides) { _, override in override }

        guard let dataDir = values["dataDir"] else {
            throw ConfigurationError("a data directory is required: --data-dir DIR, VIGIL_DATA_DIR or dataDir in the configuration file")
        }
        var config = ServerConfiguration(dataDirectory: dataDir)
        if let v = values["host"] { config.host = v }
        if let v = values["port"] { config.port = try integer(v, "port", 1...65535) }
        if let v = values["accountId"] { config.accountId = v }
        if let v = values["region"] { config.region = v }
        if let v = values["publicUrl"] { config.publicURL = v.hasSuffix("/") ? String(v.dropLast()) : v }
        if let v = values["maxAgentSpaces"] { config.maxAgentSpaces = try integer(v, "maxAgentSpaces", 1...100_000) }
        if let v = values["maxBodyBytes"] { config.maxBodyBytes = try integer(v, "maxBodyBytes", 1024...(64 << 20)) }
        if let v = values["logLevel"] {
            guard let level = Logger.Level(rawValue: v.lowercased()) else {
                throw ConfigurationError("logLevel must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), got '\(v)'")
            }
            config.logLevel = level
        }
        config.masterKeyFile = values["masterKeyFile"]
        config.awsEndpointURL = values["awsEndpointUrl"]
        config.awsRegions = (values["awsRegions"] ?? config.region).split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        config.adminAccessKeyId = environment["VIGIL_ADMIN_ACCESS_KEY_ID"]
        config.adminSecretAccessKey = environment["VIGIL_ADMIN_SECRET_ACCESS_KEY"]
        config.masterKeyBase64 = environment["VIGIL_MASTER_KEY"]
        if (config.adminAccessKeyId == nil) != (config.adminSecretAccessKey == nil) {
            throw ConfigurationError("set both VIGIL_ADMIN_ACCESS_KEY_ID and VIGIL_ADMIN_SECRET_ACCESS_KEY, or neither")
        }
        _ = try AccountContext(accountId: config.accountId, region: config.region)
        return config
    }

    private static func integer(_ text: String, _ name: String, _ range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError("\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return value
    }
}
