/// A condition operator: an optional set qualifier, a base operator and an optional `IfExists`
/// suffix, e.g. `ForAnyValue:StringLikeIfExists`.
public struct ConditionOperator: Sendable, Hashable, CustomStringConvertible {
    public enum Qualifier: String, Sendable, Hashable {
        case none = ""
        case forAllValues = "ForAllValues"
        case forAnyValue = "ForAnyValue"
    }

    public enum Base: String, Sendable, Hashable, CaseIterable {
        case stringEquals = "StringEquals"
        case stringNotEquals = "StringNotEquals"
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
        case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        case stringLike = "StringLike"
        case stringNotLike = "StringNotLike"
        case numericEquals = "NumericEquals"
        case numericNotEquals = "NumericNotEquals"
        case numericLessThan = "NumericLessThan"
        case numericLessThanEquals = "NumericLessThanEquals"
        case numericGreaterThan = "NumericGreaterThan"
        case numericGreaterThanEquals = "NumericGreaterThanEquals"
        case dateEquals = "DateEquals"
        case dateNotEquals = "DateNotEquals"
        case dateLessThan = "DateLessThan"
        case dateLessThanEquals = "DateLessThanEquals"
        case dateGreaterThan = "DateGreaterThan"
        case dateGreaterThanEquals = "DateGreaterThanEquals"
        case bool = "Bool"
        case binaryEquals = "BinaryEquals"
        case ipAddress = "IpAddress"
        case notIpAddress = "NotIpAddress"
        case arnEquals = "ArnEquals"
        case arnLike = "ArnLike"
        case arnNotEquals = "ArnNotEquals"
        case arnNotLike = "ArnNotLike"
        case null = "Null"

        /// Operators whose result is the negation of a positive counterpart.
        public var isNegated: Bool {
            switch self {
            case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals, .dateNotEquals,
                 .notIpAddress, .arnNotEquals, .arnNotLike: true
            default: false
            }
        }

        /// IAM substitutes policy variables only in string and ARN operator values.
        public var acceptsVariables: Bool {
            switch self {
            case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase,
                 .stringLike, .stringNotLike, .arnEquals, .arnLike, .arnNotEquals, .arnNotLike: true
            default: false
            }
        }
    }

    public var qualifier: Qualifier
    public var base: Base
    public var ifExists: Bool

    public init(_ base: Base, qualifier: Qualifier = .none, ifExists: Bool = false) {
        self.base = base
        self.qualifier = qualifier
        self.ifExists = ifExists
    }

    /// Parses an operator name exactly as IAM spells it (operator names are case-sensitive);
    /// nil for unknown names and for `NullIfExists`, which IAM does not define.
    public init?(_ name: String) {
        var rest = Substring(name)
        var qualifier = Qualifier.none
        if rest.hasPrefix("ForAllValues:") {
            qualifier = .forAllValues
            rest = rest.dropFirst("ForAllValues:".count)
        } else if rest.hasPrefix("ForAnyValue:") {
            qualifier = .forAnyValue
            rest = rest.dropFirst("ForAnyValue:".count)
        }
        var ifExists = false
        if rest.hasSuffix("IfExists") {
            ifExists = true
            rest = rest.dropLast("IfExists".count)
        }
        guard let base = Base(rawValue: String(rest)), !(ifExists && base == .null) else { return nil }
        self.init(base, qualifier: qualifier, ifExists: ifExists)
    }

    /// The canonical spelling, e.g. `ForAllValues:StringLikeIfExists`.
    public var description: String {
        (qualifier == .none ? "" : qualifier.rawValue + ":") + base.rawValue + (ifExists ? "IfExists" : "")
    }

    /// A correctly spelled operator whose name differs from `name` only in letter case, for hints.
    static func caseInsensitiveMatch(_ name: String) -> ConditionOperator? {
        let lowered = name.lowercased()
        for base in Base.allCases {
            for qualifier in [Qualifier.none, .forAllValues, .forAnyValue] {
                for ifExists in [false, true] where !(ifExists && base == .null) {
                    let candidate = ConditionOperator(base, qualifier: qualifier, ifExists: ifExists)
                    if candidate.description.lowercased() == lowered { return candidate }
                }
            }
        }
        return nil
    }
}
