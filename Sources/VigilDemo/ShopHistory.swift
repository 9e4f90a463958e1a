import Foundation
import VigilTelemetry

/// The shop's change history and alarm, both derived from the simulation's own state.
extension ShopSimulation {
    /// Routine deployments around the incident, plus the scenario's own change if it has one.
    func changes() -> [ChangeEvent] {
        var events: [ChangeEvent] = [
            ChangeEvent(timestamp: onset - 17 * 60, entity: "storefront", kind: "deployment",
                        description: "ECS deployment of storefront: task definition storefront:118 -> storefront:119 (image storefront:5.3.2, commit 41be0c9 'Update product card layout')",
                        reference: "ecs-deployment/storefront/ecs-svc-5c1d0e"),
            ChangeEvent(timestamp: onset - 9 * 60, entity: "notify-fn", kind: "deployment",
                        description: "Lambda notify-fn: published version 57 and moved alias live from 56 (commit 0d7a3e1 'Tweak email template')",
                        reference: "lambda/notify-fn:57"),
            ChangeEvent(timestamp: onset - 95 * 60, entity: "search-fn", kind: "config",
                        description: "Lambda search-fn: memory size 512 MB -> 1024 MB", reference: "cloudtrail/UpdateFunctionConfiguration/8e2b7f"),
        ]
        if scenario == .badDeployment {
            events.append(ChangeEvent(timestamp: onset - 50, entity: "checkout", kind: "deployment",
                                      description: "ECS deployment of checkout: task definition checkout:42 -> checkout:43 (image checkout:2.14.0, commit 7c1e9a2 'Refactor discount rounding')",
                                      reference: "ecs-deployment/checkout/ecs-svc-9f3a2b"))
        }
        return events.sorted { $0.timestamp < $1.timestamp }
    }

    /// The metric the alarm watches, sampled like every other series.
    func alarmValue(at t: Double, _ alarm: DemoAlarm) -> Double? {
        guard let service = model.service(alarm.entity), let state = states(at: t)[alarm.entity] else { return nil }
        return metrics(service, state).first { $0.0 == alarm.metric }?.1
    }

    /// When the alarm fires: the end of the first run of `datapoints` breaching samples after
    /// `from`, and the first breaching sample of that run. Nil if it does not fire before `until`.
    public func alarmFiring(from: Double, until: Double) -> (firesAt: Double, breachStart: Double)? {
        guard let alarm = scenario?.alarm else { return nil }
        var t = (from / step).rounded(.down) * step
        var run = 0
        var runStart = t
        while t < until {
            if let v = alarmValue(at: t, alarm), v > alarm.threshold {
                if run == 0 { runStart = t }
                run += 1
                if run >= alarm.datapoints { return (t + step, runStart) }
            } else { run = 0 }
            t += step
        }
        return nil
    }
}
