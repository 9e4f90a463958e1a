import Foundation
import VigilAWSClients
import VigilGuard

/// Creates an AWS Support case for a checked action: the attachments (timeline, findings, logs)
/// go into one attachment set with `AddAttachmentsToSet`, then `CreateCase` refers to it, then
/// `DescribeCases` reads the display id back (best effort). An account without a plan that
/// includes the Support API (`SubscriptionRequiredException`) is reported as such.
struct SupportCaseAction {
    let defaults: SupportCaseDefaults

    func create(_ action: CheckedAction, accountId: String, client: SupportClient) async throws(ActionFailure) -> ActionReceipt {
        var attachmentSetId: String?
        if !action.attachments.isEmpty {
            let files = action.attachments.map { SupportAttachment(fileName: $0.fileName, data: Data($0.text.utf8)) }
            do {
                attachmentSetId = try await client.addAttachmentsToSet(AddAttachmentsToSetInput(attachments: files)).attachmentSetId
            } catch {
                throw Self.failure(error, accountId: accountId, step: "AddAttachmentsToSet")
            }
        }
        let input = CreateCaseInput(
            subject: action.subject, communicationBody: action.body, serviceCode: defaults.serviceCode,
            categoryCode: defaults.categoryCode, severityCode: action.severity,
            ccEmailAddresses: defaults.ccEmailAddresses.isEmpty ? nil : defaults.ccEmailAddresses,
            language: defaults.language, issueType: defaults.issueType, attachmentSetId: attachmentSetId)
        let caseId: String
        do {
            caseId = try await client.createCase(input).caseId
        } catch {
            throw Self.failure(error, accountId: accountId, step: "CreateCase")
        }
        let displayId = try? await client.describeCases(DescribeCasesInput(caseIdList: [caseId], includeResolvedCases: true,
                                                                            includeCommunications: false)).cases?.first?.displayId
        return ActionReceipt(kind: "aws-support-case", reference: caseId, detail: displayId ?? nil)
    }

    static func failure(_ error: any Error, accountId: String, step: String) -> ActionFailure {
        guard let aws = error as? AWSClientError else {
            return ActionFailure(.unreachable, "\(step) in account \(accountId) failed: \(error)")
        }
        if aws.code == SupportClient.subscriptionRequired {
            return ActionFailure(.subscriptionRequired,
                "account \(accountId) has no AWS Support plan that includes the Support API (Business, Enterprise On-Ramp or Enterprise); AWS answered SubscriptionRequiredException, so no case was created")
        }
        if aws.isOutsideBoundary {
            return ActionFailure(.destinationNotConfigured, "\(step) refused before sending: \(aws.description)")
        }
        if aws.code != nil {
            return ActionFailure(.rejected, "\(step) in account \(accountId) was rejected: \(aws.description)")
        }
        return ActionFailure(.unreachable, "\(step) in account \(accountId) failed: \(aws.description)")
    }
}
