import Foundation
import VigilAPIModel
import VigilGuard

/// Pure: the text of an escalation, built from what the investigation journaled (which was
/// screened and redacted as it was written): the summary, the ranked findings with their
/// evidence, the timeline, and the proposed plan. Quarantined inputs are counted, never quoted.
/// A support case gets the timeline, the findings and the investigation log as attachments; a
/// ticket (no attachments) gets them in its body.
struct EscalationContent: Sendable, Equatable {
    var subject: String
    var body: String
    var attachments: [ActionAttachment]

    static let subjectCharacters = 200

    static func build(kind: EscalationRequest.Kind, title: String, taskId: String, executionId: String?,
                      records: [JournalRecord]) -> EscalationContent {
        let byStep = { (step: String) in records.filter { $0.content["step"]?.stringValue == step } }
        let journaledTitle = byStep("plan").first?.content["title"]?.stringValue ?? title
        var subject = "Vigil incident: " + journaledTitle.replacingOccurrences(of: "\n", with: " ")
        if subject.count > subjectCharacters { subject = String(subject.prefix(subjectCharacters - 1)) + "…" }

        let summary = byStep("summary").last?.content["text"]?.stringValue
            ?? (executionId == nil ? "No investigation has run for this task yet." : "The investigation has not written a summary yet.")
        let findings = byStep("finding").map(findingText)
        let timeline = (byStep("rank-hypotheses").last?.content["timeline"]?.arrayValue ?? []).map(timelineLine)
        let plan = byStep("propose-mitigation").last?.content["plan"]
        let quarantined = byStep("quarantine").reduce(Int64(0)) { $0 + ($1.content["count"]?.int64Value ?? 0) }

        var head = ["Backlog task \(taskId)" + (executionId.map { ", investigation \($0)" } ?? "") + ".", "", "Summary:", summary]
        if let plan, let steps = plan["steps"]?.arrayValue, !steps.isEmpty {
            head += ["", "Proposed mitigation (awaiting a person's approval; Vigil executes nothing):"]
            head += steps.map { "\($0["number"]?.int64Value ?? 0). \($0["action"]?.stringValue ?? "")" }
        }
        if quarantined > 0 {
            head += ["", "\(quarantined) input(s) of the incident carried instructions and were quarantined; they are not reproduced here."]
        }
        let findingsText = findings.isEmpty ? "No findings were journaled." : findings.joined(separator: "\n\n")
        let timelineText = timeline.isEmpty ? "No timeline was journaled." : timeline.joined(separator: "\n")

        switch kind {
        case .ticket:
            var body = head + ["", "Findings:", findingsText, "", "Timeline (UTC):", timelineText]
            var text = body.joined(separator: "\n")
            if text.count > ActionGuard.maxTicketBodyCharacters - 100 {
                body = head + ["", "Findings:", findingsText]
                text = String(body.joined(separator: "\n").prefix(ActionGuard.maxTicketBodyCharacters - 100))
            }
            return EscalationContent(subject: subject, body: text, attachments: [])
        case .supportCase:
            var body = (head + ["", "Top finding:", findings.first ?? "none",
                                "", "Attached: timeline.txt, findings.txt, investigation-log.jsonl."]).joined(separator: "\n")
            if body.count > ActionGuard.maxSupportBodyCharacters { body = String(body.prefix(ActionGuard.maxSupportBodyCharacters - 1)) + "…" }
            let log = records.filter { $0.content["step"]?.stringValue != "quarantine" }.map { record -> String in
                JSONWriter.writeString(["recordType": .string(record.recordType), "createdAt": .string(EscalationRecord.format(record.createdAt)),
                                        "content": record.content])
            }
            let attachments = [
                ActionAttachment(fileName: "timeline.txt", text: timelineText + "\n"),
                ActionAttachment(fileName: "findings.txt", text: findingsText + "\n"),
                ActionAttachment(fileName: "investigation-log.jsonl", text: capped(log.joined(separator: "\n") + "\n")),
            ]
            return EscalationContent(subject: subject, body: body, attachments: attachments)
        }
    }

    static func findingText(_ record: JournalRecord) -> String {
        let c = record.content
        var lines = ["\(c["rank"]?.int64Value ?? 0). \(c["kind"]?.stringValue ?? "?") on \(c["entity"]?.stringValue ?? "?")"
                     + " (confidence \(c["confidence"]?.doubleValue.map { String(format: "%.2f", $0) } ?? "?"))"]
        for evidence in (c["evidence"]?.arrayValue ?? []).prefix(5) {
            if let summary = evidence["summary"]?.stringValue { lines.append("   - \(summary)") }
        }
        return lines.joined(separator: "\n")
    }

    static func timelineLine(_ entry: JSONValue) -> String {
        let time = entry["timestamp"]?.doubleValue.map { EscalationRecord.format(Date(timeIntervalSince1970: $0)) } ?? "?"
        return "\(time) \(entry["entity"]?.stringValue ?? "?") \(entry["kind"]?.stringValue ?? ""): \(entry["summary"]?.stringValue ?? "")"
    }

    /// Keeps an attachment within AWS Support's 5 MiB.
    static func capped(_ text: String) -> String {
        let limit = ActionGuard.maxAttachmentBytes - 1024
        guard text.utf8.count > limit else { return text }
        return (String(text.utf8.prefix(limit)) ?? "") + "\n[truncated]\n"
    }
}
