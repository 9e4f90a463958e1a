/// Resolves the strings configurations use to name resources (ARNs, queue URLs, endpoint
/// addresses, `host:port`, table names, X-Ray service names) to the resources they name.
///
/// A value names a resource when the value equals one of the resource's identifiers (its ARN
/// included) or contains it as a delimited part: the identifier must start at the beginning of
/// the value or after a delimiter, and end at the end or before one. Delimiters are every
/// character except letters, digits, `-`, `_` and `.`, so `orders` matches in
/// `https://sqs…/123/orders` and in `orders:5432` but not in `orders-dlq` or `orders.example.com`.
/// The longest matching identifier wins; a tie between different resources is ambiguous and
/// resolves to nothing.
public struct IdentifierIndex: Sendable {
    public enum Resolution: Sendable, Equatable {
        case resource(arn: String, identifier: String)
        case ambiguous(identifier: String, arns: [String])
        case none
    }

    private var owners: [String: Set<String>] = [:]
    /// Longest identifier, in Unicode scalars: no longer part of a value needs to be looked up.
    private var maxLength = 0

    public init() {}

    public init(_ resources: [DiscoveredResource]) {
        for resource in resources {
            add(resource.arn, for: resource.arn)
            for identifier in resource.identifiers { add(identifier, for: resource.arn) }
        }
    }

    public mutating func add(_ identifier: String, for arn: String) {
        guard !identifier.isEmpty else { return }
        owners[identifier, default: []].insert(arn)
        maxLength = max(maxLength, identifier.unicodeScalars.count)
    }

    /// The resource `value` names, never `excluding` itself.
    public func resolve(_ value: String, excluding self_: String? = nil) -> Resolution {
        let scalars = Array(value.unicodeScalars)
        guard !scalars.isEmpty else { return .none }
        var starts: [Int] = [0]
        var ends: [Int] = []
        for (i, scalar) in scalars.enumerated() where Self.isDelimiter(scalar) {
            ends.append(i)
            starts.append(i + 1)
        }
        ends.append(scalars.count)
        // Longest candidates first; stop at the first length that has an owner.
        var candidates: [(start: Int, end: Int)] = []
        for start in starts {
            for end in ends where end > start && end - start <= maxLength { candidates.append((start, end)) }
        }
        candidates.sort { ($0.end - $0.start, $1.start) > ($1.end - $1.start, $0.start) }
        var bestLength = -1
        var found: [(identifier: String, arns: Set<String>)] = []
        for candidate in candidates {
            let length = candidate.end - candidate.start
            if bestLength >= 0 && length < bestLength { break }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[candidate.start..<candidate.end])
            let identifier = String(text)
            guard var arns = owners[identifier] else { continue }
            if let self_ { arns.remove(self_) }
            guard !arns.isEmpty else { continue }
            bestLength = length
            found.append((identifier, arns))
        }
        guard let first = found.first else { return .none }
        let all = found.reduce(into: Set<String>()) { $0.formUnion($1.arns) }
        if all.count == 1, let arn = all.first {
            return .resource(arn: arn, identifier: first.identifier)
        }
        return .ambiguous(identifier: first.identifier, arns: all.sorted())
    }

    static func isDelimiter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": false
        default: !(scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
        }
    }
}
