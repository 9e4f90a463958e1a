/// Comparison whose duration does not depend on where two secrets first differ.
enum ConstantTime {
    static func equal(_ a: some Sequence<UInt8>, _ b: some Sequence<UInt8>) -> Bool {
        let x = Array(a), y = Array(b)
        var diff = UInt8(truncatingIfNeeded: x.count ^ y.count)
        // Always walk the longer input so the length difference does not shorten the loop.
        for i in 0..<max(x.count, y.count) {
            let l = i < x.count ? x[i] : 0
            let r = i < y.count ? y[i] : 0
            diff |= l ^ r
        }
        return diff == 0 && x.count == y.count
    }

    static func equal(_ a: String, _ b: String) -> Bool { equal(a.utf8, b.utf8) }
}
