import Foundation

/// One file of an attachment set; `data` is sent base64-encoded (the model's blob type).
public struct SupportAttachment: Sendable, Equatable, Codable {
    public var fileName: String
    public var data: Data

    public init(fileName: String, data: Data) {
        self.fileName = fileName
        self.data = data
    }
}

public struct AddAttachmentsToSetInput: Sendable, Encodable {
    public var attachmentSetId: String?
    public var attachments: [SupportAttachment]

    public init(attachmentSetId: String? = nil, attachments: [SupportAttachment]) {
        self.attachmentSetId = attachmentSetId
        self.attachments = attachments
    }
}

public struct AddAttachmentsToSetOutput: Sendable, Decodable, Equatable {
    public var attachmentSetId: String
    /// When the set expires (one hour after creation), as AWS writes it.
    public var expiryTime: String?
}

/// `CreateCase` input. `issueType` is `technical` or `customer-service`; `severityCode` one of
/// `low`, `normal`, `high`, `urgent`, `critical` (what the plan allows).
public struct CreateCaseInput: Sendable, Encodable {
    public var subject: String
    public var communicationBody: String
    public var serviceCode: String?
    public var categoryCode: String?
    public var severityCode: String?
    public var ccEmailAddresses: [String]?
    public var language: String?
    public var issueType: String?
    public var attachmentSetId: String?

    public init(subject: String, communicationBody: String, serviceCode: String? = nil, categoryCode: String? = nil,
                severityCode: String? = nil, ccEmailAddresses: [String]? = nil, language: String? = "en",
                issueType: String? = "technical", attachmentSetId: String? = nil) {
        self.subject = subject
        self.communicationBody = communicationBody
        self.serviceCode = serviceCode
        self.categoryCode = categoryCode
        self.severityCode = severityCode
        self.ccEmailAddresses = ccEmailAddresses
        self.language = language
        self.issueType = issueType
        self.attachmentSetId = attachmentSetId
    }
}

public struct CreateCaseOutput: Sendable, Decodable, Equatable {
    public var caseId: String
}

public struct DescribeCasesInput: Sendable, Encodable {
    public var caseIdList: [String]?
    public var includeResolvedCases: Bool?
    public var includeCommunications: Bool?
    public var nextToken: String?

    public init(caseIdList: [String]? = nil, includeResolvedCases: Bool? = nil, includeCommunications: Bool? = nil,
                nextToken: String? = nil) {
        self.caseIdList = caseIdList
        self.includeResolvedCases = includeResolvedCases
        self.includeCommunications = includeCommunications
        self.nextToken = nextToken
    }
}

public struct SupportAttachmentDetails: Sendable, Decodable, Equatable {
    public var attachmentId: String?
    public var fileName: String?
}

public struct SupportCommunication: Sendable, Decodable, Equatable {
    public var caseId: String?
    public var body: String?
    public var submittedBy: String?
    public var timeCreated: String?
    public var attachmentSet: [SupportAttachmentDetails]?
}

public struct SupportRecentCommunications: Sendable, Decodable, Equatable {
    public var communications: [SupportCommunication]?
    public var nextToken: String?
}

public struct SupportCaseDetails: Sendable, Decodable, Equatable {
    public var caseId: String?
    public var displayId: String?
    public var subject: String?
    public var status: String?
    public var serviceCode: String?
    public var categoryCode: String?
    public var severityCode: String?
    public var submittedBy: String?
    public var timeCreated: String?
    public var recentCommunications: SupportRecentCommunications?
    public var ccEmailAddresses: [String]?
    public var language: String?
}

public struct DescribeCasesOutput: Sendable, Decodable, Equatable {
    public var cases: [SupportCaseDetails]?
    public var nextToken: String?
}
