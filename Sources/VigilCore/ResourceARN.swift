/// The two taggable DevOps Agent resources, parsed from their ARNs.
public enum ResourceARN: Sendable, Equatable {
    case agentSpace(id: String)
    case service(id: String)

    /// Parses `arn:aws:aidevops:REGION:ACCOUNT:(agentspace|service)/ID` and accepts it only for this
    /// server's account and region: an ARN naming another account is not ours to answer for.
    public static func parse(_ arn: String, in account: AccountContext) -> ResourceARN? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1] == "aws", parts[2] == "aidevops",
              parts[3] == account.region, parts[4] == account.accountId
        else { return nil }
        let resource = parts[5].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard resource.count == 2, !resource[1].isEmpty else { return nil }
        switch resource[0] {
        case "agentspace": return .agentSpace(id: String(resource[1]))
        case "service": return .service(id: String(resource[1]))
        default: return nil
        }
    }
}
