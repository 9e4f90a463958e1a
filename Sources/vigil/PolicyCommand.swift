import ArgumentParser
import Foundation
import VigilPolicy

/// `vigil policy evaluate|validate`: the IAM policy engine from the command line.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Evaluate and validate IAM policies with Vigil's policy engine.",
        discussion: "See docs/policy.md for the evaluation logic and what is supported.",
        subcommands: [Evaluate.self, Validate.self])
}

extension PolicyCommand {
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decide whether a principal may perform an action on a resource.",
            discussion: """
                Prints Allow or Deny and the deciding statements. Exit status: 0 Allow, 1 Deny, 2 bad input.
                aws:CurrentTime and aws:EpochTime default to now unless given with --context; the keys derived
                from --principal (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username) are
                added automatically.
                Example: vigil policy evaluate --policy dev.json --principal arn:aws:iam::111122223333:user/alice \\
                  --action aidevops:GetAgentSpace --resource arn:aws:aidevops:us-east-1:111122223333:agentspace/s1 \\
                  --context aws:SourceIp=10.0.0.1 --context aws:TagKeys=team --context aws:TagKeys=env
                """)

        @Option(name: .customLong("policy"), parsing: .upToNextOption,
                help: ArgumentHelp("Identity-based policy files (repeat the option or list several).", valueName: "file"))
        var policies: [String] = []

        @Option(name: .customLong("resource-policy"), help: ArgumentHelp("A resource-based policy file.", valueName: "file"))
        var resourcePolicy: String?

        @Option(help: ArgumentHelp("A permissions boundary policy file.", valueName: "file"))
        var boundary: String?

        @Option(name: .customLong("session-policy"), help: ArgumentHelp("A session policy file.", valueName: "file"))
        var sessionPolicy: String?

        @Option(help: ArgumentHelp("The caller: a user, role or assumed-role ARN, an account id, a service principal, or *. Default: arn:aws:iam::000000000000:user/policy-evaluator.",
                                   valueName: "arn"))
        var principal: String?

        @Option(help: ArgumentHelp("The action, e.g. aidevops:GetAgentSpace.", valueName: "action"))
        var action: String?

        @Option(help: ArgumentHelp("The resource ARN (omit for actions without a resource: \"*\").", valueName: "arn"))
        var resource: String?

        @Option(name: .customLong("context"),
                help: ArgumentHelp("A request-context key and value; repeat a key for several values.", valueName: "key=value"))
        var contextEntries: [String] = []

        @Flag(help: "Print the decision as JSON.")
        var json = false

        func run() throws {
            guard let action, !action.isEmpty else { throw PolicyCLI.badInput("--action is required") }
            // Identity-based decisions rarely depend on who asks; without --principal a placeholder user
            // stands in, so conditions on principal keys see a plain IAM user of account 000000000000.
            let principal = (principal?.isEmpty == false ? principal : nil) ?? "arn:aws:iam::000000000000:user/policy-evaluator"
            guard !policies.isEmpty || resourcePolicy != nil else {
                throw PolicyCLI.badInput("give at least one --policy or a --resource-policy")
            }
            var keys: [String: [String]] = [:]
            for entry in contextEntries {
                guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                    throw PolicyCLI.badInput("--context \"\(entry)\": expected key=value")
                }
                keys[String(entry[..<equals]), default: []].append(String(entry[entry.index(after: equals)...]))
            }
            let lowered = Set(keys.keys.map { $0.lowercased() })
            let now = Int(Date().timeIntervalSince1970)
            var context = RequestContext(principal: PrincipalInfo(parsing: principal), keys: keys)
            if !lowered.contains("aws:currenttime") {
                context.set("aws:CurrentTime", [RequestContext.iso8601(epochSeconds: now)])
            }
            if !lowered.contains("aws:epochtime") { context.set("aws:EpochTime", [String(now)]) }

            let set = PolicySet(
                identity: try policies.map { try PolicyCLI.load($0, kind: .identity) },
                resource: try resourcePolicy.map { try PolicyCLI.load($0, kind: .resource) },
                permissionsBoundary: try boundary.map { try PolicyCLI.load($0, kind: .identity) },
                session: try sessionPolicy.map { try PolicyCLI.load($0, kind: .identity) })
            let report = set.explain(action: action, resource: resource, context: context)
            let allowed = report.effect == .allow
            if json {
                PolicyCLI.printJSON([
                    "decision": allowed ? "Allow" : "Deny",
                    "effect": report.effect.rawValue,
                    "reason": report.reason,
                    "decidingStatements": report.decidingStatements.map(PolicyCLI.statementJSON),
                    "matchedStatements": report.matchedStatements.map(PolicyCLI.statementJSON),
                ])
            } else {
                PolicyCLI.say(allowed ? "Allow" : "Deny")
                PolicyCLI.say("  decision: \(report.effect.rawValue)")
                PolicyCLI.say("  reason: \(report.reason)")
                for statement in report.decidingStatements {
                    PolicyCLI.say("  \(allowed ? "allowed by" : "denied by"): \(statement)")
                }
            }
            if !allowed { throw ExitCode(1) }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check policy documents: errors IAM would reject them for, and warnings.",
            discussion: """
                Errors: malformed JSON, unknown or conflicting elements, bad values, size limits. Warnings:
                unknown aidevops actions and condition keys, wildcard and write-on-everything grants, and for
                trust policies missing confused-deputy conditions (aws:SourceAccount, aws:SourceArn) and
                missing sts:ExternalId for other accounts. Exit status: 0 no errors, 1 errors, 2 bad input.
                Use - to read a policy from standard input.
                """)

        @Argument(help: ArgumentHelp("Policy files.", valueName: "file"))
        var files: [String] = []

        @Flag(help: "Validate as role trust policies (same as --kind trust).")
        var trust = false

        @Option(help: ArgumentHelp("Policy kind: identity (default; also boundaries and session policies), resource or trust.",
                                   valueName: "kind"))
        var kind: String?

        @Option(help: ArgumentHelp("The account that owns the role or resource, for the cross-account check.",
                                   valueName: "account-id"))
        var account: String?

        @Option(name: .customLong("size-limit"),
                help: ArgumentHelp("Size limit in characters, whitespace excluded "
                                   + "(default: 6144 identity, 20480 resource, 2048 trust).", valueName: "n"))
        var sizeLimit: Int?

        @Flag(help: "Print the findings as JSON.")
        var json = false

        func run() throws {
            guard !files.isEmpty else { throw PolicyCLI.badInput("give at least one policy file") }
            let policyKind: PolicyKind
            if trust {
                guard kind == nil || kind == "trust" else {
                    throw PolicyCLI.badInput("--trust conflicts with --kind \(kind ?? "")")
                }
                policyKind = .trust
            } else if let kind {
                guard let parsed = PolicyKind(rawValue: kind) else {
                    throw PolicyCLI.badInput("--kind must be identity, resource or trust")
                }
                policyKind = parsed
            } else {
                policyKind = .identity
            }
            var results: [(file: String, issues: [PolicyIssue])] = []
            for file in files {
                let text = try PolicyCLI.read(file)
                results.append((file, PolicyLinter.lint(text, kind: policyKind, account: account, sizeLimit: sizeLimit)))
            }
            let errorCount = results.reduce(0) { $0 + $1.issues.filter { $0.severity == .error }.count }
            let warningCount = results.reduce(0) { $0 + $1.issues.filter { $0.severity == .warning }.count }
            if json {
                PolicyCLI.printJSON([
                    "kind": policyKind.rawValue,
                    "errors": errorCount,
                    "warnings": warningCount,
                    "files": results.map { result in
                        [
                            "file": result.file,
                            "valid": !result.issues.contains { $0.severity == .error },
                            "issues": result.issues.map { issue in
                                ["severity": issue.severity.rawValue, "path": issue.path, "message": issue.message,
                                 "code": issue.code] as [String: Any]
                            },
                        ] as [String: Any]
                    },
                ])
            } else {
                for result in results {
                    if result.issues.isEmpty { PolicyCLI.say("\(result.file): OK") }
                    for issue in result.issues {
                        PolicyCLI.say("\(result.file): \(issue.severity.rawValue): \(issue) [\(issue.code)]")
                    }
                }
                func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
                PolicyCLI.say("\(count(errorCount, "error")), \(count(warningCount, "warning")) in \(count(results.count, "file"))")
            }
            if errorCount > 0 { throw ExitCode(1) }
        }
    }
}

