import Foundation

/// SplitMix64: a small, fast generator whose whole state is one seed, so a simulation replays
/// exactly. Not for anything secret.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A generator derived from this seed and a label, independent of how much others consumed.
    static func derived(_ seed: UInt64, _ label: String) -> SeededRandom {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in label.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return SeededRandom(seed: seed ^ h)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u1 = max(unit(), 1e-12), u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    mutating func hex(_ digits: Int) -> String {
        var s = ""
        for _ in 0..<digits { s.append(Character(String(Int(next() % 16), radix: 16))) }
        return s
    }
}
