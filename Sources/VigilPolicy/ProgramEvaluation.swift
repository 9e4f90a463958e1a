/// Statement, pattern and condition evaluation over a compiled program. Nothing here allocates
/// except the rare slow paths noted (non-ASCII IgnoreCase values, BinaryEquals).
/// One request, prepared for evaluation: the action's bytes and service bit, the resource's
/// ARN fields, the packed context keys, the principal.
struct EvaluationRequest {
    let action: UnsafeBufferPointer<UInt8>
    let serviceBit: UInt64
    let resource: ARNView
    let context: ContextTable
    let principal: PrincipalInfo
    /// IAM applies a NotPrincipal Deny to every IAM principal that has a permissions boundary.
    let boundaryPresent: Bool

    init(action: UnsafeBufferPointer<UInt8>, resource: UnsafeBufferPointer<UInt8>, context: RequestContext,
         boundaryPresent: Bool) {
        self.action = action
        serviceBit = ServiceFilter.actionBit(action)
        self.resource = ARNView(resource)
        self.context = context.keys.table
        principal = context.principal
        self.boundaryPresent = boundaryPresent
    }
}

extension PolicyProgram {
    /// Whether statement `index` applies to the request, and how its Principal element matched
    /// (`.direct` when it has none; resource-based and trust statements without one name nobody).
    @inline(__always)
    func applies(_ index: Int, _ request: EvaluationRequest) -> PrincipalMatch {
        let statement = statements[index]
        guard statement.serviceBloom & request.serviceBit != 0, matchesAction(statement, request.action) else {
            return .none
        }
        if statement.hasResource, !matchesResource(statement, request.resource, request.context) { return .none }
        let match: PrincipalMatch
        if statement.principal < 0 {
            match = statement.role == .resource || statement.role == .trust ? .none : .direct
        } else {
            match = principalMatch(statement, request.principal, boundaryPresent: request.boundaryPresent)
        }
        guard match != .none else { return .none }
        let end = Int(statement.conditionStart + statement.conditionCount)
        for condition in Int(statement.conditionStart)..<end where !evaluate(conditions[condition], request.context) {
            return .none
        }
        return match
    }

    @inline(__always)
    private func matchesAction(_ statement: StatementCode, _ action: UnsafeBufferPointer<UInt8>) -> Bool {
        var hit = false
        for glob in Int(statement.actionStart)..<Int(statement.actionStart + statement.actionCount)
        where matchGlob(glob, action, nil) {
            hit = true
            break
        }
        return hit != statement.notAction
    }

    @inline(__always)
    private func matchesResource(_ statement: StatementCode, _ resource: ARNView, _ context: ContextTable) -> Bool {
        var hit = false
        for arn in Int(statement.resourceStart)..<Int(statement.resourceStart + statement.resourceCount)
        where matchARN(arn, resource, context) {
            hit = true
            break
        }
        return hit != statement.notResource
    }

    /// IAM applies a NotPrincipal Deny to every IAM principal that has a permissions boundary,
    /// whatever the element lists.
    private func principalMatch(_ statement: StatementCode, _ principal: PrincipalInfo,
                                boundaryPresent: Bool) -> PrincipalMatch {
        let matcher = principals[Int(statement.principal)]
        if statement.notPrincipal {
            if boundaryPresent, principal.isAccountIdentity, principal.kind != .account { return .direct }
            return matcher.excludes(principal) ? .none : .direct
        }
        return matcher.match(principal)
    }

    // MARK: - Patterns

    /// Whether all of `text` matches glob `index`; a variable with neither a single value nor a
    /// default makes the glob match nothing.
    func matchGlob(_ index: Int, _ text: UnsafeBufferPointer<UInt8>, _ context: ContextTable?) -> Bool {
        let glob = globs[index]
        switch glob.shape {
        case .everything:
            return true
        case .exact:
            return Int(glob.literal.count) == text.count
                && GlobMatcher.equal(bytes, Int(glob.literal.start), text, 0, text.count, glob.foldCase)
        case .prefix:
            let length = Int(glob.literal.count)
            return text.count >= length && GlobMatcher.equal(bytes, Int(glob.literal.start), text, 0, length, glob.foldCase)
        case .general:
            let tokens = UnsafeBufferPointer(rebasing: self.tokens[Int(glob.tokenStart)..<Int(glob.tokenStart + glob.tokenCount)])
            guard glob.variableCount > 0 else {
                return GlobMatcher.run(tokens, literals: bytes, text: text, foldCase: glob.foldCase,
                                       values: UnsafeBufferPointer(start: nil, count: 0), variableBase: 0)
            }
            guard let context else { return false }
            return withUnsafeTemporaryAllocation(of: UnsafeBufferPointer<UInt8>.self,
                                                 capacity: Int(glob.variableCount)) { values in
                for offset in 0..<Int(glob.variableCount) {
                    guard let value = resolve(variables[Int(glob.variableStart) + offset], context) else { return false }
                    values.initializeElement(at: offset, to: value)
                }
                return GlobMatcher.run(tokens, literals: bytes, text: text, foldCase: glob.foldCase,
                                       values: UnsafeBufferPointer(values), variableBase: Int(glob.variableStart))
            }
        }
    }

