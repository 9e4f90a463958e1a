import ArgumentParser
import Foundation
import VigilCore
import VigilIdentity
import VigilServer
import VigilStore

/// `vigil iam …`: users, roles, policies and access keys of Vigil's own account. Works on the data
/// directory directly (also while the server runs; the server sees changes within five seconds).
struct IAMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iam",
        abstract: "Manage users, roles, policies and access keys of Vigil's own account.",
        subcommands: [CreateUser.self, DeleteUser.self, CreateAccessKey.self, DeleteAccessKey.self,
                      CreateRole.self, UpdateTrustPolicy.self, DeleteRole.self, CreatePolicy.self, DeletePolicy.self,
                      Attach.self, Detach.self, PutInlinePolicy.self, DeleteInlinePolicy.self, SetBoundary.self,
                      List.self, Show.self])
}

struct DataDirOption: ParsableArguments {
    @Option(help: "Directory of the embedded store.") var dataDir: String

    func directory() throws -> IAMDirectory {
        let configuration = try ServerConfiguration.load(file: nil, environment: ProcessInfo.processInfo.environment,
                                                         overrides: ["dataDir": dataDir])
        let account = try AccountContext(accountId: configuration.accountId, region: configuration.region)
        let key = try MasterKey.load(base64: configuration.masterKeyBase64, file: configuration.masterKeyFile, dataDirectory: dataDir)
        return IAMDirectory(store: try Store(directory: dataDir), box: SecretBox(key: key), account: account)
    }
}

struct PrincipalOptions: ParsableArguments {
    @Option(help: "User name.") var user: String?
    @Option(help: "Role name.") var role: String?

    func target() throws -> (IAMTable.Kind, String) {
        switch (user, role) {
        case (let name?, nil): return (.user, name)
        case (nil, let name?): return (.role, name)
        default: throw ValidationError("give exactly one of --user or --role")
        }
    }
}

func parseTags(_ tags: [String]) throws -> [String: String] {
    var result: [String: String] = [:]
    for tag in tags {
        let parts = tag.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("tags look like key=value, got '\(tag)'") }
        result[String(parts[0])] = String(parts[1])
    }
    return result
}

func readDocument(_ path: String) throws -> String {
    do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
        throw ValidationError("cannot read \(path): \(error.localizedDescription)")
    }
}

func printJSON(_ object: Any) {
    if let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) {
        say(String(decoding: data, as: UTF8.self))
    }
}

