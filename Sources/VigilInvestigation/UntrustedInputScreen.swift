import Foundation
import VigilAPIModel
import VigilGuard
import VigilTelemetry

/// One untrusted input an investigation left out because the injection classifier flagged it.
/// Only a short, sanitised, secret-redacted excerpt is kept: enough for a person to find the
/// original, never enough to carry the payload whole.
public struct QuarantinedInput: Sendable, Hashable, Codable {
    /// Where the text came from: `task:title`, `task:metadata`, `log:checkout`, `change:checkout`, `alarm:name`, `tag:key`.
    public var source: String
    public var reasons: [String]
    public var score: Double
    /// At most `UntrustedInputScreen.excerptCharacters` characters, as a JSON string literal.
    public var excerpt: String
    /// Identical texts from the same source are reported once, with how many there were.
    public var occurrences: Int
    /// What the investigation did with the item that carried the text.
    public var handling: String
}

/// The task's texts after screening: what the analysis may read.
public struct ScreenedTask: Sendable, Hashable {
    /// The title, or a placeholder when the title was quarantined.
    public var title: String
    /// Texts used to find the incident's resources (title, description, reference title, metadata values).
    public var hintTexts: [String]
    public var explicitResources: [String]
    public var quarantined: [QuarantinedInput]
}

/// Pure: sanitises (`UntrustedText`) and classifies every untrusted text an investigation reads
/// — the task's title, description, reference and metadata; log lines; change descriptions;
/// alarm names and reasons; resource tags — and splits them into what the analysis may use and
/// what is quarantined. Flagged log lines are dropped; a flagged change or alarm keeps its time,
/// entity and kind (they are facts the analysis needs, and an attacker should not be able to hide
/// a deployment by writing into its description) with its text replaced by a marker. Everything
/// kept is sanitised and has its secrets redacted, so no secret reaches the journal through it.
public struct UntrustedInputScreen: Sendable {
    /// For logs, changes, alarms and tags: every rule family.
    public var dataClassifier: InjectionClassifier
    /// For the task's own fields: a task is written for the investigator, so a plain request to the
    /// reader ("Investigate why checkout fails") is what it is for; every other family applies.
    public var taskClassifier: InjectionClassifier

    public static let excerptCharacters = 80
    public static let quarantinedTitle = "[title quarantined: it carried instructions]"
    public static let quarantinedText = "[quarantined: this text carried instructions]"

    public init(dataClassifier: InjectionClassifier = .standard,
                taskClassifier: InjectionClassifier = InjectionClassifier(ignoredFamilies: ["reader-request"])) {
        self.dataClassifier = dataClassifier
        self.taskClassifier = taskClassifier
    }

    /// The outcome of screening one text.
    enum Screened {
        case kept(String)
        case flagged(Verdict, UntrustedText)
    }

    func screen(_ raw: String, source: UntrustedSource, classifier: InjectionClassifier) -> Screened {
        let untrusted = UntrustedText(raw, source: source)
        let verdict = classifier.classify(untrusted)
        if verdict.isInjection { return .flagged(verdict, untrusted) }
        return .kept(SecretRedactor.redact(untrusted.text).text)
    }

    public func screenTask(title: String, description: String?, referenceTitle: String?, metadata: [String],
                           explicitResources: [String]) -> ScreenedTask {
        var log = QuarantineLog()
        var hints: [String] = []
        var screenedTitle = Self.quarantinedTitle
        switch screen(title, source: .ticketField("title"), classifier: taskClassifier) {
        case .kept(let text):
            screenedTitle = text
            hints.append(text)
        case .flagged(let verdict, let text):
            log.add(source: "task:title", verdict: verdict, text: text, handling: "title replaced by a placeholder")
        }
        for (field, value) in [("description", description), ("reference.title", referenceTitle)] {
            guard let value, !value.isEmpty else { continue }
            switch screen(value, source: .ticketField(field), classifier: taskClassifier) {
            case .kept(let text): hints.append(text)
            case .flagged(let verdict, let text):
                log.add(source: "task:\(field)", verdict: verdict, text: text, handling: "left out of the analysis")
            }
        }
        var flaggedValues = Set<String>()
        for value in metadata {
            switch screen(value, source: .ticketField("metadata"), classifier: taskClassifier) {
            case .kept(let text): hints.append(text)
            case .flagged(let verdict, let text):
                flaggedValues.insert(value)
                log.add(source: "task:metadata", verdict: verdict, text: text, handling: "left out of the analysis")
            }
        }
        let resources = explicitResources.filter { !flaggedValues.contains($0) }
            .map { SecretRedactor.redact(UntrustedText($0, source: .ticketField("metadata")).text).text }
        return ScreenedTask(title: screenedTitle, hintTexts: hints, explicitResources: resources, quarantined: log.items)
    }

