/// The first five colons of an ARN, found once per request: `arn:partition:service:region:account:resource`.
/// The resource field keeps any further colons.
struct ARNView {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Offsets of the first five colons; meaningful only when `isSegmented`.
    private var colons: (Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0)
    let isSegmented: Bool

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        var found = 0
        var positions = (0, 0, 0, 0, 0)
        var index = 0
        while index < bytes.count, found < 5 {
            if bytes[index] == UInt8(ascii: ":") {
                switch found {
                case 0: positions.0 = index
                case 1: positions.1 = index
                case 2: positions.2 = index
                case 3: positions.3 = index
                default: positions.4 = index
                }
                found += 1
            }
            index += 1
        }
        self.colons = positions
        self.isSegmented = found == 5
    }

    /// Field `index` (0...5) as a slice of `bytes`.
    @inline(__always)
    func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let start: Int
        let end: Int
        switch index {
        case 0: start = 0; end = colons.0
        case 1: start = colons.0 + 1; end = colons.1
        case 2: start = colons.1 + 1; end = colons.2
        case 3: start = colons.2 + 1; end = colons.3
        case 4: start = colons.3 + 1; end = colons.4
        default: start = colons.4 + 1; end = bytes.count
        }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }
}

/// How Resource / NotResource entries and Arn* condition values match ARNs. A pattern with all
/// six ARN fields is matched field by field (as IAM documents for ARNs): a wildcard stays inside
/// its field, except in the resource field, where `*` also spans `/` and `:`. A pattern with
/// fewer fields (`*`, `arn:aws:aidevops:*`) is matched as one string, so a trailing `*` expands
/// across the remaining fields. Matching is case-sensitive.
enum ARNFields {
    /// Splits a template at its first five colons (colons inside variables do not count);
    /// nil when it has fewer than five.
    static func split(_ template: Template) -> [Template]? {
        var fields: [Template] = []
        var current: [Template.Part] = []
        for part in template.parts {
            guard case .text(let text) = part, fields.count < 5 else {
                current.append(part)
                continue
            }
            var rest = Substring(text)
            while fields.count < 5, let colon = rest.firstIndex(of: ":") {
                let head = rest[..<colon]
                if !head.isEmpty { current.append(.text(String(head))) }
                fields.append(Template(parts: current))
                current = []
                rest = rest[rest.index(after: colon)...]
            }
            if !rest.isEmpty { current.append(.text(String(rest))) }
        }
        guard fields.count == 5 else { return nil }
        fields.append(Template(parts: current))
        return fields
    }
}
