import Foundation

/// File access shared by the bundle reader's parts.
enum BundleFiles {
    static func load(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TelemetryBundleError.unreadable(path, "not readable")
        }
        return [UInt8](data)
    }

    /// Calls `body` with every line (1-based number, bytes without the newline or a trailing CR).
    /// Blank lines are skipped. A UTF-8 byte order mark at the start is ignored.
    static func forEachLine(_ bytes: [UInt8], _ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            let n = all.count
            var start = n >= 3 && all[0] == 0xEF && all[1] == 0xBB && all[2] == 0xBF ? 3 : 0
            var lineNo = 0
            while start < n {
                lineNo += 1
                var end = start
                if let nl = memchr(base + start, 10, n - start) {
                    end = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                } else {
                    end = n
                }
                var stop = end
                if stop > start, all[stop - 1] == 13 { stop -= 1 }
                var blank = true
                for k in start..<stop where all[k] != 32 && all[k] != 9 { blank = false; break }
                if !blank { body(lineNo, UnsafeBufferPointer(rebasing: all[start..<stop])) }
                start = end + 1
            }
        }
    }

    /// Regular files in `directory` ending in `suffix`, sorted by name (so reading is deterministic).
    static func list(_ directory: String, suffix: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }.sorted()
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}

/// Field access on a parsed JSON Lines record, with the reason a field is unusable.
struct BundleRecord {
    let line: FlatJSONLine

    func requiredString(_ key: String) throws(RecordError) -> String {
        switch line[key] {
        case .string(let s)? where !s.isEmpty: return s
        case .string?: throw RecordError("\"\(key)\" is empty")
        case nil, .null?: throw RecordError("missing \"\(key)\"")
        default: throw RecordError("\"\(key)\" must be a string")
        }
    }

    func optionalString(_ key: String) throws(RecordError) -> String? {
        switch line[key] {
        case .string(let s)?: return s.isEmpty ? nil : s
        case nil, .null?: return nil
        default: throw RecordError("\"\(key)\" must be a string")
        }
    }

    /// A string field that may also be given as a number (ids exported by some tools).
    func identifier(_ key: String, required: Bool) throws(RecordError) -> String? {
        switch line[key] {
        case .string(let s)? where !s.isEmpty: return s
        case .number(let v)?: return v == v.rounded() && abs(v) < 1e18 ? String(Int64(v)) : String(v)
        case nil, .null?, .string?:
            if required { throw RecordError("missing \"\(key)\"") }
            return nil
        default: throw RecordError("\"\(key)\" must be a string")
        }
    }

    func timestamp(_ key: String) throws(RecordError) -> Double {
        switch line[key] {
        case .number(let v)?:
            guard let t = BundleTimestamp.seconds(fromNumber: v) else { throw RecordError("invalid \"\(key)\"") }
            return t
        case .string(let s)?:
            guard let t = BundleTimestamp.seconds(fromString: s) else {
                throw RecordError("\"\(key)\" is not epoch seconds or ISO 8601: \"\(s.prefix(40))\"")
            }
            return t
        case nil, .null?: throw RecordError("missing \"\(key)\"")
        default: throw RecordError("\"\(key)\" must be a number or an ISO 8601 string")
        }
    }

    func number(_ key: String) throws(RecordError) -> Double {
        switch line[key] {
        case .number(let v)?: return v
        case nil, .null?: throw RecordError("missing \"\(key)\"")
        default: throw RecordError("\"\(key)\" must be a number")
        }
    }

    func optionalBool(_ key: String) throws(RecordError) -> Bool? {
        switch line[key] {
        case .bool(let b)?: return b
        case nil, .null?: return nil
        default: throw RecordError("\"\(key)\" must be true or false")
        }
    }
}

struct RecordError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
