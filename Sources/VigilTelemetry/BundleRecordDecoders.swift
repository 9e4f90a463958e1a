/// Decoders of the bundle's JSON Lines records into the telemetry model.
enum BundleRecordDecoders {
    static func log(_ r: BundleRecord) throws(RecordError) -> LogEvent {
        LogEvent(timestamp: try r.timestamp("timestamp"), entity: try r.requiredString("entity"),
                 message: try message(r), level: try r.optionalString("level"),
                 traceId: try r.identifier("traceId", required: false))
    }

    /// The message may be empty, but must be present and a string.
    private static func message(_ r: BundleRecord) throws(RecordError) -> String {
        switch r.line["message"] {
        case .string(let s)?: return s
        case nil, .null?: throw RecordError("missing \"message\"")
        default: throw RecordError("\"message\" must be a string")
        }
    }

    static func span(_ r: BundleRecord) throws(RecordError) -> Span {
        let duration = try r.number("durationMs")
        guard duration >= 0 else { throw RecordError("\"durationMs\" must not be negative") }
        return Span(traceId: try r.identifier("traceId", required: true) ?? "",
                    spanId: try r.identifier("spanId", required: true) ?? "",
                    parentSpanId: try r.identifier("parentSpanId", required: false),
                    entity: try r.requiredString("entity"), operation: try r.requiredString("operation"),
                    start: try r.timestamp("start"), durationMs: duration, error: try r.optionalBool("error") ?? false)
    }

    static func change(_ r: BundleRecord) throws(RecordError) -> ChangeEvent {
        ChangeEvent(timestamp: try r.timestamp("timestamp"), entity: try r.requiredString("entity"),
                    kind: try r.requiredString("kind"), description: try r.optionalString("description") ?? "",
                    reference: try r.optionalString("reference"))
    }

    static func alarm(_ r: BundleRecord) throws(RecordError) -> AlarmEvent {
        AlarmEvent(timestamp: try r.timestamp("timestamp"), entity: try r.requiredString("entity"),
                   name: try r.requiredString("name"), state: try r.requiredString("state"),
                   reason: try r.optionalString("reason"))
    }

    /// Reads every record of one JSON Lines file; malformed lines become diagnostics.
    static func readLines<T>(_ bytes: [UInt8], file: String, into out: inout [T], diagnostics: inout [BundleDiagnostic],
                             _ decode: (BundleRecord) throws(RecordError) -> T) {
        BundleFiles.forEachLine(bytes) { lineNo, line in
            do {
                let parsed = try FlatJSONLine.parse(line)
                out.append(try decode(BundleRecord(line: parsed)))
            } catch let e as FlatJSONError {
                diagnostics.append(BundleDiagnostic(file: file, line: lineNo, reason: "invalid JSON at column \(e.column): \(e.reason)"))
            } catch let e as RecordError {
                diagnostics.append(BundleDiagnostic(file: file, line: lineNo, reason: e.reason))
            } catch {
                diagnostics.append(BundleDiagnostic(file: file, line: lineNo, reason: "\(error)"))
            }
        }
    }
}
