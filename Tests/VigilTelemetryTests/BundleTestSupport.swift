import Foundation

/// A temporary bundle directory for one test, removed when the value goes away.
final class TempBundle {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "vigil-bundle-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ relative: String, _ text: String) {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: url)
    }
}
