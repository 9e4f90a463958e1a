/// A compiled wildcard pattern: tokens and literal bytes in the program's arenas.
struct GlobCode: Sendable {
    var shape: GlobShape
    var foldCase: Bool
    var tokenStart: Int32
    var tokenCount: Int32
    /// The literal of an `exact` or `prefix` pattern.
    var literal: ByteRange
    var variableStart: Int32
    var variableCount: Int32
}

/// A policy variable: its lowercased key (bytes and precomputed hash) and optional default.
struct VariableCode: Sendable {
    var keyHash: UInt64
    var key: ByteRange
    var defaultValue: ByteRange
    var hasDefault: Bool
}

/// An ARN pattern: the whole-string glob, and six consecutive field globs when it has six fields.
struct ARNCode: Sendable {
    var whole: Int32
    /// Index of the first of six field globs, or -1.
    var fields: Int32
}

/// What a condition's values are and which arena holds them.
enum ConditionValueKind: UInt8, Sendable {
    case strings                // globs
    case stringsIgnoringCase    // folded globs + `ranges` of fully lowercased plain values
    case numbers                // numbers
    case dates                  // numbers (epoch seconds)
    case bools                  // bools
    case binary                 // ranges of decoded bytes
    case addresses              // cidrs
    case arns                   // arns
    case null                   // bools (true = key must be absent)
}

struct ConditionCode: Sendable {
    var base: ConditionOperator.Base
    var qualifier: ConditionOperator.Qualifier
    var ifExists: Bool
    var negated: Bool
    var keyHash: UInt64
    var key: ByteRange
    var kind: ConditionValueKind
    var valueStart: Int32
    var valueCount: Int32
    /// `stringsIgnoringCase`: first of `valueCount` ranges of lowercased plain values (count -1
    /// for values with variables).
    var extraStart: Int32
}

struct StatementCode: Sendable {
    var policy: Int32
    var role: PolicyRole
    var index: Int32
    var effect: PolicyEffect
    var notAction: Bool
    /// A one-word Bloom filter of the services the Action patterns name (bit `hash % 64`);
    /// all ones for `*`, wildcard services and NotAction. Rejects most statements of other
    /// services before any pattern is matched.
    var serviceBloom: UInt64
    var actionStart: Int32
    var actionCount: Int32
    var hasResource: Bool
    var notResource: Bool
    var resourceStart: Int32
    var resourceCount: Int32
    /// Index into `principals`, or -1 when the statement has no Principal / NotPrincipal.
    var principal: Int32
    var notPrincipal: Bool
    var conditionStart: Int32
    var conditionCount: Int32
}

/// Collects the arenas while compiling documents.
struct ProgramBuilder {
    var bytes: [UInt8] = []
    var tokens: [GlobToken] = []
    var globs: [GlobCode] = []
    var variables: [VariableCode] = []
    var arns: [ARNCode] = []
    var conditions: [ConditionCode] = []
    var numbers: [Double] = []
    var bools: [Bool] = []
    var ranges: [ByteRange] = []
    var cidrs: [CIDRBlock] = []
    var statements: [StatementCode] = []
    var principals: [PrincipalMatcher] = []
    var sids: [String?] = []
    var policyNames: [String] = []

    mutating func addBytes<S: Sequence>(_ sequence: S) -> ByteRange where S.Element == UInt8 {
        let start = bytes.count
        bytes.append(contentsOf: sequence)
        return ByteRange(start: Int32(start), count: Int32(bytes.count - start))
    }

    mutating func addGlob(_ template: Template, wildcards: Bool, foldCase: Bool) -> Int32 {
        let variableStart = variables.count
        var found: [PolicyVariable] = []
        let compiled = GlobMatcher.compile(template, wildcards: wildcards, foldCase: foldCase, literals: &bytes) { variable in
            found.append(variable)
            return Int32(variableStart + found.count - 1)
        }
        for variable in found {
            let key = addBytes(variable.lookupKey.utf8)
            let defaultValue = variable.defaultValue.map { addBytes($0.utf8) } ?? .empty
            variables.append(VariableCode(keyHash: keyHash(variable.lookupKey), key: key, defaultValue: defaultValue,
                                          hasDefault: variable.defaultValue != nil))
        }
        let shape = GlobMatcher.shape(of: compiled)
        var literal = ByteRange.empty
        if shape == .exact || shape == .prefix, case .literal(let range)? = compiled.first { literal = range }
        let tokenStart = tokens.count
        tokens += compiled
        globs.append(GlobCode(shape: shape, foldCase: foldCase, tokenStart: Int32(tokenStart),
                              tokenCount: Int32(compiled.count), literal: literal, variableStart: Int32(variableStart),
                              variableCount: Int32(found.count)))
        return Int32(globs.count - 1)
    }

    mutating func addARN(_ template: Template) -> Int32 {
        let whole = addGlob(template, wildcards: true, foldCase: false)
        var fields: Int32 = -1
        if let parts = ARNFields.split(template) {
            fields = Int32(globs.count)
            for part in parts { _ = addGlob(part, wildcards: true, foldCase: false) }
        }
        arns.append(ARNCode(whole: whole, fields: fields))
        return Int32(arns.count - 1)
    }

