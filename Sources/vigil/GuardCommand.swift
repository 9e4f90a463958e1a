import ArgumentParser
import Foundation
import VigilGuard

/// `vigil guard …`: the injection classifier and the secret redactor from the command line.
struct GuardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guard",
        abstract: "Check untrusted text for injected instructions and redact secrets.",
        discussion: "See docs/guard.md.",
        subcommands: [Classify.self, Redact.self])

    struct Classify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Classify JSONL {\"text\": ...} lines read on standard input.",
            discussion: """
                Writes one JSON line per input line, in input order: {"label": 0|1, "score": S, "reasons": [...]} \
                (label 1 = injected instructions). A line that is not a JSON object with a string "text" gets \
                {"line": N, "error": "..."} instead; the rest continue, and the exit status is 1 at the end if \
                any line was malformed.
                """)

        @Option(help: "Score at or above which a text is flagged (default 0.5).") var threshold: Double = 0.5

        func run() throws {
            guard threshold > 0, threshold <= 1 else {
                throw ValidationError("--threshold must be in (0, 1]")
            }
            let classifier = InjectionClassifier(threshold: threshold)
            var lineNumber = 0
            var malformed = 0
            var output = Data()
            while let line = readLine(strippingNewline: true) {
                lineNumber += 1
                let result = ClassifyJSONLine.process(line, lineNumber: lineNumber, classifier: classifier)
                if result.isError { malformed += 1 }
                output.append(contentsOf: (result.json + "\n").utf8)
                if output.count >= 64 * 1024 {
                    FileHandle.standardOutput.write(output)
                    output.removeAll(keepingCapacity: true)
                }
            }
            FileHandle.standardOutput.write(output)
            if malformed > 0 {
                FileHandle.standardError.write(Data("vigil guard classify: \(malformed) malformed line(s) of \(lineNumber)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Redact: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy standard input to standard output with secrets replaced by [REDACTED:<kind>].",
            discussion: "Counts per kind go to standard error. Kinds: \(SecretKind.allCases.map(\.rawValue).joined(separator: ", ")).")

        func run() throws {
            let input = FileHandle.standardInput.readDataToEndOfFile()
            let redaction = SecretRedactor.redact(String(decoding: input, as: UTF8.self))
            FileHandle.standardOutput.write(Data(redaction.text.utf8))
            let summary = redaction.found.keys.sorted().map { "\($0.rawValue)=\(redaction.found[$0] ?? 0)" }.joined(separator: " ")
            FileHandle.standardError.write(Data("redacted: \(summary.isEmpty ? "nothing" : summary)\n".utf8))
        }
    }
}
