/// The classifier's answer for one text: a label (injected or not), a score in [0, 1] and the
/// reasons, each naming a rule family (`override-instructions`, `role-spoofing`, …). Reasons from
/// decoded payloads are prefixed with the encoding (`base64:override-instructions`).
public struct Verdict: Sendable, Equatable, Codable {
    public var isInjection: Bool
    public var score: Double
    public var reasons: [String]

    public init(isInjection: Bool, score: Double, reasons: [String]) {
        self.isInjection = isInjection
        self.score = score
        self.reasons = reasons
    }

    /// 1 when flagged, else 0 (the `vigil guard classify` output's `label`).
    public var label: Int { isInjection ? 1 : 0 }

    public static let clean = Verdict(isInjection: false, score: 0, reasons: [])
}