    mutating func addCondition(_ clause: ConditionClause, interpretVariables: Bool) {
        let base = clause.conditionOperator.base
        let keyName = clause.key.lowercased()
        var code = ConditionCode(
            base: base, qualifier: clause.conditionOperator.qualifier, ifExists: clause.conditionOperator.ifExists,
            negated: base.isNegated, keyHash: keyHash(keyName), key: addBytes(keyName.utf8), kind: .strings,
            valueStart: 0, valueCount: 0, extraStart: 0)
        func template(_ value: String) -> Template {
            Template.parse(value, interpretVariables: interpretVariables && base.acceptsVariables)
        }
        switch base {
        case .stringEquals, .stringNotEquals, .stringLike, .stringNotLike:
            let wildcards = base == .stringLike || base == .stringNotLike
            let templates = clause.values.map(template)
            code.kind = .strings
            code.valueStart = Int32(globs.count)
            for value in templates { _ = addGlob(value, wildcards: wildcards, foldCase: false) }
            code.valueCount = Int32(templates.count)
        case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase:
            let templates = clause.values.map(template)
            code.kind = .stringsIgnoringCase
            code.valueStart = Int32(globs.count)
            for value in templates { _ = addGlob(value, wildcards: false, foldCase: true) }
            code.valueCount = Int32(templates.count)
            var plain: [ByteRange] = []
            for value in templates {
                if value.variables.isEmpty {
                    plain.append(addBytes(PolicyVariables.plainText(value).lowercased().utf8))
                } else {
                    plain.append(ByteRange(start: 0, count: -1))
                }
            }
            code.extraStart = Int32(ranges.count)
            ranges += plain
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
             .numericGreaterThanEquals:
            let parsed = clause.values.compactMap(ConditionValues.number)
            code.kind = .numbers
            code.valueStart = Int32(numbers.count)
            code.valueCount = Int32(parsed.count)
            numbers += parsed
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan,
             .dateGreaterThanEquals:
            let parsed = clause.values.compactMap(Timestamp.parse)
            code.kind = .dates
            code.valueStart = Int32(numbers.count)
            code.valueCount = Int32(parsed.count)
            numbers += parsed
        case .bool, .null:
            let parsed = clause.values.compactMap(ConditionValues.bool)
            code.kind = base == .bool ? .bools : .null
            code.valueStart = Int32(bools.count)
            code.valueCount = Int32(parsed.count)
            bools += parsed
        case .binaryEquals:
            let parsed = clause.values.compactMap(ConditionValues.binary)
            code.kind = .binary
            code.valueStart = Int32(ranges.count)
            code.valueCount = Int32(parsed.count)
            for blob in parsed { ranges.append(addBytes(blob)) }
        case .ipAddress, .notIpAddress:
            let parsed = clause.values.compactMap(CIDRBlock.init)
            code.kind = .addresses
            code.valueStart = Int32(cidrs.count)
            code.valueCount = Int32(parsed.count)
            cidrs += parsed
        case .arnEquals, .arnNotEquals, .arnLike, .arnNotLike:
            let templates = clause.values.map(template)
            code.kind = .arns
            code.valueStart = Int32(arns.count)
            for value in templates { _ = addARN(value) }
            code.valueCount = Int32(templates.count)
        }
        conditions.append(code)
    }

    /// Compiles every statement of `document` as policy number `policy` playing `role`.
    mutating func addPolicy(_ document: PolicyDocument, name: String, role: PolicyRole) {
        let policy = Int32(policyNames.count)
        policyNames.append(name)
        let variables = document.interpretsVariables
        for (index, statement) in document.statements.enumerated() {
            var code = StatementCode(
                policy: policy, role: role, index: Int32(index), effect: statement.effect,
                notAction: statement.action.isNegated, serviceBloom: ServiceFilter.bloom(statement.action),
                actionStart: Int32(globs.count), actionCount: 0,
                hasResource: statement.resource != nil, notResource: statement.resource?.isNegated ?? false,
                resourceStart: 0, resourceCount: 0, principal: -1, notPrincipal: statement.principal?.isNegated ?? false,
                conditionStart: 0, conditionCount: 0)
            for action in statement.action.patterns {
                _ = addGlob(Template.literal(action), wildcards: true, foldCase: true)
            }
            code.actionCount = Int32(statement.action.patterns.count)
            code.resourceStart = Int32(arns.count)
            for resource in statement.resource?.patterns ?? [] {
                _ = addARN(Template.parse(resource, interpretVariables: variables))
            }
            code.resourceCount = Int32(statement.resource?.patterns.count ?? 0)
            if let element = statement.principal {
                principals.append(PrincipalMatcher(element.spec))
                code.principal = Int32(principals.count - 1)
            }
            code.conditionStart = Int32(conditions.count)
            for clause in statement.conditions { addCondition(clause, interpretVariables: variables) }
            code.conditionCount = Int32(statement.conditions.count)
            statements.append(code)
            sids.append(statement.sid)
        }
    }
}

