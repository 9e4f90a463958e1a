import VigilAWSClients

/// The reads that failed during one inventory, as `InventorySnapshot.gaps` lines:
/// `"<Service>:<Operation>: <what AWS or the transport said>"`. Repeats of the same failure
/// (one per queue when ListQueueTags is denied) collapse into one line with a count.
actor InventoryGaps {
    private var order: [String] = []
    private var first: [String: String] = [:]
    private var counts: [String: Int] = [:]

    /// Records a failed read. Cancellation is not a gap: it is rethrown.
    func record(_ error: any Error, service: String, operation: String) throws {
        if error is CancellationError { throw error }
        let key: String
        let line: String
        if let error = error as? AWSClientError {
            if error.kind == .cancelled { throw CancellationError() }
            key = "\(error.service):\(error.operation):\(Self.kindKey(error))"
            line = "\(error.service):\(error.operation): \(error.description)"
        } else {
            key = "\(service):\(operation):\(String(describing: type(of: error)))"
            line = "\(service):\(operation): \(error)"
        }
        if first[key] == nil {
            order.append(key)
            first[key] = line
        }
        counts[key, default: 0] += 1
    }

    func lines() -> [String] {
        order.map { key in
            let count = counts[key] ?? 1
            let line = first[key] ?? key
            return count > 1 ? "\(line) (and \(count - 1) more like it)" : line
        }
    }

    private static func kindKey(_ error: AWSClientError) -> String {
        switch error.kind {
        case .service(let code, _): code
        case .httpStatus(let status): "HTTP \(status)"
        case .transport: "transport"
        case .timedOut: "timeout"
        case .responseTooLarge: "too-large"
        case .malformedResponse: "malformed"
        case .credentials: "credentials"
        case .outsideBoundary: "boundary"
        case .invalidRequest: "invalid"
        case .cancelled: "cancelled"
        }
    }
}
