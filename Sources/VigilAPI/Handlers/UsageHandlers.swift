import Foundation
import VigilAPIModel
import VigilCore

/// GetAccountUsage: the current calendar month (UTC). Investigation and evaluation hours are
/// measured once investigations run (a later issue); until then usage is zero, not invented.
enum UsageHandlers {
    static let table: [String: OperationHandler] = ["GetAccountUsage": usage]

    static let monthlyLimits = (investigation: 200, evaluation: 20, systemLearning: 100, onDemand: 50)

    static func usage(_ ctx: OperationContext) async throws -> APIResponse {
        _ = try ctx.input(GetAccountUsageInput.self)
        try await ctx.authorize(nil)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        let start = calendar.date(from: calendar.dateComponents([.year, .month], from: ctx.now)) ?? ctx.now
        let end = calendar.date(byAdding: .month, value: 1, to: start) ?? ctx.now
        return .ok(ctx.operation, GetAccountUsageOutput(
            monthlyAccountInvestigationHours: UsageMetric(limit: monthlyLimits.investigation, usage: 0),
            monthlyAccountEvaluationHours: UsageMetric(limit: monthlyLimits.evaluation, usage: 0),
            monthlyAccountSystemLearningHours: UsageMetric(limit: monthlyLimits.systemLearning, usage: 0),
            monthlyAccountOnDemandHours: UsageMetric(limit: monthlyLimits.onDemand, usage: 0),
            usagePeriodStartTime: start, usagePeriodEndTime: end))
    }
}
