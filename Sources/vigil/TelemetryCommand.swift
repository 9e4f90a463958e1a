import ArgumentParser
import AsyncHTTPClient
import Foundation
import VigilAWSClients
import VigilDiscovery
import VigilTelemetry

/// `vigil telemetry collect`: read an incident window from AWS into a telemetry bundle, which
/// `vigil investigate --bundle` then analyses (docs/aws-telemetry.md, docs/telemetry-bundle.md).
struct TelemetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "telemetry",
        abstract: "Collect telemetry from AWS into a bundle (docs/aws-telemetry.md).",
        subcommands: [TelemetryCollect.self])
}

struct TelemetryCollect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Collect the metrics, alarms, logs, traces and changes of resources over an incident window into a bundle.",
        discussion: """
            Credentials come from the standard chain, as for `vigil topology discover`. Reads only. --at is when the \
            incident began (an alarm's first breaching period); the window is [--at minus --look-back-minutes, --at plus \
            --after-minutes]: what comes before --at is the bundle's baseline, what follows it the incident. Reads that \
            failed are printed as gaps on stderr; caps that were hit as truncations. Exit 2 when nothing could be collected.
            """)

    @Option(help: "Region to read.") var region: String
    @Option(name: .customLong("entity"), help: "Resource ARN to collect for (repeat for several).") var entities: [String] = []
    @Option(help: "Incident time: epoch seconds or ISO 8601 (default: now).") var at: String?
    @Option(help: "Minutes of look-back before --at (the baseline).") var lookBackMinutes: Double = 20
    @Option(help: "Minutes after --at to collect (the incident).") var afterMinutes: Double = 5
    @Option(help: "Title written into incident.json.") var title = "Collected from AWS"
    @Option(help: "Directory to write the bundle into (created; must be empty or absent).") var bundle: String
    @Option(help: "One endpoint for every AWS service (moto, a private endpoint).") var endpointUrl: String?
    @Option(help: "Role to assume before reading.") var roleArn: String?
    @Option(help: "ExternalId to pass when assuming --role-arn.") var externalId: String?
    @Option(help: "Profile of the shared config/credentials files.") var profile: String?

    func validate() throws {
        if entities.isEmpty { throw ValidationError("name at least one --entity ARN") }
        if externalId != nil && roleArn == nil { throw ValidationError("--external-id needs --role-arn") }
        if !(lookBackMinutes > 0 && lookBackMinutes <= 360) { throw ValidationError("--look-back-minutes must be in (0, 360]") }
        if !(afterMinutes >= 0 && afterMinutes <= 360) { throw ValidationError("--after-minutes must be in [0, 360]") }
        if let at, incidentTime(at) == nil { throw ValidationError("--at must be epoch seconds or ISO 8601, got '\(at)'") }
        if let items = try? FileManager.default.contentsOfDirectory(atPath: bundle), !items.isEmpty {
            throw ValidationError("\(bundle) is not empty")
        }
    }

    func incidentTime(_ text: String) -> Double? {
        if let number = Double(text) { return BundleTimestamp.seconds(fromNumber: number) }
        return BundleTimestamp.seconds(fromString: text)
    }

    func run() async throws {
        let detectedAt = at.flatMap(incidentTime) ?? Date().timeIntervalSince1970
        let incident = IncidentInfo(detectedAt: detectedAt, symptom: entities.first, title: title)
        let request = TelemetryRequest(incident: incident, entities: entities,
                                       windowStart: detectedAt - lookBackMinutes * 60,
                                       windowEnd: detectedAt + afterMinutes * 60)
        let http = AsyncHTTPClientExecutor.makeHTTPClient()
        let report: TelemetryCollectionReport
        do {
            let client = try await AWSCommandLineClient.make(
                http: http, region: region, endpointUrl: endpointUrl, profile: profile, roleArn: roleArn,
                externalId: externalId, sessionName: "vigil-telemetry-collect")
            var options = AWSTelemetryOptions()
            options.lookBack = lookBackMinutes * 60
            options.maxWindow = max(options.maxWindow, (lookBackMinutes + afterMinutes) * 60)
            report = try await AWSTelemetrySource(client: client, options: options).collectReport(request)
            try await http.shutdown()
        } catch {
            try? await http.shutdown()
            throw fail("\(error)")
        }
        for gap in report.gaps { standardError("gap: \(gap)") }
        for truncation in report.truncations { standardError("truncated: \(truncation)") }
        let t = report.telemetry
        let collected = t.metrics.count + t.logs.count + t.spans.count + t.changes.count + t.alarms.count
        if collected == 0 && !report.gaps.isEmpty {
            throw fail("nothing could be collected (\(report.gaps.count) reads failed)")
        }
        do {
            try TelemetryBundle.write(t, to: bundle)
        } catch {
            throw fail("cannot write the bundle: \(error)")
        }
        print("wrote \(bundle): \(t.metrics.count) metric series, \(t.logs.count) log events, \(t.spans.count) spans, "
              + "\(t.changes.count) changes, \(t.alarms.count) alarm events, \(t.edges.count) call edges; "
              + "\(report.gaps.count) gaps")
    }

    func standardError(_ line: String) {
        FileHandle.standardError.write(Data("vigil telemetry collect: \(line)\n".utf8))
    }

    func fail(_ message: String) -> ExitCode {
        standardError(message)
        return ExitCode(2)
    }
}
