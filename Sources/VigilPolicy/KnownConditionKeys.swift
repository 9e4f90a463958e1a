/// Condition keys the linter knows, for the services whose keys it checks: `aws:` (global keys),
/// `sts:`, `iam:` and `aidevops:` (which defines no condition keys). Keys of other services are
/// not checked.
public enum KnownConditionKeys {
    /// Namespaces whose keys are checked.
    public static let checkedNamespaces: Set<String> = ["aws", "sts", "iam", "aidevops"]

    /// Exact key names, lowercased.
    static let exact: Set<String> = Set([
        // aws: global condition keys
        "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast", "aws:CurrentTime", "aws:EpochTime",
        "aws:FederatedProvider", "aws:MultiFactorAuthAge", "aws:MultiFactorAuthPresent", "aws:PrincipalAccount",
        "aws:PrincipalArn", "aws:PrincipalIsAWSService", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
        "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:PrincipalType", "aws:referer",
        "aws:RequestedRegion", "aws:ResourceAccount", "aws:ResourceOrgID", "aws:ResourceOrgPaths",
        "aws:SecureTransport", "aws:SourceAccount", "aws:SourceArn", "aws:SourceIdentity", "aws:SourceIp",
        "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceVpc", "aws:SourceVpcArn", "aws:SourceVpce",
        "aws:TagKeys", "aws:TokenIssueTime", "aws:UserAgent", "aws:userid", "aws:username", "aws:ViaAWSService",
        "aws:VpcSourceIp", "aws:Ec2InstanceSourceVpc", "aws:Ec2InstanceSourcePrivateIPv4", "aws:AssumedRoot",
        "aws:VpceAccount", "aws:VpceOrgID", "aws:VpceOrgPaths",
        // sts:
        "sts:ExternalId", "sts:RoleSessionName", "sts:SourceIdentity", "sts:TransitiveTagKeys", "sts:DurationSeconds",
        "sts:AWSServiceName", "sts:TaskPolicyArn", "sts:RequestContext", "sts:RequestContextProviders",
        "sts:RootTaskPolicyArn",
        // iam:
        "iam:AWSServiceName", "iam:AssociatedResourceArn", "iam:FIDO-FIPS-140-2-certification",
        "iam:FIDO-FIPS-140-3-certification", "iam:FIDO-certification", "iam:OrganizationsPolicyId",
        "iam:PassedToService", "iam:PermissionsBoundary", "iam:PolicyARN", "iam:RegisterSecurityKey",
    ].map { $0.lowercased() })

    /// Key prefixes followed by a tag key, lowercased.
    static let prefixes: [String] = [
        "aws:PrincipalTag/", "aws:RequestTag/", "aws:ResourceTag/", "iam:ResourceTag/", "sts:TransitiveTagKeys/",
    ].map { $0.lowercased() }

    /// Keys that can carry several values in a request (the set qualifiers are for these).
    static let multivalued: Set<String> = Set([
        "aws:CalledVia", "aws:PrincipalOrgPaths", "aws:PrincipalServiceNamesList", "aws:ResourceOrgPaths",
        "aws:SourceOrgPaths", "aws:TagKeys", "aws:VpceOrgPaths", "sts:TransitiveTagKeys",
    ].map { $0.lowercased() })

    /// Whether the linter has an opinion on `key` (its namespace is checked).
    public static func isChecked(_ key: String) -> Bool {
        guard let colon = key.firstIndex(of: ":") else { return false }
        return checkedNamespaces.contains(key[..<colon].lowercased())
    }

    /// Whether `key` (any letter case) is a known key of a checked namespace.
    public static func isKnown(_ key: String) -> Bool {
        let lowered = key.lowercased()
        if exact.contains(lowered) { return true }
        return prefixes.contains { lowered.hasPrefix($0) && lowered.count > $0.count }
    }

    static func isMultivalued(_ key: String) -> Bool { multivalued.contains(key.lowercased()) }
}
