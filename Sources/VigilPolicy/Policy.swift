/// A named, parsed and compiled policy: parse once, keep it, evaluate it many times.
public struct Policy: Sendable {
    public let name: String
    public let kind: PolicyKind
    public let document: PolicyDocument
    /// The policy compiled on its own (trust-policy evaluation); `PolicySet` compiles its
    /// policies together.
    let program: PolicyProgram

    /// Parses `json` as a policy of `kind`; throws every error with its element path.
    public init(name: String, json: String, kind: PolicyKind = .identity, sizeLimit: Int? = nil) throws(PolicyParseError) {
        let document = try PolicyParser.parse(json, kind: kind, sizeLimit: sizeLimit)
        self.init(name: name, validDocument: document, kind: kind)
    }

    /// Compiles a document built in code after validating it like a parsed one.
    public init(name: String, document: PolicyDocument, kind: PolicyKind = .identity) throws(PolicyParseError) {
        let errors = PolicyValidator.validate(document, kind: kind)
        guard errors.isEmpty else { throw PolicyParseError(issues: errors) }
        self.init(name: name, validDocument: document, kind: kind)
    }

    private init(name: String, validDocument document: PolicyDocument, kind: PolicyKind) {
        self.name = name
        self.kind = kind
        self.document = document
        program = PolicyProgram(document: document, name: name,
                                role: kind == .trust ? .trust : kind == .resource ? .resource : .identity)
    }
}
