import VigilAPIModel
import VigilGuard

extension JSONValue {
    /// The same value with secrets redacted from every string (object keys are Vigil's own and
    /// stay as they are). The journal and recommendations keep what they are given and are read
    /// through the API, so nothing secret may reach them — whatever the step that produced it.
    func redactingSecrets() -> JSONValue {
        switch self {
        case .string(let text):
            return .string(SecretRedactor.redact(text).text)
        case .array(let items):
            return .array(items.map { $0.redactingSecrets() })
        case .object(let fields):
            return .object(fields.mapValues { $0.redactingSecrets() })
        case .null, .bool, .int, .double:
            return self
        }
    }
}

extension MitigationPlan {
    /// The plan with secrets redacted from its texts (entity names and change references come
    /// from operational data).
    func redactingSecrets() -> MitigationPlan {
        func clean(_ text: String) -> String { SecretRedactor.redact(text).text }
        var plan = self
        plan.title = clean(title)
        plan.entity = clean(entity)
        plan.steps = steps.map { step in
            var s = step
            s.action = clean(step.action)
            s.risk = clean(step.risk)
            s.verification = clean(step.verification)
            return s
        }
        plan.rollback = clean(rollback)
        plan.spec = clean(spec)
        return plan
    }
}
