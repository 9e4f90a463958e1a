import VigilAPIModel
import VigilCore
import VigilStore

/// Which tools an agent space may invoke: the `tools` list of its MCP associations
/// (`configuration.mcpserver.tools`, `mcpservergrafana.tools`, `mcpserversigv4.tools`). Each tool
/// must be in the catalogue stored at registration and be read-only by its annotations; a space
/// allowlists at most `MCPSettings.maxAllowlistedToolsPerSpace` tools across its associations.
/// The other MCP types (Splunk, Datadog, New Relic) have no tool list in the model: associating
/// them allowlists nothing.
enum MCPAllowlist {
    static let types: Set<String> = ["mcpserver", "mcpservergrafana", "mcpserversigv4", "mcpserversplunk",
                                     "mcpserverdatadog", "mcpservernewrelic"]

    /// The tool names a configuration allowlists (empty when it has no tool list or is not MCP).
    static func tools(of configuration: ServiceConfiguration) -> [String] {
        let member = configuration.memberName
        guard types.contains(member) else { return [] }
        return configuration.toJSON()[member]?["tools"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// A stored tool's verdict, as `check` needs it.
    struct Entry: Sendable, Equatable {
        var allowlistable: Bool
        var refusal: String?
    }

    /// Pure: nil when `requested` may be allowlisted, else the ValidationException naming the
    /// first tool at fault and why. `elsewhere` counts the space's other allowlisted tools.
    static func check(requested: [String], catalogue: [String: Entry], serviceId: String, elsewhere: Int, limit: Int,
                      path: String) -> APIError? {
        var seen = Set<String>()
        for tool in requested {
            guard seen.insert(tool).inserted else {
                return APIError.invalidField(path, "Tool '\(tool)' is listed more than once")
            }
            guard let entry = catalogue[tool] else {
                return APIError.invalidField(path, "Tool '\(tool)' is not offered by MCP service \(serviceId) (not in the tool catalogue listed at registration)")
            }
            if !entry.allowlistable {
                return APIError.invalidField(path, "Tool '\(tool)' cannot be allowlisted: \(entry.refusal ?? "it is not declared read-only")")
            }
        }
        let total = elsewhere + requested.count
        if total > limit {
            return APIError.invalidField(path,
                "Allowlisting these \(requested.count) tools would give the agent space \(total) allowlisted MCP tools; at most \(limit) are allowed per agent space")
        }
        return nil
    }

    /// Checks an association's tool list inside the write transaction that stores it.
    /// `replacing` is the association being overwritten or updated (its tools do not count).
    static func validate(_ tx: StoreTransaction, space: String, serviceId: String, configuration: ServiceConfiguration,
                         replacing: String?, limit: Int) throws {
        let member = configuration.memberName
        guard types.contains(member) else { return }
        let requested = tools(of: configuration)
        var catalogue: [String: Entry] = [:]
        for stored in try tx.mcp.catalogue(serviceId: serviceId) {
            let doc = try? JSONParser.parse(stored.doc)
            catalogue[stored.name] = Entry(allowlistable: stored.allowlistable, refusal: doc?["notAllowlistableBecause"]?.stringValue)
        }
        let elsewhere = try allowlisted(tx, space: space).filter { $0.associationId != replacing }.reduce(0) { $0 + $1.tools.count }
        if let error = check(requested: requested, catalogue: catalogue, serviceId: serviceId, elsewhere: elsewhere, limit: limit,
                             path: "configuration.\(member).tools") {
            throw error
        }
    }

    /// Every MCP association of the space with its allowlisted tools.
    static func allowlisted(_ tx: StoreTransaction, space: String) throws -> [(associationId: String, serviceId: String, tools: [String])] {
        var out: [(String, String, [String])] = []
        var cursor: PageCursor?
        repeat {
            let page = try tx.associations.list(space: space, serviceTypes: Array(types), after: cursor, limit: 1000)
            for stored in page.items {
                let association = try Association(stored)
                out.append((association.associationId, association.serviceId, tools(of: association.configuration)))
            }
            cursor = page.nextCursor
        } while cursor != nil
        return out
    }
}
