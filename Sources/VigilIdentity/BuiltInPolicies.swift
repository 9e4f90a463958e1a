/// Managed policies every Vigil account has, addressed as `arn:aws:iam::aws:policy/NAME` like AWS's.
/// They are Vigil's own documents for its own actions.
public enum BuiltInPolicies {
    public static let all: [String: String] = [
        "VigilFullAccess": """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "AllDevOpsAgentOperations", "Effect": "Allow", "Action": "aidevops:*", "Resource": "*"}]}
            """,
        "VigilReadOnlyAccess": """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "ReadDevOpsAgentResources", "Effect": "Allow",
               "Action": ["aidevops:Get*", "aidevops:List*", "aidevops:Describe*"], "Resource": "*"}]}
            """,
        "VigilOperatorAppAccess": """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "OperateInvestigations", "Effect": "Allow",
               "Action": ["aidevops:GetAgentSpace", "aidevops:ListAgentSpaces", "aidevops:CreateBacklogTask",
                          "aidevops:GetBacklogTask", "aidevops:UpdateBacklogTask", "aidevops:ListBacklogTasks",
                          "aidevops:ListExecutions", "aidevops:ListJournalRecords", "aidevops:ListGoals", "aidevops:UpdateGoal",
                          "aidevops:ListRecommendations", "aidevops:GetRecommendation", "aidevops:UpdateRecommendation",
                          "aidevops:CreateChat", "aidevops:ListChats", "aidevops:SendMessage", "aidevops:ListPendingMessages",
                          "aidevops:GetAccountUsage"],
               "Resource": "*"}]}
            """,
    ]

    public static let arnPrefix = "arn:aws:iam::aws:policy/"

    public static func document(arn: String) -> String? {
        guard arn.hasPrefix(arnPrefix) else { return nil }
        return all[String(arn.dropFirst(arnPrefix.count))]
    }
}
