import Foundation

/// Why an action was refused: a stable code and a sentence for people.
public struct ActionRefusal: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        case wrongSpace = "wrong-space"
        case unknownActionType = "unknown-action-type"
        case actionTypeNotAllowed = "action-type-not-allowed"
        case targetMismatch = "target-mismatch"
        case targetOutsideSpace = "target-outside-space"
        case injectedInstructions = "injected-instructions"
        case invalidContent = "invalid-content"
        case rateLimited = "rate-limited"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// An action that passed every check, with its content as it may leave Vigil (secrets redacted).
public struct CheckedAction: Sendable, Hashable {
    public var agentSpaceId: String
    public var kind: ActionKind
    public var target: ActionTarget
    public var subject: String
    public var body: String
    public var attachments: [ActionAttachment]
    public var severity: String
    /// Secrets replaced in subject, body and attachments, by kind.
    public var redacted: [SecretKind: Int]
}

public enum GuardDecision: Sendable, Hashable {
    case allowed(CheckedAction)
    case refused([ActionRefusal])

    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }

    public var refusals: [ActionRefusal] {
        if case .refused(let list) = self { return list }
        return []
    }
}

/// The rules every proposed action passes before it runs. Pure: the caller supplies the space's
/// policy and the times of its recent actions of the same kind.
///
/// 1. The action belongs to the policy's space.
/// 2. Its type is one of the two that exist and is allowed for the space.
/// 3. Its target fits the type and is inside the space: an associated account for a support case;
///    a registered ServiceNow instance or webhook URL for a ticket.
/// 4. Its content is redacted of secrets, then must be free of injected instructions (the
///    classifier, on subject, body and each attachment) and within the destination's limits.
/// 5. The space's rate limit for the kind is not exhausted.
/// Every failing rule is reported, not only the first.
public struct ActionGuard: Sendable {
    public var classifier: InjectionClassifier

    /// AWS Support limits: subject length, communication body, attachments per set, bytes per attachment.
    public static let maxSubjectCharacters = 255
    public static let maxSupportBodyCharacters = 8000
    public static let maxTicketBodyCharacters = 32_000
    public static let maxAttachments = 3
    public static let maxAttachmentBytes = 5 * 1024 * 1024
    public static let severities: Set<String> = ["low", "normal", "high", "urgent", "critical"]

    /// The classifier for content Vigil writes for people: requests addressed to the reader are
    /// what a ticket is for, so that family is not applied; every other family is.
    public static let contentClassifier = InjectionClassifier(ignoredFamilies: ["reader-request"])

    public init(classifier: InjectionClassifier = ActionGuard.contentClassifier) {
        self.classifier = classifier
    }

    public func check(_ action: ProposedAction, policy: SpaceActionPolicy, recentActions: [Date], now: Date) -> GuardDecision {
        var refusals: [ActionRefusal] = []
        if action.agentSpaceId != policy.agentSpaceId {
            refusals.append(ActionRefusal(.wrongSpace, "the action belongs to agent space '\(action.agentSpaceId)', not '\(policy.agentSpaceId)'"))
        }
        guard let kind = ActionKind(rawValue: action.requestedType) else {
            refusals.append(ActionRefusal(.unknownActionType,
                "'\(action.requestedType)' is not an action Vigil can take; the only write actions are open-ticket and create-support-case"))
            return .refused(refusals)
        }
        if !policy.allowedKinds.contains(kind) {
            refusals.append(ActionRefusal(.actionTypeNotAllowed, "\(kind.rawValue) is not allowed for agent space '\(policy.agentSpaceId)'"))
        }
        refusals += checkTarget(kind: kind, target: action.target, policy: policy)

        let subject = SecretRedactor.redact(action.subject)
        let body = SecretRedactor.redact(action.body)
        let attachments = action.attachments.map { ($0.fileName, SecretRedactor.redact($0.text)) }
        var redacted = subject.found
        for (kind, count) in body.found { redacted[kind, default: 0] += count }
        for (_, redaction) in attachments {
            for (kind, count) in redaction.found { redacted[kind, default: 0] += count }
        }
        refusals += checkContent(kind: kind, action: action, subject: subject.text, body: body.text,
                                 attachments: attachments.map { ($0.0, $0.1.text) })

        if let limit = policy.rateLimits[kind] {
            let inWindow = recentActions.filter { now.timeIntervalSince($0) < limit.window && $0 <= now }.count
            if inWindow >= limit.maxActions {
                refusals.append(ActionRefusal(.rateLimited,
                    "agent space '\(policy.agentSpaceId)' reached its limit of \(limit.maxActions) \(kind.rawValue) action(s) per \(Int(limit.window)) s"))
            }
        }
        guard refusals.isEmpty else { return .refused(refusals) }
        return .allowed(CheckedAction(
            agentSpaceId: action.agentSpaceId, kind: kind, target: action.target, subject: subject.text, body: body.text,
            attachments: attachments.map { ActionAttachment(fileName: $0.0, text: $0.1.text) },
            severity: action.severity, redacted: redacted))
    }

