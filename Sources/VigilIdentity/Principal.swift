/// Who made a request, as established by SigV4 authentication.
public struct Principal: Sendable, Equatable {
    public var arn: String
    public var accessKeyId: String
    public var isAdministrator: Bool

    public init(arn: String, accessKeyId: String, isAdministrator: Bool) {
        self.arn = arn
        self.accessKeyId = accessKeyId
        self.isAdministrator = isAdministrator
    }
}
