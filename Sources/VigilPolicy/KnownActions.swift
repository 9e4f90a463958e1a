/// The IAM actions of the `aidevops` service that the linter knows.
public enum KnownActions {
    /// The 44 operations of the DevOps Agent API: IAM action `aidevops:<Operation>`.
    public static let aidevopsOperations: [String] = [
        "AssociateService", "CreateAgentSpace", "CreateBacklogTask", "CreateChat", "CreatePrivateConnection",
        "DeleteAgentSpace", "DeletePrivateConnection", "DeregisterService", "DescribePrivateConnection",
        "DisableOperatorApp", "DisassociateService", "EnableOperatorApp", "GetAccountUsage", "GetAgentSpace",
        "GetAssociation", "GetBacklogTask", "GetOperatorApp", "GetRecommendation", "GetService", "ListAgentSpaces",
        "ListAssociations", "ListBacklogTasks", "ListChats", "ListExecutions", "ListGoals", "ListJournalRecords",
        "ListPendingMessages", "ListPrivateConnections", "ListRecommendations", "ListServices",
        "ListTagsForResource", "ListWebhooks", "RegisterService", "SendMessage", "TagResource", "UntagResource",
        "UpdateAgentSpace", "UpdateAssociation", "UpdateBacklogTask", "UpdateGoal", "UpdateOperatorAppIdpConfig",
        "UpdatePrivateConnectionCertificate", "UpdateRecommendation", "ValidateAwsAssociations",
    ]

    /// Actions that AWS's managed DevOps Agent policies grant but that are not API operations
    /// (console and agent-internal permissions).
    public static let aidevopsPermissionOnlyActions: [String] = [
        "AllowVendedLogDeliveryForResource", "CreateKnowledgeItem", "DeleteKnowledgeItem", "DescribeSupportLevel",
        "DiscoverTopology", "EndChatForCase", "GetKnowledgeItem", "InitiateChatForCase", "ListKnowledgeItemVersions",
        "ListKnowledgeItems", "SearchServiceAccessibleResource", "UpdateKnowledgeItem",
    ]

    /// Every known `aidevops` action name, lowercased.
    static let aidevopsLowercased: Set<String> =
        Set((aidevopsOperations + aidevopsPermissionOnlyActions).map { $0.lowercased() })

    /// Whether `name` (without the `aidevops:` prefix; any letter case) is a known action.
    public static func isKnownAidevopsAction(_ name: String) -> Bool {
        aidevopsLowercased.contains(name.lowercased())
    }

    /// The known `aidevops` actions a pattern such as `Get*` matches (without prefix).
    public static func aidevopsActions(matching pattern: String) -> [String] {
        let glob = Glob(pattern, wildcards: true, foldCase: true)
        return (aidevopsOperations + aidevopsPermissionOnlyActions).filter { glob.matches($0) }
    }

    /// Verbs that change state, for the "write access on every resource" warning.
    static let writeVerbs: [String] = [
        "Create", "Delete", "Put", "Update", "Tag", "Untag", "Associate", "Disassociate", "Register", "Deregister",
        "Enable", "Disable", "Attach", "Detach", "Modify", "Remove", "Add", "Set", "Send", "Start", "Stop",
        "Terminate", "Reset", "Pass", "Upload", "Import", "Restore", "Replace", "Revoke", "Authorize", "Grant",
    ]
}
