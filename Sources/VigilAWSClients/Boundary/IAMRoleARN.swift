/// `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`, parsed strictly.
public struct IAMRoleARN: Sendable, Equatable, CustomStringConvertible {
    public var partition: String
    public var accountId: String
    /// `/` or `/a/b/`.
    public var path: String
    public var roleName: String

    public init?(_ arn: String) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", ["aws", "aws-cn", "aws-us-gov"].contains(parts[1]),
              parts[2] == "iam", parts[3].isEmpty, Self.isAccountId(parts[4]), parts[5].hasPrefix("role/")
        else { return nil }
        let resource = parts[5].dropFirst("role/".count)
        let segments = resource.split(separator: "/", omittingEmptySubsequences: false)
        guard let name = segments.last, !name.isEmpty, name.count <= 64,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+=,.@_-".contains($0)) }),
              !segments.dropLast().contains(where: \.isEmpty)
        else { return nil }
        self.partition = String(parts[1])
        self.accountId = String(parts[4])
        self.roleName = String(name)
        let pathSegments = segments.dropLast()
        self.path = pathSegments.isEmpty ? "/" : "/" + pathSegments.joined(separator: "/") + "/"
    }

    public static func isAccountId(_ text: Substring) -> Bool {
        text.count == 12 && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    public var description: String {
        "arn:\(partition):iam::\(accountId):role\(path)\(roleName)"
    }
}
