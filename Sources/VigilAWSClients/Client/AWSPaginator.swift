/// One page of a listing and the token of the next one (nil on the last page).
public struct AWSPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextToken: String?

    public init(items: [Item], nextToken: String?) {
        self.items = items
        self.nextToken = nextToken
    }
}

/// The pages of a listing, fetched lazily one at a time as the sequence is iterated.
/// A token that repeats (a service bug that would loop forever) ends the iteration with an error.
public struct AWSPaginator<Item: Sendable>: AsyncSequence, Sendable {
    public typealias Element = AWSPage<Item>
    private let fetch: @Sendable (_ token: String?) async throws -> AWSPage<Item>

    public init(_ fetch: @escaping @Sendable (_ token: String?) async throws -> AWSPage<Item>) {
        self.fetch = fetch
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let fetch: @Sendable (String?) async throws -> AWSPage<Item>
        var token: String?
        var done = false
        var seen: Set<String> = []

        public mutating func next() async throws -> AWSPage<Item>? {
            guard !done else { return nil }
            let page = try await fetch(token)
            if let next = page.nextToken, !next.isEmpty {
                guard seen.insert(next).inserted else {
                    done = true
                    throw AWSPaginationError(token: next)
                }
                token = next
            } else {
                done = true
            }
            return page
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(fetch: fetch)
    }

    /// Every item of every page, in order; stops after `limit` items when one is given.
    public func all(limit: Int? = nil) async throws -> [Item] {
        var items: [Item] = []
        for try await page in self {
            items.append(contentsOf: page.items)
            if let limit, items.count >= limit { return Array(items.prefix(limit)) }
        }
        return items
    }
}

public struct AWSPaginationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var token: String
    public var description: String { "the service returned the same pagination token twice" }
}