    /// The telemetry the analysis may read, and what was quarantined from it.
    public func screen(_ telemetry: IncidentTelemetry) -> (IncidentTelemetry, [QuarantinedInput]) {
        var log = QuarantineLog()
        var out = telemetry
        // Log lines repeat heavily: each distinct text is classified once.
        var verdicts: [String: Screened] = [:]
        out.logs = telemetry.logs.compactMap { event in
            let screened = verdicts[event.message] ?? screen(event.message, source: .log(event.entity), classifier: dataClassifier)
            verdicts[event.message] = screened
            switch screened {
            case .kept(let text):
                var kept = event
                kept.message = text
                return kept
            case .flagged(let verdict, let text):
                log.add(source: "log:\(event.entity)", verdict: verdict, text: text, handling: "log line left out of the analysis")
                return nil
            }
        }
        out.changes = telemetry.changes.map { change in
            var kept = change
            switch screen(change.description, source: UntrustedSource(kind: "change", name: change.entity), classifier: dataClassifier) {
            case .kept(let text): kept.description = text
            case .flagged(let verdict, let text):
                kept.description = Self.quarantinedText
                log.add(source: "change:\(change.entity)", verdict: verdict, text: text,
                        handling: "change kept (time, entity, kind); its description replaced by a marker")
            }
            if let reference = change.reference {
                kept.reference = SecretRedactor.redact(UntrustedText(reference, source: .log("reference"), limit: 512).text).text
            }
            return kept
        }
        out.alarms = telemetry.alarms.map { alarm in
            var kept = alarm
            switch screen(alarm.name, source: UntrustedSource(kind: "alarm", name: alarm.entity), classifier: dataClassifier) {
            case .kept(let text): kept.name = text
            case .flagged(let verdict, let text):
                kept.name = Self.quarantinedText
                log.add(source: "alarm:\(alarm.entity)", verdict: verdict, text: text,
                        handling: "alarm kept (time, entity, state); its name replaced by a marker")
            }
            if let reason = alarm.reason {
                switch screen(reason, source: UntrustedSource(kind: "alarm", name: alarm.entity), classifier: dataClassifier) {
                case .kept(let text): kept.reason = text
                case .flagged(let verdict, let text):
                    kept.reason = Self.quarantinedText
                    log.add(source: "alarm:\(alarm.entity)", verdict: verdict, text: text,
                            handling: "alarm kept (time, entity, state); its reason replaced by a marker")
                }
            }
            return kept
        }
        return (out, log.items)
    }

    /// Resource tags (`key=value`), screened as data: the tags that may be read, and the quarantine.
    public func screenTags(_ tags: [String: String], resource: String) -> ([String: String], [QuarantinedInput]) {
        var log = QuarantineLog()
        var kept: [String: String] = [:]
        for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
            switch screen("\(key)=\(value)", source: .tag(key), classifier: dataClassifier) {
            case .kept:
                kept[SecretRedactor.redact(UntrustedText(key, source: .tag(key)).text).text]
                    = SecretRedactor.redact(UntrustedText(value, source: .tag(key)).text).text
            case .flagged(let verdict, let text):
                log.add(source: "tag:\(resource)", verdict: verdict, text: text, handling: "tag left out")
            }
        }
        return (kept, log.items)
    }

    /// A short excerpt of a flagged text: sanitised, secrets redacted, cut, and quoted as data.
    static func excerpt(_ text: UntrustedText) -> String {
        let redacted = SecretRedactor.redact(text.text).text
        let flat = redacted.replacingOccurrences(of: "\n", with: " ")
        let cut = flat.count > excerptCharacters ? String(flat.prefix(excerptCharacters)) + "…" : flat
        return JSONStringLiteral.encode(cut)
    }
}

/// Collects quarantined inputs, collapsing repeats of the same text from the same source.
struct QuarantineLog {
    private(set) var items: [QuarantinedInput] = []
    private var index: [String: Int] = [:]

    mutating func add(source: String, verdict: Verdict, text: UntrustedText, handling: String) {
        let key = source + "\u{0}" + text.text
        if let i = index[key] {
            items[i].occurrences += 1
            return
        }
        index[key] = items.count
        items.append(QuarantinedInput(source: source, reasons: verdict.reasons, score: verdict.score,
                                      excerpt: UntrustedInputScreen.excerpt(text), occurrences: 1, handling: handling))
    }
}

extension QuarantinedInput {
    var json: JSONValue {
        ["source": .string(source), "reasons": .array(reasons.map(JSONValue.string)), "score": .rounded(score),
         "excerpt": .string(excerpt), "occurrences": .int(Int64(occurrences)), "handling": .string(handling)]
    }
}
