/// The AWS-style account and region this Vigil server acts as.
public struct AccountContext: Sendable, Equatable {
    public let accountId: String
    public let region: String

    public init(accountId: String, region: String) throws(ConfigurationError) {
        guard accountId.count == 12, accountId.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ConfigurationError("account id must be exactly 12 digits, got '\(accountId)'")
        }
        guard !region.isEmpty, region.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw ConfigurationError("region must look like 'us-east-1', got '\(region)'")
        }
        self.accountId = accountId
        self.region = region
    }

    public func agentSpaceArn(_ agentSpaceId: String) -> String {
        "arn:aws:aidevops:\(region):\(accountId):agentspace/\(agentSpaceId)"
    }

    public func serviceArn(_ serviceId: String) -> String {
        "arn:aws:aidevops:\(region):\(accountId):service/\(serviceId)"
    }
}

public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
