import ArgumentParser
import Foundation
import VigilAnalysis

/// `vigil logs ...`: log analysis from the command line.
struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Log analysis: template mining.",
        subcommands: [Cluster.self])

    struct Cluster: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cluster",
            abstract: "Cluster log messages read on standard input by template.",
            discussion: """
                Reads one message per line (the content part of a log line; a trailing CR is dropped; \
                malformed UTF-8 is tolerated) and writes one line per input line, in input order: \
                <clusterId><TAB><template>. By default the output is written once the input ends, with \
                each line's final cluster id (merges resolved: an id can be merged into an older cluster \
                when a word position turns out to be a variable) and that cluster's final template. With \
                --stream each line is written as soon as it is read, with the id and template as known \
                then (for following a live log). With --state the miner continues from a saved snapshot \
                with the same ids. \
                See docs/log-templates.md.
                """)

        @Option(help: "Snapshot file (JSON): loaded if present, saved when the input ends.")
        var state: String?

        @Flag(help: "Write each line as soon as it is read, with its cluster and template as known then, instead of every line's final cluster and template once the input ends.")
        var stream = false

        @Flag(help: .hidden)
        var final = false // the default since the output became final; still accepted for scripts

        @Option(help: "Cap on clusters kept (least recently used evicted first). Default \(LogTemplateMinerConfiguration.default.maxClusters). Ignored with a loaded --state.")
        var maxClusters: Int?

        @Option(help: "Share of a cluster family's constant words a message must share to join it. Default \(LogTemplateMinerConfiguration.default.similarityThreshold). Ignored with a loaded --state.")
        var similarityThreshold: Double?

        @Option(help: "Distinct values after which a differing word position becomes <*>. Default \(LogTemplateMinerConfiguration.default.distinctValuesForVariable). Ignored with a loaded --state.")
        var distinctValues: Int?

        func run() throws {
            let miner: LogTemplateMiner
            if let state, FileManager.default.fileExists(atPath: state) {
                do {
                    let data = try Data(contentsOf: URL(fileURLWithPath: state))
                    let snapshot = try JSONDecoder().decode(LogTemplateMinerSnapshot.self, from: data)
                    miner = try LogTemplateMiner(snapshot: snapshot)
                } catch {
                    FileHandle.standardError.write(Data("vigil logs cluster: cannot load \(state): \(error)\n".utf8))
                    throw ExitCode(2)
                }
            } else {
                var configuration = LogTemplateMinerConfiguration.default
                if let maxClusters { configuration.maxClusters = maxClusters }
                if let similarityThreshold { configuration.similarityThreshold = similarityThreshold }
                if let distinctValues { configuration.distinctValuesForVariable = distinctValues }
                miner = LogTemplateMiner(configuration: configuration)
            }

            if stream && self.final {
                FileHandle.standardError.write(Data("vigil logs cluster: --stream and --final exclude each other\n".utf8))
                throw ExitCode(2)
            }
            // Final output keeps 4 bytes per line until the input ends. Read once, not per line.
            let final = !stream
            var output = LineWriter()
            var lineIds: [Int32] = []
            var templates: [Int: String] = [:]
            var aliases: [Int: Int] = [:]
            var pending: [UInt8] = []
            let input = FileHandle.standardInput

            func process(_ line: UnsafeBufferPointer<UInt8>) {
                var line = line
                if let last = line.last, last == 13 { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
                let match = miner.add(utf8: line)
                if final {
                    lineIds.append(Int32(truncatingIfNeeded: match.clusterId))
                    if match.change != .none { templates[match.clusterId] = match.template }
                    for merge in match.merges { aliases[merge.from] = merge.into }
                } else {
                    output.line(match.clusterId, match.template)
                }
            }

            while true {
                let chunk: Data?
                do { chunk = try input.read(upToCount: 1 << 20) } catch {
                    FileHandle.standardError.write(Data("vigil logs cluster: cannot read standard input: \(error)\n".utf8))
                    throw ExitCode(2)
                }
                guard let chunk, !chunk.isEmpty else { break }
                pending.append(contentsOf: chunk)
                let consumed = pending.withUnsafeBufferPointer { all -> Int in
                    guard let base = all.baseAddress else { return 0 }
                    var start = 0
                    let n = all.count
                    while start < n, let nl = memchr(base + start, 10, n - start) {
                        let i = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                        process(UnsafeBufferPointer(start: base + start, count: i - start))
                        start = i + 1
                    }
                    return start
                }
                pending.removeFirst(consumed)
            }
            if !pending.isEmpty {
                pending.withUnsafeBufferPointer { process($0) }
            }
            if final {
                // Merged clusters resolve to the cluster they merged into; evicted clusters keep
                // the last template they were reported with.
                var resolved: [Int32: (Int, String)] = [:]
                for id in lineIds {
                    if let (finalId, template) = resolved[id] {
                        output.line(finalId, template)
                        continue
                    }
                    var finalId = Int(id)
                    var hops = 0
                    while let next = aliases[finalId], hops < 1_000_000 { finalId = next; hops += 1 }
                    let template = miner.cluster(id: finalId)?.template ?? templates[finalId] ?? ""
                    resolved[id] = (finalId, template)
                    output.line(finalId, template)
                }
            }
            output.flush()

            if let state {
                do {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys]
                    try encoder.encode(miner.snapshot()).write(to: URL(fileURLWithPath: state), options: .atomic)
                } catch {
                    FileHandle.standardError.write(Data("vigil logs cluster: cannot save \(state): \(error)\n".utf8))
                    throw ExitCode(2)
                }
            }
        }
    }
}

/// Buffered standard output for `logs cluster` (one write per 256 KiB).
private struct LineWriter {
    var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1 << 19) }

    mutating func line(_ id: Int, _ template: String) {
        appendDecimal(id)
        buffer.append(9)
        buffer.append(contentsOf: template.utf8)
        buffer.append(10)
        if buffer.count >= 1 << 18 { flush() }
    }

    mutating func appendDecimal(_ value: Int) {
        var v = value
        if v < 0 { buffer.append(UInt8(ascii: "-")); v = -v }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(48 + v % 10)
                v /= 10
                count += 1
            } while v > 0
            while count > 0 { count -= 1; buffer.append(d[count]) }
        }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
