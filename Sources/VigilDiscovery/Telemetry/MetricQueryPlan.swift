import Foundation
import VigilAWSClients
import VigilTelemetry

/// Turns metric specs into GetMetricData batches and their answers into `MetricSeries`. Pure.
public struct MetricQueryPlan: Sendable {
    public let specs: [MetricSpec]

    public init(specs: [MetricSpec]) {
        self.specs = specs
    }

    /// The query id of spec `index` (ids must start with a lower-case letter).
    static func id(_ index: Int) -> String { "m\(index)" }

    /// The queries, `CloudWatchClient.maxQueriesPerRequest` at most per batch.
    public func batches(maxPerBatch: Int = CloudWatchClient.maxQueriesPerRequest) -> [[CloudWatchMetricDataQuery]] {
        let queries = specs.enumerated().map { index, spec in
            CloudWatchMetricDataQuery(
                id: Self.id(index),
                metricStat: CloudWatchMetricStat(
                    metric: CloudWatchMetric(namespace: spec.namespace, metricName: spec.metricName, dimensions: spec.dimensions),
                    period: MetricCatalog.period, stat: spec.stat),
                returnData: true)
        }
        return stride(from: 0, to: queries.count, by: max(1, maxPerBatch)).map {
            Array(queries[$0..<min($0 + max(1, maxPerBatch), queries.count)])
        }
    }

    /// The series of every spec with at least one datapoint, from all pages of all batches.
    /// Datapoints of one id across pages are joined; specs sharing a series are summed per
    /// timestamp; timestamps ascend. Results with ids the plan did not send are ignored.
    public func series(from results: [CloudWatchMetricDataResult]) -> [MetricSeries] {
        struct Key: Hashable {
            var entity: String
            var series: String
        }
        var points: [Key: [Double: Double]] = [:]
        var stats: [Key: String] = [:]
        var order: [Key] = []
        for result in results {
            guard result.id.hasPrefix("m"), let index = Int(result.id.dropFirst()), specs.indices.contains(index) else { continue }
            let spec = specs[index]
            let key = Key(entity: spec.entity, series: spec.series)
            if points[key] == nil {
                points[key] = [:]
                order.append(key)
            }
            stats[key] = spec.stat
            for (time, value) in zip(result.timestamps, result.values) where value.isFinite {
                points[key, default: [:]][time.timeIntervalSince1970, default: 0] += value
            }
        }
        return order.compactMap { key in
            guard let byTime = points[key], !byTime.isEmpty else { return nil }
            let times = byTime.keys.sorted()
            return MetricSeries(entity: key.entity, metric: key.series, timestamps: times,
                                values: times.map { byTime[$0] ?? 0 }, unit: stats[key])
        }
    }
}
