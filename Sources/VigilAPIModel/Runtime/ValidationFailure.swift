/// A request that does not bind to, or does not satisfy the constraints of, its input shape.
/// Send it as `ValidationException` (HTTP 400): ``exception`` builds the body.
public struct ValidationFailure: Error, Sendable, Equatable {
    /// AWS-style summary, for example `2 validation errors detected: Value at 'name' failed to
    /// satisfy constraint: Member must have length less than or equal to 255; Value at ...`.
    /// For a malformed body it is the parser's message and ``fieldList`` is empty.
    public var message: String
    /// One entry per violated constraint, in model member order (depth first). A member can
    /// appear more than once. Paths use the ``FieldPath`` notation.
    public var fieldList: [ValidationExceptionField]

    public init(message: String, fieldList: [ValidationExceptionField]) {
        self.message = message
        self.fieldList = fieldList
    }

    /// A failure whose ``message`` summarises `fieldList`.
    public init(fieldList: [ValidationExceptionField]) {
        self.init(message: Self.summary(of: fieldList), fieldList: fieldList)
    }

    /// The `ValidationException` shape to send (`fieldList` omitted when empty).
    public var exception: ValidationException {
        ValidationException(message: message, fieldList: fieldList.isEmpty ? nil : fieldList)
    }

    /// `N validation error(s) detected: Value at '<path>' failed to satisfy constraint: <message>; ...`
    public static func summary(of fieldList: [ValidationExceptionField]) -> String {
        let count = fieldList.count
        let head = count == 1 ? "1 validation error detected: " : "\(count) validation errors detected: "
        return head + fieldList.map { "Value at '\($0.path)' failed to satisfy constraint: \($0.message)" }.joined(separator: "; ")
    }
}
