import ArgumentParser
import Foundation
import VigilAudit

/// `vigil audit …`: check the audit trail, prove records, list checkpoints. Read-only: it never
/// creates the database or a key, and can run while the server appends.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify the tamper-evident audit trail and prove records in it.",
        discussion: "The audit trail is audit.sqlite in the data directory. See docs/audit.md.",
        subcommands: [Verify.self, Prove.self, Checkpoints.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every record, the Merkle tree and every signed checkpoint; name the first bad record.",
            discussion: """
                Exit status 0 when the log is intact, 1 when it is not (the first problem is printed first), \
                2 when it cannot be read. Trusted keys: --public-key files if given, else the signing key \
                file and the data directory's audit-signing.pub. A verifier that does not trust the data \
                directory should pass its own copy of the public key and of exported checkpoints.
                """)

        @Option(help: "Directory holding audit.sqlite.") var dataDir: String
        @Option(name: .customLong("public-key"), help: "Trusted public key file (base64 Ed25519; repeatable).") var publicKeys: [String] = []
        @Option(help: "Signing key file, when not audit-signing.key in the data directory or VIGIL_AUDIT_SIGNING_KEY_FILE.") var signingKey: String?
        @Option(name: .customLong("checkpoint"), help: "A checkpoint note kept outside the data directory (`vigil audit checkpoints --note`); repeatable.") var checkpointNotes: [String] = []
        @Flag(help: "Print the result as JSON.") var json = false

        func run() throws {
            try AuditCommand.guarded {
                let reader = try AuditReader(directory: dataDir)
                let (keys, sources) = try AuditSigningKey.verificationKeys(
                    dataDirectory: dataDir, publicKeyFiles: publicKeys, signingKeyFile: signingKey,
                    environment: ProcessInfo.processInfo.environment)
                let external = try checkpointNotes.map { file in
                    try AuditSigningKey.parseNote(try String(contentsOfFile: file, encoding: .utf8), keys: keys)
                }
                let result = try reader.verifyAll(trustedKeys: keys, externalCheckpoints: external)
                if json {
                    AuditCommand.printJSON(AuditCommand.json(result, keys: sources))
                } else {
                    AuditCommand.printText(result, keys: sources)
                }
                if !result.isValid { throw ExitCode(1) }
            }
        }
    }

    struct Prove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the inclusion proof of a record against the latest signed checkpoint.",
            discussion: """
                Prints the record's leaf hash, the checkpoint's tree size, root hash, time and Ed25519 \
                signature, and the audit path (RFC 6962: sibling hashes from the leaf up, hex). Any \
                RFC 6962/9162 verifier can check it with the public key alone.
                """)

        @Option(help: "Directory holding audit.sqlite.") var dataDir: String
        @Argument(help: "The record's sequence number (its leaf index, from 0).") var recordSeq: Int64
        @Option(help: "Prove against this tree size instead of the latest checkpoint's.") var treeSize: Int64?
        @Flag(help: "Print the proof as JSON.") var json = false

        func run() throws {
            try AuditCommand.guarded {
                let reader = try AuditReader(directory: dataDir)
                let proof = try reader.inclusionProof(seq: recordSeq, treeSize: treeSize)
                let record = try reader.record(seq: recordSeq)
                if json {
                    var object: [String: Any] = [
                        "seq": proof.seq, "leafHash": proof.leafHash.hex, "treeSize": proof.treeSize,
                        "rootHash": proof.rootHash.hex, "auditPath": proof.path.map(\.hex), "verified": proof.isValid,
                    ]
                    if let checkpoint = proof.checkpoint { object["checkpoint"] = AuditCommand.json(checkpoint) }
                    if let record { object["record"] = AuditCommand.json(record) }
                    AuditCommand.printJSON(object)
                    return
                }
                if let record {
                    let e = record.entry
                    print("record      \(record.seq): \(e.kind.rawValue) \(e.action) on \(e.resource.isEmpty ? "-" : e.resource) by \(e.principal) → \(e.decision.rawValue)")
                    print("            time \(AuditCommand.iso(e.time)), request \(e.requestId.isEmpty ? "-" : e.requestId), space \(e.agentSpaceId ?? "-")")
                }
                print("leaf hash   \(proof.leafHash.hex)")
                print("tree size   \(proof.treeSize)")
                print("root hash   \(proof.rootHash.hex)")
                if let checkpoint = proof.checkpoint {
                    print("checkpoint  \(checkpoint.id), \(checkpoint.timeISO)")
                    print("signature   \(Data(checkpoint.signature).base64EncodedString())")
                    print("public key  \(Data(checkpoint.publicKey).base64EncodedString())")
                } else {
                    print("checkpoint  none of this size: the root is not signed")
                }
                print("audit path  \(proof.path.count) hash\(proof.path.count == 1 ? "" : "es"), leaf to root")
                for hash in proof.path { print("  \(hash.hex)") }
                print("verified    \(proof.isValid ? "yes: the path leads from the leaf hash to the root hash" : "NO")")
            }
        }
    }

    struct Checkpoints: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the signed checkpoints.")

        @Option(help: "Directory holding audit.sqlite.") var dataDir: String
        @Flag(help: "Print them as JSON.") var json = false
        @Flag(help: "Print only the latest checkpoint, as a signed note to keep outside the data directory.") var note = false

        func run() throws {
            try AuditCommand.guarded {
                let checkpoints = try AuditReader(directory: dataDir).checkpoints()
                if note {
                    guard let latest = checkpoints.last else { throw AuditError.notCheckpointed("the log has no checkpoint yet") }
                    print(latest.note, terminator: "")
                } else if json {
                    AuditCommand.printJSON(checkpoints.map(AuditCommand.json))
                } else {
                    print("id      tree size  time                         root hash                                                         key")
                    for c in checkpoints {
                        let key = Data(c.publicKey).base64EncodedString()
                        print("\(pad(String(c.id), 6))  \(pad(String(c.treeSize), 9))  \(c.timeISO)  \(c.rootHash.hex)  \(key.prefix(12))…")
                    }
                    print("\(checkpoints.count) checkpoint\(checkpoints.count == 1 ? "" : "s")")
                }
            }
        }

        private func pad(_ s: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - s.count)) + s
        }
    }

    // MARK: Helpers

    /// Runs a subcommand body: audit errors become a message on standard error and exit status 2.
    static func guarded(_ body: () throws -> Void) throws {
        do { try body() } catch let error as ExitCode { throw error } catch let error as ValidationError { throw error } catch {
            FileHandle.standardError.write(Data("vigil audit: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    static func printText(_ result: AuditVerification, keys: [String]) {
        let duration = Double(result.duration.components.seconds) + Double(result.duration.components.attoseconds) / 1e18
        if let first = result.firstProblem {
            print("BAD: \(first.message)")
            if result.problems.count > 1 {
                print("further problems:")
                for problem in result.problems.dropFirst() { print("  \(problem.message)") }
            }
        } else {
            print("OK: \(result.records) record\(result.records == 1 ? "" : "s"), \(result.checkpoints) checkpoint\(result.checkpoints == 1 ? "" : "s") (signatures valid, roots reproduced)"
                  + (result.externalCheckpointsVerified > 0 ? ", \(result.externalCheckpointsVerified) external checkpoint(s) matched" : ""))
        }
        if let latest = result.latestCheckpoint {
            print("latest checkpoint \(latest.id): tree size \(latest.treeSize) at \(latest.timeISO)")
        } else {
            print("no checkpoint: nothing in the log is signed")
        }
        if result.uncheckpointedRecords > 0 {
            print("\(result.uncheckpointedRecords) record\(result.uncheckpointedRecords == 1 ? " is" : "s are") newer than the latest checkpoint (not yet signed)")
        }
        print("root \(result.root.hex)")
        print("trusted key\(keys.count == 1 ? "" : "s"): \(keys.joined(separator: ", "))")
        print(String(format: "verified in %.3f s", duration))
    }

    static func json(_ result: AuditVerification, keys: [String]) -> [String: Any] {
        var object: [String: Any] = [
            "ok": result.isValid, "records": result.records, "checkpoints": result.checkpoints,
            "checkpointsVerified": result.checkpointsVerified, "externalCheckpointsVerified": result.externalCheckpointsVerified,
            "uncheckpointedRecords": result.uncheckpointedRecords, "root": result.root.hex, "trustedKeys": keys,
            "problems": result.problems.map { problem -> [String: Any] in
                var p: [String: Any] = ["kind": problem.kind.rawValue, "message": problem.message]
                if let seq = problem.seq { p["seq"] = seq }
                if let range = problem.range { p["range"] = [range.lowerBound, range.upperBound] }
                if let id = problem.checkpointId { p["checkpointId"] = id }
                return p
            },
        ]
        if let first = result.firstProblem?.seq { object["firstBadRecord"] = first }
        if let latest = result.latestCheckpoint { object["latestCheckpoint"] = json(latest) }
        return object
    }

    static func json(_ checkpoint: AuditCheckpoint) -> [String: Any] {
        ["id": checkpoint.id, "treeSize": checkpoint.treeSize, "rootHash": checkpoint.rootHash.hex, "time": checkpoint.timeISO,
         "timeMicros": checkpoint.timeMicros, "publicKey": Data(checkpoint.publicKey).base64EncodedString(),
         "signature": Data(checkpoint.signature).base64EncodedString()]
    }

    static func json(_ record: AuditRecord) -> [String: Any] {
        let e = record.entry
        var object: [String: Any] = [
            "seq": record.seq, "time": iso(e.time), "kind": e.kind.rawValue, "principal": e.principal, "action": e.action,
            "resource": e.resource, "decision": e.decision.rawValue, "requestId": e.requestId, "detail": e.detail,
            "leafHash": record.leafHash.hex,
        ]
        if let space = e.agentSpaceId { object["agentSpaceId"] = space }
        return object
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func printJSON(_ object: Any) {
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }
}
