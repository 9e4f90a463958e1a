import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where export resumes: the next audit `seq` to send, kept in a small JSON file replaced
/// atomically (write to a temporary file, then rename) after each delivered batch, so it
/// survives restarts. A crash between a delivery and the rename re-sends that batch once.
public struct AuditExportPosition: Sendable {
    public let file: URL

    public init(file: URL) {
        self.file = file
    }

    public struct Corrupt: Error, CustomStringConvertible {
        public var description: String
    }

    /// The next seq to export: 0 when the file does not exist.
    public func load() throws -> Int64 {
        guard FileManager.default.fileExists(atPath: file.path) else { return 0 }
        let data = try Data(contentsOf: file)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let next = (object["nextSeq"] as? NSNumber)?.int64Value, next >= 0 else {
            throw Corrupt(description: "export position file \(file.path) is not {\"nextSeq\": N}")
        }
        return next
    }

    /// Writes the position durably: a temporary file is written and flushed to disk, then
    /// renamed over the old one (rename is atomic, so a crash leaves the old or the new position).
    public func save(nextSeq: Int64) throws {
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).tmp")
        _ = FileManager.default.createFile(atPath: temporary.path, contents: nil)
        let handle = try FileHandle(forWritingTo: temporary)
        try handle.write(contentsOf: Data("{\"nextSeq\":\(nextSeq)}\n".utf8))
        try handle.synchronize()
        try handle.close()
        guard rename(temporary.path, file.path) == 0 else {
            throw Corrupt(description: "cannot replace \(file.path): errno \(errno)")
        }
    }
}
