import Foundation

/// Reading the XML answers of the `query` and `ec2` protocols into models, and their paginated
/// listings. Shared by the query-protocol service clients (CloudFormation, SNS, RDS, ELBv2, EC2).
///
/// The `ec2` protocol is the query request with two differences in the answer that matter here:
/// no `{Action}Result` wrapper (`QueryCodec.result` then returns the root element) and lists as
/// `<name><item>…</item></name>` (`items(_:)`), with camel-case element names.
extension XMLNode {
    /// The trimmed text of the child at `path`, nil when absent or empty. AWS pretty-prints some
    /// answers (EC2), so element text may carry surrounding whitespace.
    public func trimmedText(_ path: String...) -> String? {
        var node: XMLNode? = self
        for name in path { node = node?.child(name) }
        guard let text = node?.text.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    /// The required trimmed text of a child; `XMLMissingElement` when absent or empty.
    public func requiredText(_ name: String, in shape: String) throws(XMLMissingElement) -> String {
        guard let text = trimmedText(name) else { throw XMLMissingElement(element: "\(shape).\(name)") }
        return text
    }

    /// An `ec2`-protocol list: `<name><item>…</item>…</name>`.
    public func ec2Items(_ listName: String) -> [XMLNode] {
        child(listName)?.children("item") ?? []
    }

    /// The trimmed texts of a list of strings (`member` for query, `item` for ec2).
    public func memberTexts(_ listName: String, member: String = "member") -> [String] {
        (child(listName)?.children(member) ?? []).compactMap { node in
            let text = node.text.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
    }

    /// A tag list as a dictionary: `<listName><member><Key/><Value/></member>…` (query), or with
    /// `item`/`key`/`value` (ec2). A later duplicate key wins; an entry without a key is skipped.
    public func tagMap(_ listName: String, member: String = "member", key: String = "Key", value valueName: String = "Value") -> [String: String] {
        var tags: [String: String] = [:]
        for entry in child(listName)?.children(member) ?? [] {
            guard let name = entry.trimmedText(key) else { continue }
            tags[name] = entry.child(valueName)?.text.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        }
        return tags
    }
}

/// A required element missing from an answer (reported as a malformed response, never force-unwrapped).
public struct XMLMissingElement: Error, Sendable {
    public var element: String
}

extension AWSClient {
    /// A malformed-answer error for `operation` of `service`.
    func malformedAnswer(_ service: AWSServiceDescriptor, _ operation: String, _ detail: String) -> AWSClientError {
        context(service, operation).error(.malformedResponse(detail), attempts: 1)
    }

    /// One query/ec2 call decoded by `decode`; a missing element becomes a malformed-response error.
    func queryDecoded<T>(
        _ service: AWSServiceDescriptor, action: String, parameters: QueryParameters,
        _ decode: (XMLNode) throws(XMLMissingElement) -> T
    ) async throws -> T {
        let result = try await query(service, action: action, parameters: parameters)
        do throws(XMLMissingElement) {
            return try decode(result)
        } catch {
            throw malformedAnswer(service, action, "missing <\(error.element)>")
        }
    }

    /// A token-paginated query/ec2 listing: the request carries the previous page's token as
    /// `tokenParameter` (`NextToken`, `Marker`), the answer its next one in `tokenElement`.
    func queryPaginator<Item: Sendable>(
        _ service: AWSServiceDescriptor, action: String,
        tokenParameter: String = "NextToken", tokenElement: String = "NextToken",
        base: @escaping @Sendable (inout QueryParameters) -> Void,
        items: @escaping @Sendable (XMLNode) throws(XMLMissingElement) -> [Item]
    ) -> AWSPaginator<Item> {
        let client = self
        return AWSPaginator { token in
            var parameters = QueryParameters()
            base(&parameters)
            parameters.set(tokenParameter, token)
            let result = try await client.query(service, action: action, parameters: parameters)
            let list: [Item]
            do throws(XMLMissingElement) {
                list = try items(result)
            } catch {
                throw client.malformedAnswer(service, action, "missing <\(error.element)>")
            }
            return AWSPage(items: list, nextToken: result.trimmedText(tokenElement))
        }
    }

    /// A token-paginated json/rest-json listing: `fetch` sends one page request for a token.
    func jsonPaginator<Page: Sendable, Item: Sendable>(
        _ fetch: @escaping @Sendable (_ token: String?) async throws -> Page,
        items: @escaping @Sendable (Page) -> [Item], next: @escaping @Sendable (Page) -> String?
    ) -> AWSPaginator<Item> {
        AWSPaginator { token in
            let page = try await fetch(token)
            return AWSPage(items: items(page), nextToken: next(page))
        }
    }
}