/// Helpers shared by the policy subcommands.
private enum PolicyCLI {
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func complain(_ line: String) {
        FileHandle.standardError.write(Data(("vigil policy: " + line + "\n").utf8))
    }

    /// Reports bad input and returns the exit code for it (2).
    static func badInput(_ message: String) -> ExitCode {
        complain(message)
        return ExitCode(2)
    }

    static func read(_ file: String) throws -> String {
        if file == "-" {
            return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw badInput("cannot read \(file)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads and parses a policy; parse errors are bad input (exit 2), each printed with its path.
    static func load(_ file: String, kind: PolicyKind) throws -> Policy {
        let text = try read(file)
        let name = file == "-" ? "stdin" : URL(fileURLWithPath: file).lastPathComponent
        do {
            return try Policy(name: name, json: text, kind: kind)
        } catch {
            for issue in error.issues { complain("\(file): error: \(issue)") }
            throw ExitCode(2)
        }
    }

    static func statementJSON(_ statement: StatementReference) -> [String: Any] {
        [
            "policy": statement.policyName,
            "policyType": statement.role.rawValue,
            "sid": statement.sid.map { $0 as Any } ?? NSNull(),
            "index": statement.index,
        ]
    }

    static func printJSON(_ object: [String: Any]) {
        let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else {
            complain("could not encode JSON output")
            return
        }
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