/// Compiled policies, ready to evaluate: every pattern, value and statement in flat arenas of
/// plain values, so evaluation reads memory without reference counting or allocation.
/// Immutable once built; shared freely across threads.
final class PolicyProgram: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    let tokens: UnsafeBufferPointer<GlobToken>
    let globs: UnsafeBufferPointer<GlobCode>
    let variables: UnsafeBufferPointer<VariableCode>
    let arns: UnsafeBufferPointer<ARNCode>
    let conditions: UnsafeBufferPointer<ConditionCode>
    let numbers: UnsafeBufferPointer<Double>
    let bools: UnsafeBufferPointer<Bool>
    let ranges: UnsafeBufferPointer<ByteRange>
    let cidrs: UnsafeBufferPointer<CIDRBlock>
    let statements: UnsafeBufferPointer<StatementCode>
    /// Statement indices: Deny statements, then Allow statements, each in document order.
    let denyOrder: UnsafeBufferPointer<Int32>
    let allowOrder: UnsafeBufferPointer<Int32>
    let principals: [PrincipalMatcher]
    let sids: [String?]
    let policyNames: [String]

    init(_ builder: ProgramBuilder) {
        bytes = Self.copy(builder.bytes)
        tokens = Self.copy(builder.tokens)
        globs = Self.copy(builder.globs)
        variables = Self.copy(builder.variables)
        arns = Self.copy(builder.arns)
        conditions = Self.copy(builder.conditions)
        numbers = Self.copy(builder.numbers)
        bools = Self.copy(builder.bools)
        ranges = Self.copy(builder.ranges)
        cidrs = Self.copy(builder.cidrs)
        statements = Self.copy(builder.statements)
        let indices = builder.statements.indices
        denyOrder = Self.copy(indices.filter { builder.statements[$0].effect == .deny }.map { Int32($0) })
        allowOrder = Self.copy(indices.filter { builder.statements[$0].effect == .allow }.map { Int32($0) })
        principals = builder.principals
        sids = builder.sids
        policyNames = builder.policyNames
    }

    convenience init(document: PolicyDocument, name: String, role: PolicyRole) {
        var builder = ProgramBuilder()
        builder.addPolicy(document, name: name, role: role)
        self.init(builder)
    }

    deinit {
        for buffer in [UnsafeRawPointer(bytes.baseAddress), UnsafeRawPointer(tokens.baseAddress),
                       UnsafeRawPointer(globs.baseAddress), UnsafeRawPointer(variables.baseAddress),
                       UnsafeRawPointer(arns.baseAddress), UnsafeRawPointer(conditions.baseAddress),
                       UnsafeRawPointer(numbers.baseAddress), UnsafeRawPointer(bools.baseAddress),
                       UnsafeRawPointer(ranges.baseAddress), UnsafeRawPointer(cidrs.baseAddress),
                       UnsafeRawPointer(statements.baseAddress), UnsafeRawPointer(denyOrder.baseAddress),
                       UnsafeRawPointer(allowOrder.baseAddress)] {
            buffer?.deallocate()
        }
    }

    /// Copies plain values into a new allocation (at least one element, so the base address is
    /// never nil); the buffer's count is the array's.
    private static func copy<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(array.count, 1))
        array.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { pointer.initialize(from: base, count: source.count) }
        }
        return UnsafeBufferPointer(start: pointer, count: array.count)
    }

    /// Names the statement at program index `index`.
    func reference(at index: Int) -> StatementReference {
        let statement = statements[index]
        return StatementReference(policyName: policyNames[Int(statement.policy)], role: statement.role,
                                  sid: sids[index], index: Int(statement.index))
    }

    @inline(__always)
    func bytes(_ range: ByteRange) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[Int(range.start)..<Int(range.start + range.count)])
    }
}

/// The service prefix of actions, for `StatementCode.serviceBloom`.
enum ServiceFilter {
    static func bloom(_ element: ActionElement) -> UInt64 {
        if element.isNegated { return ~0 }
        var bloom: UInt64 = 0
        for pattern in element.patterns {
            let bit: UInt64? = withUTF8Bytes(pattern) { bytes in
                guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
                let service = UnsafeBufferPointer(rebasing: bytes[0..<colon])
                if service.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }) { return nil }
                return requestBit(service)
            }
            guard let bit else { return ~0 }
            bloom |= bit
        }
        return bloom
    }

    /// The Bloom bit of a service prefix (any letter case).
    @inline(__always)
    static func requestBit(_ service: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in service { hash = (hash ^ UInt64(GlobMatcher.fold(byte))) &* 0x100_0000_01b3 }
        return 1 << (hash >> 58)
    }

    /// The Bloom bit of an action's service (the bytes before its first colon).
    @inline(__always)
    static func actionBit(_ action: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var end = 0
        while end < action.count, action[end] != UInt8(ascii: ":") { end += 1 }
        return requestBit(UnsafeBufferPointer(rebasing: action[0..<end]))
    }
}
