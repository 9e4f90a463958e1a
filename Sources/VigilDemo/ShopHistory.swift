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
        guard let alarm else { return nil }
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

    /// An alarm's thresholds are written for the 13-service reference shop, a margin above the
    /// watched metric's normal level there, as an operator sets them. On another topology the
    /// metric's normal level differs (each extra callee adds to a service's latency), and a fixed
    /// threshold would sit inside normal operation and fire before any fault. So the threshold
    /// keeps its margin over the normal level: it moves up by as much as the metric's normal level
    /// on this shop exceeds that on the reference shop, and is never lowered. The reference shop
    /// gets it unchanged.
    static func calibrated(_ alarm: DemoAlarm, model: ShopModel, seed: UInt64, onset: Double, step: Double) -> DemoAlarm {
        let reference = ShopModel.make()
        guard model.services.map(\.name) != reference.services.map(\.name) else { return alarm }
        let here = ShopSimulation(model: model, scenario: nil, seed: seed, onset: onset, step: step).normalLevel(of: alarm)
        let there = ShopSimulation(model: reference, scenario: nil, seed: seed, onset: onset, step: step).normalLevel(of: alarm)
        var calibrated = alarm
        if let here, let there, here > there {
            calibrated.threshold = ((alarm.threshold + here - there) * 100).rounded() / 100
        }
        return calibrated
    }

    /// The median of the watched metric over the 30 minutes before the fault window (no fault
    /// runs there), or nil when the shop has no such series.
    func normalLevel(of alarm: DemoAlarm) -> Double? {
        let end = (onset / step).rounded(.down) * step - 600
        let values = stride(from: end - 1800, to: end, by: step).compactMap { alarmValue(at: $0, alarm) }.sorted()
        guard !values.isEmpty else { return nil }
        return values[values.count / 2]
    }
}
