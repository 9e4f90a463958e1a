/// Reader of the bundle's wide metric CSV files.
///
/// The header's first column is `timestamp`; every other column is `<entity>:<metric>` (split at
/// the last colon, so entity names may contain colons when a metric is named) or a bare `<entity>`
/// (metric `value`). Fields may be quoted (RFC 4180). An empty cell, `NaN`, `null` or `NA` is a
/// missing sample. A row with a bad timestamp, a non-numeric cell or the wrong number of fields is
/// a diagnostic and skipped whole.
enum BundleMetricsCSV {
    struct Column: Hashable {
        var entity: String
        var metric: String
    }

    static func column(_ header: String) -> Column? {
        let name = header.trimmingSpaces
        guard !name.isEmpty else { return nil }
        if let colon = name.lastIndex(of: ":") {
            let entity = String(name[..<colon]).trimmingSpaces
            let metric = String(name[name.index(after: colon)...]).trimmingSpaces
            guard !entity.isEmpty, !metric.isEmpty else { return nil }
            return Column(entity: entity, metric: metric)
        }
        return Column(entity: name, metric: "value")
    }

    /// Adds the file's samples to `series` (keyed by column); problems go to `diagnostics`.
    static func read(_ bytes: [UInt8], file: String, into series: inout [Column: (t: [Double], v: [Double])],
                     order: inout [Column], diagnostics: inout [BundleDiagnostic]) {
        var columns: [Column]? = nil
        var headerFailed = false
        var local: [[Double]] = []
        var localT: [[Double]] = []
        BundleFiles.forEachLine(bytes) { lineNo, line in
            if headerFailed { return }
            guard let header = columns else {
                let names = splitFields(line).map { String(decoding: $0, as: UTF8.self) }
                guard let first = names.first, first.trimmingSpaces.lowercased() == "timestamp" else {
                    diagnostics.append(BundleDiagnostic(file: file, line: lineNo, reason: "the first column must be \"timestamp\"; file skipped"))
                    headerFailed = true
                    return
                }
                var parsed: [Column] = []
                var seen = Set<Column>()
                for (k, name) in names.dropFirst().enumerated() {
                    guard let c = column(name) else {
                        diagnostics.append(BundleDiagnostic(file: file, line: lineNo, reason: "column \(k + 2): invalid name \"\(name)\"; file skipped"))
                        headerFailed = true
                        return
                    }
                    guard seen.insert(c).inserted else {
                        diagnostics.append(BundleDiagnostic(file: file, line: lineNo, reason: "column \(k + 2): duplicate column \"\(name)\"; file skipped"))
                        headerFailed = true
                        return
                    }
                    parsed.append(c)
                }
                columns = parsed
                local = Array(repeating: [], count: parsed.count)
                localT = Array(repeating: [], count: parsed.count)
                return
            }
            let cells = splitFields(line)
            guard cells.count == header.count + 1 else {
                diagnostics.append(BundleDiagnostic(file: file, line: lineNo, reason: "expected \(header.count + 1) fields, found \(cells.count)"))
                return
            }
            guard let t = timestamp(cells[0]) else {
                diagnostics.append(BundleDiagnostic(file: file, line: lineNo, reason: "invalid timestamp \"\(String(decoding: cells[0].prefix(40), as: UTF8.self))\""))
                return
            }
            var values = [Double?](repeating: nil, count: header.count)
            for k in 0..<header.count {
                switch cell(cells[k + 1]) {
                case .missing: continue
                case .value(let v): values[k] = v
                case .invalid:
                    diagnostics.append(BundleDiagnostic(file: file, line: lineNo, reason: "column \(k + 2) (\(header[k].entity):\(header[k].metric)): not a number: \"\(String(decoding: cells[k + 1].prefix(40), as: UTF8.self))\""))
                    return
                }
            }
            for k in 0..<header.count {
                if let v = values[k] {
                    local[k].append(v)
                    localT[k].append(t)
                }
            }
        }
        guard let header = columns else {
            if !headerFailed, !bytes.isEmpty {
                diagnostics.append(BundleDiagnostic(file: file, line: 1, reason: "no header line; file skipped"))
            }
            return
        }
        for (k, c) in header.enumerated() {
            if series[c] == nil { order.append(c); series[c] = ([], []) }
            series[c]!.t.append(contentsOf: localT[k])
            series[c]!.v.append(contentsOf: local[k])
        }
    }

    enum Cell { case missing, value(Double), invalid }

    static func cell(_ bytes: ArraySlice<UInt8>) -> Cell {
        var lo = bytes.startIndex
        var hi = bytes.endIndex
        while lo < hi, bytes[lo] == 32 || bytes[lo] == 9 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 32 || bytes[hi - 1] == 9 { hi -= 1 }
        if lo == hi { return .missing }
        let b = bytes[lo..<hi]
        guard b.count < 64 else { return .invalid }
        let text = String(decoding: b, as: UTF8.self)
        switch text.lowercased() {
        case "nan", "null", "na", "n/a", "none", "-nan": return .missing
        default: break
        }
        for c in b where !(c >= 48 && c <= 57) && c != 46 && c != 45 && c != 43 && c != 101 && c != 69 {
            return .invalid
        }
        guard let v = Double(text) else { return .invalid }
        return v.isFinite ? .value(v) : .missing
    }

    static func timestamp(_ bytes: ArraySlice<UInt8>) -> Double? {
        Array(bytes).withUnsafeBufferPointer { BundleTimestamp.seconds(fromUTF8: $0) }
    }

    /// Splits one CSV line into fields, removing quotes (`""` inside quotes is one quote).
    static func splitFields(_ line: UnsafeBufferPointer<UInt8>) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var hasQuote = false
        for c in line where c == 34 { hasQuote = true; break }
        let bytes = Array(line)
        if !hasQuote {
            var start = 0
            for i in 0..<bytes.count where bytes[i] == 44 {
                out.append(bytes[start..<i])
                start = i + 1
            }
            out.append(bytes[start..<bytes.count])
            return out
        }
        var field: [UInt8] = []
        var i = 0
        var inQuotes = false
        while i < bytes.count {
            let c = bytes[i]
            if inQuotes {
                if c == 34 {
                    if i + 1 < bytes.count, bytes[i + 1] == 34 { field.append(34); i += 1 } else { inQuotes = false }
                } else {
                    field.append(c)
                }
            } else if c == 34 {
                inQuotes = true
            } else if c == 44 {
                out.append(field[...])
                field = []
            } else {
                field.append(c)
            }
            i += 1
        }
        out.append(field[...])
        return out
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
