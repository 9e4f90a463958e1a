import Foundation
import VigilAPIModel
import VigilCore
import VigilStore

/// GetAccountUsage: the current calendar month (UTC). Investigation and evaluation hours are the
/// run time of the month's investigation runs (a live run counts up to now). On-demand (chat)
/// and system-learning hours are not measured in this version and report zero.
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
        let now = ctx.now
        let seconds = try await ctx.store.read { tx in try tx.investigationRuns.usageSeconds(from: start, to: end, now: now) }
        func hours(_ type: String) -> Double { (seconds[type] ?? 0) / 3600 }
        return .ok(ctx.operation, GetAccountUsageOutput(
            monthlyAccountInvestigationHours: UsageMetric(limit: monthlyLimits.investigation, usage: hours("INVESTIGATION")),
            monthlyAccountEvaluationHours: UsageMetric(limit: monthlyLimits.evaluation, usage: hours("EVALUATION")),
            monthlyAccountSystemLearningHours: UsageMetric(limit: monthlyLimits.systemLearning, usage: 0),
            monthlyAccountOnDemandHours: UsageMetric(limit: monthlyLimits.onDemand, usage: 0),
            usagePeriodStartTime: start, usagePeriodEndTime: end))
    }
}
