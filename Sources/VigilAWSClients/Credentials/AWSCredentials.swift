import Foundation
import VigilAWS

/// An access key, its secret, an optional session token and when they expire.
///
/// `description`, `debugDescription` and `dump` show the access key id only: the secret and the
/// token never reach a log line through string interpolation or reflection.
public struct AWSCredentials: Sendable, Equatable {
    public let accessKeyId: String
    public let secretAccessKey: String
    public let sessionToken: String?
    public let expiration: Date?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// The form `SigV4Signer` takes.
    public var signing: SigV4Credentials {
        SigV4Credentials(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
    }

    /// Whether they are still usable at `date` with `margin` to spare (always, without expiration).
    public func isValid(at date: Date, margin: TimeInterval = 0) -> Bool {
        guard let expiration else { return true }
        return date.addingTimeInterval(margin) < expiration
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        var text = "AWSCredentials(accessKeyId: \(accessKeyId), secretAccessKey: <redacted>"
        if sessionToken != nil { text += ", sessionToken: <redacted>" }
        if let expiration { text += ", expiration: \(expiration)" }
        return text + ")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyId": accessKeyId, "secretAccessKey": "<redacted>",
                                "sessionToken": sessionToken == nil ? "nil" : "<redacted>",
                                "expiration": expiration as Any], displayStyle: .struct)
    }
}
