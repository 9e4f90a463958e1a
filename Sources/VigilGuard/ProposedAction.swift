import Foundation

/// The two kinds of write action that exist in Vigil. Nothing else can be executed.
public enum ActionKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// A ServiceNow incident or a generic ticket webhook.
    case openTicket = "open-ticket"
    /// An AWS Support case (CreateCase with an attachment set).
    case createSupportCase = "create-support-case"
}

/// Where a ticket goes: a registered ServiceNow instance (by its base URL) or a registered webhook URL.
public enum TicketDestination: Sendable, Hashable, Codable, CustomStringConvertible {
    case serviceNow(instanceURL: String)
    case webhook(url: String)

    public var description: String {
        switch self {
        case .serviceNow(let url): "servicenow:\(url)"
        case .webhook(let url): "webhook:\(url)"
        }
    }
}

/// What a proposed action is aimed at, as the proposer stated it.
public enum ActionTarget: Sendable, Hashable, Codable, CustomStringConvertible {
    case ticket(TicketDestination)
    case supportCase(accountId: String)
    /// Anything else the proposer named (an AWS resource, a command, a URL): always refused.
    case other(String)

    public var description: String {
        switch self {
        case .ticket(let destination): destination.description
        case .supportCase(let accountId): "aws-support:\(accountId)"
        case .other(let text): "other:\(text)"
        }
    }
}

/// A file attached to an action (for a support case: the timeline, findings, logs).
public struct ActionAttachment: Sendable, Hashable, Codable {
    public var fileName: String
    public var text: String

    public init(fileName: String, text: String) {
        self.fileName = fileName
        self.text = text
    }
}

/// An action the agent (or an operator through the agent) proposes. `requestedType` is the type
/// exactly as proposed — `open-ticket`, `create-support-case`, or anything else such as
/// `aws:DeleteStack`, which the guard refuses.
public struct ProposedAction: Sendable, Hashable, Codable {
    public var agentSpaceId: String
    public var requestedType: String
    public var target: ActionTarget
    public var subject: String
    public var body: String
    public var attachments: [ActionAttachment]
    /// Ticket urgency or support severity code (`low`, `normal`, `high`, `urgent`, `critical`).
    public var severity: String

    public init(agentSpaceId: String, requestedType: String, target: ActionTarget, subject: String, body: String,
                attachments: [ActionAttachment] = [], severity: String = "normal") {
        self.agentSpaceId = agentSpaceId
        self.requestedType = requestedType
        self.target = target
        self.subject = subject
        self.body = body
        self.attachments = attachments
        self.severity = severity
    }

    public static func ticket(space: String, to destination: TicketDestination, subject: String, body: String,
                              severity: String = "normal") -> ProposedAction {
        ProposedAction(agentSpaceId: space, requestedType: ActionKind.openTicket.rawValue, target: .ticket(destination),
                       subject: subject, body: body, severity: severity)
    }

    public static func supportCase(space: String, accountId: String, subject: String, body: String,
                                   attachments: [ActionAttachment] = [], severity: String = "normal") -> ProposedAction {
        ProposedAction(agentSpaceId: space, requestedType: ActionKind.createSupportCase.rawValue,
                       target: .supportCase(accountId: accountId), subject: subject, body: body,
                       attachments: attachments, severity: severity)
    }
}