/// Runs a directory operation, turning its errors into a message and exit status 1.
func iam(_ body: () throws -> Void) throws {
    do { try body() } catch let error as ValidationError { throw error } catch {
        FileHandle.standardError.write(Data("vigil iam: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

extension IAMCommand {
    struct CreateUser: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create-user", abstract: "Create a user.")
        @OptionGroup var data: DataDirOption
        @Option var name: String
        @Option(name: .customLong("tag"), help: "key=value, repeatable.") var tags: [String] = []
        func run() throws {
            try iam {
                let user = try data.directory().createUser(name: name, tags: try parseTags(tags))
                printJSON(["Arn": user.arn, "UserId": user.uniqueId, "UserName": user.name])
            }
        }
    }

    struct DeleteUser: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete-user", abstract: "Delete a user with its keys and policies.")
        @OptionGroup var data: DataDirOption
        @Option var name: String
        func run() throws { try iam { try data.directory().delete(.user, name: name) } }
    }

    struct CreateAccessKey: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create-access-key", abstract: "Create an access key for a user; the secret is shown once.")
        @OptionGroup var data: DataDirOption
        @Option var user: String
        func run() throws {
            try iam {
                let credentials = try data.directory().createAccessKey(user: user)
                printJSON(["AccessKeyId": credentials.accessKeyId, "SecretAccessKey": credentials.secretAccessKey, "UserName": user])
            }
        }
    }

    struct DeleteAccessKey: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete-access-key", abstract: "Delete a user's access key.")
        @OptionGroup var data: DataDirOption
        @Option var accessKeyId: String
        func run() throws { try iam { try data.directory().deleteAccessKey(accessKeyId) } }
    }

    struct CreateRole: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create-role", abstract: "Create a role with a trust policy.")
        @OptionGroup var data: DataDirOption
        @Option var name: String
        @Option(help: "Trust policy file (JSON).") var trustPolicy: String
        @Option var maxSessionSeconds: Int = 3600
        @Option(name: .customLong("tag"), help: "key=value, repeatable.") var tags: [String] = []
        func run() throws {
            try iam {
                let role = try data.directory().createRole(name: name, trustPolicy: try readDocument(trustPolicy),
                                                           maxSessionSeconds: maxSessionSeconds, tags: try parseTags(tags))
                printJSON(["Arn": role.arn, "RoleId": role.uniqueId, "RoleName": role.name])
            }
        }
    }

    struct UpdateTrustPolicy: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "update-trust-policy", abstract: "Replace a role's trust policy.")
        @OptionGroup var data: DataDirOption
        @Option var role: String
        @Option(help: "Trust policy file (JSON).") var trustPolicy: String
        func run() throws { try iam { try data.directory().updateTrustPolicy(role: role, document: try readDocument(trustPolicy)) } }
    }

    struct DeleteRole: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete-role", abstract: "Delete a role and end its sessions.")
        @OptionGroup var data: DataDirOption
        @Option var name: String
        func run() throws { try iam { try data.directory().delete(.role, name: name) } }
    }

    struct CreatePolicy: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create-policy", abstract: "Create or replace a customer-managed policy.")
        @OptionGroup var data: DataDirOption
        @Option var name: String
        @Option(help: "Policy file (JSON).") var document: String
        func run() throws {
            try iam { printJSON(["Arn": try data.directory().putPolicy(name: name, document: try readDocument(document))]) }
        }
    }

    struct DeletePolicy: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete-policy", abstract: "Delete a customer-managed policy that is not attached.")
        @OptionGroup var data: DataDirOption
        @Option var name: String
        func run() throws { try iam { try data.directory().deletePolicy(name: name) } }
    }

    struct Attach: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "attach", abstract: "Attach a managed policy (built-in or customer) to a user or role.")
        @OptionGroup var data: DataDirOption
        @OptionGroup var who: PrincipalOptions
        @Option var policy: String
        func run() throws { try iam { let (kind, name) = try who.target(); try data.directory().attach(kind, name: name, policy: policy) } }
    }

    struct Detach: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "detach", abstract: "Detach a managed policy.")
        @OptionGroup var data: DataDirOption
        @OptionGroup var who: PrincipalOptions
        @Option var policy: String
        func run() throws { try iam { let (kind, name) = try who.target(); try data.directory().detach(kind, name: name, policy: policy) } }
    }

    struct PutInlinePolicy: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "put-inline-policy", abstract: "Create or replace an inline policy.")
        @OptionGroup var data: DataDirOption
        @OptionGroup var who: PrincipalOptions
        @Option var policyName: String
        @Option(help: "Policy file (JSON).") var document: String
        func run() throws {
            try iam {
                let (kind, name) = try who.target()
                try data.directory().putInlinePolicy(kind, name: name, policyName: policyName, document: try readDocument(document))
            }
        }
    }

    struct DeleteInlinePolicy: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete-inline-policy", abstract: "Delete an inline policy.")
        @OptionGroup var data: DataDirOption
        @OptionGroup var who: PrincipalOptions
        @Option var policyName: String
        func run() throws {
            try iam { let (kind, name) = try who.target(); try data.directory().deleteInlinePolicy(kind, name: name, policyName: policyName) }
        }
    }

    struct SetBoundary: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-boundary", abstract: "Set or clear a permissions boundary.")
        @OptionGroup var data: DataDirOption
        @OptionGroup var who: PrincipalOptions
        @Option(help: "Managed policy name; omit with --clear.") var policy: String?
        @Flag var clear = false
        func run() throws {
            guard (policy == nil) == clear else { throw ValidationError("give --policy NAME or --clear") }
            try iam { let (kind, name) = try who.target(); try data.directory().setBoundary(kind, name: name, policy: policy) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List users, roles or policies.")
        @OptionGroup var data: DataDirOption
        @Argument(help: "users, roles or policies") var what: String
        func run() throws {
            try iam {
                let directory = try data.directory()
                switch what {
                case "users", "roles":
                    printJSON(try directory.list(what == "users" ? .user : .role).map { ["Arn": $0.arn, "Name": $0.name] })
                case "policies":
                    printJSON(try directory.policies().map { ["Arn": $0.arn, "Name": $0.name] })
                default:
                    throw ValidationError("list users, roles or policies")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a user or role with its policies and keys.")
        @OptionGroup var data: DataDirOption
        @OptionGroup var who: PrincipalOptions
        func run() throws {
            try iam {
                let (kind, name) = try who.target()
                let directory = try data.directory()
                let principal = try directory.principal(kind, name: name)
                let governing = try directory.store.readNow { tx in try IAMDirectory.governing(tx, principalArn: principal.arn) }
                var object: [String: Any] = ["Arn": principal.arn, "Id": principal.uniqueId, "Tags": principal.tags,
                                             "Policies": governing?.identity.map(\.name) ?? []]
                if let boundary = governing?.boundary { object["PermissionsBoundary"] = boundary.name }
                if let trust = principal.trustPolicy { object["TrustPolicy"] = trust }
                if kind == .user { object["AccessKeys"] = try directory.accessKeys(user: name) }
                printJSON(object)
            }
        }
    }
}
