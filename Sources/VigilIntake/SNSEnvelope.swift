import Foundation
import VigilAPIModel

/// An Amazon SNS HTTP(S) delivery: the envelope around a message, with its signature fields.
public struct SNSEnvelope: Sendable, Equatable {
    public var type: String
    public var messageId: String
    public var topicArn: String
    public var subject: String?
    public var message: String
    public var timestamp: String
    public var token: String?
    public var subscribeURL: String?
    public var signatureVersion: String
    public var signature: String
    public var signingCertURL: String

    static let types: Set<String> = ["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]

    static func looksLikeSNS(_ body: Fields, headers: DeliveryHeaders) -> Bool {
        headers["x-amz-sns-message-type"] != nil || (types.contains(body.optionalString("Type") ?? "") && body.object["TopicArn"] != nil)
    }

    init(_ body: Fields) throws(PayloadError) {
        type = try body.string("Type")
        guard Self.types.contains(type) else { throw PayloadError("Type must be one of \(Self.types.sorted().joined(separator: ", "))") }
        messageId = try body.string("MessageId")
        topicArn = try body.string("TopicArn")
        subject = body.optionalString("Subject")
        message = body.object["Message"]?.stringValue ?? ""
        guard body.object["Message"]?.stringValue != nil else { throw PayloadError("missing required field Message") }
        timestamp = try body.string("Timestamp")
        token = body.optionalString("Token")
        subscribeURL = body.optionalString("SubscribeURL")
        signatureVersion = try body.string("SignatureVersion")
        signature = try body.string("Signature")
        signingCertURL = try body.string("SigningCertURL")
        if type != "Notification" {
            guard token != nil, subscribeURL != nil else { throw PayloadError("\(type) requires Token and SubscribeURL") }
        }
    }

    /// The canonical text SNS signs: selected fields as `name\nvalue\n`, in this order.
    public var stringToSign: String {
        var pairs: [(String, String?)] = [("Message", message), ("MessageId", messageId)]
        if type == "Notification" {
            pairs.append(("Subject", subject))
        } else {
            pairs.append(("SubscribeURL", subscribeURL))
        }
        pairs.append(("Timestamp", timestamp))
        if type != "Notification" { pairs.append(("Token", token)) }
        pairs.append(("TopicArn", topicArn))
        pairs.append(("Type", type))
        return pairs.compactMap { name, value in value.map { "\(name)\n\($0)\n" } }.joined()
    }
}
