import Foundation
import Logging
import VigilActions
import VigilCore
import VigilInvestigation

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
    /// Seconds between scheduled topology discoveries of every AWS association.
    public var discoveryIntervalSeconds = 3600
    /// Accept SNS deliveries to webhooks (signature checked against the SNS certificate).
    public var intakeSNS = true
    /// A host:port whose plain-HTTP SNS certificate and confirmation URLs are trusted (tests only).
    public var intakeSNSTestHost: String?
    /// Seconds between CloudWatch DescribeAlarms polls of every AWS association (0: off).
    public var intakeAlarmPollSeconds = 60
    /// Seconds between ServiceNow incident polls of every `servicenow` association (0: off).
    public var intakeServiceNowPollSeconds = 60

    /// How investigations are scheduled and bounded (docs/investigations.md).
    public var investigation = InvestigationSettings()
    /// A telemetry bundle every agent space's investigations read (docs/investigations.md); nil: none.
    public var telemetryBundle: String?
    /// MCP (docs/mcp.md): `http://` MCP endpoints on loopback only with VIGIL_ALLOW_LOOPBACK_HTTP=1;
    /// extra trusted CAs for `https://` MCP endpoints from VIGIL_MCP_CA_BUNDLE (a PEM file).
    public var mcpAllowLoopbackHTTP = false
    public var mcpCABundle: String?
    /// Audit trail export (docs/audit.md): VIGIL_AUDIT_EXPORT, optionally into a role's account.
    public var auditExport: AuditExportTarget?
    public var auditExportRoleArn: String?
    public var auditExportExternalId: String?
    public var auditExportIntervalSeconds = 5

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
        ("maxConcurrentInvestigations", "VIGIL_MAX_CONCURRENT_INVESTIGATIONS"),
        ("maxConcurrentOnDemand", "VIGIL_MAX_CONCURRENT_ON_DEMAND"),
        ("investigationTimeoutSeconds", "VIGIL_INVESTIGATION_TIMEOUT_SECONDS"),
        ("investigationLookbackMinutes", "VIGIL_INVESTIGATION_LOOKBACK_MINUTES"), ("telemetryBundle", "VIGIL_TELEMETRY_BUNDLE"),
        ("discoveryIntervalSeconds", "VIGIL_DISCOVERY_INTERVAL_SECONDS"),
        ("intakeSns", "VIGIL_INTAKE_SNS"), ("intakeSnsTestHost", "VIGIL_INTAKE_SNS_TEST_HOST"),
        ("intakeAlarmPollSeconds", "VIGIL_INTAKE_ALARM_POLL_SECONDS"),
        ("intakeServiceNowPollSeconds", "VIGIL_INTAKE_SERVICENOW_POLL_SECONDS"),
        ("auditExport", "VIGIL_AUDIT_EXPORT"), ("auditExportRoleArn", "VIGIL_AUDIT_EXPORT_ROLE_ARN"),
        ("auditExportExternalId", "VIGIL_AUDIT_EXPORT_EXTERNAL_ID"), ("auditExportIntervalSeconds", "VIGIL_AUDIT_EXPORT_INTERVAL_SECONDS"),
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
        if let v = values["maxConcurrentInvestigations"] { config.investigation.maxConcurrentInvestigations = try integer(v, "maxConcurrentInvestigations", 1...100) }
        if let v = values["maxConcurrentOnDemand"] { config.investigation.maxConcurrentOnDemand = try integer(v, "maxConcurrentOnDemand", 1...100) }
        if let v = values["investigationTimeoutSeconds"] { config.investigation.timeoutSeconds = Double(try integer(v, "investigationTimeoutSeconds", 10...86_400)) }
        if let v = values["investigationLookbackMinutes"] { config.investigation.lookbackSeconds = 60 * Double(try integer(v, "investigationLookbackMinutes", 1...1440)) }
        config.telemetryBundle = values["telemetryBundle"]
        config.masterKeyFile = values["masterKeyFile"]
        config.awsEndpointURL = values["awsEndpointUrl"]
        if let v = values["discoveryIntervalSeconds"] { config.discoveryIntervalSeconds = try integer(v, "discoveryIntervalSeconds", 60...604_800) }
        if let v = values["intakeSns"] {
            guard let on = ["true": true, "1": true, "false": false, "0": false][v.lowercased()] else {
                throw ConfigurationError("intakeSns must be true or false, got '\(v)'")
            }
            config.intakeSNS = on
        }
        config.intakeSNSTestHost = values["intakeSnsTestHost"]
        if let v = values["intakeAlarmPollSeconds"] { config.intakeAlarmPollSeconds = try pollInterval(v, "intakeAlarmPollSeconds") }
        if let v = values["intakeServiceNowPollSeconds"] { config.intakeServiceNowPollSeconds = try pollInterval(v, "intakeServiceNowPollSeconds") }
        config.awsRegions = (values["awsRegions"] ?? config.region).split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let v = values["auditExport"] {
            do { config.auditExport = try AuditExportTarget.parse(v) } catch { throw ConfigurationError(error.description) }
        }
        config.auditExportRoleArn = values["auditExportRoleArn"]
        config.auditExportExternalId = values["auditExportExternalId"]
        if config.auditExport == nil, config.auditExportRoleArn != nil || config.auditExportExternalId != nil {
            throw ConfigurationError("VIGIL_AUDIT_EXPORT_ROLE_ARN and VIGIL_AUDIT_EXPORT_EXTERNAL_ID need VIGIL_AUDIT_EXPORT")
        }
        if let arn = config.auditExportRoleArn, !(arn.hasPrefix("arn:aws") && arn.contains(":iam::") && arn.contains(":role/")) {
            throw ConfigurationError("VIGIL_AUDIT_EXPORT_ROLE_ARN must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), got '\(arn)'")
        }
        if let v = values["auditExportIntervalSeconds"] { config.auditExportIntervalSeconds = try integer(v, "auditExportIntervalSeconds", 1...3600) }
        config.adminAccessKeyId = environment["VIGIL_ADMIN_ACCESS_KEY_ID"]
        config.adminSecretAccessKey = environment["VIGIL_ADMIN_SECRET_ACCESS_KEY"]
        config.masterKeyBase64 = environment["VIGIL_MASTER_KEY"]
        config.mcpAllowLoopbackHTTP = environment["VIGIL_ALLOW_LOOPBACK_HTTP"] == "1"
        config.mcpCABundle = environment["VIGIL_MCP_CA_BUNDLE"].flatMap { $0.isEmpty ? nil : $0 }
        if (config.adminAccessKeyId == nil) != (config.adminSecretAccessKey == nil) {
            throw ConfigurationError("set both VIGIL_ADMIN_ACCESS_KEY_ID and VIGIL_ADMIN_SECRET_ACCESS_KEY, or neither")
        }
        _ = try AccountContext(accountId: config.accountId, region: config.region)
        return config
    }

    /// A poll interval: 0 (off) or 10 seconds to a day.
    private static func pollInterval(_ text: String, _ name: String) throws -> Int {
        guard let value = Int(text), value == 0 || (10...86_400).contains(value) else {
            throw ConfigurationError("\(name) must be 0 (off) or an integer in 10...86400, got '\(text)'")
        }
        return value
    }

    private static func integer(_ text: String, _ name: String, _ range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError("\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return value
    }
}