    /// The bytes that replace a variable: the key's single value, else its default.
    @inline(__always)
    private func resolve(_ variable: VariableCode, _ context: ContextTable) -> UnsafeBufferPointer<UInt8>? {
        if let values = context.lookup(hash: variable.keyHash, key: bytes(variable.key)), values.count == 1 {
            return context.bytes(values[0])
        }
        return variable.hasDefault ? bytes(variable.defaultValue) : nil
    }

    /// ARN matching: field by field for six-field patterns against six-field ARNs, else whole.
    func matchARN(_ index: Int, _ arn: ARNView, _ context: ContextTable?) -> Bool {
        let code = arns[index]
        if globs[Int(code.whole)].shape == .everything { return true }
        guard code.fields >= 0, arn.isSegmented else { return matchGlob(Int(code.whole), arn.bytes, context) }
        for field in 0..<6 where !matchGlob(Int(code.fields) + field, arn.field(field), context) { return false }
        return true
    }

    // MARK: - Conditions

    /// IAM's condition semantics:
    /// - a key that is absent (or has no values) makes `...IfExists` true, `ForAllValues` true,
    ///   `ForAnyValue` false, a negated operator true and any other operator false;
    /// - without a set qualifier the clause is true when any request value matches any policy
    ///   value (negated operators: when none does);
    /// - `ForAnyValue`: some request value satisfies the operator;
    /// - `ForAllValues`: every request value satisfies the operator.
    func evaluate(_ condition: ConditionCode, _ context: ContextTable) -> Bool {
        let found = context.lookup(hash: condition.keyHash, key: bytes(condition.key))
        if condition.kind == .null {
            let absent = found?.isEmpty ?? true
            for index in Int(condition.valueStart)..<Int(condition.valueStart + condition.valueCount)
            where bools[index] == absent {
                return true
            }
            return false
        }
        guard let found, !found.isEmpty else {
            if condition.ifExists { return true }
            switch condition.qualifier {
            case .forAllValues: return true
            case .forAnyValue: return false
            case .none: return condition.negated
            }
        }
        switch condition.qualifier {
        case .none:
            for range in found where matchesPositive(condition, context.bytes(range), context) {
                return !condition.negated
            }
            return condition.negated
        case .forAnyValue:
            for range in found where matchesPositive(condition, context.bytes(range), context) != condition.negated {
                return true
            }
            return false
        case .forAllValues:
            for range in found where matchesPositive(condition, context.bytes(range), context) == condition.negated {
                return false
            }
            return true
        }
    }

    /// Whether one request value matches at least one policy value under the positive form of
    /// the operator (StringNotEquals → StringEquals, NotIpAddress → IpAddress, ...).
    private func matchesPositive(_ condition: ConditionCode, _ value: UnsafeBufferPointer<UInt8>,
                                 _ context: ContextTable) -> Bool {
        let values = Int(condition.valueStart)..<Int(condition.valueStart + condition.valueCount)
        switch condition.kind {
        case .strings:
            for glob in values where matchGlob(glob, value, context) { return true }
            return false
        case .stringsIgnoringCase:
            if !value.contains(where: { $0 >= 0x80 }) {
                for glob in values where matchGlob(glob, value, context) { return true }
                return false
            }
            // Non-ASCII: compare full Unicode lowercase forms (allocates; rare).
            let lowered = String(decoding: value, as: UTF8.self).lowercased()
            return withUTF8Bytes(lowered) { loweredBytes in
                for (offset, glob) in values.enumerated() {
                    let plain = ranges[Int(condition.extraStart) + offset]
                    if plain.count >= 0 {
                        if equalBytes(bytes(plain), loweredBytes) { return true }
                    } else if matchGlob(glob, loweredBytes, context) {
                        return true
                    }
                }
                return false
            }
        case .numbers:
            guard let number = ConditionValues.number(bytes: value) else { return false }
            for index in values where compare(condition.base, number, numbers[index]) { return true }
            return false
        case .dates:
            guard let date = Timestamp.parse(bytes: value) else { return false }
            for index in values where compare(condition.base, date, numbers[index]) { return true }
            return false
        case .bools:
            guard let flag = ConditionValues.bool(bytes: value) else { return false }
            for index in values where bools[index] == flag { return true }
            return false
        case .binary:
            guard let decoded = ConditionValues.binary(String(decoding: value, as: UTF8.self)) else { return false }
            return decoded.withUnsafeBufferPointer { decodedBytes in
                for index in values where equalBytes(bytes(ranges[index]), decodedBytes) { return true }
                return false
            }
        case .addresses:
            guard let address = IPAddress.parse(value) else { return false }
            for index in values where cidrs[index].contains(address) { return true }
            return false
        case .arns:
            let arn = ARNView(value)
            for index in values where matchARN(index, arn, context) { return true }
            return false
        case .null:
            return false
        }
    }

    /// request ⟨operator⟩ policy for the ordered families (positive forms).
    @inline(__always)
    private func compare(_ base: ConditionOperator.Base, _ request: Double, _ policy: Double) -> Bool {
        switch base {
        case .numericEquals, .numericNotEquals, .dateEquals, .dateNotEquals: request == policy
        case .numericLessThan, .dateLessThan: request < policy
        case .numericLessThanEquals, .dateLessThanEquals: request <= policy
        case .numericGreaterThan, .dateGreaterThan: request > policy
        case .numericGreaterThanEquals, .dateGreaterThanEquals: request >= policy
        default: false
        }
    }
}