    private func checkTarget(kind: ActionKind, target: ActionTarget, policy: SpaceActionPolicy) -> [ActionRefusal] {
        switch (kind, target) {
        case (.createSupportCase, .supportCase(let accountId)):
            guard accountId.count == 12, accountId.allSatisfy(\.isASCII), accountId.allSatisfy(\.isNumber) else {
                return [ActionRefusal(.targetOutsideSpace, "'\(accountId)' is not an AWS account id")]
            }
            guard policy.accountIds.contains(accountId) else {
                return [ActionRefusal(.targetOutsideSpace, "account \(accountId) is not associated with agent space '\(policy.agentSpaceId)'")]
            }
            return []
        case (.openTicket, .ticket(.serviceNow(let url))):
            guard DestinationURL.isAcceptable(url), policy.serviceNowInstances.contains(DestinationURL.normalized(url)) else {
                return [ActionRefusal(.targetOutsideSpace, "ServiceNow instance '\(url)' is not registered for agent space '\(policy.agentSpaceId)'")]
            }
            return []
        case (.openTicket, .ticket(.webhook(let url))):
            guard DestinationURL.isAcceptable(url), policy.webhookURLs.contains(DestinationURL.normalized(url)) else {
                return [ActionRefusal(.targetOutsideSpace, "ticket webhook '\(url)' is not registered for agent space '\(policy.agentSpaceId)'")]
            }
            return []
        default:
            return [ActionRefusal(.targetMismatch, "\(kind.rawValue) cannot be aimed at \(target)")]
        }
    }

    private func checkContent(kind: ActionKind, action: ProposedAction, subject: String, body: String,
                              attachments: [(String, String)]) -> [ActionRefusal] {
        var refusals: [ActionRefusal] = []
        if subject.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            refusals.append(ActionRefusal(.invalidContent, "the subject is empty"))
        } else if subject.count > Self.maxSubjectCharacters {
            refusals.append(ActionRefusal(.invalidContent, "the subject has \(subject.count) characters (at most \(Self.maxSubjectCharacters))"))
        }
        let bodyLimit = kind == .createSupportCase ? Self.maxSupportBodyCharacters : Self.maxTicketBodyCharacters
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            refusals.append(ActionRefusal(.invalidContent, "the body is empty"))
        } else if body.count > bodyLimit {
            refusals.append(ActionRefusal(.invalidContent, "the body has \(body.count) characters (at most \(bodyLimit) for \(kind.rawValue))"))
        }
        if !Self.severities.contains(action.severity) {
            refusals.append(ActionRefusal(.invalidContent, "severity '\(action.severity)' is not one of \(Self.severities.sorted().joined(separator: ", "))"))
        }
        if !attachments.isEmpty && kind != .createSupportCase {
            refusals.append(ActionRefusal(.invalidContent, "attachments are only sent with support cases"))
        }
        if attachments.count > Self.maxAttachments {
            refusals.append(ActionRefusal(.invalidContent, "\(attachments.count) attachments (at most \(Self.maxAttachments))"))
        }
        for (name, text) in attachments {
            if name.isEmpty || name.contains("/") || name.contains("\\") || name.count > 255 {
                refusals.append(ActionRefusal(.invalidContent, "attachment file name '\(name)' is not a plain file name"))
            }
            if text.utf8.count > Self.maxAttachmentBytes {
                refusals.append(ActionRefusal(.invalidContent, "attachment '\(name)' has \(text.utf8.count) bytes (at most \(Self.maxAttachmentBytes))"))
            }
        }
        var parts: [(String, String)] = [("subject", subject), ("body", body)]
        parts += attachments.map { ("attachment '\($0.0)'", $0.1) }
        for (part, text) in parts {
            let verdict = classifier.classify(text)
            if verdict.isInjection {
                refusals.append(ActionRefusal(.injectedInstructions,
                    "the \(part) carries instructions (score \(verdict.score): \(verdict.reasons.joined(separator: ", ")))"))
            }
        }
        return refusals
    }
}
